// Command bench measures terraform plans over N customers with this
// provider and, side by side, with hashicorp/http doing the same GETs, both
// against the local emulator with added latency. make bench runs it and it
// writes BENCHMARKS.md. See BENCHMARKS.md for what is measured and how.
package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"log"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/partnercenter-terraform/terraform-provider-partnercenter/internal/acctest"
	"github.com/partnercenter-terraform/terraform-provider-partnercenter/internal/emulator"
	"github.com/partnercenter-terraform/terraform-provider-partnercenter/internal/fakeentra"
)

const (
	staticToken = "bench-static-token"
	// seedFreeSeats is the sum of available_units of the four seed SKUs.
	seedFreeSeats = 15 + 1 + 23 + 71
)

type options struct {
	sizes       []int
	runs        int
	latency     time.Duration
	parallelism int
	peer        string
	out         string
	profile     string
	// rateLimit is the emulator's per-partner limit in reads per second
	// for the rate-limited plans, of rateLimitN reads each; 0 skips them.
	rateLimit  float64
	rateLimitN int
	// only, when set, runs that provider alone (for the long N=5000
	// plans); the ratio column is then empty.
	only string
	// The bulk benchmarks (bulk.go): one bulk data source beside bulkN
	// per-customer ones (0 skips all of them), every-customer plans at
	// everyNs, and sharedRuns concurrent applies of sharedN customers each
	// under one per-partner limit of sharedRate (0 skips them).
	bulkN               int
	everyNs             []int
	sharedRuns, sharedN int
	sharedRate          float64
	// fleet, when set, runs the fleet applies of fleet.go alone.
	fleet fleetOptions
	// sharedWindow is the fixed window of the shared limit's second
	// shape, which admits sharedRate × sharedWindow requests in each.
	sharedWindow time.Duration
	// onlyLimits runs the rate-limited benchmarks alone: the plans under
	// a rate limit (if rateLimit), the bulk read under it and the runs
	// that share one limit (if sharedRate).
	onlyLimits bool
}

func main() {
	var o options
	var sizes string
	flag.StringVar(&sizes, "n", "100,300,1000", "comma-separated numbers of customers (data sources) per plan")
	flag.IntVar(&o.runs, "runs", 3, "alternating runs per provider and size")
	flag.DurationVar(&o.latency, "latency", 20*time.Millisecond, "latency the emulator adds to every read")
	flag.IntVar(&o.parallelism, "parallelism", 10, "terraform -parallelism")
	flag.StringVar(&o.peer, "peer", "", "the hashicorp/http provider binary (make bench builds it and passes its path)")
	flag.StringVar(&o.out, "out", "BENCHMARKS.md", "where to write the results")
	flag.StringVar(&o.profile, "cpuprofile", "", "also write a CPU profile of our provider at the largest size to this file")
	flag.Float64Var(&o.rateLimit, "rate-limit", 10, "per-partner rate limit (reads per second, burst one second's worth) for the rate-limited plans; 0 skips them")
	flag.IntVar(&o.rateLimitN, "rate-limit-n", 300, "customers per rate-limited plan")
	flag.StringVar(&o.only, "only", "", "run only this provider: partnercenter or http (default both, alternating)")
	flag.IntVar(&o.bulkN, "bulk-n", 1000, "customers of the bulk-beside-per-customer plans; 0 skips every bulk benchmark")
	var everyNs string
	flag.StringVar(&everyNs, "every-n", "100,300,1000,5000", "customers of the every-customer plans")
	flag.IntVar(&o.sharedRuns, "shared-runs", 4, "concurrent applies sharing one partner's rate limit")
	flag.IntVar(&o.sharedN, "shared-n", 150, "distinct customers per shared-limit apply")
	flag.Float64Var(&o.sharedRate, "shared-rate", 20, "the shared per-partner limit in requests per second (burst one second's worth); 0 skips")
	fleetFlags(&o.fleet)
	flag.DurationVar(&o.sharedWindow, "shared-window", 10*time.Second, "the fixed window of the shared limit's second shape (shared-rate × window requests each)")
	flag.BoolVar(&o.onlyLimits, "only-limits", false, "run only the rate-limited benchmarks (-n, -bulk-n and -every-n are ignored); write them alone to -out")
	users := flag.Int("users", 0, "run only the users benchmark (users.go) over this many users of one customer, into its section of -out")
	subscriptions := flag.Int("subscriptions", 0, "run only the subscriptions benchmark (subscriptions.go) over this many customers, into its section of -out")
	flag.Parse()
	if o.fleet.on {
		if err := runFleet(o); err != nil {
			log.Fatal(err)
		}
		return
	}
	for _, s := range strings.Split(everyNs, ",") {
		if n, err := strconv.Atoi(strings.TrimSpace(s)); err == nil && n > 0 {
			o.everyNs = append(o.everyNs, n)
		}
	}
	if o.only != "" && o.only != "partnercenter" && o.only != "http" {
		log.Fatalf("bad -only %q: want partnercenter or http", o.only)
	}
	if o.onlyLimits {
		sizes, o.everyNs = "", nil
	}
	for _, s := range strings.Split(sizes, ",") {
		if o.onlyLimits {
			break
		}
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n <= 0 {
			log.Fatalf("bad -n %q", sizes)
		}
		o.sizes = append(o.sizes, n)
	}
	if *subscriptions > 0 {
		if err := runSubscriptions(o, *subscriptions); err != nil {
			log.Fatal(err)
		}
		return
	}
	if *users > 0 {
		if err := runUsers(o, *users); err != nil {
			log.Fatal(err)
		}
		return
	}
	if err := run(o); err != nil {
		log.Fatal(err)
	}
}

