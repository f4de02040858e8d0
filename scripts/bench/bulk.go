package main

import (
	"fmt"
	"log"
	"math"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/partnercenter-terraform/terraform-provider-partnercenter/internal/emulator"
	"github.com/partnercenter-terraform/terraform-provider-partnercenter/internal/emulator/emulatortest"
)

// The benchmarks of issue 12: one partnercenter_subscribed_skus_by_customer
// beside N partnercenter_subscribed_skus, an every-customer plan as N
// grows, under a rate limit, and several runs sharing one partner's limit.

// emulatorSwitch serves the rig's current emulator, which use replaces for
// runs that need exactly N customers, and times each plan's requests: when
// the first began and the last was answered. While a runLog is set, it also
// counts each run's answers.
type emulatorSwitch struct {
	current     atomic.Pointer[emulator.Emulator]
	first, last atomic.Int64 // UnixNano; 0 before the first request
	runs        atomic.Pointer[runLog]
}

func (s *emulatorSwitch) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.first.CompareAndSwap(0, time.Now().UnixNano())
	if log := s.runs.Load(); log != nil {
		sw := emulatortest.NewStatusWriter(w)
		s.current.Load().ServeHTTP(sw, r)
		log.answered(r, sw.Status)
	} else {
		s.current.Load().ServeHTTP(w, r)
	}
	end := time.Now().UnixNano()
	for last := s.last.Load(); end > last && !s.last.CompareAndSwap(last, end); last = s.last.Load() {
	}
}

// reset starts timing a new plan.
func (s *emulatorSwitch) reset() {
	s.first.Store(0)
	s.last.Store(0)
}

// window is when the plan's first request began and its last was answered.
func (s *emulatorSwitch) window() (first, last time.Time) {
	return time.Unix(0, s.first.Load()), time.Unix(0, s.last.Load())
}

// use serves fixture from now on, with the rig's latency, accepting the
// fake Entra ID's tokens and the peer's static one. The faults come before
// the latency: a gateway refuses a request over its limit at once, without
// waiting for the service behind it.
func (r *rig) use(fixture *emulator.Fixture, faults ...emulator.Fault) error {
	em, err := emulator.New(emulator.Options{
		AccessToken:   staticToken,
		TokenVerifier: r.entra,
		Fixture:       fixture,
		Faults:        append(faults, emulator.Fault{Kind: emulator.FaultLatency, Latency: emulator.Duration(r.latency)}),
		// The bench counts requests and never reads them back.
		CountRequestsOnly: true,
	})
	if err != nil {
		return err
	}
	r.em = em
	r.served.current.Store(em)
	return nil
}

// bulkConfig is the configuration of the bulk kinds: "bulk" reads the
// customers listed in ids (HCL list elements) with one
// partnercenter_subscribed_skus_by_customer, "every" reads every customer
// of the partner through the customers list. Both sum the free seats into
// the output the harness checks.
func bulkConfig(kind, ids string) (string, bool) {
	customers := ""
	switch kind {
	case "bulk":
		customers = "  customer_ids = [\n" + ids + "  ]\n"
	case "every":
	default:
		return "", false
	}
	return `terraform {
  required_providers {
    partnercenter = { source = "partnercenter-terraform/partnercenter" }
  }
}

data "partnercenter_subscribed_skus_by_customer" "all" {
` + customers + `}

output "total" {
  value = sum(flatten([for seats in values(data.partnercenter_subscribed_skus_by_customer.all.available_units) : values(seats)]))
}
`, true
}

// bulkResults are the runs of the issue 12 benchmarks.
type bulkResults struct {
	beside  *sizeResult   // bulk and per-customer at o.bulkN
	growth  []measurement // every-customer plans, one per o.everyNs
	states  []int64       // the state's size after an every-customer apply, per o.everyNs
	limited *sizeResult   // bulk under a rate limit
	shared  []sharedRuns  // concurrent applies sharing one partner's limit, per shape
	profile string
}

// sharedRuns are concurrent applies against one per-partner limit of one
// shape.
type sharedRuns struct {
	shape   string          // "token bucket" or "fixed windows"
	walls   []time.Duration // each run's own wall
	last    time.Duration   // from the common start to the last run's end
	refused int64           // 429s across the runs
	failed  int
	log     *runLog // each run's answers, second by second
}

