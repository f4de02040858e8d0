package client

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// fastRetry keeps backoff short so the tests run quickly; Retry-After is
// still honored as the server says.
var fastRetry = RetryPolicy{MaxRetries: 3, MinWait: 5 * time.Millisecond, MaxWait: 20 * time.Millisecond}

// recordingLogger keeps the retry warnings in warns and the pacer's in
// paces.
type recordingLogger struct {
	mu           sync.Mutex
	warns, paces []map[string]any
}

func (l *recordingLogger) Debug(context.Context, string, map[string]any) {}
func (l *recordingLogger) Warn(_ context.Context, msg string, fields map[string]any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if strings.Contains(msg, "pacing") {
		l.paces = append(l.paces, fields)
		return
	}
	l.warns = append(l.warns, fields)
}

func retryingClient(t *testing.T, handler http.Handler, policy RetryPolicy, logger Logger) *Client {
	t.Helper()
	return newTestClient(t, handler, func(cfg *Config) {
		hc, err := NewHTTPClient(HTTPOptions{Timeout: 2 * time.Second, Retry: policy, Logger: logger})
		if err != nil {
			t.Fatal(err)
		}
		cfg.HTTPClient = hc
	})
}

// failFirst answers the first n requests with fail, then with the empty
// collection, and records each request's MS-RequestId.
func failFirst(n int64, fail http.HandlerFunc) (http.Handler, *atomic.Int64, *sync.Map) {
	var calls atomic.Int64
	ids := &sync.Map{}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ids.Store(r.Header.Get("MS-RequestId"), true)
		if calls.Add(1) <= n {
			fail(w, r)
			return
		}
		respond(200, "application/json", `{"totalCount":0,"items":[]}`)(w, r)
	}), &calls, ids
}

func TestRetriesTransientAnswersWithOneRequestID(t *testing.T) {
	cases := map[string]http.HandlerFunc{
		"429 with Retry-After seconds": func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Retry-After", "1")
			respond(429, "application/json", `{"statusCode":429,"message":"Rate limit is exceeded. Try again in 1 seconds."}`)(w, r)
		},
		"429 with Retry-After date": func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Retry-After", time.Now().Add(time.Second).UTC().Format(http.TimeFormat))
			respond(429, "application/json", `{"statusCode":429,"message":"slow down"}`)(w, r)
		},
		"503":      respond(503, "application/json", `{"code":"ServiceUnavailable","description":"try later"}`),
		"502 html": respond(502, "text/html", "<html><title>502 Bad Gateway</title></html>"),
		"connection reset": func(w http.ResponseWriter, _ *http.Request) {
			conn, _, _ := w.(http.Hijacker).Hijack()
			_ = conn.(*net.TCPConn).SetLinger(0)
			_ = conn.Close()
		},
	}
	for name, fail := range cases {
		t.Run(name, func(t *testing.T) {
			handler, calls, ids := failFirst(2, fail)
			logger := &recordingLogger{}
			c := retryingClient(t, handler, fastRetry, logger)
			if _, err := c.ListSubscribedSKUs(context.Background(), seedCustomerID, nil); err != nil {
				t.Fatalf("not survived: %v", err)
			}
			if calls.Load() != 3 {
				t.Errorf("%d attempts, want 3", calls.Load())
			}
			distinct := 0
			ids.Range(func(any, any) bool { distinct++; return true })
			if distinct != 1 {
				t.Errorf("%d distinct MS-RequestId values across the retries, want 1", distinct)
			}
			if len(logger.warns) != 2 || logger.warns[1]["attempt"] != 3 || logger.warns[0]["reason"] == "" {
				t.Errorf("retry log = %v, want two warnings with attempt and reason", logger.warns)
			}
			// Only a 429 is about the rate, and it says what pace follows.
			throttled := strings.HasPrefix(name, "429")
			if len(logger.paces) == 0 == throttled || (throttled && logger.paces[0]["requests_per_second"] == nil) {
				t.Errorf("pacing log = %v after %s", logger.paces, name)
			}
		})
	}
}

func TestRetryAfterIsWaited(t *testing.T) {
	handler, _, _ := failFirst(1, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "1")
		respond(429, "application/json", `{}`)(w, r)
	})
	c := retryingClient(t, handler, fastRetry, nil)
	started := time.Now()
	if _, err := c.ListSubscribedSKUs(context.Background(), seedCustomerID, nil); err != nil {
		t.Fatal(err)
	}
	if elapsed := time.Since(started); elapsed < 900*time.Millisecond {
		t.Errorf("retried after %s, before Retry-After's 1s", elapsed)
	}
}

func TestPermanentAnswersAreNotRetried(t *testing.T) {
	for _, status := range []int{400, 401, 403, 404, 501} {
		handler, calls, _ := failFirst(100, respond(status, "application/json", `{"code":1,"description":"no"}`))
		c := retryingClient(t, handler, fastRetry, nil)
		_, err := c.ListSubscribedSKUs(context.Background(), seedCustomerID, nil)
		var apiErr *APIError
		if !errors.As(err, &apiErr) || apiErr.StatusCode != status || apiErr.Attempts != 1 {
			t.Errorf("HTTP %d: err = %v", status, err)
		}
		if calls.Load() != 1 {
			t.Errorf("HTTP %d was sent %d times, want once", status, calls.Load())
		}
	}
}

