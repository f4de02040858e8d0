package provider

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/hashicorp/go-plugin"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"
)

// planOutput runs a real terraform init and plan of config against the
// provider served in-process, and returns what plan printed. It is for
// what terraform-plugin-testing cannot assert: the warnings a read adds
// without failing. Terraform reaches the provider through
// TF_REATTACH_PROVIDERS, as terraform-plugin-testing's own runs do.
func planOutput(t *testing.T, config string) string {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Skip("runs the terraform CLI; set TF_ACC=1")
	}
	ctx, cancel := context.WithTimeout(t.Context(), 3*time.Minute)
	defer cancel()
	reattach, closed := make(chan *plugin.ReattachConfig, 1), make(chan struct{})
	serveCtx, stop := context.WithCancel(ctx)
	go func() {
		err := tf6server.Serve("registry.terraform.io/partnercenter-terraform/partnercenter",
			func() tfprotov6.ProviderServer { return ProtocolServer("test")() },
			tf6server.WithDebug(serveCtx, reattach, closed), tf6server.WithLoggingSink(t))
		if err != nil {
			t.Errorf("serving the provider: %v", err)
		}
	}()
	defer func() { stop(); <-closed }()
	var rc *plugin.ReattachConfig
	select {
	case rc = <-reattach:
	case <-ctx.Done():
		t.Fatal("the provider server did not start")
	}
	type addr struct{ Network, String string }
	type attach struct {
		Protocol        string
		ProtocolVersion int
		Pid             int
		Test            bool
		Addr            addr
	}
	one := attach{Protocol: string(rc.Protocol), ProtocolVersion: rc.ProtocolVersion, Pid: rc.Pid, Test: true,
		Addr: addr{Network: rc.Addr.Network(), String: rc.Addr.String()}}
	reattachJSON, err := json.Marshal(map[string]attach{
		"registry.terraform.io/partnercenter-terraform/partnercenter": one,
		"registry.terraform.io/hashicorp/partnercenter":               one,
	})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(config), 0o600); err != nil {
		t.Fatal(err)
	}
	run := func(args ...string) string {
		cmd := exec.CommandContext(ctx, "terraform", append([]string{"-chdir=" + dir}, args...)...)
		cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + dir, "TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1",
			"TF_REATTACH_PROVIDERS=" + string(reattachJSON)}
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		if err := cmd.Run(); err != nil {
			t.Fatalf("terraform %v: %v\n%s", args, err, out.String())
		}
		return out.String()
	}
	run("init", "-no-color", "-input=false")
	return run("plan", "-no-color", "-input=false")
}
