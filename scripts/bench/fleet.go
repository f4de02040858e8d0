package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/partnercenter-terraform/terraform-provider-partnercenter/internal/emulator"
)

// The fleet bench of issue 17: one terraform apply of one
// partnercenter_subscribed_skus_by_customer over every customer of an
// emulated partner of N customers of K SKUs of P service plans each, for
// how large one read may be, and where Terraform itself slows, by the
// size of the state.

// fleetOptions are the -fleet flags.
type fleetOptions struct {
	on       bool
	configs  []fleetConfig
	out      string
	latency  time.Duration
	timeout  time.Duration
	rssLimit int64 // KiB, of terraform and its providers together
}

// defaultFleetConfigs are make bench-fleet's: the sizing rows (20 SKUs,
// plans left out of state, then kept: at 1,000 and 2,500 customers the
// state fits the plugin protocol's 256 MiB message, at 4,000 it does not),
// then the two memory targets.
const defaultFleetConfigs = "1000x20x20,5000x20x20,10000x20x20,1000x20x20+plans,2500x20x20+plans,4000x20x20+plans," +
	"10000x80x20+parts,10000x80x20"

func fleetFlags(o *fleetOptions) {
	flag.BoolVar(&o.on, "fleet", false, "run only the fleet applies (make bench-fleet) and write their block of -fleet-out")
	flag.Func("fleet-configs", "comma-separated fleet applies, each NxKxP (customers, SKUs per customer, plans per SKU on the wire), "+
		"+parts for sku_part_numbers of AAD_PREMIUM and WIN_ENT_E5, +plans for include_service_plans = true (default "+
		defaultFleetConfigs+")", func(s string) (err error) {
		o.configs, err = parseFleetConfigs(s)
		return err
	})
	flag.StringVar(&o.out, "fleet-out", "BENCHMARKS.md", "the file whose fleet block (between the fleet markers) is rewritten; the rest is kept")
	flag.DurationVar(&o.latency, "fleet-latency", 5*time.Millisecond, "latency the emulator adds to every read of the fleet applies")
	flag.DurationVar(&o.timeout, "fleet-timeout", 15*time.Minute, "stop a fleet apply that runs longer, and record that")
	flag.Func("fleet-rss-limit", "stop a fleet apply whose terraform and providers together hold more than this many GiB, and record that (default 16)",
		func(s string) error {
			gib, err := strconv.ParseFloat(s, 64)
			if err != nil || gib <= 0 {
				return fmt.Errorf("bad GiB %q", s)
			}
			o.rssLimit = int64(gib * 1024 * 1024)
			return nil
		})
	o.rssLimit = 16 * 1024 * 1024
	o.configs, _ = parseFleetConfigs(defaultFleetConfigs) // a constant that parses
}

// fleetConfig is one apply: the emulator's shape and the data source's
// arguments.
type fleetConfig struct {
	n     int
	shape emulator.SkuShape
	parts bool // sku_part_numbers of two part numbers
	plans bool // include_service_plans = true
}

func parseFleetConfigs(s string) ([]fleetConfig, error) {
	var out []fleetConfig
	for _, spec := range strings.Split(s, ",") {
		fields := strings.Split(strings.TrimSpace(spec), "+")
		var c fleetConfig
		dims := strings.Split(fields[0], "x")
		if len(dims) != 3 {
			return nil, fmt.Errorf("bad fleet config %q: want NxKxP", spec)
		}
		var err error
		if c.n, err = strconv.Atoi(dims[0]); err != nil || c.n < 1 {
			return nil, fmt.Errorf("bad customers in %q", spec)
		}
		if c.shape.Skus, err = strconv.Atoi(dims[1]); err != nil || c.shape.Skus < 2 || c.shape.Skus > emulator.MaxGeneratedSkus {
			return nil, fmt.Errorf("bad SKUs in %q: from 2 (the filter's two part numbers) to %d", spec, emulator.MaxGeneratedSkus)
		}
		if c.shape.PlansPerSku, err = strconv.Atoi(dims[2]); err != nil || c.shape.PlansPerSku < 0 || c.shape.PlansPerSku > emulator.MaxGeneratedSkus {
			return nil, fmt.Errorf("bad plans in %q", spec)
		}
		for _, f := range fields[1:] {
			switch f {
			case "parts":
				c.parts = true
			case "plans":
				c.plans = true
			default:
				return nil, fmt.Errorf("bad fleet config %q: %q is neither +parts nor +plans", spec, f)
			}
		}
		out = append(out, c)
	}
	return out, nil
}

