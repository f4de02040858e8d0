package emulator

import (
	"math"
	"testing"
	"time"
)

func TestLimiterTake(t *testing.T) {
	l := newLimiter(1, 2) // 1 token/s, bucket of 2
	a := bucketKey{partner: partnerKey("a", ""), customer: contoso}
	b := bucketKey{partner: partnerKey("b", ""), customer: contoso}
	t0 := time.Unix(1_700_000_000, 0)
	steps := []takeStep{
		{"full bucket", a, 0, true, 0},
		{"burst", a, 0, true, 0},
		{"empty", a, 0, false, 1},
		{"other partner has its own bucket", b, 0, true, 0},
		{"half a token back", a, 500 * time.Millisecond, false, 0.5},
		{"clock read before the last take does not refill", a, 100 * time.Millisecond, false, 0.5},
		{"a token back", a, time.Second, true, 0},
		{"refill is capped at the burst", a, 10 * time.Second, true, 0},
		{"second of the burst", a, 10 * time.Second, true, 0},
		{"and no more", a, 10 * time.Second, false, 1},
	}
	checkTakes(t, l, t0, steps)
}

func TestRetryAfterSeconds(t *testing.T) {
	tests := []struct {
		wait float64
		want int
	}{
		{0, 1},
		{0.2, 1},
		{1, 1},
		{1.01, 2},
		{9.9, 10},
		{1e300, math.MaxInt32},
	}
	for _, tt := range tests {
		if got := retryAfterSeconds(tt.wait); got != tt.want {
			t.Errorf("retryAfterSeconds(%v) = %d, want %d", tt.wait, got, tt.want)
		}
	}
}

func TestPartnerKeyIsAHash(t *testing.T) {
	k := partnerKey(testToken, "")
	if k == partnerKey("other", "") || string(k[:]) == testToken {
		t.Errorf("partnerKey(%q) = %x", testToken, k)
	}
}

// Partner Center counts per partner tenant: two tokens of one tenant, as
// two Terraform runs each get, share a bucket; another tenant's do not.
func TestPartnerKeyIsTheTenant(t *testing.T) {
	a := jwtWith(t, map[string]any{"tid": "tenant-1", "uti": "a"})
	b := jwtWith(t, map[string]any{"tid": "tenant-1", "uti": "b"})
	c := jwtWith(t, map[string]any{"tid": "tenant-2"})
	partner := func(token string) [32]byte { return callerOf(token, false).partner }
	if partner(a) != partner(b) {
		t.Error("two tokens of one tenant are two partners")
	}
	if partner(a) == partner(c) {
		t.Error("two tenants share a partner key")
	}
}

func TestWindowLimiterTake(t *testing.T) {
	l := newWindowLimiter(10*time.Second, 2)
	a := bucketKey{partner: partnerKey("a", "")}
	b := bucketKey{partner: partnerKey("b", "")}
	// A window boundary: windows are multiples of 10 s since the epoch.
	w0 := time.Unix(1_700_000_000, 0)
	steps := []takeStep{
		{"first of the window", a, 2 * time.Second, true, 0},
		{"second", a, 3 * time.Second, true, 0},
		{"over: wait to the window's end, not a token's", a, 3 * time.Second, false, 7},
		{"later in the window, a shorter wait", a, 9500 * time.Millisecond, false, 0.5},
		{"other partner, own count", b, 9500 * time.Millisecond, true, 0},
		{"clock read before the last take stays in the window", a, 9 * time.Second, false, 1},
		{"the next window", a, 10 * time.Second, true, 0},
		{"its second", a, 19 * time.Second, true, 0},
		{"and no more, however idle the window was", a, 19 * time.Second, false, 1},
		{"an idle window does not carry over", a, 45 * time.Second, true, 0},
	}
	checkTakes(t, l, w0, steps)
}

func TestWindowLimit(t *testing.T) {
	tests := []struct {
		rate   float64
		window time.Duration
		want   int
	}{
		{20, 10 * time.Second, 200},
		{0.7, 10 * time.Second, 7},
		{0.29, 100 * time.Second, 29},
		{0.5, 3 * time.Second, 1},
		{0.1, time.Second, 0},
		{1e300, time.Hour, math.MaxInt32},
	}
	for _, tt := range tests {
		if got := windowLimit(tt.rate, tt.window); got != tt.want {
			t.Errorf("windowLimit(%v, %v) = %d, want %d", tt.rate, tt.window, got, tt.want)
		}
	}
}

// takeStep is one take from a limiter: at a time after the test's start,
// whether it is allowed, and the wait it reports when it is not.
type takeStep struct {
	name     string
	key      bucketKey
	at       time.Duration
	ok       bool
	wantWait float64
}

// checkTakes takes each step from l in order, start+at being its clock.
func checkTakes(t *testing.T, l interface {
	take(bucketKey, time.Time) (float64, bool)
}, start time.Time, steps []takeStep) {
	t.Helper()
	for _, s := range steps {
		wait, ok := l.take(s.key, start.Add(s.at))
		if ok != s.ok || math.Abs(wait-s.wantWait) > 1e-9 {
			t.Errorf("%s: take = (%v, %v), want (%v, %v)", s.name, wait, ok, s.wantWait, s.ok)
		}
	}
}
