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
	// pacerCut is the multiplicative decrease: a 429 cuts the pace to
	// this share of itself.
	pacerCut = 0.7
	// pacerStep is the least additive increase, in attempts per second
	// gained per second without a 429. Absolute, so that a pace cut low
	// (a run that met the limit when others had taken it) is back to a
	// fair share within seconds at the rates Partner Center sets.
	pacerStep = 1.0
	// pacerGrowth makes the increase a share of the pace set at the last
	// cut when that is larger than pacerStep, so that a high pace climbs
	// back as fast in proportion as a low one.
	pacerGrowth = 0.05
	// pacerProbe is how often the increase gains its first size again:
	// the longer no 429 comes, the faster the pace grows, as TCP CUBIC
	// probes, so that the rate another run frees when it ends is taken up
	// within seconds.
	pacerProbe = 2 * time.Second
	// pacerFloor keeps a pace of at least one attempt per second: the
	// server's Retry-After is counted in whole seconds, so a slower pace
	// would only add waits it did not ask for.
	pacerFloor = 1.0
	// pacerMinHold bounds the hold for a 429 whose wait is a second or
	// none: Retry-After counts whole seconds, so "1" may stand for the few
	// milliseconds a token bucket needs for its next token, and holding a
	// whole second for it would idle a bucket that stores less than a
	// second's worth. Such a 429 holds for one attempt's time at the pace
	// it set, up to this.
	pacerMinHold = time.Second
	// pacerSlowStart is what each accepted answer adds to the pace
	// between the first cut and the second, so that the pace grows
	// as fast as it is answered (about e-fold a second): the first cut
	// is set from a guess, which may be far below the server's rate, and
	// this finds the rate as TCP's slow start does.
	pacerSlowStart = 1.0
	// pacerWindow is how far back the attempts sent are counted, to set
	// the first pace.
	pacerWindow = time.Second
	// pacerSlots divides pacerWindow into slots of 100 ms.
	pacerSlots     = 10
	pacerSlotWidth = pacerWindow / pacerSlots
)

// pacer spaces out the attempts of every request sent through one client,
// so that when Partner Center starts refusing with 429, the parallel reads
// of a plan share the rate it accepts instead of each retrying into the
// limit, and several plans of one partner, each its own process with its
// own pacer, share it too without knowing of each other. It is additive
// increase, multiplicative decrease (AIMD), the rule by which TCP flows
// share a link:
//
//   - no pace at all until the first 429, so an unthrottled plan pays
//     nothing;
//   - a 429 holds every attempt of the client until its wait is over
//     (Retry-After, or the wait the throttle stage read from the
//     gateway's message; a wait of a second or none, which may stand for
//     far less, holds for one attempt's time at the pace, see
//     pacerMinHold). The limit is spent for
//     the whole client, not only for the request that met it: under fixed
//     windows, attempts sent before the window ends would all be refused;
//   - a 429 also cuts the pace, to pacerCut times itself, or on the first
//     429 to pacerCut times the attempts sent over the last second, as
//     the server's rate is not known yet. Only one cut is made per round:
//     a 429 for an attempt sent before the last cut says nothing of the
//     pace that cut set, as the attempts in flight when the limit is met
//     come back 429 together. The cut is on the pace, never on a measure
//     of what the server accepted, which falls to nothing while the
//     client holds for a Retry-After and would cut the pace to its floor;
//   - between the first cut and the second, each accepted answer adds
//     pacerSlowStart to the pace (TCP's slow start), as the first cut was
//     a guess that may be far below the server's rate;
//   - after that, each accepted answer grows the pace by its share of
//     pacerStep attempts per second per second (pacerGrowth of the pace
//     set at the last cut, if more), and the increase itself grows with
//     the time since the hold ended (by its size every pacerProbe), so
//     that the pace keeps probing for the rate other clients leave free.
//
// The pace decides when an attempt may start; Retry-After still decides
// when a refused request is tried again, and the hold that it is not
// tried before the limit allows.
type pacer struct {
	limiter *rate.Limiter
	now     func() time.Time
	maxHold time.Duration // caps a server's wait, as the retry policy does

	mu        sync.Mutex
	holdUntil time.Time // no attempt starts before it
	lastCut   time.Time // zero before the first 429
	cutLimit  float64   // the pace set by the last cut
	cuts      int
	sent      slidingCount
}

