package e2e

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/partnercenter-terraform/terraform-provider-partnercenter/internal/acctest"
	"github.com/partnercenter-terraform/terraform-provider-partnercenter/internal/emulator"
)

// TestInterruptDuringRetryAfterReturnsPromptly presses Ctrl-C (SIGINT) on a
// terraform plan whose read waits out a two-minute Retry-After, and expects
// terraform to be back within seconds, not minutes.
func TestInterruptDuringRetryAfterReturnsPromptly(t *testing.T) {
	providerDir := buildProvider(t)
	em := acctest.StartEmulator(t, emulator.Options{AccessToken: "e2e-token", Faults: []emulator.Fault{
		{Kind: emulator.FaultThrottle, RetryAfter: "120"},
	}})

	ws := newWorkspace(t, providerDir, readsConfig)
	ctx, cancel := context.WithTimeout(context.Background(), runTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, "terraform", "-chdir="+ws.dir, "plan", "-input=false", "-no-color")
	cmd.Env = append(os.Environ(), "TF_CLI_CONFIG_FILE="+ws.cliConfig, "TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1")
	for variable, value := range em.Env() {
		cmd.Env = append(cmd.Env, variable+"="+value)
	}
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()

	// Wait until both reads have been throttled once and are waiting.
	deadline := time.Now().Add(60 * time.Second)
	for em.RequestCount() < 2 {
		if time.Now().After(deadline) {
			_ = cmd.Process.Kill()
			t.Fatalf("the reads never reached the emulator:\n%s", out.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
	time.Sleep(500 * time.Millisecond)
	interrupted := time.Now()
	if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-done:
		t.Logf("terraform exited: %v", err)
	case <-time.After(20 * time.Second):
		_ = cmd.Process.Kill()
		t.Fatalf("terraform was still running 20s after Ctrl-C:\n%s", out.String())
	}
	elapsed := time.Since(interrupted)
	t.Logf("terraform returned %s after Ctrl-C", elapsed.Round(time.Millisecond))
	if elapsed > 10*time.Second {
		t.Errorf("terraform took %s to return after Ctrl-C during a 120s Retry-After wait", elapsed)
	}
	if n := em.RequestCount(); n > 2 {
		t.Errorf("%d requests: a read was retried after the interrupt", n)
	}
	if !strings.Contains(out.String(), "Interrupt received") {
		t.Errorf("terraform did not report the interrupt:\n%s", out.String())
	}
}