// rig is everything a plan needs: built binaries, the emulator, a fake
// Entra ID and the CLI configuration with dev_overrides.
type rig struct {
	dir, cliConfig, caFile, endpoint string
	em                               *emulator.Emulator
	entra                            *fakeentra.Server
	conns                            atomic.Int64
	maxN                             int
	latency                          time.Duration
	// served is what the rig's server answers with: r.em, which use swaps
	// for runs that need other customers, timed plan by plan.
	served emulatorSwitch
	// underRateLimit gives the peer a retry block, without which it
	// fails at the first 429.
	underRateLimit bool
}

func run(o options) error {
	maxN := 0
	for _, n := range o.sizes {
		maxN = max(maxN, n)
	}
	fixtureN := maxN
	if !o.onlyLimits {
		fixtureN = max(fixtureN, o.bulkN)
	}
	if o.rateLimit > 0 {
		fixtureN = max(fixtureN, o.rateLimitN)
	}
	r, cleanup, err := newRig(o, fixtureN)
	if err != nil {
		return err
	}
	defer cleanup()

	var results []sizeResult
	for _, n := range o.sizes {
		res := sizeResult{n: n}
		for i := range o.runs {
			order := alternating(i, o.only)
			for _, p := range order {
				m, err := r.plan(p, n, o.parallelism, "")
				if err != nil {
					return err
				}
				log.Printf("N=%d run %d %-13s wall %6.2fs cpu %6dms terraform cpu %6dms rss %6.1fMiB requests %d tokens %d conns %d",
					n, i+1, p, m.wall.Seconds(), m.cpuMs, m.terraformCPUMs, float64(m.rssKiB)/1024, m.requests, m.tokens, m.conns)
				res.add(p, m)
			}
		}
		results = append(results, res)
	}
	var limited *sizeResult
	if o.rateLimit > 0 {
		if limited, err = r.rateLimited(o); err != nil {
			return err
		}
	}
	var bulk *bulkResults
	switch {
	case o.onlyLimits:
		if bulk, err = r.limitBenchmarks(o); err != nil {
			return err
		}
	case o.bulkN > 0:
		if bulk, err = r.bulkBenchmarks(o); err != nil {
			return err
		}
	}
	profileNote := ""
	if o.profile != "" && maxN > 0 {
		if _, err := r.plan("partnercenter", maxN, o.parallelism, o.profile); err != nil {
			return err
		}
		profileNote = o.profile
	}
	return writeReport(o, results, limited, bulk, profileNote)
}

