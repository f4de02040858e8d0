package client

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
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

// newRetryTransport is the retry stage: go-retryablehttp over next. The
// request, and with it MS-RequestId and the rest of the headers, is the same
// on every attempt; waits end at once when the request's context does (a
// cancelled plan). The last answer, a 429 or 503 say, reaches the caller as
// it is, so that its Partner Center error body can be reported.
func newRetryTransport(next http.RoundTripper, policy RetryPolicy, logger Logger) http.RoundTripper {
	if policy.MaxRetryAfter <= 0 {
		policy.MaxRetryAfter = DefaultRetryPolicy.MaxRetryAfter
	}
	rc := &retryablehttp.Client{
		HTTPClient:   &http.Client{Transport: next},
		Logger:       nil, // it cannot reach tflog without a context; logRetry does
		RetryWaitMin: policy.MinWait,
		RetryWaitMax: policy.MaxWait,
		RetryMax:     policy.MaxRetries,
		CheckRetry:   checkRetry,
		Backoff:      policy.backoff,
		ErrorHandler: retryablehttp.PassthroughErrorHandler,
		// Logging only: every stage is a transport of its own.
		RequestLogHook: func(_ retryablehttp.Logger, req *http.Request, attempt int) { logRetry(req, attempt, logger) },
	}
	return &retryablehttp.RoundTripper{Client: rc}
}

// checkRetry is go-retryablehttp's default policy (429, 5xx but 501,
// transport errors other than TLS trust, redirect and scheme errors, and
// here a host name that does not exist), and
// remembers why each retry happens for the log and the final error.
func checkRetry(ctx context.Context, resp *http.Response, err error) (bool, error) {
	retry, checkErr := retryablehttp.DefaultRetryPolicy(ctx, resp, err)
	// A host name that does not exist will not exist in a second either:
	// a wrong endpoint fails at once instead of after every retry.
	var dnsErr *net.DNSError
	if errors.As(err, &dnsErr) && dnsErr.IsNotFound {
		retry = false
	}
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