func (c fleetConfig) String() string {
	s := fmt.Sprintf("%dx%dx%d", c.n, c.shape.Skus, c.shape.PlansPerSku)
	if c.parts {
		s += "+parts"
	}
	if c.plans {
		s += "+plans"
	}
	return s
}

// arguments is the configuration's arguments as the report shows them.
func (c fleetConfig) arguments() string {
	parts := "no filter"
	if c.parts {
		parts = "2 part numbers"
	}
	return fmt.Sprintf("%s, plans %t", parts, c.plans)
}

// skusInState is how many SKUs of each customer the state keeps.
func (c fleetConfig) skusInState() int {
	if c.parts {
		return 2 // AAD_PREMIUM and WIN_ENT_E5, the shape's first two
	}
	return c.shape.Skus
}

// fleetMainTF is the configuration: every customer (no customer_ids), and
// the count of customers read as the output the harness checks.
func fleetMainTF(c fleetConfig) string {
	args := ""
	if c.parts {
		args += "  sku_part_numbers      = [\"AAD_PREMIUM\", \"WIN_ENT_E5\"]\n"
	}
	args += fmt.Sprintf("  include_service_plans = %t\n", c.plans)
	return `terraform {
  required_providers {
    partnercenter = { source = "partnercenter-terraform/partnercenter" }
  }
}

data "partnercenter_subscribed_skus_by_customer" "all" {
` + args + `}

output "customers" {
  value = length(data.partnercenter_subscribed_skus_by_customer.all.customers)
}
`
}

// fleetResult is one apply's figures; a stopped or failed apply keeps
// what could be measured.
type fleetResult struct {
	c                      fleetConfig
	wall, inRequests       time.Duration
	after                  time.Duration // from the last answer to terraform's exit
	terraformCPUMs         int64
	terraformRSSKiB        int64 // polled: see watcher
	providerCPUMs          int64
	providerRSSKiB         int64
	providerPolled         bool // the provider was stopped: its figures are the watcher's
	requests               int64
	stateFile, stateEncode int64 // bytes; 0 when no state was written
	failed                 bool
	stopped                string // why the bench stopped it, or ""
	errorLines             string
}

func runFleet(o options) error {
	r, cleanup, err := newRig(o, 1)
	if err != nil {
		return err
	}
	defer cleanup()
	stateType, err := subscribedSKUsByCustomerType()
	if err != nil {
		return err
	}
	var results []fleetResult
	for _, c := range o.fleet.configs {
		if err := r.use(&emulator.Fixture{Customers: emulator.GeneratedCustomersWith(c.n, c.shape)}); err != nil {
			return err
		}
		res := r.fleetApply(o.fleet, c)
		if res.stateFile > 0 {
			if res.stateEncode, err = encodedStateSize(filepath.Join(r.fleetDir(c), "terraform.tfstate"), stateType); err != nil {
				log.Printf("%s: the state's encoded size is unknown: %v", c, err)
			}
		}
		// The state's decoding above and the emulator swapped out leave
		// garbage that the next run's Terraform would compete with.
		_ = os.RemoveAll(r.fleetDir(c))
		debug.FreeOSMemory()
		log.Printf("fleet %-20s wall %7.1fs after %6.1fs terraform cpu %7dms rss %7.1fMiB provider cpu %7dms rss %7.1fMiB state %7.1fMiB msgpack %7.1fMiB failed %t %s",
			c, res.wall.Seconds(), res.after.Seconds(), res.terraformCPUMs, mib(res.terraformRSSKiB*1024), res.providerCPUMs,
			mib(res.providerRSSKiB*1024), mib(res.stateFile), mib(res.stateEncode), res.failed, res.stopped)
		results = append(results, res)
	}
	return writeFleet(o.fleet, results)
}

func mib(bytes int64) float64 { return float64(bytes) / (1 << 20) }

func (r *rig) fleetDir(c fleetConfig) string { return filepath.Join(r.dir, "fleet-"+c.String()) }

