package client

import (
	"context"
	"math"
	"testing"
	"time"
)

// fakeClock is a settable time source for the pacer's arithmetic.
type fakeClock struct{ t time.Time }

func (c *fakeClock) now() time.Time          { return c.t }
func (c *fakeClock) advance(d time.Duration) { c.t = c.t.Add(d) }

func newTestPacer() (*pacer, *fakeClock) {
	clock := &fakeClock{t: time.Date(2026, 11, 22, 4, 0, 0, 0, time.UTC)}
	return newPacer(clock.now), clock
}

// acceptOver records n attempts sent and accepted, spread evenly over d.
func acceptOver(p *pacer, clock *fakeClock, n int, d time.Duration) {
	for range n {
		clock.advance(d / time.Duration(n))
		p.mu.Lock()
		if p.firstSent.IsZero() {
			p.firstSent = clock.now()
		}
		p.sent.add(clock.now())
		p.mu.Unlock()
		p.acceptedAnswer()
	}
}

func near(got, want float64) bool { return math.Abs(got-want) < 0.01*want }

func TestPacerIsUnlimitedUntilTheFirst429(t *testing.T) {
	p, clock := newTestPacer()
	acceptOver(p, clock, 500, time.Second)
	if !math.IsInf(p.pace(), 1) {
		t.Fatalf("pace %v before any 429, want +Inf", p.pace())
	}
	for i := range 100 {
		if d := p.limiter.ReserveN(clock.now(), 1).DelayFrom(clock.now()); d != 0 {
			t.Fatalf("attempt %d delayed %v with no 429 seen", i, d)
		}
	}
}

func TestPacerCutsToWhatTheServerAccepted(t *testing.T) {
	p, clock := newTestPacer()
	acceptOver(p, clock, 50, time.Second) // the server took 50 in the last second
	// The window is counted in 100 ms slots, so the oldest few may fall out.
	first := p.throttled()
	if first < pacerCut*45 || first > pacerCut*50 {
		t.Fatalf("first cut to %v, want %v to %v", first, pacerCut*45, pacerCut*50)
	}
	// The rest of the attempts in flight come back 429 too: one signal.
	clock.advance(10 * time.Millisecond)
	if got := p.throttled(); got != 0 || p.pace() != first {
		t.Fatalf("second 429 within the cooldown: cut %v, pace %v; want no cut, pace %v", got, p.pace(), first)
	}
	// After the cooldown, a 429 cuts again, from the current pace when the
	// server accepted more than that.
	acceptOver(p, clock, 60, pacerCooldown)
	before := p.pace()
	if got := p.throttled(); !near(got, pacerCut*before) {
		t.Fatalf("cut after the cooldown to %v, want %v", got, pacerCut*before)
	}
}

func TestPacerGrowsFasterTheLongerNo429Comes(t *testing.T) {
	p, clock := newTestPacer()
	acceptOver(p, clock, 40, time.Second)
	cut := p.throttled()
	// Second k after the cut adds about pacerGrowth*cut*(1+k), k from 0.5
	// (its middle): 10 s add pacerGrowth*cut*(10 + 10*10/2) in all.
	var paces []float64
	for range 10 {
		acceptOver(p, clock, int(p.pace()), time.Second)
		paces = append(paces, p.pace())
	}
	// The answers per second are whole numbers, so the sum runs a little low.
	want := cut * (1 + pacerGrowth*(10+10*10/2))
	if got := p.pace(); math.Abs(got-want) > 0.1*want {
		t.Fatalf("pace after 10 s without a 429 is %v, want about %v (from %v; by second %v)", got, want, cut, paces)
	}
	if first, last := paces[1]-paces[0], paces[9]-paces[8]; last < 3*first {
		t.Errorf("growth in the tenth second %v is not well above the second's %v", last, first)
	}
}

func TestPacerNeverStopsAltogether(t *testing.T) {
	p, clock := newTestPacer()
	// Nothing accepted in the last second: the measured rate is zero.
	clock.advance(time.Hour)
	if got := p.throttled(); got != pacerFloor {
		t.Fatalf("cut with nothing accepted to %v, want the floor %v", got, pacerFloor)
	}
}

func TestSlidingCountForgetsOldEvents(t *testing.T) {
	var c slidingCount
	start := time.Date(2026, 11, 22, 4, 0, 0, 0, time.UTC)
	for i := range 20 { // 20 events over 2 s
		c.add(start.Add(time.Duration(i) * 100 * time.Millisecond))
	}
	now := start.Add(1950 * time.Millisecond)
	if got := c.count(now); got != pacerSlots {
		t.Fatalf("count over the last window = %d, want %d", got, pacerSlots)
	}
	if got := c.count(now.Add(time.Minute)); got != 0 {
		t.Fatalf("count a minute later = %d, want 0", got)
	}
}

func TestPacerWaitEndsWithTheContext(t *testing.T) {
	p := newPacer(time.Now)
	p.limiter.SetLimit(0.1) // one attempt per 10 s
	if err := p.wait(context.Background()); err != nil {
		t.Fatalf("first attempt: %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	start := time.Now()
	err := p.wait(ctx)
	if err == nil || time.Since(start) > 5*time.Second {
		t.Fatalf("wait returned %v after %v; want the context's error well before the 10 s pace", err, time.Since(start))
	}
}
