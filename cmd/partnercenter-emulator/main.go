// Command partnercenter-emulator serves the emulated Partner Center reads of
// package internal/emulator on a loopback address, for demos and for CI jobs
// that run the provider against a known fixture.
//
// Usage:
//
//	PARTNERCENTER_EMULATOR_TOKEN=secret partnercenter-emulator -url-file /tmp/pc-url
//
// Scripts wait for the -url-file to appear, then point the provider's
// endpoint at the URL inside it.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/partnercenter-terraform/terraform-provider-partnercenter/internal/emulator"
)

const (
	tokenEnv        = "PARTNERCENTER_EMULATOR_TOKEN"
	shutdownTimeout = 5 * time.Second
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Getenv, os.Stderr)
	stop()
	if err != nil {
		fmt.Fprintf(os.Stderr, "partnercenter-emulator: %v\n", err)
		os.Exit(1)
	}
}

// run is main without the process globals, so tests can drive it: it serves
// until ctx is cancelled and returns nil after a graceful shutdown.
func run(ctx context.Context, args []string, getenv func(string) string, stderr io.Writer) error {
	fs := flag.NewFlagSet("partnercenter-emulator", flag.ContinueOnError)
	fs.SetOutput(stderr)
	listen := fs.String("listen", "127.0.0.1:0", "loopback `host:port` to listen on; port 0 picks a free port")
	fixturePath := fs.String("fixture", "", "JSON fixture `file` to serve (default: the embedded default fixture)")
	token := fs.String("token", "", "bearer `token` clients must send (default: $"+tokenEnv+")")
	urlFile := fs.String("url-file", "", "after listening, atomically write the base URL to this `file`")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments %q; see -help", fs.Args())
	}

	accessToken := *token
	if accessToken == "" {
		accessToken = getenv(tokenEnv)
	}
	if accessToken == "" {
		return fmt.Errorf("no access token: pass -token or set %s", tokenEnv)
	}
	var fixture *emulator.Fixture // nil selects the embedded default
	if *fixturePath != "" {
		f, err := emulator.LoadFixture(*fixturePath)
		if err != nil {
			return err
		}
		fixture = f
	}
	em, err := emulator.New(emulator.Options{AccessToken: accessToken, Fixture: fixture})
	if err != nil {
		return err
	}

	ln, err := emulator.ListenLoopback(ctx, *listen)
	if err != nil {
		return err
	}
	logger := log.New(stderr, "", 0)
	srv := &http.Server{
		Handler:           emulator.LogRequests(em, logger),
		ReadHeaderTimeout: 10 * time.Second,
		ErrorLog:          logger,
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()

	baseURL := "http://" + ln.Addr().String()
	logger.Printf("partnercenter-emulator listening on %s", baseURL)
	if *urlFile != "" {
		if err := writeFileAtomic(*urlFile, baseURL); err != nil {
			_ = srv.Close()
			return fmt.Errorf("writing -url-file: %w", err)
		}
		// A stale file would make the next run's wait loop connect to a
		// dead port, so remove it when this server stops.
		defer func() { _ = os.Remove(*urlFile) }()
	}

	select {
	case err := <-served:
		return fmt.Errorf("serving: %w", err)
	case <-ctx.Done():
	}
	logger.Printf("partnercenter-emulator shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		_ = srv.Close()
		return fmt.Errorf("shutting down: %w", err)
	}
	return nil
}

// writeFileAtomic writes content to a temporary file beside path and renames
// it into place, so a script polling for path never reads a partial URL.
func writeFileAtomic(path, content string) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	defer func() { _ = os.Remove(tmp.Name()) }() // fails harmlessly once renamed
	if _, err := tmp.WriteString(content); err != nil {
		_ = tmp.Close()
		return err
	}
	if err := tmp.Chmod(0o644); err != nil {
		_ = tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