// fleetApply runs one terraform apply under the options' time and memory
// limits, in its own process group so that stopping it stops its
// providers too.
func (r *rig) fleetApply(o fleetOptions, c fleetConfig) fleetResult {
	res := fleetResult{c: c}
	work := r.fleetDir(c)
	if err := os.MkdirAll(work, 0o700); err != nil {
		return res.failure(err.Error())
	}
	if err := os.WriteFile(filepath.Join(work, "main.tf"), []byte(fleetMainTF(c)), 0o600); err != nil {
		return res.failure(err.Error())
	}
	stats := filepath.Join(work, "stats")
	ctx, cancel := context.WithTimeout(context.Background(), o.timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, "terraform", "-chdir="+work, "apply", "-auto-approve", "-input=false", "-no-color") //nolint:gosec // G204: fixed arguments
	cmd.Env = r.env(stats)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	requests := r.em.RequestCount()
	r.served.reset()
	started := time.Now()
	if err := cmd.Start(); err != nil {
		return res.failure(err.Error())
	}
	w := watch(cmd.Process.Pid, o.rssLimit, func() { _ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) })
	err := cmd.Wait()
	ended := time.Now()
	hwm, overLimit := w.stop()
	res.wall = ended.Sub(started)
	first, last := r.served.window()
	if !first.Before(started) && !last.Before(first) {
		res.inRequests, res.after = last.Sub(first), ended.Sub(last)
	}
	res.requests = r.em.RequestCount() - requests
	switch {
	case overLimit:
		res.stopped = fmt.Sprintf("stopped over %.3g GiB", float64(o.rssLimit)/(1<<20))
	case ctx.Err() != nil:
		res.stopped = fmt.Sprintf("stopped after %s", o.timeout)
	}
	if err != nil {
		res.failed = true
		res.errorLines = firstErrorLines(out.String())
	} else if want := fmt.Sprintf("customers = %d", c.n); !strings.Contains(out.String(), want) {
		res.failed = true
		res.errorLines = "the apply does not show " + want
	}
	reapedCPUMs, reapedRSSKiB, statsErr := readStats(stats)
	res.providerCPUMs, res.providerRSSKiB = reapedCPUMs, reapedRSSKiB
	if res.stopped != "" {
		// The reading provider was killed before it could report.
		res.providerCPUMs, res.providerRSSKiB = w.polledProviders()
		res.providerPolled = true
	} else if statsErr != nil {
		log.Printf("%s: %v", c, statsErr)
	}
	// wait4's rusage of terraform includes the providers it reaped: their
	// CPU is taken out. Its peak RSS is the watcher's (see watcher).
	if usage, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		total := (usage.Utime.Sec+usage.Stime.Sec)*1000 + (usage.Utime.Usec+usage.Stime.Usec)/1000
		res.terraformCPUMs = total - reapedCPUMs
	}
	res.terraformRSSKiB = hwm
	if info, err := os.Stat(filepath.Join(work, "terraform.tfstate")); err == nil {
		res.stateFile = info.Size()
	}
	return res
}

// placesTheError reports a line of Terraform's error that says where in
// the configuration it is ("with …", "on main.tf line 7, in …", the quoted
// source line).
func placesTheError(line string) bool {
	if strings.HasPrefix(line, "with ") || strings.HasPrefix(line, "on ") {
		return true
	}
	number, _, found := strings.Cut(line, ":")
	_, err := strconv.Atoi(number)
	return found && err == nil
}

func (res fleetResult) failure(msg string) fleetResult {
	res.failed, res.errorLines = true, msg
	return res
}

// firstErrorLines is the first error of terraform's output: its heading
// and the lines of its detail that follow, up to four, without the lines
// that only place it in the configuration.
func firstErrorLines(out string) string {
	lines := strings.Split(out, "\n")
	for i, line := range lines {
		if strings.HasPrefix(strings.TrimLeft(line, "│ "), "Error:") {
			var kept []string
			for _, l := range lines[i:] {
				l = strings.TrimSpace(strings.TrimLeft(l, "│╷╵ "))
				if l == "" || placesTheError(l) {
					continue
				}
				if kept = append(kept, l); len(kept) == 4 {
					break
				}
			}
			return strings.Join(kept, " ")
		}
	}
	if t := strings.TrimSpace(out); t != "" {
		return "no Error: line; output ends: " + strings.Join(strings.Fields(tail(t)[max(0, len(tail(t))-300):]), " ")
	}
	return "no output"
}
