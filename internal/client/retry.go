package client

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/hashicorp/go-retryablehttp"
)

// RetryPolicy bounds how a logical request is retried: 429s (waiting as
// Retry-After says), 5xx other than 501, and transport errors, with
// exponential backoff and jitter in between.
type RetryPolicy struct {
	// MaxRetries is the number of retries after the first attempt; zero
	// disables retrying.
	MaxRetries int
	// MinWait and MaxWait bound the backoff when the server gives no
	// Retry-After.
	MinWait, MaxWait time.Duration
	// MaxRetryAfter caps a server's Retry-After, so that a misbehaving
	// proxy cannot park a plan for hours; the context bounds it too.
	MaxRetryAfter time.Duration
}

// DefaultRetryPolicy rides out a minute or so of throttling or a brief
// outage, which is what Partner Center's throttling windows look like.
var DefaultRetryPolicy = RetryPolicy{MaxRetries: 5, MinWait: time.Second, MaxWait: 30 * time.Second, MaxRetryAfter: 2 * time.Minute}

// newRetryingTransport wraps base in go-retryablehttp. The request, and
// with it MS-RequestId and the rest of the headers, is the same on every
// attempt; each attempt has base's own timeout; waits end at once when the
// request's context does (a cancelled plan). Every attempt of every request
// first waits for pace, shared by every request of the client, which learns
// from 429s how fast Partner Center will take them; nil sends attempts as
// soon as the retry policy allows, for comparison in tests.
func newRetryingTransport(base *http.Client, policy RetryPolicy, logger Logger, pace *pacer) http.RoundTripper {
	if policy.MaxRetryAfter <= 0 {
		policy.MaxRetryAfter = DefaultRetryPolicy.MaxRetryAfter
	}
	rc := &retryablehttp.Client{
		HTTPClient:   base,
		Logger:       nil, // it cannot reach tflog without a context; the hooks below log instead
		RetryWaitMin: policy.MinWait,
		RetryWaitMax: policy.MaxWait,
		RetryMax:     policy.MaxRetries,
		CheckRetry: func(ctx context.Context, resp *http.Response, err error) (bool, error) {
			observePace(ctx, pace, resp, logger)
			return checkRetry(ctx, resp, err)
		},
		Backoff: policy.backoff,
		// The last answer, a 429 or 503 say, reaches the caller as it is,
		// so its Partner Center error body can be reported.
		ErrorHandler: retryablehttp.PassthroughErrorHandler,
		// A pacer wait cut short by a cancelled context needs no handling
		// here: the attempt that follows fails at once with the context's
		// error, which checkRetry does not retry.
		RequestLogHook: func(_ retryablehttp.Logger, req *http.Request, attempt int) {
			logRetry(req, attempt, logger)
			_ = pace.wait(req.Context())
		},
	}
	return &retryablehttp.RoundTripper{Client: rc}
}

// observePace tells the pacer whether the server refused an attempt for
// its rate, and logs when that changes the pace.
func observePace(ctx context.Context, pace *pacer, resp *http.Response, logger Logger) {
	switch {
	case pace == nil || resp == nil:
	case resp.StatusCode == http.StatusTooManyRequests:
		if limit := pace.throttled(); limit > 0 && logger != nil {
			logger.Warn(ctx, "Partner Center is throttling; pacing requests", map[string]any{
				"requests_per_second": math.Round(limit*100) / 100,
			})
		}
	case resp.StatusCode < 500:
		// A 404 counts against the limit as much as a 200 does.
		pace.acceptedAnswer()
	}
}

// checkRetry is go-retryablehttp's default policy (429, 5xx but 501,
// transport errors other than TLS trust, redirect and scheme errors), and
// remembers why each retry happens for the log and the final error.
func checkRetry(ctx context.Context, resp *http.Response, err error) (bool, error) {
	retry, checkErr := retryablehttp.DefaultRetryPolicy(ctx, resp, err)
	if t := attemptsFrom(ctx); t != nil {
		t.attemptEnded(retry, retryReason(resp, err))
	}
	return retry, checkErr
}