func newPacer(now func() time.Time, maxHold time.Duration) *pacer {
	return &pacer{limiter: rate.NewLimiter(rate.Inf, 1), now: now, maxHold: maxHold}
}

// wait blocks until the hold is over and the pace lets another attempt
// start, or ctx ends, and returns when the attempt starts. A nil pacer
// never waits.
func (p *pacer) wait(ctx context.Context) (time.Time, error) {
	if p == nil {
		return time.Time{}, nil
	}
	for {
		if err := p.waitForHold(ctx); err != nil {
			return time.Time{}, err
		}
		now := p.now()
		r := p.limiter.ReserveN(now, 1)
		if err := sleep(ctx, r.DelayFrom(now)); err != nil {
			r.Cancel()
			return time.Time{}, err
		}
		// A 429 that came while this attempt waited for the pace holds
		// it too; it then takes its turn in the pace again, so that the
		// attempts held do not all start at once when the hold ends.
		p.mu.Lock()
		now = p.now()
		held := now.Before(p.holdUntil)
		if !held {
			p.sent.add(now)
		}
		p.mu.Unlock()
		if !held {
			return now, nil
		}
	}
}

func (p *pacer) waitForHold(ctx context.Context) error {
	for {
		p.mu.Lock()
		hold := p.holdUntil.Sub(p.now())
		p.mu.Unlock()
		if hold <= 0 {
			return nil
		}
		if err := sleep(ctx, hold); err != nil {
			return err
		}
	}
}

// sleep waits for d, or until ctx ends.
func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return nil
	}
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-timer.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// throttled records a 429 for an attempt started at sent whose answer asked
// to wait retryAfter (0 if it said nothing). It holds every attempt for
// that long and reports the new pace in attempts per second, or 0 when the
// attempt was sent before the last cut, which stands.
func (p *pacer) throttled(sent time.Time, retryAfter time.Duration) float64 {
	p.mu.Lock()
	defer p.mu.Unlock()
	now := p.now()
	limit := 0.0
	if p.lastCut.IsZero() || sent.After(p.lastCut) {
		basis := p.pace()
		if math.IsInf(basis, 1) {
			basis = float64(p.sent.count(now)) * float64(time.Second) / float64(pacerWindow)
		}
		limit = math.Max(pacerFloor, pacerCut*basis)
		p.limiter.SetLimitAt(now, rate.Limit(limit))
		p.lastCut, p.cutLimit = now, limit
		p.cuts++
	}
	hold := min(retryAfter, p.maxHold)
	if retryAfter <= pacerMinHold {
		// Retry-After counts whole seconds, so "1", or none, may stand for
		// the few milliseconds a token bucket needs for its next token:
		// hold for one attempt's time at the pace, at most pacerMinHold.
		hold = min(pacerMinHold, time.Duration(float64(time.Second)/p.pace()))
	}
	if until := now.Add(hold); until.After(p.holdUntil) {
		p.holdUntil = until
	}
	return limit
}

// acceptedAnswer records an answer the server did not refuse and grows the
// pace, if there is one, by its share of the increase.
func (p *pacer) acceptedAnswer() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.lastCut.IsZero() {
		return
	}
	now := p.now()
	limit := float64(p.limiter.Limit())
	if p.cuts == 1 {
		p.limiter.SetLimitAt(now, rate.Limit(limit+pacerSlowStart))
		return
	}
	since := now.Sub(p.lastCut)
	if p.holdUntil.After(p.lastCut) {
		since = now.Sub(p.holdUntil)
	}
	perSecond := math.Max(pacerStep, pacerGrowth*p.cutLimit) * (1 + max(since, 0).Seconds()/pacerProbe.Seconds())
	// limit answers arrive per second at this pace, so adding
	// perSecond/limit for each adds perSecond per second.
	p.limiter.SetLimitAt(now, rate.Limit(limit+perSecond/limit))
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
