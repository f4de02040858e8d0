package client

import (
	"context"
	"errors"
	"io"
	"math"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/sync/semaphore"
)

// Each stage of the pipeline alone, over a stub that stands for the rest.

type stubTransport func(*http.Request) (*http.Response, error)

func (f stubTransport) RoundTrip(req *http.Request) (*http.Response, error) { return f(req) }

func answer(status int, header http.Header, body string) *http.Response {
	if header == nil {
		header = http.Header{}
	}
	return &http.Response{StatusCode: status, Header: header, Body: io.NopCloser(strings.NewReader(body))}
}

func stubRequest(t *testing.T, ctx context.Context) *http.Request {
	t.Helper()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://127.0.0.1/v1/customers", nil)
	if err != nil {
		t.Fatal(err)
	}
	return req
}

func TestLimitStageCapsAttemptsInFlight(t *testing.T) {
	var inFlight, peak atomic.Int64
	slow := stubTransport(func(*http.Request) (*http.Response, error) {
		n := inFlight.Add(1)
		for p := peak.Load(); n > p && !peak.CompareAndSwap(p, n); p = peak.Load() {
		}
		time.Sleep(5 * time.Millisecond)
		return answer(200, nil, "{}"), nil
	})
	stage := limitTransport{next: slow, slots: semaphore.NewWeighted(3)}
	var wg sync.WaitGroup
	for range 24 {
		wg.Go(func() {
			resp, err := stage.RoundTrip(stubRequest(t, context.Background()))
			if err != nil {
				t.Error(err)
				return
			}
			// In flight until the body is closed.
			inFlight.Add(-1)
			_ = resp.Body.Close()
		})
	}
	wg.Wait()
	if p := peak.Load(); p != 3 {
		t.Errorf("peak attempts in flight %d, want 3", p)
	}
}

func TestLimitStageWaitEndsWithTheContext(t *testing.T) {
	slots := semaphore.NewWeighted(1)
	if !slots.TryAcquire(1) {
		t.Fatal("no slot")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	stage := limitTransport{next: stubTransport(func(*http.Request) (*http.Response, error) { return answer(200, nil, ""), nil }), slots: slots}
	resp, err := stage.RoundTrip(stubRequest(t, ctx))
	if err == nil {
		_ = resp.Body.Close()
	}
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("got %v, want the context's deadline", err)
	}
}

func TestPaceStageLearnsFromEachAnswer(t *testing.T) {
	pace := newPacer(time.Now, DefaultRetryPolicy.MaxRetryAfter)
	status := http.StatusTooManyRequests
	stage := paceTransport{next: stubTransport(func(*http.Request) (*http.Response, error) { return answer(status, nil, ""), nil }), pace: pace}
	for range 5 {
		resp, err := stage.RoundTrip(stubRequest(t, context.Background()))
		if err != nil {
			t.Fatal(err)
		}
		_ = resp.Body.Close()
	}
	if math.IsInf(pace.pace(), 1) {
		t.Error("429s through the stage set no pace")
	}
	paced := pace.pace()
	status = http.StatusOK
	resp, err := stage.RoundTrip(stubRequest(t, context.Background()))
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	if pace.pace() <= paced {
		t.Errorf("an accepted answer did not grow the pace from %.2f", paced)
	}
}

func TestThrottleWaitStageCopiesTheMessagesWait(t *testing.T) {
	const body = `{"statusCode": 429, "message": "Rate limit is exceeded. Try again in 57 seconds."}`
	stage := throttleWaitTransport{next: stubTransport(func(*http.Request) (*http.Response, error) { return answer(429, nil, body), nil })}
	resp, err := stage.RoundTrip(stubRequest(t, context.Background()))
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = resp.Body.Close() }()
	if got := resp.Header.Get("Retry-After"); got != "57" {
		t.Errorf("Retry-After %q, want 57", got)
	}
	if got, _ := io.ReadAll(resp.Body); string(got) != body {
		t.Errorf("the body reads %q after the stage, want it whole", got)
	}

	withHeader := throttleWaitTransport{next: stubTransport(func(*http.Request) (*http.Response, error) {
		return answer(429, http.Header{"Retry-After": {"3"}}, body), nil
	})}
	resp, err = withHeader.RoundTrip(stubRequest(t, context.Background()))
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = resp.Body.Close() }()
	if got := resp.Header.Get("Retry-After"); got != "3" {
		t.Errorf("the server's own Retry-After became %q", got)
	}
}
