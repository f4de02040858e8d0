// Command wrapper stands in for a Terraform provider binary in the
// benchmark's dev_overrides directory: it runs the real binary (../real/NAME)
// as its child, with the same arguments, environment and standard streams,
// and when the child exits appends its CPU time and peak RSS to the file
// $BENCH_STATS_FILE. Terraform cannot tell the difference; the benchmark
// gets the provider's own resource use, apart from Terraform's.
package main

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"syscall"
)

func main() {
	self, err := os.Executable()
	if err != nil {
		fail(err)
	}
	target := filepath.Join(filepath.Dir(self), "..", "real", filepath.Base(self))
	cmd := exec.Command(target, os.Args[1:]...) //nolint:gosec,noctx // G204: the benchmark's own binary; it lives as long as this process
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	if err := cmd.Start(); err != nil {
		fail(err)
	}
	signals := make(chan os.Signal, 1)
	signal.Notify(signals, syscall.SIGINT, syscall.SIGTERM)
	go func() {
		for s := range signals {
			_ = cmd.Process.Signal(s)
		}
	}()
	err = cmd.Wait()
	if usage, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		record(filepath.Base(self), usage)
	}
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		os.Exit(exit.ExitCode())
	}
}

func record(name string, u *syscall.Rusage) {
	path := os.Getenv("BENCH_STATS_FILE")
	if path == "" {
		return
	}
	f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600) //nolint:gosec // G304: the benchmark names the file
	if err != nil {
		return
	}
	defer func() { _ = f.Close() }()
	cpu := (u.Utime.Sec+u.Stime.Sec)*1000 + (u.Utime.Usec+u.Stime.Usec)/1000
	_, _ = fmt.Fprintf(f, "%s %d %d\n", name, cpu, u.Maxrss) // cpu ms, peak RSS KiB
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "bench wrapper:", err)
	os.Exit(1)
}
