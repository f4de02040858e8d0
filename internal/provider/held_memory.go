package provider

import (
	"runtime/debug"
	"runtime/metrics"
	"sync"
)

// A bulk read holds what it has encoded, which grows to the size of its
// state, while each customer it reads leaves garbage behind (the answer's
// body and its decoded values). Go collects once the heap has grown by as
// much again as was live after the last collection, so with the default
// GOGC of 100 the process would peak near twice the state before the state
// was even written. heldMemory sets Go's soft memory limit while bulk reads
// run to what they hold, an eighth more, and heldMemorySlack, so that the
// garbage is collected as it comes; then it restores the limit that was
// set before. The live heap stays well under the limit, so the collector
// does not thrash (BENCHMARKS.md, "A fleet: memory and size").

// heldMemorySlack is the garbage allowed beside what reads hold: about a
// hundred customers' answers of 80 SKUs of 20 plans between collections,
// whose marking is cheap, as what reads hold is bytes without pointers.
const heldMemorySlack = 32 << 20

// heldMemoryStep is how much the held total moves before the limit is set
// again.
const heldMemoryStep = 4 << 20

// heldMemory is the one process-wide account: concurrent bulk reads add to
// the same total.
var heldMemory = &memoryAccount{set: debug.SetMemoryLimit, inUse: goMemoryInUse}

type memoryAccount struct {
	// set is debug.SetMemoryLimit; inUse is the memory Go holds from the
	// system. Tests replace both.
	set   func(int64) int64
	inUse func() int64

	mu      sync.Mutex
	held    int64 // bytes held by the reads in progress
	applied int64 // the held total the limit was last set for
	base    int64 // the memory in use when the first read began
	before  int64 // the limit before the first read began
}

// hold adds n bytes (negative to give them back) to what reads hold, and
// sets the limit for the new total; back at zero, the limit is the one set
// before.
func (a *memoryAccount) hold(n int64) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.held == 0 && n > 0 {
		a.base, a.before, a.applied = a.inUse(), a.set(-1), 0
	}
	a.held += n
	if a.held <= 0 {
		if a.applied != 0 {
			a.set(a.before)
		}
		a.held, a.applied = 0, 0
		return
	}
	if a.held-a.applied < heldMemoryStep && a.applied-a.held < heldMemoryStep {
		return
	}
	a.applied = a.held
	a.set(min(a.before, a.base+a.held+a.held/8+heldMemorySlack))
}

// goMemoryInUse is the memory the Go runtime holds from the system, less
// what it has handed back: what the soft memory limit counts.
func goMemoryInUse() int64 {
	samples := []metrics.Sample{{Name: "/memory/classes/total:bytes"}, {Name: "/memory/classes/heap/released:bytes"}}
	metrics.Read(samples)
	var total, released int64
	if samples[0].Value.Kind() == metrics.KindUint64 {
		total = int64(samples[0].Value.Uint64()) //nolint:gosec // memory sizes fit in an int64
	}
	if samples[1].Value.Kind() == metrics.KindUint64 {
		released = int64(samples[1].Value.Uint64()) //nolint:gosec // memory sizes fit in an int64
	}
	return total - released
}

// collectBeforeCopy collects the garbage, and hands its memory back to the
// system, before a copy of size bytes is made beside what is live, when
// size is large enough for that to matter: the copy is one span of
// contiguous pages, which the garbage's scattered pages seldom offer, so
// without this it would land on top of them.
func collectBeforeCopy(size int) {
	if size >= releaseToSystemBytes {
		debug.FreeOSMemory()
	}
}