// alternating is the order of the two providers in run i: each goes first
// in every other run, so neither always gets the warmer machine. only, if
// set, is the one provider to run.
func alternating(i int, only string) []string {
	if only != "" {
		return []string{only}
	}
	if i%2 == 1 {
		return []string{"http", "partnercenter"}
	}
	return []string{"partnercenter", "http"}
}

// rateLimited runs the rate-limited plans: the emulator allows each
// partner (the tenant of a JWT, else the bearer token) o.rateLimit reads a second across all customers,
// with a burst of one second's worth, and every plan starts with a full
// bucket. A failed plan is a result here, not an error: it is counted.
func (r *rig) rateLimited(o options, kinds ...string) (*sizeResult, error) {
	res := &sizeResult{n: o.rateLimitN}
	latency := emulator.Fault{Kind: emulator.FaultLatency, Latency: emulator.Duration(o.latency)}
	limit := emulator.Fault{Kind: emulator.FaultRateLimit, Rate: o.rateLimit, Burst: int(math.Ceil(o.rateLimit)), Scope: emulator.ScopePartner}
	r.underRateLimit = true
	defer func() {
		r.underRateLimit = false
		_ = r.em.SetFaults([]emulator.Fault{latency})
	}()
	for i := range o.runs {
		order := alternating(i, o.only)
		if len(kinds) > 0 {
			order = kinds
		}
		for _, p := range order {
			// The limit first, as in use: a 429 is answered at once.
			if err := r.em.SetFaults([]emulator.Fault{limit, latency}); err != nil {
				return nil, err
			}
			refusedBefore := r.em.FaultsInjected()[emulator.FaultRateLimit]
			m, err := r.plan(p, o.rateLimitN, o.parallelism, "")
			m.refused = r.em.FaultsInjected()[emulator.FaultRateLimit] - refusedBefore
			if err != nil {
				m.failed = true
				log.Printf("rate-limited plan failed (counted): %v", err)
			}
			log.Printf("N=%d at %g/s run %d %-13s wall %6.2fs (%.2f x N/R) 429s %d failed %t",
				o.rateLimitN, o.rateLimit, i+1, p, m.wall.Seconds(), m.wall.Seconds()*o.rateLimit/float64(o.rateLimitN), m.refused, m.failed)
			res.add(p, m)
		}
	}
	return res, nil
}

