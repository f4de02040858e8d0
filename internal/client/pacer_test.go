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
	return newPacer(clock.now, time.Minute), clock
}

// sendOver records n attempts sent, spread evenly over d, and returns when
// the last was sent.
func sendOver(p *pacer, clock *fakeClock, n int, d time.Duration) time.Time {
	for range n {
		clock.advance(d / time.Duration(n))
		p.mu.Lock()
		p.sent.add(clock.now())
		p.mu.Unlock()
	}
	return clock.now()
}

// acceptOver records n attempts sent and accepted, spread evenly over d.
func acceptOver(p *pacer, clock *fakeClock, n int, d time.Duration) {
	for range n {
		sendOver(p, clock, 1, d/time.Duration(n))
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
	if p.holdUntil.After(clock.now()) {
		t.Fatalf("held until %v with no 429 seen", p.holdUntil)
	}
}

// The first cut is a share of the attempts sent over the last second; the
// 429s of the other attempts in flight then make no cut of their own, and
// only a 429 for an attempt sent after the cut cuts again, from the pace.
func TestPacerCutsOncePerRound(t *testing.T) {
	p, clock := newTestPacer()
	sent := sendOver(p, clock, 40, time.Second)
	first := p.throttled(sent, time.Second)
	// The window is counted in 100 ms slots, so the oldest few may fall out.
	if first < pacerCut*36 || first > pacerCut*40 {
		t.Fatalf("first cut to %v, want %v to %v", first, pacerCut*36, pacerCut*40)
	}
	clock.advance(10 * time.Millisecond)
	if got := p.throttled(sent, time.Second); got != 0 || p.pace() != first {
		t.Fatalf("a 429 for an attempt sent before the cut: cut %v, pace %v; want no cut, pace %v", got, p.pace(), first)
	}
	clock.advance(2 * time.Second)
	later := sendOver(p, clock, 1, 0)
	clock.advance(20 * time.Millisecond)
	if got := p.throttled(later, time.Second); !near(got, pacerCut*first) {
		t.Fatalf("a 429 for an attempt sent after the cut: cut to %v, want %v", got, pacerCut*first)
	}
}

// A 429 holds every attempt for its wait, at least pacerMinHold and at most
// the cap, and a shorter wait later does not end a longer hold.
func TestPacerHoldsForTheWait(t *testing.T) {
	p, clock := newTestPacer()
	start := clock.now()
	for _, step := range []struct {
		name string
		wait time.Duration
		want time.Duration // the hold's end, from start
	}{
		{"57 s", 57 * time.Second, 57 * time.Second},
		{"a shorter wait keeps the longer hold", 2 * time.Second, 57 * time.Second},
		{"capped", time.Hour, time.Minute},
	} {
		p.throttled(clock.now(), step.wait)
		if got := p.holdUntil.Sub(start); got != step.want {
			t.Errorf("%s: held for %v, want %v", step.name, got, step.want)
		}
	}
	// A wait of a second or none may stand for a few milliseconds, as
	// Retry-After counts whole seconds: the hold is one attempt's time at
	// the pace the 429 set, at most pacerMinHold.
	q, clock := newTestPacer()
	q.throttled(clock.now(), 0) // nothing sent: the pace falls to its floor
	if got := q.holdUntil.Sub(clock.now()); got != pacerMinHold {
		t.Errorf("a 429 with no wait, at a pace of %v/s, held for %v, want %v", q.pace(), got, pacerMinHold)
	}
	r, clock := newTestPacer()
	r.throttled(sendOver(r, clock, 100, time.Second), time.Second) // cut to 70/s
	if got, want := r.holdUntil.Sub(clock.now()), time.Duration(float64(time.Second)/r.pace()); got != want {
		t.Errorf("a 429 asking for 1 s at a pace of %v/s held for %v, want %v", r.pace(), got, want)
	}
}

// Between the first cut and the second each answer adds pacerSlowStart;
// after the second the pace grows by pacerStep a second at first, faster
// the longer no 429 comes, counted from the end of the hold.
func TestPacerGrowsBySlowStartThenAdditively(t *testing.T) {
	p, clock := newTestPacer()
	first := p.throttled(sendOver(p, clock, 10, time.Second), time.Second)
	clock.advance(time.Second)
	acceptOver(p, clock, 5, time.Second)
	if want := first + 5*pacerSlowStart; !near(p.pace(), want) {
		t.Fatalf("pace %v after 5 answers in slow start, want %v", p.pace(), want)
	}
	second := p.throttled(clock.now(), 3*time.Second)
	clock.advance(3 * time.Second) // the hold
	var paces []float64
	for range 6 {
		acceptOver(p, clock, max(1, int(p.pace())), time.Second)
		paces = append(paces, p.pace())
	}
	// Second k after the hold adds pacerStep*(1+k/probe), k from 0.5 (its
	// middle): 6 s add pacerStep*(6 + 36/2/probe) in all.
	probe := pacerProbe.Seconds()
	want := second + pacerStep*(6+36/2/probe)
	if got := p.pace(); math.Abs(got-want) > 0.1*want {
		t.Fatalf("pace after 6 s without a 429 is %v, want about %v (from %v; by second %v)", got, want, second, paces)
	}
	if first, last := paces[1]-paces[0], paces[5]-paces[4]; last < 1.5*first {
		t.Errorf("growth in the sixth second %v is not well above the second's %v", last, first)
	}
}

func TestPacerNeverStopsAltogether(t *testing.T) {
	p, clock := newTestPacer()
	clock.advance(time.Hour) // nothing sent in the last second
	if got := p.throttled(clock.now(), 0); got != pacerFloor {
		t.Fatalf("first cut with nothing sent to %v, want the floor %v", got, pacerFloor)
	}
	for range 20 {
		clock.advance(time.Second)
		p.throttled(clock.now(), 0)
	}
	if got := p.pace(); got != pacerFloor {
		t.Fatalf("pace after many cuts %v, want the floor %v", got, pacerFloor)
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
	for name, set := range map[string]func(p *pacer){
		"pace": func(p *pacer) { p.limiter.SetLimit(0.1) }, // one attempt per 10 s
		"hold": func(p *pacer) { p.throttled(time.Now(), 10*time.Second) },
	} {
		t.Run(name, func(t *testing.T) {
			p := newPacer(time.Now, time.Minute)
			if name == "pace" {
				set(p)
			}
			if _, err := p.wait(context.Background()); err != nil {
				t.Fatalf("first attempt: %v", err)
			}
			set(p)
			ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
			defer cancel()
			start := time.Now()
			_, err := p.wait(ctx)
			if err == nil || time.Since(start) > 5*time.Second {
				t.Fatalf("wait returned %v after %v; want the context's error well before 10 s", err, time.Since(start))
			}
		})
	}
}

// An attempt waiting for the pace when a 429 comes is held too, and then
// takes its turn again.
func TestPacerWaitHonorsAHoldThatCameWhileWaiting(t *testing.T) {
	p := newPacer(time.Now, time.Minute)
	p.limiter.SetLimit(10) // an attempt per 100 ms
	if _, err := p.wait(context.Background()); err != nil {
		t.Fatal(err)
	}
	go func() {
		time.Sleep(20 * time.Millisecond)
		p.mu.Lock()
		p.holdUntil = time.Now().Add(300 * time.Millisecond)
		p.mu.Unlock()
	}()
	start := time.Now()
	sent, err := p.wait(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if waited := sent.Sub(start); waited < 300*time.Millisecond {
		t.Fatalf("the attempt started after %v, inside the hold that came while it waited", waited)
	}
}
