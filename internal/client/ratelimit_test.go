package client

import (
	"fmt"
	"testing"
	"time"
)

// TestPacedReadsShareTheRateLimit reads 600 customers, 10 at a time,
// through a server that answers in 20 ms and accepts 100 a second after a
// burst of 100. The pacer should find that rate from the first refusals
// and keep the reads under it: every read succeeds, and after the first
// wave (one refusal per read in flight) it draws at most about two 429s a
// second, one per cut and its stragglers. The same reads unpaced, run
// beside it for comparison, draw twice that or more.
func TestPacedReadsShareTheRateLimit(t *testing.T) {
	if testing.Short() {
		t.Skip("sends 1200 reads against a rate-limited server")
	}
	const n, workers, perSecond, burst = 600, 10, 100, 100
	const maxRefusals = workers + 2*n/perSecond

	unpacedServer := startLimitedServer(t, perSecond, burst, 20*time.Millisecond)
	unpaced := readAll(t, unpacedServer.url, n, workers, false)
	pacedServer := startLimitedServer(t, perSecond, burst, 20*time.Millisecond)
	paced := readAll(t, pacedServer.url, n, workers, true)
	t.Logf("unpaced: %v, %d refused, %d errors; paced: %v, %d refused, %d errors",
		unpaced.wall, unpacedServer.refused.Load(), len(unpaced.errors),
		paced.wall, pacedServer.refused.Load(), len(paced.errors))

	for _, err := range paced.errors {
		t.Errorf("paced read failed: %v", err)
	}
	if got := pacedServer.accepted.Load(); got != n {
		t.Errorf("server accepted %d reads, want %d", got, n)
	}
	if refused := pacedServer.refused.Load(); refused > maxRefusals {
		t.Errorf("paced reads drew %d 429s, want at most %d", refused, maxRefusals)
	}
}

// BenchmarkReadsUnderARateLimit measures issue 6's rate-limit target: N
// reads, 10 at a time, through a server allowing R a second per partner,
// should finish with no error in at most 1.15 × N/R. It reports the wall
// time as a multiple of N/R ("x_N/R"), the 429s drawn and the reads that
// failed, paced and, for comparison, unpaced, for bursts of one second's
// worth, less, and more.
func BenchmarkReadsUnderARateLimit(b *testing.B) {
	const n, workers = 1000, 10
	for _, limit := range []struct {
		perSecond float64
		burst     int
	}{{50, 1}, {50, 50}, {50, 500}, {200, 50}} {
		for _, paced := range []bool{true, false} {
			name := fmt.Sprintf("R=%g/burst=%d/paced=%t", limit.perSecond, limit.burst, paced)
			b.Run(name, func(b *testing.B) {
				var refused, failed int64
				var wall time.Duration
				for b.Loop() {
					srv := startLimitedServer(b, limit.perSecond, limit.burst, 20*time.Millisecond)
					res := readAll(b, srv.url, n, workers, paced)
					refused += srv.refused.Load()
					failed += int64(len(res.errors))
					wall += res.wall
				}
				ideal := time.Duration(float64(n) / limit.perSecond * float64(time.Second))
				b.ReportMetric(float64(wall)/float64(b.N)/float64(ideal), "x_N/R")
				b.ReportMetric(float64(refused)/float64(b.N), "429s/op")
				b.ReportMetric(float64(failed)/float64(b.N), "failed/op")
			})
		}
	}
}