func (r *rig) bulkBenchmarks(o options) (*bulkResults, error) {
	res := &bulkResults{beside: &sizeResult{n: o.bulkN}}
	for i := range o.runs {
		order := []string{"bulk", "partnercenter"}
		if i%2 == 1 {
			order = []string{"partnercenter", "bulk"}
		}
		for _, kind := range order {
			m, err := r.plan(kind, o.bulkN, o.parallelism, "")
			if err != nil {
				return nil, err
			}
			logf("bulk beside per-customer N=%d run %d %-13s wall %6.2fs cpu %6dms terraform cpu %6dms requests %d",
				o.bulkN, i+1, kind, m.wall.Seconds(), m.cpuMs, m.terraformCPUMs, m.requests)
			res.beside.add(kind, m)
		}
	}

	for i, n := range o.everyNs {
		if err := r.use(fixtureOf(n)); err != nil {
			return nil, err
		}
		profile := ""
		if i == len(o.everyNs)-1 && o.profile != "" {
			profile = o.profile + ".every"
			res.profile = profile
		}
		r.served.reset()
		m, err := r.run(job{command: "plan", kind: "every", n: n, parallelism: o.parallelism, profile: profile})
		if err != nil {
			return nil, err
		}
		first, last := r.served.window()
		res.growth = append(res.growth, withWindow(m, first, last))
		logf("every customer N=%d wall %6.2fs in requests %6.2fs after them %6.2fs cpu %6dms terraform cpu %6dms rss %6.1fMiB requests %d",
			n, m.wall.Seconds(), last.Sub(first).Seconds(), m.endedAt.Sub(last).Seconds(), m.cpuMs, m.terraformCPUMs, float64(m.rssKiB)/1024, m.requests)
		applied, err := r.run(job{command: "apply", kind: "every", n: n, parallelism: o.parallelism})
		if err != nil {
			return nil, err
		}
		res.states = append(res.states, applied.stateBytes)
	}
	if err := r.use(fixtureOf(r.maxN)); err != nil {
		return nil, err
	}
	return res, r.limitedBulk(o, res)
}

// limitBenchmarks runs the bulk benchmarks under a rate limit alone
// (-only-limits).
func (r *rig) limitBenchmarks(o options) (*bulkResults, error) {
	res := &bulkResults{}
	return res, r.limitedBulk(o, res)
}

// limitedBulk runs the bulk read under a rate limit and the runs sharing
// one limit, in each of its shapes, into res.
func (r *rig) limitedBulk(o options, res *bulkResults) error {
	if o.rateLimit > 0 {
		limited, err := r.rateLimited(o, "bulk")
		if err != nil {
			return err
		}
		res.limited = limited
	}
	if o.sharedRate > 0 {
		for _, limit := range sharedShapes(o) {
			shared, err := r.sharedLimit(o, limit)
			if err != nil {
				return err
			}
			res.shared = append(res.shared, shared)
		}
	}
	return nil
}

// sharedShapes are the two shapes of the shared limit: a token bucket of
// o.sharedRate with a second's burst, and fixed windows of o.sharedWindow
// admitting as many requests on average.
func sharedShapes(o options) []emulator.Fault {
	return []emulator.Fault{
		{Kind: emulator.FaultRateLimit, Rate: o.sharedRate, Burst: int(math.Ceil(o.sharedRate)), Scope: emulator.ScopePartner},
		{Kind: emulator.FaultRateLimit, Rate: o.sharedRate, Window: emulator.Duration(o.sharedWindow), Scope: emulator.ScopePartner},
	}
}

func logf(format string, args ...any) { log.Printf(format, args...) }

// withWindow keeps the request window of a plan in its measurement.
func withWindow(m measurement, first, last time.Time) measurement {
	m.firstRequest, m.lastAnswer = first, last
	return m
}

