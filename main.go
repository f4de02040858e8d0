// Command terraform-provider-partnercenter serves the Partner Center
// Terraform provider over the plugin protocol (version 6).
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"runtime/pprof"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/partnercenter-terraform/terraform-provider-partnercenter/internal/provider"
)

// version is set at build time, e.g. by GoReleaser:
// -ldflags "-X main.version=1.2.3".
var version = "dev"

func main() { os.Exit(run()) }

func run() int {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "start the provider with support for debuggers like delve")
	flag.Parse()
	// PARTNERCENTER_CPUPROFILE names a file for CPU profiles, for diagnosing
	// slow plans (make bench uses it). Terraform may start the provider more
	// than once per command, so each process adds its pid to the name.
	if path := os.Getenv("PARTNERCENTER_CPUPROFILE"); path != "" {
		stop, err := startCPUProfile(fmt.Sprintf("%s.%d", path, os.Getpid()))
		if err != nil {
			log.Print("PARTNERCENTER_CPUPROFILE: cannot start the CPU profile") //nolint:gosec // G706: a constant message
			return 1
		}
		defer stop()
	}

	err := providerserver.Serve(context.Background(), provider.New(version), providerserver.ServeOpts{
		Address: "registry.terraform.io/partnercenter-terraform/partnercenter",
		Debug:   debug,
	})
	if err != nil {
		log.Print(err.Error())
		return 1
	}
	return 0
}

func startCPUProfile(path string) (func(), error) {
	f, err := os.Create(path) //nolint:gosec // G304: the operator names the profile file
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		_ = f.Close()
		return nil, err
	}
	return func() { pprof.StopCPUProfile(); _ = f.Close() }, nil
}