func newRig(o options, maxN int) (*rig, func(), error) {
	dir, err := os.MkdirTemp("", "partnercenter-bench-")
	if err != nil {
		return nil, nil, err
	}
	r := &rig{dir: dir, maxN: maxN}
	var closers []func()
	cleanup := func() {
		for i := len(closers) - 1; i >= 0; i-- {
			closers[i]()
		}
		_ = os.RemoveAll(dir)
	}
	fail := func(err error) (*rig, func(), error) { cleanup(); return nil, nil, err }

	// The fleet applies run our provider alone.
	withPeer := !o.fleet.on
	peer := ""
	if withPeer {
		if o.peer == "" {
			return fail(errors.New("no -peer: run make bench, which builds the hashicorp/http peer and passes its path"))
		}
		if peer, err = filepath.Abs(o.peer); err != nil {
			return fail(err)
		}
		if _, err := os.Stat(peer); err != nil {
			return fail(fmt.Errorf("the hashicorp/http peer is missing: run make bench, which builds it: %w", err))
		}
	}
	for _, d := range []string{"overrides", "real"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o700); err != nil {
			return fail(err)
		}
	}
	builds := [][]string{
		{"-o", filepath.Join(dir, "real", "terraform-provider-partnercenter"), "."},
		{"-o", filepath.Join(dir, "overrides", "terraform-provider-partnercenter"), "./scripts/bench/wrapper"},
	}
	if withPeer {
		builds = append(builds, []string{"-o", filepath.Join(dir, "overrides", "terraform-provider-http"), "./scripts/bench/wrapper"})
	}
	for _, b := range builds {
		if out, err := exec.CommandContext(context.Background(), "go", append([]string{"build", "-trimpath"}, b...)...).CombinedOutput(); err != nil { //nolint:gosec // G204: fixed build commands
			return fail(fmt.Errorf("go build %v: %w\n%s", b, err, out))
		}
	}
	if withPeer {
		peerBytes, err := os.ReadFile(peer) //nolint:gosec // G304: the peer the user named
		if err != nil {
			return fail(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "real", "terraform-provider-http"), peerBytes, 0o700); err != nil { //nolint:gosec // G306: an executable
			return fail(err)
		}
	}

	if r.entra, r.caFile, err = acctest.NewEntra(fakeentra.Options{}, dir); err != nil {
		return fail(err)
	}
	closers = append(closers, r.entra.Close)
	r.latency = o.latency
	if o.fleet.on {
		r.latency = o.fleet.latency
	}
	if err := r.use(fixtureOf(maxN)); err != nil {
		return fail(err)
	}
	url, closeServer, err := acctest.ServeHandler(&r.served, func() { r.conns.Add(1) })
	if err != nil {
		return fail(err)
	}
	closers = append(closers, closeServer)
	r.endpoint = url

	r.cliConfig = filepath.Join(dir, "terraformrc")
	rc := fmt.Sprintf("provider_installation {\n  dev_overrides {\n    \"partnercenter-terraform/partnercenter\" = %q\n    \"hashicorp/http\" = %q\n  }\n  direct {}\n}\n",
		filepath.Join(dir, "overrides"), filepath.Join(dir, "overrides"))
	if err := os.WriteFile(r.cliConfig, []byte(rc), 0o600); err != nil {
		return fail(err)
	}
	return r, cleanup, nil
}

// customerID is the n-th generated customer's tenant id.
func customerID(n int) string { return emulator.GeneratedCustomerID(n) }

// fixtureOf gives n customers the four SKUs of the seed customer.
func fixtureOf(n int) *emulator.Fixture {
	return &emulator.Fixture{Customers: emulator.GeneratedCustomers(n)}
}

// configFor writes the same N reads for either provider: every customer's
// subscribed SKUs (both licence groups), summed into one output. With
// retry, the peer retries as ours does by default: five times, waiting
// Retry-After or backing off from a second.
func configFor(provider string, from, n int, retry bool) string {
	var ids strings.Builder
	for i := from; i < from+n; i++ {
		fmt.Fprintf(&ids, "    %q,\n", customerID(i))
	}
	head := "locals {\n  customers = toset([\n" + ids.String() + "  ])\n}\n"
	if config, ok := bulkConfig(provider, ids.String()); ok {
		return config
	}
	if provider == "partnercenter" {
		return `terraform {
  required_providers {
    partnercenter = { source = "partnercenter-terraform/partnercenter" }
  }
}
` + head + `
data "partnercenter_subscribed_skus" "c" {
  for_each    = local.customers
  customer_id = each.value
}

output "total" {
  value = sum(flatten([for d in data.partnercenter_subscribed_skus.c : d.subscribed_skus[*].available_units]))
}
`
	}
	peerRetry := ""
	if retry {
		peerRetry = "  retry {\n    attempts     = 5\n    min_delay_ms = 1000\n    max_delay_ms = 30000\n  }\n"
	}
	return `terraform {
  required_providers {
    http = { source = "hashicorp/http" }
  }
}
` + head + `
variable "endpoint" { type = string }
variable "token" {
  type      = string
  sensitive = true
}

data "http" "c" {
  for_each = local.customers
  url      = "${var.endpoint}/v1/customers/${each.value}/subscribedskus?licenseGroupIds=Group1&licenseGroupIds=Group2"
  request_headers = {
    Authorization      = "Bearer ${var.token}"
    Accept             = "application/json"
    "MS-CorrelationId" = "c8cb5a60-ae08-4afc-92f0-efc42adfa186"
    "X-Locale"         = "en-US"
  }
` + peerRetry + `}

output "total" {
  value = sum(flatten([for d in data.http.c : jsondecode(trimprefix(d.response_body, "\ufeff")).items[*].availableUnits]))
}
`
}

