package provider

import (
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/partnercenter-terraform/terraform-provider-partnercenter/internal/client"
)

// The modes of a bulk read's on_<noun>_error.
const (
	onErrorFail = "fail"
	onErrorWarn = "warn"
)

// maxFailuresShown caps how many failed keys an error lists; the rest are
// counted. With "warn", failed_<noun>s holds them all.
const maxFailuresShown = 20

// bulkFailures is the failure report of a bulk read, which makes one
// request per key (a customer, a user). Its wording follows from the key's
// noun, as the data source's names do: <noun>_ids, on_<noun>_error and
// failed_<noun>s.
type bulkFailures struct {
	noun   string // "customer", "user"
	total  int    // the keys read, failed or not
	hints  readHints
	who    callerFacts
	failed []keyFailure
}

// keyFailure is one key that could not be read, and why.
type keyFailure struct {
	key string
	err error
}

func newBulkFailures(noun string, total int, hints readHints, who callerFacts) *bulkFailures {
	return &bulkFailures{noun: noun, total: total, hints: hints, who: who}
}

// add records that key could not be read.
func (r *bulkFailures) add(key string, err error) {
	r.failed = append(r.failed, keyFailure{key: key, err: err})
}

// report adds the diagnostic of the failed keys: an error, after which the
// read stores nothing (ok is false), or with warnOnly a warning. failed is
// the value of failed_<noun>s: each failed key with its stable reason.
func (r *bulkFailures) report(diags *diag.Diagnostics, summary string, warnOnly bool) (failed map[string]attr.Value, ok bool) {
	failed = make(map[string]attr.Value, len(r.failed))
	if len(r.failed) == 0 {
		return failed, true
	}
	if !warnOnly {
		diags.AddError(summary, r.describe(false))
		return nil, false
	}
	diags.AddWarning(fmt.Sprintf("Some %ss Could Not Be Read", strings.ToUpper(r.noun[:1])+r.noun[1:]), r.describe(true))
	for _, f := range r.failed {
		failed[f.key] = types.StringValue(describeFailure(f.err, r.hints, r.who).stableReason())
	}
	return failed, true
}

// describe names every failed key, up to maxFailuresShown, with its reason
// and request ids, then the request of the first (the others differ in the
// key), then the next step of each kind of failure once. warned is set
// when the others were read.
func (r *bulkFailures) describe(warned bool) string {
	failures := r.failed
	sort.Slice(failures, func(i, j int) bool { return failures[i].key < failures[j].key })
	var b strings.Builder
	fmt.Fprintf(&b, "%d of %d %ss could not be read:\n", len(failures), r.total, r.noun)
	var steps []string
	for i, f := range failures {
		described := describeFailure(f.err, r.hints, r.who)
		if i < maxFailuresShown {
			fmt.Fprintf(&b, "  - %s: %s\n", f.key, described.line())
		} else if i == maxFailuresShown {
			fmt.Fprintf(&b, "  ... and %d more.\n", len(failures)-maxFailuresShown)
		}
		if step := described.brief; step != "" && !slices.Contains(steps, step) {
			steps = append(steps, step)
		}
	}
	// The first failure that sent a request: a key listed without an id
	// sent none.
	var request *client.RequestRecord
	requested := 0
	for _, f := range failures {
		if sent := describeFailure(f.err, r.hints, r.who).request; sent != nil {
			if request == nil {
				request = sent
			}
			requested++
		}
	}
	if request != nil && requested == 1 {
		fmt.Fprintf(&b, "\nRequest: GET %s\n", request.URL)
	} else if request != nil {
		fmt.Fprintf(&b, "\nRequest of the first: GET %s (the others differ in the %s id).\n", request.URL, r.noun)
	}
	for _, step := range steps {
		b.WriteString("\n" + step + "\n")
	}
	if warned {
		fmt.Fprintf(&b, "\nThe other %[1]ss were read; failed_%[1]ss lists these, which are in no other attribute.", r.noun)
	} else if r.allUnkeyed() {
		// Listed without an id: not in <noun>_ids to leave out.
		fmt.Fprintf(&b, "\nSet on_%[1]s_error = \"warn\" to read the other %[1]ss and list these in failed_%[1]ss.", r.noun)
	} else {
		fmt.Fprintf(&b, "\nSet on_%[1]s_error = \"warn\" to read the other %[1]ss and list these in failed_%[1]ss, "+
			"or leave them out of %[1]s_ids.", r.noun)
	}
	return b.String()
}

// allUnkeyed reports failures that are all items listed without an id.
func (r *bulkFailures) allUnkeyed() bool {
	for _, f := range r.failed {
		var unkeyed *listedWithoutKeyError
		if !errors.As(f.err, &unkeyed) {
			return false
		}
	}
	return true
}

// stableReason is the reason failed_<noun>s keeps: without the attempts and
// the request's ids, so that a key that fails the same way on every run
// leaves the state unchanged (the diagnostic carries them).
func (f failure) stableReason() string { return f.head + ": " + f.detail }

// line is the reason with the attempts and the ids support asks for.
func (f failure) line() string {
	if f.request == nil {
		return f.head + ": " + f.detail
	}
	return fmt.Sprintf("%s%s: %s [%s]", f.head, client.AfterAttempts(f.request.Attempts), f.detail, f.request.Trace)
}
