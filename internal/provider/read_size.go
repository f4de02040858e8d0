package provider

import (
	"errors"
	"fmt"
	"strings"
	"sync/atomic"

	"github.com/hashicorp/terraform-plugin-framework/diag"
)

// A data source's state reaches Terraform as one plugin message, which
// Terraform caps at 256 MiB; past that the plan fails with a bare gRPC
// "ResourceExhausted" and no hint of the data source or of a remedy. Well
// before it, Terraform itself takes minutes and gigabytes over the state
// (BENCHMARKS.md, "A fleet: memory and size"). So reads count what they
// return: past largeReadWarningMiB they warn, and past max_read_size_mib
// they fail, a bulk read as soon as it gets there, with in-flight requests
// cancelled.

// largeReadWarningMiB is where a read warns: the size at which Terraform's
// own time and memory over one state grow past what a plan should cost
// (BENCHMARKS.md, "A fleet: memory and size").
const largeReadWarningMiB = 32

const (
	summaryLargeRead    = "Large Read"
	summaryReadTooLarge = "Read Too Large"
)

// errReadTooLarge stops a bulk read that has grown past the limit.
var errReadTooLarge = errors.New("the read grew past max_read_size_mib")

// readSize counts, from many goroutines, the encoded bytes of a bulk read's
// items and how many items they are.
type readSize struct {
	limit int64
	bytes atomic.Int64
	items atomic.Int64
	over  atomic.Bool
}

// add counts one item of n bytes and reports whether the read is now over
// its limit. Once it is, nothing more is counted: the items that were
// already in flight when the read stopped are not part of what it reports.
func (s *readSize) add(n int) (over bool) {
	if s.over.Load() {
		return true
	}
	s.items.Add(1)
	if s.bytes.Add(int64(n)) > s.limit {
		s.over.Store(true)
		return true
	}
	return false
}

// mib formats a byte count in MiB.
func mib(n int64) string { return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20)) }

// chunkMargin sizes a suggested chunk below the mean item's share of the
// warning size: items differ in size, and a chunk of exactly the mean's
// share warns as often as not.
const chunkMargin = 0.8

// sizeAdvice is what a bulk read can change to read less: its own
// filters, then chunks of its keys over several data sources.
type sizeAdvice struct {
	noun string // "customer", "user"
	// filters are ways to read less of each key or fewer keys, one line
	// each, most effective first.
	filters []string
	// chunked is the list of keys to split with chunklist, and guide the
	// guide that shows the chunks.
	chunked, guide string
}

// text is the advice. perItem, when above zero, sizes the chunks to
// suggest: each under the warning size of limit.
func (a sizeAdvice) text(perItem float64, limit int64) string {
	var b strings.Builder
	b.WriteString("To read less in one data source:\n")
	for _, f := range a.filters {
		b.WriteString("  - " + f + ";\n")
	}
	fmt.Fprintf(&b, "  - split the %ss over several data sources, one per chunk of\n"+
		"      chunklist(%s, K)\n"+
		"    with count or for_each, as the guide %q shows.", a.noun, a.chunked, a.guide)
	if perItem > 0 {
		k := max(1, int(chunkMargin*float64(warnAt(limit))/perItem))
		fmt.Fprintf(&b, " At the %.1f KiB a %s read here, K = %d keeps each chunk under %s.",
			perItem/(1<<10), a.noun, k, mib(warnAt(limit)))
	}
	b.WriteString("\n")
	b.WriteString("Chunks keep each message small; Terraform's work over the whole state stays the same, so filters come first.")
	return b.String()
}

// addBulkTooLarge reports a bulk read stopped at its limit.
func addBulkTooLarge(diags *diag.Diagnostics, size *readSize, total int, advice sizeAdvice) {
	read, used := size.items.Load(), size.bytes.Load()
	diags.AddError(summaryReadTooLarge, fmt.Sprintf(
		"The read stopped after %d of %d %ss: their state was already %s (%d bytes), over the limit of %s "+
			"(the provider's max_read_size_mib). Terraform refuses a provider's answer over 256 MiB.\n\n%s",
		read, total, advice.noun, mib(used), used, mib(size.limit), advice.text(size.perItem(), size.limit)))
}

// perItem is the mean encoded size of the items counted so far.
func (s *readSize) perItem() float64 {
	return float64(s.bytes.Load()) / float64(max(s.items.Load(), 1))
}

// warnAt is the size past which a read warns: largeReadWarningMiB, or half
// the limit when that is lower, so that a read meets the warning before the
// failure.
func warnAt(limit int64) int64 { return min(largeReadWarningMiB<<20, limit/2) }

// addLargeReadWarning warns of a read whose state is past warnAt(limit),
// unless the read warned already.
func addLargeReadWarning(diags *diag.Diagnostics, used, limit int64, advice string) {
	if used <= warnAt(limit) {
		return
	}
	for _, d := range diags.Warnings() {
		if d.Summary() == summaryLargeRead {
			return
		}
	}
	diags.AddWarning(summaryLargeRead, fmt.Sprintf(
		"This data source's state is %s, past %s: %d MiB, or half the provider's max_read_size_mib when that is "+
			"lower. Past %d MiB, Terraform's own time and memory over one state grow fast (many times the state in "+
			"memory), and at max_read_size_mib, %s here, the read fails.\n\n%s",
		mib(used), mib(warnAt(limit)), largeReadWarningMiB, largeReadWarningMiB, mib(limit), advice))
}

// checkStateSize is the last check of every read's encoded state: over
// limit it is an error that names the size, at any size past
// largeReadWarningMiB a warning. It reports whether the state may be sent.
func checkStateSize(diags *diag.Diagnostics, size, limit int64) bool {
	if size > limit {
		diags.AddError(summaryReadTooLarge, fmt.Sprintf(
			"This data source's state is %s (%d bytes), over the limit of %s (the provider's max_read_size_mib). "+
				"Terraform refuses a provider's answer over 256 MiB. Read less in one data source: filter it, or split "+
				"it over several with for_each.", mib(size), size, mib(limit)))
		return false
	}
	addLargeReadWarning(diags, size, limit, "Read less in one data source: filter it, or split it over several with for_each.")
	return true
}

// memoryAndSizeNote is the "Memory and size" paragraph of a bulk data
// source's description: how its memory follows its state, how big the state
// gets per item (itemSize), the provider's measured peak (measured), and
// what to change past the limit (remedies).
func memoryAndSizeNote(item, itemSize, measured, remedies string) string {
	return "**Memory and size.** Each " + item + "'s answer is decoded, encoded and dropped as it arrives, " +
		"and none is kept for later reads, so the provider's memory follows the state this data source returns, not " +
		"what Partner Center sends. " + measured + " That state reaches Terraform in one message, which Terraform " +
		"caps at 256 MiB, and Terraform itself holds 30 to 45 times the state in memory while it plans (1.4 GiB at " +
		"32 MiB; BENCHMARKS.md, \"A fleet in one read\"). In state, " + itemSize + ". Past " +
		fmt.Sprint(largeReadWarningMiB) + " MiB, or half of `max_read_size_mib` when that is lower, the read warns; at " +
		"the provider's `max_read_size_mib` (default " +
		fmt.Sprint(defaultMaxReadSizeMiB) + ") it stops at once, canceling the requests in flight, and fails, naming " +
		"how many " + item + "s it read of how many and what to change: " + remedies + "."
}