// measurement is one terraform plan.
type measurement struct {
	wall                     time.Duration
	cpuMs, rssKiB            int64
	terraformCPUMs           int64 // Terraform's own CPU, its providers' taken out
	requests, tokens, conns  int64
	refused                  int64 // 429s, in the rate-limited plans
	failed                   bool  // the plan failed, in the rate-limited plans
	startedAt, endedAt       time.Time
	firstRequest, lastAnswer time.Time // at the emulator, for the every-customer plans
	stateBytes               int64     // the state's size, after an apply
}

func (r *rig) plan(provider string, n, parallelism int, cpuProfile string) (measurement, error) {
	return r.run(job{command: "plan", kind: provider, n: n, parallelism: parallelism, profile: cpuProfile})
}

// job is one terraform command over customers from..from+n-1.
type job struct {
	command     string // plan, or apply (which also writes the state)
	kind        string // partnercenter, http, bulk or every: see configFor
	n, from     int
	parallelism int
	profile     string // a CPU profile of our provider, or ""
}

func (r *rig) run(j job) (measurement, error) {
	provider, n, parallelism, cpuProfile := j.kind, j.n, j.parallelism, j.profile
	work := filepath.Join(r.dir, fmt.Sprintf("%s-%d-%d", provider, j.from, n))
	if err := os.MkdirAll(work, 0o700); err != nil {
		return measurement{}, err
	}
	if err := os.WriteFile(filepath.Join(work, "main.tf"), []byte(configFor(provider, j.from, n, r.underRateLimit)), 0o600); err != nil {
		return measurement{}, err
	}
	stats := filepath.Join(work, "stats")
	_ = os.Remove(stats)
	env := r.env(stats)
	if cpuProfile != "" {
		abs, _ := filepath.Abs(cpuProfile)
		env = append(env, "PARTNERCENTER_CPUPROFILE="+abs)
	}
	requests, tokens, conns := r.em.RequestCount(), r.entra.TokenRequests(), r.conns.Load()
	args := []string{"-chdir=" + work, j.command, "-input=false", "-no-color", "-parallelism=" + strconv.Itoa(parallelism)}
	if j.command == "apply" {
		args = append(args, "-auto-approve")
	}
	cmd := exec.CommandContext(context.Background(), "terraform", args...) //nolint:gosec // G204: fixed arguments
	cmd.Env = env
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	started := time.Now()
	err := cmd.Run()
	m := measurement{wall: time.Since(started), startedAt: started, endedAt: time.Now()}
	if err != nil {
		return m, fmt.Errorf("%s N=%d: terraform %s: %w\n%s", provider, n, j.command, err, tail(out.String()))
	}
	if j.command == "apply" {
		if info, err := os.Stat(filepath.Join(work, "terraform.tfstate")); err == nil {
			m.stateBytes = info.Size()
		}
	}
	if want := fmt.Sprintf("total = %d", n*seedFreeSeats); !strings.Contains(out.String(), want) {
		return m, fmt.Errorf("%s N=%d: the plan does not show %q:\n%s", provider, n, want, tail(out.String()))
	}
	m.requests = r.em.RequestCount() - requests
	m.tokens = r.entra.TokenRequests() - tokens
	m.conns = r.conns.Load() - conns
	m.cpuMs, m.rssKiB, err = readStats(stats)
	// wait4's rusage of terraform includes the children it waited for,
	// the provider processes among them.
	if usage, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		total := (usage.Utime.Sec+usage.Stime.Sec)*1000 + (usage.Utime.Usec+usage.Stime.Usec)/1000
		m.terraformCPUMs = total - m.cpuMs
	}
	return m, err
}

