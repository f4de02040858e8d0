package client

import (
	"context"
	"io"
	"math"
	"net/http"
	"sync"
	"time"

	"golang.org/x/sync/semaphore"
)

// paceTransport is the shared-pace stage: every attempt waits for the pace
// before it is sent, and its answer teaches the pace (see pacer). A nil pace
// sends at once.
type paceTransport struct {
	next   http.RoundTripper
	pace   *pacer
	logger Logger
}

func (t paceTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	sent, err := t.pace.wait(req.Context())
	if err != nil {
		return nil, err
	}
	resp, err := t.next.RoundTrip(req)
	observePace(req.Context(), t.pace, sent, resp, t.logger)
	return resp, err
}

// observePace tells the pacer whether the server refused an attempt sent at
// sent for its rate, and how long it asked to wait, and logs when that
// changes the pace.
func observePace(ctx context.Context, pace *pacer, sent time.Time, resp *http.Response, logger Logger) {
	switch {
	case pace == nil || resp == nil:
	case resp.StatusCode == http.StatusTooManyRequests:
		// The throttle stage below has put a wait given only in the
		// message into Retry-After.
		wait, _ := parseRetryAfter(resp.Header.Get("Retry-After"), pace.now())
		if limit := pace.throttled(sent, wait); limit > 0 && logger != nil {
			logger.Warn(ctx, "Partner Center is throttling; pacing requests", map[string]any{
				"requests_per_second": math.Round(limit*100) / 100,
				"held_ms":             wait.Milliseconds(),
			})
		}
	case resp.StatusCode < 500:
		// A 404 counts against the limit as much as a 200 does.
		pace.acceptedAnswer()
	}
}

// limitTransport is the concurrency stage: at most slots' size attempts are
// in flight at once, from the start of the attempt until its body is closed.
// A nil semaphore sets no limit. The wait for a slot ends with the context.
type limitTransport struct {
	next  http.RoundTripper
	slots *semaphore.Weighted
}

func (t limitTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if t.slots == nil {
		return t.next.RoundTrip(req)
	}
	if err := t.slots.Acquire(req.Context(), 1); err != nil {
		return nil, err
	}
	resp, err := t.next.RoundTrip(req)
	if err != nil {
		t.slots.Release(1)
		return nil, err
	}
	resp.Body = &releasingBody{ReadCloser: resp.Body, release: func() { t.slots.Release(1) }}
	return resp, nil
}

// releasingBody gives the attempt's slot back when the body is closed, once.
type releasingBody struct {
	io.ReadCloser
	once    sync.Once
	release func()
}

func (b *releasingBody) Close() error {
	err := b.ReadCloser.Close()
	b.once.Do(b.release)
	return err
}
