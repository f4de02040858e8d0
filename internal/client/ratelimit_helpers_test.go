package client

import (
	"context"
	"fmt"
	"math"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/time/rate"
)

// limitedServer answers subscribedskus reads with the seed body, after
// latency, while a token bucket of rate per second and burst allows, and
// 429 with the whole seconds until the next token in Retry-After otherwise,
// as Partner Center does for a per-partner limit.
type limitedServer struct {
	url               string
	refused, accepted atomic.Int64
}

func startLimitedServer(tb testing.TB, perSecond float64, burst int, latency time.Duration) *limitedServer {
	tb.Helper()
	body := seedBody(tb)
	bucket := rate.NewLimiter(rate.Limit(perSecond), burst)
	s := &limitedServer{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		time.Sleep(latency)
		r := bucket.Reserve()
		if wait := r.Delay(); wait > 0 {
			r.Cancel()
			s.refused.Add(1)
			w.Header().Set("Retry-After", strconv.Itoa(int(math.Max(1, math.Ceil(wait.Seconds())))))
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusTooManyRequests)
			_, _ = w.Write([]byte(`{"statusCode": 429, "message": "Rate limit is exceeded. Try again in 1 seconds."}`))
			return
		}
		s.accepted.Add(1)
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(body)
	}))
	tb.Cleanup(srv.Close)
	s.url = srv.URL
	return s
}

// readsResult is what readAll saw.
type readsResult struct {
	wall   time.Duration
	errors []error
}

// readAll reads n distinct customers' SKUs through one client with the
// default retry policy, workers at a time, as a Terraform plan with
// -parallelism=workers does; paced says whether the client adapts its pace.
func readAll(tb testing.TB, serverURL string, n, workers int, paced bool) readsResult {
	tb.Helper()
	var pace *pacer
	if paced {
		pace = newPacer(time.Now, DefaultRetryPolicy.MaxRetryAfter)
	}
	return readAllWith(tb, serverURL, n, workers, pace)
}

func readAllWith(tb testing.TB, serverURL string, n, workers int, pace *pacer) readsResult {
	base, err := ParseEndpoint(serverURL)
	if err != nil {
		tb.Fatal(err)
	}
	httpClient := &http.Client{Transport: pipeline(&http.Client{Timeout: time.Minute}, nil, pace, DefaultRetryPolicy, nil)}
	c, err := New(Config{BaseURL: base, HTTPClient: httpClient, Tokens: StaticToken(testToken), CorrelationID: testCorrelationID})
	if err != nil {
		tb.Fatal(err)
	}
	next := make(chan int)
	var mu sync.Mutex
	var res readsResult
	var wg sync.WaitGroup
	start := time.Now()
	for range workers {
		wg.Go(func() {
			for i := range next {
				customer := fmt.Sprintf("%08x-0000-4000-8000-%012x", i, i)
				if _, err := c.ListSubscribedSKUs(context.Background(), customer, AllLicenseGroups); err != nil {
					mu.Lock()
					res.errors = append(res.errors, err)
					mu.Unlock()
				}
			}
		})
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
	res.wall = time.Since(start)
	return res
}
