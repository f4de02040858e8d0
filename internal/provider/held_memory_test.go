package provider

import (
	"math"
	"testing"
)

// The limit follows what reads hold, in steps, from the memory in use when
// the first began, and is restored to what it was when the last gives its
// bytes back; a limit set before (GOMEMLIMIT) is never raised.
func TestHeldMemorySetsAndRestoresTheLimit(t *testing.T) {
	for _, tc := range []struct {
		name   string
		before int64
		want   []int64 // the limits set, in order
	}{
		{"no limit before", math.MaxInt64, []int64{
			100<<20 + 8<<20 + 1<<20 + heldMemorySlack,
			100<<20 + 16<<20 + 2<<20 + heldMemorySlack,
			math.MaxInt64}},
		{"a lower limit before", 120 << 20, []int64{120 << 20, 120 << 20, 120 << 20}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			limit := tc.before
			var set []int64
			a := &memoryAccount{inUse: func() int64 { return 100 << 20 }, set: func(n int64) int64 {
				old := limit
				if n >= 0 {
					limit = n
					set = append(set, n)
				}
				return old
			}}
			a.hold(1 << 20) // under a step: no limit yet
			a.hold(7 << 20) // 8 MiB held
			a.hold(1 << 20) // 9 MiB: under a step from 8
			a.hold(7 << 20) // 16 MiB
			a.hold(-16 << 20)
			if len(set) != len(tc.want) {
				t.Fatalf("limits set %v, want %v", set, tc.want)
			}
			for i := range set {
				if set[i] != tc.want[i] {
					t.Errorf("limit %d = %d, want %d", i, set[i], tc.want[i])
				}
			}
			if limit != tc.before {
				t.Errorf("the limit after the reads is %d, want the one before, %d", limit, tc.before)
			}
		})
	}
}
