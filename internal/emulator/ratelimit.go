package emulator

import (
	"crypto/sha256"
	"math"
	"sync"
	"time"
)

// rateLimiter is a rate_limit fault's counting, in one of the two shapes
// Partner Center's limits are met in (docs/development/partner-center-api.md,
// "Errors and throttling"): a token bucket, or fixed windows. take spends
// one request of key's allowance at now; refused, it returns the seconds
// until the allowance lets one through (a float, not a Duration, which a
// tiny rate would overflow).
type rateLimiter interface {
	take(key bucketKey, now time.Time) (waitSeconds float64, ok bool)
}

// limiter is a rate_limit fault's set of token buckets, one per partner and
// customer pair or one per partner, as the fault's Scope says. It is a
// few lines of arithmetic rather than golang.org/x/time/rate because the
// emulator needs the exact wait to put in Retry-After and nothing else.
type limiter struct {
	rate  float64 // tokens per second, > 0
	burst float64 // bucket size, >= 1

	mu      sync.Mutex
	buckets map[bucketKey]*bucket
}

// bucketKey identifies a partner by a hash of its bearer token, so the raw
// token is kept nowhere but in the request recording tests ask for.
type bucketKey struct {
	partner  [sha256.Size]byte
	customer string // lower-cased path segment; "" for a per-partner bucket
}

type bucket struct {
	tokens float64
	last   time.Time
}

func newLimiter(rate float64, burst int) *limiter {
	return &limiter{rate: rate, burst: float64(burst), buckets: make(map[bucketKey]*bucket)}
}

// partnerKey names the partner a token is for. Partner Center counts its
// limits per partner tenant, so every token of one tenant shares a bucket,
// however many processes (Terraform runs) asked Entra ID for their own: a
// JWT is keyed by its tid claim, tenant. A token without one, such as the
// usual opaque emulator token, is its own partner.
func partnerKey(token, tenant string) [sha256.Size]byte {
	if tenant != "" {
		return sha256.Sum256([]byte("tid:" + tenant))
	}
	return sha256.Sum256([]byte(token))
}

// take spends a token from key's bucket at now. When the bucket is empty it
// returns false and the seconds until a whole token is back (a float, not a
// Duration, which a tiny rate would overflow). A new bucket starts full, so
// the first Burst requests pass at once.
func (l *limiter) take(key bucketKey, now time.Time) (waitSeconds float64, ok bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	b := l.buckets[key]
	if b == nil {
		b = &bucket{tokens: l.burst, last: now}
		l.buckets[key] = b
	}
	// Callers read the clock before queueing on mu, so now may be a hair
	// older than last; never refill by a negative amount.
	if elapsed := now.Sub(b.last); elapsed > 0 {
		b.tokens = math.Min(l.burst, b.tokens+elapsed.Seconds()*l.rate)
		b.last = now
	}
	if b.tokens >= 1 {
		b.tokens--
		return 0, true
	}
	return (1 - b.tokens) / l.rate, false
}

// windowLimiter is a rate_limit fault with a Window: at most limit requests
// per key in each fixed window, the windows being the multiples of window
// since the Unix epoch, so that every key's windows turn over together, as a
// gateway that counts "per minute" turns over on the minute. A refused
// request waits for the window's end, however early in the window it came:
// that is what sets this shape apart from a bucket.
type windowLimiter struct {
	window time.Duration // > 0
	limit  int           // requests per window, >= 1

	mu     sync.Mutex
	counts map[bucketKey]*windowCount
}

type windowCount struct {
	index int64 // which window: now's Unix nanoseconds / window
	n     int   // requests admitted in it
}

func newWindowLimiter(window time.Duration, limit int) *windowLimiter {
	return &windowLimiter{window: window, limit: limit, counts: make(map[bucketKey]*windowCount)}
}

func (l *windowLimiter) take(key bucketKey, now time.Time) (waitSeconds float64, ok bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	c := l.counts[key]
	if c == nil {
		c = &windowCount{index: -1}
		l.counts[key] = c
	}
	// As in limiter.take, now may be a hair older than an earlier caller's:
	// such a request counts in the newer window rather than reopening the
	// old one.
	if index := now.UnixNano() / int64(l.window); index > c.index {
		c.index, c.n = index, 0
	}
	if c.n < l.limit {
		c.n++
		return 0, true
	}
	end := time.Unix(0, (c.index+1)*int64(l.window))
	return end.Sub(now).Seconds(), false
}

// windowLimit is how many requests a window of w admits at rate per
// second: the same average rate as a bucket of that rate, so that the two
// shapes of one rate can be compared. The product is rounded down, with a
// margin for binary fractions (0.7 * 10 is 7.000000000000001, 0.29 * 100
// is 28.999999999999996).
func windowLimit(rate float64, w time.Duration) int {
	n := math.Floor(rate*w.Seconds() + 1e-9)
	if n > math.MaxInt32 {
		return math.MaxInt32
	}
	return int(n)
}

// retryAfterSeconds rounds a wait up to the whole seconds Retry-After
// carries, and to at least 1: "0" would invite an immediate retry that the
// bucket is certain to refuse.
func retryAfterSeconds(waitSeconds float64) int {
	s := math.Ceil(waitSeconds)
	if s < 1 {
		return 1
	}
	if s > math.MaxInt32 { // a tiny rate; keep the header a sane integer
		return math.MaxInt32
	}
	return int(s)
}
