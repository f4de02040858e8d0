// Command terraform-provider-partnercenter serves the Partner Center
// Terraform provider over the plugin protocol (version 6).
package main

import (
	"flag"
	"fmt"
	"log"
	"os"
	"runtime"
	"runtime/pprof"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"

	"github.com/partnercenter-terraform/terraform-provider-partnercenter/internal/provider"
	"github.com/partnercenter-terraform/terraform-provider-partnercenter/internal/rpcserver"
)

// version is set at build time, e.g. by GoReleaser:
// -ldflags "-X main.version=1.2.3".
var version = "dev"

func main() { os.Exit(run()) }

func run() int {
	quietSDKLogsTerraformDiscards()
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

	// PARTNERCENTER_MEMPROFILE names a file for a heap profile of the
	// process at its largest live heap, for diagnosing memory growth
	// (make bench's peak RSS). Like the CPU profile, it gets the pid.
	if path := os.Getenv("PARTNERCENTER_MEMPROFILE"); path != "" {
		runtime.MemProfileRate = 4096 // sample finely: reads allocate kilobytes, not megabytes
		stop := profileHeapAtPeak(fmt.Sprintf("%s.%d", path, os.Getpid()))
		defer stop()
	}

	// tf6server.Serve is what providerserver.Serve calls; rpcserver puts a
	// correction for the framework's per-request memory in between.
	var opts []tf6server.ServeOpt
	if debug {
		opts = append(opts, tf6server.WithManagedDebug())
	}
	err := tf6server.Serve("registry.terraform.io/partnercenter-terraform/partnercenter", rpcserver.New(provider.New(version)), opts...)
	if err != nil {
		log.Print(err.Error())
		return 1
	}
	return 0
}

// quietSDKLogsTerraformDiscards turns off the plugin SDK's own logging when
// Terraform will throw the lines away anyway: Terraform keeps a provider's
// log only when TF_LOG or TF_LOG_PROVIDER is set, but the SDK logs at TRACE
// by default, formatting a dozen JSON lines per read into a discarded pipe
// (15% of the provider's CPU in make bench's profile). Any of the variables
// set by the user leaves everything as it was.
func quietSDKLogsTerraformDiscards() {
	for _, v := range []string{"TF_LOG", "TF_LOG_PROVIDER", "TF_LOG_SDK", "TF_LOG_SDK_FRAMEWORK", "TF_LOG_SDK_PROTO"} {
		if os.Getenv(v) != "" {
			return
		}
	}
	_ = os.Setenv("TF_LOG_SDK", "off")
}

// profileHeapAtPeak checks the live heap every second and, whenever it is
// the largest yet, writes a heap profile to path, replacing the last one.
// A collection first makes "live" mean reachable, not merely allocated.
func profileHeapAtPeak(path string) (stop func()) {
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		var peak uint64
		ticker := time.NewTicker(time.Second)
		defer ticker.Stop()
		for {
			select {
			case <-done:
				return
			case <-ticker.C:
			}
			runtime.GC()
			var stats runtime.MemStats
			runtime.ReadMemStats(&stats)
			if stats.HeapAlloc <= peak {
				continue
			}
			peak = stats.HeapAlloc
			if err := writeHeapProfile(path); err != nil {
				log.Print("PARTNERCENTER_MEMPROFILE: cannot write the heap profile") //nolint:gosec // G706: a constant message
				return
			}
		}
	}()
	return func() { close(done); <-finished }
}

func writeHeapProfile(path string) error {
	f, err := os.Create(path) //nolint:gosec // G304: the operator names the profile file
	if err != nil {
		return err
	}
	if err := pprof.WriteHeapProfile(f); err != nil {
		_ = f.Close()
		return err
	}
	return f.Close()
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
