// Package profiling writes the provider's CPU and heap profiles when the
// environment asks for them, for diagnosing slow or large plans (make bench
// uses both; BENCHMARKS.md, "What dominates, and what was done", has what
// they found).
package profiling

import (
	"fmt"
	"log"
	"os"
	"runtime"
	"runtime/pprof"
	"time"
)

// FromEnvironment starts the profiles the environment names and returns
// the function that ends them:
//
//   - PARTNERCENTER_CPUPROFILE: a CPU profile of the whole process;
//   - PARTNERCENTER_MEMPROFILE: a heap profile at the process's largest
//     live heap, checked every second.
//
// Terraform may start the provider more than once per command, so each
// file name gets the process id. A profile that cannot be started is
// reported on the provider's log and skipped; the provider still serves.
func FromEnvironment() (stop func()) {
	var stops []func()
	if path := os.Getenv("PARTNERCENTER_CPUPROFILE"); path != "" {
		if stop, err := startCPUProfile(fmt.Sprintf("%s.%d", path, os.Getpid())); err != nil {
			log.Print("PARTNERCENTER_CPUPROFILE: cannot start the CPU profile") //nolint:gosec // G706: a constant message
		} else {
			stops = append(stops, stop)
		}
	}
	if path := os.Getenv("PARTNERCENTER_MEMPROFILE"); path != "" {
		runtime.MemProfileRate = 4096 // sample finely: reads allocate kilobytes, not megabytes
		stops = append(stops, profileHeapAtPeak(fmt.Sprintf("%s.%d", path, os.Getpid())))
	}
	return func() {
		for _, stop := range stops {
			stop()
		}
	}
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
