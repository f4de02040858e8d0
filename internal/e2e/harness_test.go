package e2e

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// runTimeout bounds each terraform command.
const runTimeout = 3 * time.Minute

// buildProvider compiles the provider once per test into a temporary
// directory that dev_overrides can point at.
func buildProvider(t *testing.T) string {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Skip("end-to-end tests run the terraform CLI; set TF_ACC=1 (make test does)")
	}
	if _, err := exec.LookPath("terraform"); err != nil {
		t.Fatal("terraform is not on PATH")
	}
	dir := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), runTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, "go", "build", "-o", filepath.Join(dir, "terraform-provider-partnercenter"), ".")
	cmd.Dir = filepath.Join("..", "..")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("building the provider: %v\n%s", err, out)
	}
	return dir
}

// workspace is a directory with a configuration and a CLI config whose
// dev_overrides use the freshly built provider.
type workspace struct {
	dir, cliConfig string
	env            []string
}

func newWorkspace(t *testing.T, providerDir, config string) *workspace {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(config), 0o600); err != nil {
		t.Fatal(err)
	}
	cliConfig := filepath.Join(dir, "terraformrc")
	rc := fmt.Sprintf("provider_installation {\n  dev_overrides {\n    %q = %q\n  }\n  direct {}\n}\n",
		"partnercenter-terraform/partnercenter", providerDir)
	if err := os.WriteFile(cliConfig, []byte(rc), 0o600); err != nil {
		t.Fatal(err)
	}
	return &workspace{dir: dir, cliConfig: cliConfig}
}

// terraform runs one command with only the variables the test chose, so no
// credential of the developer's leaks in.
func (w *workspace) terraform(t *testing.T, args ...string) (string, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), runTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, "terraform", append([]string{"-chdir=" + w.dir}, args...)...)
	cmd.Env = append([]string{
		"PATH=" + os.Getenv("PATH"), "HOME=" + w.dir, "TF_CLI_CONFIG_FILE=" + w.cliConfig,
		"TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1",
	}, w.env...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	return out.String(), err
}

func (w *workspace) setenv(key, value string) { w.env = append(w.env, key+"="+value) }

func (w *workspace) read(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(w.dir, name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// mustNotContain fails for each secret found in text, naming where.
func mustNotContain(t *testing.T, where, text string, secrets map[string]string) {
	t.Helper()
	for name, secret := range secrets {
		if secret != "" && strings.Contains(text, secret) {
			t.Errorf("the %s contains the %s", where, name)
		}
	}
}