// env is a terraform command's environment: the rig's CLI configuration,
// our provider's settings and the peer's variables, with each provider
// process's rusage appended to stats.
func (r *rig) env(stats string) []string {
	return append(os.Environ(), "TF_CLI_CONFIG_FILE="+r.cliConfig, "TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1",
		"BENCH_STATS_FILE="+stats,
		"PARTNERCENTER_ENDPOINT="+r.endpoint, "PARTNERCENTER_AUTH_ENDPOINT="+r.entra.URL(),
		"PARTNERCENTER_CA_CERTIFICATE_FILE="+r.caFile, "PARTNERCENTER_TENANT_ID="+acctest.TenantID,
		"PARTNERCENTER_CLIENT_ID="+acctest.ClientID, "PARTNERCENTER_CLIENT_SECRET="+acctest.ClientSecret,
		"PARTNERCENTER_REFRESH_TOKEN="+acctest.RefreshToken,
		"TF_VAR_endpoint="+r.endpoint, "TF_VAR_token="+staticToken)
}

// planOnce runs one terraform plan of config in a directory of its own,
// named name, and takes what every benchmark measures of it: the wall, the
// emulator's first request and last answer, the requests, and the CPU and
// peak RSS of the provider and of Terraform. It also returns the plan's
// output, for the benchmark's own checks.
func (r *rig) planOnce(name, config string, parallelism int) (measurement, string, error) {
	work := filepath.Join(r.dir, name)
	if err := os.MkdirAll(work, 0o700); err != nil {
		return measurement{}, "", err
	}
	if err := os.WriteFile(filepath.Join(work, "main.tf"), []byte(config), 0o600); err != nil {
		return measurement{}, "", err
	}
	stats := filepath.Join(work, "stats")
	_ = os.Remove(stats)
	cmd := exec.CommandContext(context.Background(), "terraform", "-chdir="+work, "plan", "-input=false", "-no-color", //nolint:gosec // G204: fixed arguments
		"-parallelism="+strconv.Itoa(parallelism))
	cmd.Env = r.env(stats)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	requests := r.em.RequestCount()
	r.served.reset()
	started := time.Now()
	err := cmd.Run()
	m := measurement{wall: time.Since(started), startedAt: started, endedAt: time.Now()}
	if err != nil {
		return m, out.String(), fmt.Errorf("%s: terraform plan: %w\n%s", name, err, tail(out.String()))
	}
	m.firstRequest, m.lastAnswer = r.served.window()
	m.requests = r.em.RequestCount() - requests
	m.cpuMs, m.rssKiB, err = readStats(stats)
	// wait4's rusage of terraform includes the provider processes it
	// waited for.
	if usage, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		total := (usage.Utime.Sec+usage.Stime.Sec)*1000 + (usage.Utime.Usec+usage.Stime.Usec)/1000
		m.terraformCPUMs = total - m.cpuMs
	}
	return m, out.String(), err
}

// readStats sums the CPU time and takes the largest peak RSS of every
// provider process the plan started.
func readStats(path string) (cpuMs, rssKiB int64, err error) {
	data, err := os.ReadFile(path) //nolint:gosec // G304: our own file
	if err != nil {
		return 0, 0, fmt.Errorf("no provider statistics: %w", err)
	}
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		var name string
		var cpu, rss int64
		if _, err := fmt.Sscan(line, &name, &cpu, &rss); err != nil {
			return 0, 0, fmt.Errorf("bad statistics line %q", line)
		}
		cpuMs += cpu
		rssKiB = max(rssKiB, rss)
	}
	return cpuMs, rssKiB, nil
}

func tail(s string) string {
	if len(s) > 3000 {
		return "…" + s[len(s)-3000:]
	}
	return s
}

// sizeResult collects the runs of one size.
type sizeResult struct {
	n    int
	runs map[string][]measurement
}

func (s *sizeResult) add(provider string, m measurement) {
	if s.runs == nil {
		s.runs = map[string][]measurement{}
	}
	s.runs[provider] = append(s.runs[provider], m)
}

func median(values []float64) float64 {
	if len(values) == 0 {
		return math.NaN()
	}
	sorted := append([]float64(nil), values...)
	sort.Float64s(sorted)
	mid := len(sorted) / 2
	if len(sorted)%2 == 0 {
		return (sorted[mid-1] + sorted[mid]) / 2
	}
	return sorted[mid]
}

