package client

import (
	"fmt"
	"testing"
	"time"

	"github.com/partnercenter-terraform/terraform-provider-partnercenter/internal/emulator"
)

// sharedShapes are the two shapes one partner's limit of rate per second
// is met in: a token bucket with a second's burst, whose 429s carry
// Retry-After in whole seconds, and fixed windows of window, whose 429s say
// the wait to the window's end only in the gateway's message.
func sharedShapes(rate float64, window time.Duration) map[string]emulator.Fault {
	return map[string]emulator.Fault{
		"bucket": {Kind: emulator.FaultRateLimit, Rate: rate, Burst: int(rate), Scope: emulator.ScopePartner},
		"window": {Kind: emulator.FaultRateLimit, Rate: rate, Window: emulator.Duration(window), Scope: emulator.ScopePartner},
	}
}

// TestRunsShareOnePartnersLimit is issue 17's target without Terraform:
// four runs, each its own client and so its own pace, read their own
// customers against one partner's 20/s. Each pace learns only from its own
// 429s, yet together they must keep the limit busy: every read succeeds,
// the last run ends within 1.25 × N/R, and they draw no more 429s than
// there are reads, under either shape of the limit.
func TestRunsShareOnePartnersLimit(t *testing.T) {
	if testing.Short() {
		t.Skip("four runs of 100 reads at 20/s, twice")
	}
	for name, limit := range sharedShapes(20, 5*time.Second) {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			s := sharedLimit{runs: 4, n: 100, workers: 10, latency: 20 * time.Millisecond, limit: limit}
			out := s.run(t)
			t.Logf("%s: walls %v, %d 429s, accepted per second:\n%s", s, out.walls, out.refused, formatTimeline(out.accepted))
			if out.failed > 0 {
				t.Errorf("%d runs failed", out.failed)
			}
			if limit := 1.25 * s.ideal().Seconds(); out.last.Seconds() > limit {
				t.Errorf("the last run ended after %.1f s, more than 1.25 × N/R = %.1f s", out.last.Seconds(), limit)
			}
			if total := int64(s.runs * s.n); out.refused > total {
				t.Errorf("%d 429s for %d reads", out.refused, total)
			}
		})
	}
}

// BenchmarkRunsSharingALimit is make bench's shared-limit case without
// Terraform: 4 runs of 150 customers on one partner's 20/s, each run its
// own client, paced and, for comparison, unpaced. It reports the last
// run's end as a multiple of N/R, the 429s and the runs that failed.
func BenchmarkRunsSharingALimit(b *testing.B) {
	for name, limit := range sharedShapes(20, 10*time.Second) {
		for _, paced := range []bool{true, false} {
			b.Run(fmt.Sprintf("%s/paced=%t", name, paced), func(b *testing.B) {
				s := sharedLimit{runs: 4, n: 150, workers: 10, latency: 20 * time.Millisecond, limit: limit, unpaced: !paced}
				var last time.Duration
				var refused, failed int64
				for b.Loop() {
					out := s.run(b)
					last += out.last
					refused += out.refused
					failed += int64(out.failed)
				}
				b.ReportMetric(last.Seconds()/float64(b.N)/s.ideal().Seconds(), "x_N/R")
				b.ReportMetric(float64(refused)/float64(b.N), "429s/op")
				b.ReportMetric(float64(failed)/float64(b.N), "failed/op")
			})
		}
	}
}