// sharedLimit runs o.sharedRuns applies at once, each reading its own
// o.sharedN customers with one bulk data source, against one emulator whose
// per-partner limit all of them share, as HCP Terraform workspaces or
// Atlantis projects of one partner do. Each process paces itself.
func (r *rig) sharedLimit(o options, limit emulator.Fault) (sharedRuns, error) {
	out := sharedRuns{shape: "token bucket"}
	if limit.Window > 0 {
		out.shape = "fixed windows"
	}
	total := o.sharedRuns * o.sharedN
	if err := r.use(fixtureOf(total), limit); err != nil {
		return out, err
	}
	defer func() { _ = r.use(fixtureOf(r.maxN)) }()
	type result struct {
		m   measurement
		err error
	}
	results := make(chan result, o.sharedRuns)
	start := time.Now()
	out.log = newRunLog(o.sharedRuns, o.sharedN, start)
	r.served.runs.Store(out.log)
	defer r.served.runs.Store(nil)
	for i := range o.sharedRuns {
		go func() {
			m, err := r.run(job{command: "apply", kind: "bulk", from: i * o.sharedN, n: o.sharedN, parallelism: o.parallelism})
			results <- result{m, err}
		}()
	}
	for range o.sharedRuns {
		res := <-results
		if res.err != nil {
			out.failed++
			logf("a shared-limit run failed (counted): %v", res.err)
		}
		out.walls = append(out.walls, res.m.wall)
		out.last = max(out.last, res.m.endedAt.Sub(start))
	}
	out.refused = r.em.FaultsInjected()[emulator.FaultRateLimit]
	logf("%d runs of %d customers sharing %g/s (%s): last ended after %.2fs (%.2f x %d/%g), 429s %d, failed %d\n%s",
		o.sharedRuns, o.sharedN, o.sharedRate, out.shape, out.last.Seconds(), out.last.Seconds()*o.sharedRate/float64(total), total,
		o.sharedRate, out.refused, out.failed, out.log.timeline())
	return out, nil
}

// runLog counts, for each of several runs reading their own customers, the
// requests the emulator accepted in each second from start and the ones it
// refused with 429. The run is known from the customer in the path.
type runLog struct {
	start time.Time
	run   map[string]int // customer id → run

	mu       sync.Mutex
	accepted [][]int // per run, per second
	refused  []int64 // per run
}

func newRunLog(runs, n int, start time.Time) *runLog {
	l := &runLog{start: start, run: make(map[string]int, runs*n), accepted: make([][]int, runs), refused: make([]int64, runs)}
	for i := range runs * n {
		l.run[customerID(i)] = i / n
	}
	return l
}

func (l *runLog) answered(r *http.Request, status int) {
	rest, _ := strings.CutPrefix(r.URL.Path, "/v1/customers/")
	id, _, _ := strings.Cut(rest, "/")
	run, ok := l.run[id]
	if !ok {
		return
	}
	second := int(time.Since(l.start) / time.Second)
	l.mu.Lock()
	defer l.mu.Unlock()
	switch {
	case status == http.StatusTooManyRequests:
		l.refused[run]++
	case status < 300:
		for len(l.accepted[run]) <= second {
			l.accepted[run] = append(l.accepted[run], 0)
		}
		l.accepted[run][second]++
	}
}

// timeline is a fixed-width table of the requests accepted per second, one
// line per run and one for their sum.
func (l *runLog) timeline() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	seconds := 0
	for _, c := range l.accepted {
		seconds = max(seconds, len(c))
	}
	var b strings.Builder
	b.WriteString("second")
	for s := range seconds {
		fmt.Fprintf(&b, "%4d", s+1)
	}
	total := make([]int, seconds)
	for i, c := range l.accepted {
		fmt.Fprintf(&b, "\nrun %d ", i+1)
		for s := range seconds {
			n := 0
			if s < len(c) {
				n = c[s]
			}
			total[s] += n
			fmt.Fprintf(&b, "%4d", n)
		}
	}
	b.WriteString("\nall   ")
	for _, n := range total {
		fmt.Fprintf(&b, "%4d", n)
	}
	return b.String() + "\n"
}

// refusedBy is how many 429s each run drew.
func (l *runLog) refusedBy() []int64 {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]int64(nil), l.refused...)
}