func (s *sizeResult) medianOf(provider string, f func(measurement) float64) float64 {
	var values []float64
	for _, m := range s.runs[provider] {
		values = append(values, f(m))
	}
	return median(values)
}

// wallRatio is the median of the per-run ratios ours/peer, runs paired in
// the order they alternated.
func (s *sizeResult) wallRatio() float64 {
	var ratios []float64
	for i, ours := range s.runs["partnercenter"] {
		if i < len(s.runs["http"]) {
			ratios = append(ratios, ours.wall.Seconds()/s.runs["http"][i].wall.Seconds())
		}
	}
	return median(ratios)
}

// slope fits y = a + b·n by least squares and returns b.
func slope(ns, ys []float64) float64 {
	var sn, sy, snn, sny float64
	for i := range ns {
		sn += ns[i]
		sy += ys[i]
		snn += ns[i] * ns[i]
		sny += ns[i] * ys[i]
	}
	k := float64(len(ns))
	return (k*sny - sn*sy) / (k*snn - sn*sn)
}

func writeReport(o options, results []sizeResult, limited *sizeResult, bulk *bulkResults, profile string) error {
	var b strings.Builder
	b.WriteString("# Benchmarks\n\n")
	b.WriteString("The table is generated by `make bench` (`go run ./scripts/bench`); the analysis at the end is kept across runs.\n\n")
	fmt.Fprintf(&b, "Each plan reads the subscribed SKUs of N distinct customers from the local emulator, which adds %s of "+
		"latency to every read, and sums `available_units` into one output. The peer, hashicorp/http, sends the same "+
		"GETs with the same headers and `jsondecode`s the bodies, after `trimprefix` drops the byte order mark. Runs alternate between the two providers; %d runs per "+
		"size; `terraform plan -parallelism=%d`. Our provider signs in with a refresh token against a fake Entra ID; the "+
		"peer sends a fixed bearer token. CPU and peak RSS are the provider processes' own (a wrapper records each "+
		"child's rusage), not Terraform's.\n\n", o.latency, o.runs, o.parallelism)
	if len(results) > 0 {
		b.WriteString("| N | provider | wall (median) | wall ours / peer (median of paired runs) | provider CPU | Terraform CPU (without providers) | provider peak RSS | requests | token requests | TCP connections |\n")
		b.WriteString("|---|---|---|---|---|---|---|---|---|---|\n")
	}
	var ns, ourWall, ourRSS []float64
	for _, s := range results {
		for _, p := range []string{"partnercenter", "http"} {
			if len(s.runs[p]) == 0 {
				continue
			}
			ratio := ""
			if p == "partnercenter" && len(s.runs["http"]) > 0 {
				ratio = fmt.Sprintf("%.2f", s.wallRatio())
			}
			last := s.runs[p][len(s.runs[p])-1]
			fmt.Fprintf(&b, "| %d | %s | %.2f s | %s | %.0f ms | %.0f ms | %.1f MiB | %d | %d | %d |\n", s.n, p,
				s.medianOf(p, func(m measurement) float64 { return m.wall.Seconds() }), ratio,
				s.medianOf(p, func(m measurement) float64 { return float64(m.cpuMs) }),
				s.medianOf(p, func(m measurement) float64 { return float64(m.terraformCPUMs) }),
				s.medianOf(p, func(m measurement) float64 { return float64(m.rssKiB) / 1024 }),
				last.requests, last.tokens, last.conns)
		}
		ns = append(ns, float64(s.n))
		ourWall = append(ourWall, s.medianOf("partnercenter", func(m measurement) float64 { return m.wall.Seconds() }))
		ourRSS = append(ourRSS, s.medianOf("partnercenter", func(m measurement) float64 { return float64(m.rssKiB) / 1024 }))
	}
	if len(ns) >= 2 {
		fmt.Fprintf(&b, "\nGrowth of our provider, least-squares slope over N: wall %.2f ms per data source, peak RSS %.1f KiB per data source.\n",
			slope(ns, ourWall)*1000, slope(ns, ourRSS)*1024)
	}
	if limited != nil {
		writeRateLimited(&b, o, limited)
	}
	if profile != "" {
		fmt.Fprintf(&b, "\nA CPU profile of our provider at N=%d was written to `%s` (`go tool pprof -top %s`).\n", results[len(results)-1].n, profile, profile)
	}
	if bulk != nil {
		writeBulk(&b, o, bulk)
	}
	fmt.Fprintf(&b, "\n## Machine\n\n- %s, %d cores (`nproc`), %s/%s\n- %s\n- %s\n", cpuModel(), runtime.NumCPU(), runtime.GOOS, runtime.GOARCH,
		runtime.Version(), firstLine("terraform", "version"))
	b.WriteString("\n## Reproduce\n\n```shell\nmake bench            # Go benchmarks, then these tables (about twelve minutes)\ngo run ./scripts/bench -n 100,2000 -runs 5   # other sizes or more runs\nmake bench-limits     # the rate-limited benchmarks alone, into .tools/bench-limits.md (about six minutes)\nmake bench-fleet      # the fleet applies, into their block (about fifteen minutes)\n```\n")
	// The fleet block is make bench-fleet's, which takes far longer than
	// make bench, and the analysis below the marker is written by people,
	// from the profile: keep both across runs.
	if old, err := os.ReadFile(o.out); err == nil {
		if block, found := fleetBlock(string(old)); found {
			b.WriteString("\n" + block + "\n")
		}
		if _, analysis, found := strings.Cut(string(old), analysisMarker); found {
			b.WriteString("\n" + analysisMarker + analysis)
		}
	}
	if err := os.WriteFile(o.out, []byte(b.String()), 0o600); err != nil {
		return err
	}
	log.Printf("wrote %s", o.out)
	return nil
}