func TestRetriesExhaustedReportTheLastAnswer(t *testing.T) {
	handler, calls, _ := failFirst(100, respond(503, "application/json", `{"code":"Busy","description":"still busy"}`))
	c := retryingClient(t, handler, fastRetry, nil)
	_, err := c.ListSubscribedSKUs(context.Background(), seedCustomerID, nil)
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 503 || apiErr.Code != "Busy" || apiErr.Attempts != 4 {
		t.Fatalf("err = %v, want the last 503 with its body after 4 attempts", err)
	}
	if !strings.Contains(err.Error(), "after 4 attempts") || calls.Load() != 4 {
		t.Errorf("err %q, %d calls", err, calls.Load())
	}
}

func TestCancelStopsARetryAfterWaitAtOnce(t *testing.T) {
	handler, _, _ := failFirst(100, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "60")
		respond(429, "application/json", `{}`)(w, r)
	})
	c := retryingClient(t, handler, fastRetry, nil)
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(200*time.Millisecond, cancel)
	started := time.Now()
	_, err := c.ListSubscribedSKUs(ctx, seedCustomerID, nil)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	// Well under the 60 s asked for, with room for a loaded CI machine.
	if elapsed := time.Since(started); elapsed > 10*time.Second {
		t.Errorf("returned %s after the cancel; the 60s wait was not interrupted", elapsed)
	}
}

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2026, 11, 22, 3, 0, 0, 0, time.UTC)
	cases := []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"57", 57 * time.Second, true},
		{"0", 0, true},
		{now.Add(90 * time.Second).Format(http.TimeFormat), 90 * time.Second, true},
		{now.Add(-time.Minute).Format(http.TimeFormat), 0, true},
		{"Sun, 22 Nov 2026 03:00:30 GMT", 30 * time.Second, true},
		{"", 0, false}, {"-5", 0, false}, {"soon", 0, false},
		{"999999999999", 24 * time.Hour, true},
		{"Fri, 01 Dec 2100 00:00:00 GMT", 24 * time.Hour, true},
	}
	for _, tc := range cases {
		got, ok := parseRetryAfter(tc.in, now)
		if got != tc.want || ok != tc.ok {
			t.Errorf("parseRetryAfter(%q) = %s, %v; want %s, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

func TestBackoffGrowsWithJitterWithinBounds(t *testing.T) {
	p := RetryPolicy{MaxRetryAfter: time.Minute}
	for attempt := range 8 {
		step := min(30*time.Second, time.Second<<attempt)
		for range 50 {
			got := p.backoff(time.Second, 30*time.Second, attempt, nil)
			if got < step/2 || got > step {
				t.Fatalf("attempt %d: wait %s outside [%s, %s]", attempt, got, step/2, step)
			}
		}
	}
	resp := &http.Response{Header: http.Header{"Retry-After": {"600"}}}
	if got := p.backoff(time.Second, 30*time.Second, 0, resp); got < time.Minute || got > time.Minute+time.Second {
		t.Errorf("Retry-After 600 with a 1m cap waited %s, want 1m plus at most 1s of jitter", got)
	}
	resp = &http.Response{Header: http.Header{"Retry-After": {"1"}}}
	for range 50 {
		if got := p.backoff(time.Second, 30*time.Second, 0, resp); got < time.Second || got > 1500*time.Millisecond {
			t.Fatalf("Retry-After 1 waited %s, want 1s to 1.5s", got)
		}
	}
}

func FuzzParseRetryAfter(f *testing.F) {
	for _, seed := range []string{"57", "0", "-1", "Fri, 31 Dec 1999 23:59:59 GMT", "soon", "99999999999999999999"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, value string) {
		if d, ok := parseRetryAfter(value, time.Now()); ok && (d < 0 || d > 24*time.Hour) {
			t.Fatalf("parseRetryAfter(%q) = %s", value, d)
		}
	})
}

func TestAHostThatDoesNotExistIsNotRetried(t *testing.T) {
	ctx, _ := withAttempts(context.Background())
	notFound := &url.Error{Op: "Get", URL: "https://api.partnercenter.example", Err: &net.OpError{Op: "dial", Err: &net.DNSError{Err: "no such host", Name: "api.partnercenter.example", IsNotFound: true}}}
	if retry, _ := checkRetry(ctx, nil, notFound); retry {
		t.Error("a host that does not exist was retried")
	}
	timeout := &url.Error{Op: "Get", URL: "https://api.partnercenter.microsoft.com", Err: &net.DNSError{Err: "i/o timeout", IsTimeout: true}}
	if retry, _ := checkRetry(ctx, nil, timeout); !retry {
		t.Error("a DNS timeout, which may pass, was not retried")
	}
}
