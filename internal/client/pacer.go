package client

import (
	"context"
	"math"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// Pacing constants. They are not settings: the pacer learns the rate from
// the server's answers, and these only shape how fast it learns.
const (
	// pacerCut is the multiplicative decrease: after a 429 the pace drops
	// to this share of what the server was accepting.
	pacerCut = 0.85
	// pacerGrowth is the increase: the first second without a 429 adds
	// this share of the pace set at the last cut, and each later second
	// adds that much more again, so that a pace cut far below the server's
	// rate (the first measure can be poor) climbs back within seconds,
	// while one cut just below it grows gently.
	pacerGrowth = 0.05
	// pacerCooldown is how long one cut stands before another: the
	// attempts in flight when the limit is hit come back 429 together, and
	// they are one signal, not many.
	pacerCooldown = time.Second
	// pacerFloor keeps a pace of at least one attempt per second: the
	// server's Retry-After is counted in whole seconds, so a slower pace
	// would only add waits it did not ask for.
	pacerFloor = 1.0
	// pacerWindow is how far back accepted answers are counted to measure
	// the rate the server accepts.
	pacerWindow = time.Second
	// pacerSlots divides pacerWindow into slots of 100 ms.
	pacerSlots = 10
)

// pacer spaces out the attempts of every request sent through one client,
// so that when Partner Center starts refusing with 429, the parallel reads
// of a plan share the rate it accepts instead of each retrying into the
// limit. It is additive increase, multiplicative decrease (AIMD), the rule
// TCP uses for the same problem:
//
//   - no pace at all until the first 429, so an unthrottled plan pays
//     nothing;
//   - on the first 429, the pace becomes pacerCut times the rate attempts
//     were sent at so far (over the last second at most): the server's
//     rate is not known yet, as what it accepted so far was mostly its
//     burst allowance, so this only takes the edge off;
//   - on a later 429, at most once per pacerCooldown, the pace becomes
//     pacerCut times what the server accepted over the last second, or
//     times the current pace if that is lower. The server was refusing
//     attempts, so what it accepted is about its limit: less when the
//     reads were waiting out Retry-After rather than sending, which the
//     growth below makes up for; more when it was still spending its
//     burst allowance, which the next cut corrects;
//   - on each accepted answer, the pace grows: by pacerGrowth of the pace
//     set at the last cut per second, times one plus the seconds since the
//     cut, a gentler kin of TCP CUBIC's probing.
//
// The pace only decides when an attempt may start; Retry-After still
// decides when a refused request is tried again.
type pacer struct {
	limiter *rate.Limiter
	now     func() time.Time

	mu        sync.Mutex
	firstSent time.Time
	lastCut   time.Time
	cutLimit  float64 // the pace set by the last cut; 0 before the first
	sent      slidingCount
	accepted  slidingCount
}

func newPacer(now func() time.Time) *pacer {
	return &pacer{limiter: rate.NewLimiter(rate.Inf, 1), now: now}
}

// wait blocks until the pace lets another attempt start, or ctx ends. A
// nil pacer never waits.
func (p *pacer) wait(ctx context.Context) error {
	if p == nil {
		return nil
	}
	now := p.now()
	r := p.limiter.ReserveN(now, 1)
	p.mu.Lock()
	if p.firstSent.IsZero() {
		p.firstSent = now
	}
	p.sent.add(now)
	p.mu.Unlock()
	delay := r.DelayFrom(now)
	if !r.OK() || delay <= 0 {
		// Not OK only if one attempt exceeded the burst of one, which it
		// cannot; never wait forever on it.
		return nil
	}
	timer := time.NewTimer(delay)
	defer timer.Stop()
	select {
	case <-timer.C:
		return nil
	case <-ctx.Done():
		r.Cancel()
		return ctx.Err()
	}
}

// throttled records a 429 and reports the new pace in attempts per second,
// or 0 when the cut was skipped because one was made within pacerCooldown.
func (p *pacer) throttled() float64 {
	p.mu.Lock()
	defer p.mu.Unlock()
	now := p.now()
	if !p.lastCut.IsZero() && now.Sub(p.lastCut) < pacerCooldown {
		return 0
	}
	basis := &p.accepted
	if p.cutLimit == 0 {
		basis = &p.sent
	}
	// A run younger than the window is measured over its own age.
	span := min(pacerWindow, max(now.Sub(p.firstSent), pacerSlotWidth))
	measured := float64(basis.count(now)) * float64(time.Second) / float64(span)
	current := p.pace()
	limit := math.Max(pacerFloor, pacerCut*math.Min(current, measured))
	p.limiter.SetLimitAt(now, rate.Limit(limit))
	p.lastCut, p.cutLimit = now, limit
	return limit
}

// acceptedAnswer records an answer the server did not refuse and grows the
// pace, if there is one, by its share of pacerGrowth.
func (p *pacer) acceptedAnswer() {
	p.mu.Lock()
	defer p.mu.Unlock()
	now := p.now()
	p.accepted.add(now)
	limit := float64(p.limiter.Limit())
	if p.cutLimit == 0 {
		return
	}
	// limit answers arrive per second at this pace, so adding
	// growth/limit for each adds growth per second.
	growth := pacerGrowth * p.cutLimit * (1 + now.Sub(p.lastCut).Seconds())
	p.limiter.SetLimitAt(now, rate.Limit(limit+growth/limit))
}

// pace is the current pace in attempts per second; +Inf before any 429.
func (p *pacer) pace() float64 {
	if limit := p.limiter.Limit(); limit != rate.Inf {
		return float64(limit)
	}
	return math.Inf(1)
}

// slidingCount counts events over the last pacerWindow in pacerSlots slots,
// so it needs no memory per event however fast they come.
type slidingCount struct {
	slots [pacerSlots]struct {
		start time.Time
		n     int
	}
}

const pacerSlotWidth = pacerWindow / pacerSlots

func (c *slidingCount) add(now time.Time) {
	start := now.Truncate(pacerSlotWidth)
	s := &c.slots[start.UnixNano()/int64(pacerSlotWidth)%pacerSlots]
	if !s.start.Equal(start) {
		s.start, s.n = start, 0
	}
	s.n++
}

func (c *slidingCount) count(now time.Time) int {
	oldest := now.Truncate(pacerSlotWidth).Add(-pacerWindow + pacerSlotWidth)
	total := 0
	for _, s := range c.slots {
		if !s.start.Before(oldest) && !s.start.After(now) {
			total += s.n
		}
	}
	return total
}