func retryReason(resp *http.Response, err error) string {
	if err != nil {
		return err.Error()
	}
	if resp != nil {
		return "HTTP " + strconv.Itoa(resp.StatusCode)
	}
	return "no response"
}

// backoff waits as long as Retry-After asks (seconds or an HTTP date), plus
// up to half again or a second, whichever is less, or else exponentially
// longer with "equal jitter": half the step plus a random part. Either way
// parallel reads that were refused together do not come back in step and
// meet the same limit again.
func (p RetryPolicy) backoff(minWait, maxWait time.Duration, attempt int, resp *http.Response) time.Duration {
	if resp != nil {
		if wait, ok := parseRetryAfter(resp.Header.Get("Retry-After"), time.Now()); ok {
			wait = min(wait, p.MaxRetryAfter)
			return wait + jitter(min(wait/2, time.Second))
		}
	}
	step := maxWait
	if attempt < 30 {
		step = min(maxWait, minWait<<attempt)
	}
	if step <= 0 {
		return 0
	}
	half := step / 2
	return half + jitter(step-half)
}

// jitter is a random wait from zero to upTo.
func jitter(upTo time.Duration) time.Duration {
	if upTo <= 0 {
		return 0
	}
	return rand.N(upTo + 1) //nolint:gosec // G404: jitter needs no cryptographic randomness
}

// maxRetryAfterValue bounds what parseRetryAfter returns, whichever form the
// header takes, so the arithmetic after it cannot overflow; the policy's
// MaxRetryAfter caps the actual wait far lower.
const maxRetryAfterValue = 24 * time.Hour

// parseRetryAfter reads Retry-After in either of its forms: a number of
// seconds, or an HTTP date.
func parseRetryAfter(value string, now time.Time) (time.Duration, bool) {
	if value == "" {
		return 0, false
	}
	if seconds, err := strconv.ParseInt(value, 10, 64); err == nil {
		if seconds < 0 {
			return 0, false
		}
		return time.Duration(min(seconds, int64(maxRetryAfterValue/time.Second))) * time.Second, true
	}
	when, err := http.ParseTime(value)
	if err != nil {
		return 0, false
	}
	return min(max(when.Sub(now), 0), maxRetryAfterValue), true
}

// attempts records the attempts of one logical request. It travels in the
// request's context so the retry hooks, which see only the request, can
// find it.
type attempts struct {
	mu      sync.Mutex
	count   int
	reason  string
	endedAt time.Time
}

type attemptsKey struct{}

func withAttempts(ctx context.Context) (context.Context, *attempts) {
	a := &attempts{}
	return context.WithValue(ctx, attemptsKey{}, a), a
}

func attemptsFrom(ctx context.Context) *attempts {
	a, _ := ctx.Value(attemptsKey{}).(*attempts)
	return a
}

func (a *attempts) attemptEnded(retry bool, reason string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.count++
	a.endedAt = time.Now()
	if retry {
		a.reason = reason
	}
}

// made is how many attempts were made.
func (a *attempts) made() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.count
}

func logRetry(req *http.Request, attempt int, logger Logger) {
	if attempt == 0 || logger == nil {
		return
	}
	ctx := req.Context()
	fields := map[string]any{
		"attempt":        attempt + 1,
		"path":           req.URL.EscapedPath(),
		"request_id":     req.Header.Get("MS-RequestId"),
		"correlation_id": req.Header.Get("MS-CorrelationId"),
	}
	if a := attemptsFrom(ctx); a != nil {
		a.mu.Lock()
		fields["reason"] = a.reason
		fields["waited_ms"] = time.Since(a.endedAt).Milliseconds()
		a.mu.Unlock()
	}
	logger.Warn(ctx, "Retrying Partner Center request", fields)
}

// AfterAttempts says how many attempts a failure outlasted, as " after N
// attempts", or nothing when the request was sent once.
func AfterAttempts(n int) string {
	if n <= 1 {
		return ""
	}
	return fmt.Sprintf(" after %d attempts", n)
}
