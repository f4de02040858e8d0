package provider

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"golang.org/x/sync/errgroup"

	"github.com/partnercenter-terraform/terraform-provider-partnercenter/internal/client"
)

// A bulk read makes one request per key (a customer, a user) with as many
// in flight as max_concurrent_requests allows, and returns maps keyed by
// them. Thousands of keys must not cost thousands of answers in memory, nor
// a state Terraform refuses: each key's answer is decoded, built, encoded
// and dropped as it arrives, the encoded entries are counted against
// max_read_size_mib (read_size.go) and held against Go's memory limit
// (held_memory.go), and the read stops at once when it grows past the
// limit. The read cache shares a key's request with a single read of the
// same plan that reads it at the same time, or reuses what one read
// before, but keeps none of the bulk read's answers
// (client.WithoutKeeping).

// bulkRead is one bulk data source's fan-out.
type bulkRead struct {
	// maps are the element types of the maps the read returns, each key's
	// entries in the same order.
	maps []attr.Type
	// advice says what to change when the read is too large; its noun
	// names the keys in diagnostics.
	advice sizeAdvice
	// warnOnly is on_<noun>_error = "warn".
	warnOnly bool
}

// bulkItem is one key's outcome: its encoded entry in each map, or why it
// could not be read.
type bulkItem struct {
	key     string
	entries [][]byte
	missed  error
}

// size is what the item adds to the state: each entry with its key.
func (r bulkItem) size() int {
	n := 0
	for _, e := range r.entries {
		n += maxMsgpackHeader + len(r.key) + len(e)
	}
	return n
}

// item encodes a key's entries, one value per map in the order of b.maps,
// once v has built them; it is safe to call from many goroutines.
func (b bulkRead) item(ctx context.Context, key string, v *values, entries ...attr.Value) bulkItem {
	if v.diags.HasError() {
		return bulkItem{key: key, missed: fmt.Errorf("building its values: %v", v.diags)}
	}
	encoded := make([][]byte, len(entries))
	for i, e := range entries {
		var err error
		if encoded[i], err = encodeElement(ctx, b.maps[i], e); err != nil {
			return bulkItem{key: key, missed: fmt.Errorf("encoding its values: %w", err)}
		}
	}
	return bulkItem{key: key, entries: encoded}
}

// run reads n keys with readOne, which gets the context to send under and
// the key's index, and returns the maps in the order of b.maps and the
// value of failed_<noun>s; ok is false when it reported an error instead.
func (b bulkRead) run(ctx context.Context, call *readCall, n int, readOne func(ctx context.Context, i int) bulkItem) (maps []encodedMap, failed types.Map, ok bool) {
	reads := make([]bulkItem, n)
	size := &readSize{limit: call.maxReadBytes}
	defer func() { heldMemory.hold(-size.bytes.Load()) }()
	g, gctx := errgroup.WithContext(ctx)
	readCtx := client.WithoutKeeping(gctx)
	// The transport caps requests in flight at max_concurrent_requests.
	// Goroutines are capped at twice that, so thousands of keys do not
	// wait as thousands of goroutines, yet a key whose answer is being
	// decoded and encoded leaves its request's slot to one that waits:
	// with as many goroutines as slots, the requests in flight would fall
	// below the cap by the keys being encoded.
	g.SetLimit(2 * call.maxConcurrent)
	for i := range n {
		if gctx.Err() != nil {
			break // stopped: start no more
		}
		g.Go(func() error {
			reads[i] = readOne(readCtx, i)
			if reads[i].missed != nil {
				// A key that fails is reported with the others, not an
				// error of the group, unless the plan was cancelled: then
				// gctx's error stops the reads.
				return gctx.Err()
			}
			added := reads[i].size()
			heldMemory.hold(int64(added))
			if size.add(added) {
				return errReadTooLarge // cancels the reads in flight
			}
			return nil
		})
	}
	if err := g.Wait(); errors.Is(err, errReadTooLarge) {
		addBulkTooLarge(call.diags, size, n, b.advice)
		return nil, types.Map{}, false
	} else if err != nil {
		call.diags.AddError(call.summary, "The read was cancelled: "+err.Error())
		return nil, types.Map{}, false
	}
	addLargeReadWarning(call.diags, size.bytes.Load(), size.limit, b.advice.text(size.perItem(), size.limit))

	maps = make([]encodedMap, len(b.maps))
	for i, t := range b.maps {
		maps[i] = newEncodedMap(t, n)
	}
	failures := newBulkFailures(b.advice.noun, n, call.hints, call.facts())
	for _, r := range reads {
		if r.missed != nil {
			failures.add(r.key, r.missed)
			continue
		}
		for i, e := range r.entries {
			maps[i].add(r.key, e)
		}
	}
	failedKeys, ok := failures.report(call.diags, call.summary, b.warnOnly)
	if !ok {
		return nil, types.Map{}, false
	}
	var v values
	failed = v.mapOf(types.StringType, failedKeys)
	call.diags.Append(v.diags...)
	return maps, failed, !call.diags.HasError()
}

// keysDigest names the keys read in a data source's id, the same for the
// same keys in any order: "all" when they were listed, else how many and a
// digest of their sorted keys (thousands of GUIDs would make the id
// hundreds of kilobytes).
func keysDigest(noun string, keys []string, listed bool) string {
	if listed {
		return "all"
	}
	sorted := slices.Clone(keys)
	sort.Strings(sorted)
	sum := sha256.Sum256([]byte(strings.Join(sorted, ",")))
	return fmt.Sprintf("%d %ss %x", len(keys), noun, sum[:8])
}

// distinctKeys lower-cases ids into keys and drops repeats, keeping the
// first occurrence's place and, in given, its spelling.
func distinctKeys(ids []string) (keys, given []string) {
	seen := make(map[string]bool, len(ids))
	keys, given = make([]string, 0, len(ids)), make([]string, 0, len(ids))
	for _, id := range ids {
		key := strings.ToLower(id)
		if !seen[key] {
			seen[key] = true
			keys, given = append(keys, key), append(given, id)
		}
	}
	return keys, given
}