// writeBulk adds the tables of the bulk benchmarks.
func writeBulk(b *strings.Builder, o options, res *bulkResults) {
	floor := func(n int) float64 { return float64(n) * o.latency.Seconds() / float64(defaultConcurrency) }
	wall := func(m measurement) float64 { return m.wall.Seconds() }
	if s := res.beside; s != nil {
		fmt.Fprintf(b, "\n## Every customer in one data source\n\n### Bulk beside per-customer\n\nThe same seat check over N=%d "+
			"customers at %s latency, written as one `partnercenter_subscribed_skus_by_customer` (bulk) and as N "+
			"`partnercenter_subscribed_skus` (per-customer), %d alternating runs each, `max_concurrent_requests` %d. The bulk "+
			"read's own floor is N·L/C = %.1f s. Target: bulk wall / per-customer wall ≤ 0.3.\n\n", s.n, o.latency, o.runs,
			defaultConcurrency, floor(s.n))
		b.WriteString("| written as | wall (median) | provider CPU | Terraform CPU (without providers) | provider peak RSS | requests |\n|---|---|---|---|---|---|\n")
		for _, kind := range []string{"bulk", "partnercenter"} {
			name := map[string]string{"bulk": "one bulk data source", "partnercenter": "N data sources"}[kind]
			last := s.runs[kind][len(s.runs[kind])-1]
			fmt.Fprintf(b, "| %s | %.2f s | %.0f ms | %.0f ms | %.1f MiB | %d |\n", name, s.medianOf(kind, wall),
				s.medianOf(kind, func(m measurement) float64 { return float64(m.cpuMs) }),
				s.medianOf(kind, func(m measurement) float64 { return float64(m.terraformCPUMs) }),
				s.medianOf(kind, func(m measurement) float64 { return float64(m.rssKiB) / 1024 }), last.requests)
		}
		var ratios []float64
		for i, m := range s.runs["bulk"] {
			ratios = append(ratios, m.wall.Seconds()/s.runs["partnercenter"][i].wall.Seconds())
		}
		fmt.Fprintf(b, "\nBulk wall / per-customer wall, median of the paired runs: **%.3f** (runs: %s).\n", median(ratios), formatFloats(ratios, "%.3f"))

		fmt.Fprintf(b, "\n### Every customer, as N grows\n\nOne `partnercenter_subscribed_skus_by_customer` without `customer_ids`: "+
			"the customers list (500 a page), then every customer, against an emulator holding exactly N customers. One plan per "+
			"N; then an apply, for the size of the state. *In requests* runs from the first request the emulator received to "+
			"its last answer; *before* is Terraform's start, the provider's start and sign-in; *after* is what follows the "+
			"last answer: encoding the state, Terraform taking it. Target at N=5000: at most 2 × N·L/C = %.0f s, provider "+
			"peak RSS under 150 MiB.\n\n", 2*floor(5000))
		b.WriteString("| N | wall | wall / (N·L/C) | before requests | in requests | after requests | provider CPU | Terraform CPU | provider peak RSS | requests | state |\n|---|---|---|---|---|---|---|---|---|---|---|\n")
		var ns, walls, cpus, rss []float64
		for i, m := range res.growth {
			n := o.everyNs[i]
			fmt.Fprintf(b, "| %d | %.2f s | %.2f | %.2f s | %.2f s | %.2f s | %d ms | %d ms | %.1f MiB | %d | %.1f KiB |\n", n, m.wall.Seconds(),
				m.wall.Seconds()/floor(n), m.firstRequest.Sub(m.startedAt).Seconds(), m.lastAnswer.Sub(m.firstRequest).Seconds(),
				m.endedAt.Sub(m.lastAnswer).Seconds(), m.cpuMs, m.terraformCPUMs, float64(m.rssKiB)/1024, m.requests, float64(res.states[i])/1024)
			ns = append(ns, float64(n))
			walls = append(walls, m.wall.Seconds())
			cpus = append(cpus, float64(m.cpuMs))
			rss = append(rss, float64(m.rssKiB)/1024)
		}
		if len(ns) >= 2 {
			fmt.Fprintf(b, "\nLeast-squares slope over N: wall %.2f ms, provider CPU %.3f ms, peak RSS %.1f KiB per customer.\n",
				slope(ns, walls)*1000, slope(ns, cpus), slope(ns, rss)*1024)
		}
		if res.profile != "" {
			fmt.Fprintf(b, "\nA CPU profile of our provider at the largest N was written to `%s`.\n", res.profile)
		}
	}

	if l := res.limited; l != nil {
		ideal := float64(o.rateLimitN) / o.rateLimit
		failed := 0
		for _, m := range l.runs["bulk"] {
			if m.failed {
				failed++
			}
		}
		w := l.medianOf("bulk", wall)
		fmt.Fprintf(b, "\n### Bulk under a rate limit\n\nThe same per-partner limit as above (%g/s, burst %g), N=%d customers in one "+
			"bulk data source, %d runs. Target: 0 failed customers, wall ≤ 1.15 × N/R = %.1f s.\n\n"+
			"| wall (median) | wall / (N/R) | 429s (median) | failed plans |\n|---|---|---|---|\n| %.2f s | %.2f | %.0f | %d of %d |\n",
			o.rateLimit, math.Ceil(o.rateLimit), o.rateLimitN, o.runs, 1.15*ideal, w, w/ideal,
			l.medianOf("bulk", func(m measurement) float64 { return float64(m.refused) }), failed, len(l.runs["bulk"]))
	}

	if len(res.shared) > 0 {
		writeShared(b, o, res.shared)
	}
}

