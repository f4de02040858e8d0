package provider

import (
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
)

// Partner Center documents an id on every customer and user it lists, but
// a stand-in (or a future answer) may leave it out or send null. Such an
// item is kept, with a null id, and said once per read: a list data source
// cannot key it, and a bulk read cannot request it by id.

// warnListedWithoutIDs warns once when some of total listed items came
// without an id, naming each by name (its principal name, its domain;
// empty when it has none), up to maxFailuresShown. what says what is null
// and what follows, e.g. "their id in users and their entry in user_ids
// are null".
func warnListedWithoutIDs(diags *diag.Diagnostics, noun string, total int, names []string, nameKind, what string) {
	if len(names) == 0 {
		return
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Partner Center listed %d of %d %ss without an id, so %s. By %s:\n", len(names), total, noun, what, nameKind)
	for i, name := range names {
		if i == maxFailuresShown {
			fmt.Fprintf(&b, "  ... and %d more.\n", len(names)-maxFailuresShown)
			break
		}
		if name == "" {
			name = "(none)"
		}
		fmt.Fprintf(&b, "  - %s\n", name)
	}
	fmt.Fprintf(&b, "\nPartner Center documents an id on every %s it lists: report this answer to the provider's developers.", noun)
	diags.AddWarning(fmt.Sprintf("Some %ss Listed Without an Id", strings.ToUpper(noun[:1])+noun[1:]), b.String())
}

// listedWithoutKeyError is a listed item a bulk read cannot key nor
// request: it came without an id and without anything else to read it by.
// No request was sent for it, so describeFailure tells it apart from the
// client's errors.
type listedWithoutKeyError struct {
	noun string
	// lacks is what it came without: "an id or a principal name".
	lacks string
}

func (e *listedWithoutKeyError) Error() string {
	return fmt.Sprintf("the %s was listed without %s", e.noun, e.lacks)
}

// unkeyedKey is the key of the item at position i (from 0) of the list,
// "#3" for the third: no id or name can collide with it, and two such items
// do not collapse into one.
func unkeyedKey(i int) string { return fmt.Sprintf("#%d", i+1) }
