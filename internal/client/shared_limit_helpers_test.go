package client

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/sync/semaphore"

	"github.com/partnercenter-terraform/terraform-provider-partnercenter/internal/emulator"
	"github.com/partnercenter-terraform/terraform-provider-partnercenter/internal/emulator/emulatortest"
)

// sharedLimit is a run of several processes' worth of clients against one
// partner's limit: runs clients, each with its own HTTP client and so its
// own pace, as separate Terraform runs have, each reading its own n
// customers workers at a time, as the bulk data source does.
type sharedLimit struct {
	runs, n, workers int
	latency          time.Duration
	// limit is the partner's rate_limit fault; it answers before the
	// latency, as a gateway refuses before the service is reached.
	limit emulator.Fault
	// refuseLate answers a refusal after the latency instead.
	refuseLate bool
	// front, when set, is a limiter of the test's own in front of the
	// emulator, whose limit is then left empty.
	front func(http.Handler) http.Handler
	// stagger starts run i at i times it, as processes start unevenly.
	stagger time.Duration
	// unpaced sends without a pace, retrying as Retry-After says alone.
	unpaced bool
}

// sharedOutcome is what a sharedLimit run saw.
type sharedOutcome struct {
	walls    []time.Duration
	last     time.Duration // from the common start to the last run's end
	refused  int64
	failed   int
	accepted [][]int // per run, the requests accepted in each second
}

func (s sharedLimit) run(tb testing.TB) sharedOutcome {
	tb.Helper()
	faults := []emulator.Fault{{Kind: emulator.FaultLatency, Latency: emulator.Duration(s.latency)}}
	switch {
	case s.front != nil:
	case s.refuseLate:
		faults = append(faults, s.limit)
	default:
		faults = append([]emulator.Fault{s.limit}, faults...)
	}
	em, err := emulator.New(emulator.Options{
		AccessToken: testToken,
		Fixture:     &emulator.Fixture{Customers: emulator.GeneratedCustomers(s.runs * s.n)},
		Faults:      faults,
	})
	if err != nil {
		tb.Fatal(err)
	}
	start := time.Now()
	timeline := newAcceptedTimeline(s.runs, s.n, start)
	var handler http.Handler = em
	if s.front != nil {
		handler = s.front(em)
	}
	srv := httptest.NewServer(timeline.wrap(handler))
	tb.Cleanup(srv.Close)
	base, err := ParseEndpoint(srv.URL)
	if err != nil {
		tb.Fatal(err)
	}

	out := sharedOutcome{walls: make([]time.Duration, s.runs)}
	var mu sync.Mutex
	var wg sync.WaitGroup
	for run := range s.runs {
		wg.Go(func() {
			time.Sleep(time.Duration(run) * s.stagger)
			httpClient, err := NewHTTPClient(HTTPOptions{Timeout: time.Minute, Retry: DefaultRetryPolicy, MaxConcurrentRequests: s.workers})
			if err != nil {
				tb.Error(err)
				return
			}
			if s.unpaced {
				slots := semaphore.NewWeighted(int64(s.workers))
				httpClient = &http.Client{Transport: pipeline(&http.Client{Timeout: time.Minute}, slots, nil, DefaultRetryPolicy, nil)}
			}
			c, err := New(Config{BaseURL: base, HTTPClient: httpClient, Tokens: StaticToken(testToken), CorrelationID: testCorrelationID})
			if err != nil {
				tb.Error(err)
				return
			}
			failed := readCustomers(c, run*s.n, s.n, s.workers)
			wall := time.Since(start)
			mu.Lock()
			defer mu.Unlock()
			out.walls[run] = wall
			out.last = max(out.last, wall)
			if failed > 0 {
				out.failed++
			}
		})
	}
	wg.Wait()
	out.refused = timeline.refused.Load()
	out.accepted = timeline.perSecond()
	return out
}

// readCustomers reads customers from..from+n-1, workers at a time, and
// returns how many reads failed.
func readCustomers(c *Client, from, n, workers int) int {
	next := make(chan int)
	var mu sync.Mutex
	failed := 0
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for i := range next {
				if _, err := c.ListSubscribedSKUs(context.Background(), emulator.GeneratedCustomerID(i), AllLicenseGroups); err != nil {
					mu.Lock()
					failed++
					mu.Unlock()
				}
			}
		})
	}
	for i := from; i < from+n; i++ {
		next <- i
	}
	close(next)
	wg.Wait()
	return failed
}

// ideal is the least time the runs' reads can take at the limit's rate.
func (s sharedLimit) ideal() time.Duration {
	return time.Duration(float64(s.runs*s.n) / s.limit.Rate * float64(time.Second))
}

func (s sharedLimit) String() string {
	shape := fmt.Sprintf("bucket %g/s burst %d", s.limit.Rate, s.limit.Burst)
	if s.limit.Window > 0 {
		shape = fmt.Sprintf("windows of %s at %g/s", time.Duration(s.limit.Window), s.limit.Rate)
	}
	return fmt.Sprintf("%d runs × %d customers, %s", s.runs, s.n, shape)
}

// acceptedTimeline counts, per run and per second since start, the reads
// the server accepted; the run is known from the customer, as each run
// reads its own.
type acceptedTimeline struct {
	start time.Time
	run   map[string]int // customer id → run

	refused atomic.Int64

	mu     sync.Mutex
	counts [][]int
}

func newAcceptedTimeline(runs, n int, start time.Time) *acceptedTimeline {
	t := &acceptedTimeline{start: start, run: make(map[string]int, runs*n), counts: make([][]int, runs)}
	for i := range runs * n {
		t.run[emulator.GeneratedCustomerID(i)] = i / n
	}
	return t
}

func (t *acceptedTimeline) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sw := emulatortest.NewStatusWriter(w)
		next.ServeHTTP(sw, r)
		rest, ok := strings.CutPrefix(r.URL.Path, "/v1/customers/")
		id, _, _ := strings.Cut(rest, "/")
		run, known := t.run[id]
		if sw.Status == http.StatusTooManyRequests {
			t.refused.Add(1)
		}
		if !ok || !known || sw.Status != http.StatusOK {
			return
		}
		second := int(time.Since(t.start) / time.Second)
		t.mu.Lock()
		defer t.mu.Unlock()
		for len(t.counts[run]) <= second {
			t.counts[run] = append(t.counts[run], 0)
		}
		t.counts[run][second]++
	})
}

func (t *acceptedTimeline) perSecond() [][]int {
	t.mu.Lock()
	defer t.mu.Unlock()
	out := make([][]int, len(t.counts))
	for i, c := range t.counts {
		out[i] = append([]int(nil), c...)
	}
	return out
}

// formatTimeline writes one line per run of the reads accepted each
// second, and their total.
func formatTimeline(accepted [][]int) string {
	seconds := 0
	for _, c := range accepted {
		seconds = max(seconds, len(c))
	}
	var b strings.Builder
	total := make([]int, seconds)
	for i, c := range accepted {
		fmt.Fprintf(&b, "run %d ", i+1)
		for s := range seconds {
			n := 0
			if s < len(c) {
				n = c[s]
			}
			total[s] += n
			fmt.Fprintf(&b, "%3d", n)
		}
		b.WriteString("\n")
	}
	b.WriteString("total ")
	for _, n := range total {
		fmt.Fprintf(&b, "%3d", n)
	}
	b.WriteString("\n")
	return b.String()
}