// writeShared adds the runs that share one limit: per shape, a row of
// figures and the per-second timeline of the requests each run had
// accepted.
func writeShared(b *strings.Builder, o options, shared []sharedRuns) {
	total := o.sharedRuns * o.sharedN
	ideal := float64(total) / o.sharedRate
	fmt.Fprintf(b, "\n### Runs that share one partner's limit\n\n%d `terraform apply` runs at once, each reading its own %d customers "+
		"with one bulk data source, against one emulator with a per-partner limit of %g/s: each run signs in for its own "+
		"token, and the emulator counts them all against the partner's tenant, as Partner Center does. The limit comes in "+
		"two shapes: a token bucket of %g/s with a burst of %g, whose 429s carry Retry-After in whole seconds (rounded up), "+
		"and fixed windows of %s admitting %d requests each, whose 429s carry no Retry-After, only the gateway's "+
		"`{\"statusCode\": 429, \"message\": \"Rate limit is exceeded. Try again in N seconds.\"}` up to the window's end. "+
		"The emulator answers a 429 before its %s latency, as the gateway refuses without reaching the service. Target: "+
		"every run succeeds, the last ends within 1.25 × %d/%g = %.1f s, and no more 429s than customers (%d).\n\n"+
		"| limit | runs' walls | last ended after | ÷ (total/R) | 429s (per run) | failed runs |\n|---|---|---|---|---|---|\n",
		o.sharedRuns, o.sharedN, o.sharedRate, o.sharedRate, math.Ceil(o.sharedRate), o.sharedWindow,
		int(math.Floor(o.sharedRate*o.sharedWindow.Seconds()+1e-9)), o.latency, total, o.sharedRate, 1.25*ideal, total)
	for _, sh := range shared {
		walls := make([]float64, len(sh.walls))
		for i, w := range sh.walls {
			walls[i] = w.Seconds()
		}
		perRun := make([]float64, 0, len(sh.walls))
		for _, n := range sh.log.refusedBy() {
			perRun = append(perRun, float64(n))
		}
		fmt.Fprintf(b, "| %s | %s s | %.2f s | %.2f | %d (%s) | %d of %d |\n", sh.shape, formatFloats(walls, "%.1f"),
			sh.last.Seconds(), sh.last.Seconds()/ideal, sh.refused, formatFloats(perRun, "%.0f"), sh.failed, o.sharedRuns)
	}
	for _, sh := range shared {
		fmt.Fprintf(b, "\nRequests accepted in each second from the common start, %s:\n\n```text\n%s```\n", sh.shape, sh.log.timeline())
	}
}

// defaultConcurrency is max_concurrent_requests' default, which the bulk
// plans keep.
const defaultConcurrency = 10

func formatFloats(values []float64, format string) string {
	parts := make([]string, len(values))
	for i, v := range values {
		parts[i] = fmt.Sprintf(format, v)
	}
	return strings.Join(parts, ", ")
}