// writeRateLimited adds the table of the rate-limited plans.
func writeRateLimited(b *strings.Builder, o options, s *sizeResult) {
	ideal := float64(o.rateLimitN) / o.rateLimit
	fmt.Fprintf(b, "\n## Under a rate limit\n\nThe emulator allows each partner (the tenant of a JWT, else the bearer token) %g reads a second across all its "+
		"customers, with a burst of one second's worth, and refuses the rest with 429 and Retry-After. Each plan reads N=%d "+
		"customers and starts with a full bucket, so N/R = %.0f s. The peer gets a `retry` block (5 attempts, from 1 s), "+
		"as it fails at the first 429 without one; ours retries by default. Target: no failed plan, wall at most 1.15 × N/R.\n\n",
		o.rateLimit, o.rateLimitN, ideal)
	b.WriteString("| provider | wall (median) | wall / (N/R) | 429s (median) | failed plans |\n|---|---|---|---|---|\n")
	for _, p := range []string{"partnercenter", "http"} {
		if len(s.runs[p]) == 0 {
			continue
		}
		failed := 0
		for _, m := range s.runs[p] {
			if m.failed {
				failed++
			}
		}
		wall := s.medianOf(p, func(m measurement) float64 { return m.wall.Seconds() })
		fmt.Fprintf(b, "| %s | %.2f s | %.2f | %.0f | %d of %d |\n", p, wall, wall/ideal,
			s.medianOf(p, func(m measurement) float64 { return float64(m.refused) }), failed, len(s.runs[p]))
	}
}

// analysisMarker starts the hand-written part of BENCHMARKS.md.
const analysisMarker = "<!-- analysis: kept by make bench -->"

func cpuModel() string {
	data, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return "unknown CPU"
	}
	for _, line := range strings.Split(string(data), "\n") {
		if name, ok := strings.CutPrefix(line, "model name"); ok {
			return strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(name), ":"))
		}
	}
	return "unknown CPU"
}

func firstLine(name string, args ...string) string {
	out, err := exec.CommandContext(context.Background(), name, args...).Output() //nolint:gosec // G204: fixed commands
	if err != nil {
		return name + ": unknown"
	}
	line, _, _ := strings.Cut(string(out), "\n")
	return line
}
