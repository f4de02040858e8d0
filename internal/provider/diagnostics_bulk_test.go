package provider

import (
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/partnercenter-terraform/terraform-provider-partnercenter/internal/client"
)

// refusedRead is a 403 with code 20002 for the key id.
func refusedRead(id string) error {
	return &client.APIError{StatusCode: 403, Code: "20002", Description: "No relationship",
		RequestRecord: client.RequestRecord{URL: "https://pc.example/v1/customers/" + id + "/subscribedskus", Trace: client.Trace{RequestID: "r-" + id, CorrelationID: "c"}}}
}

// The error names each failed customer with its ids, gives the request
// once (the first's, when there are several), and each next step once.
func TestCustomerFailuresNamesEachCustomer(t *testing.T) {
	report := func(ids ...string) *bulkFailures {
		r := newBulkFailures("customer", 3, subscribedSKUsHints, callerFacts{})
		for _, id := range ids {
			r.add(id, refusedRead(id))
		}
		return r
	}
	one := report("b").describe(false)
	if !strings.Contains(one, "1 of 3 customers could not be read:\n  - b: HTTP 403 code 20002") ||
		!strings.Contains(one, "\nRequest: GET https://pc.example/v1/customers/b/subscribedskus\n") || strings.Contains(one, "the first") {
		t.Errorf("one failure:\n%s", one)
	}
	two := report("b", "a").describe(true)
	if !strings.Contains(two, "  - a: ") || strings.Index(two, "  - a: ") > strings.Index(two, "  - b: ") ||
		!strings.Contains(two, "Request of the first: GET https://pc.example/v1/customers/a/subscribedskus (the others differ in the customer id).") ||
		strings.Count(two, "no commerce relationship") != 1 || !strings.Contains(two, "MS-RequestId r-a") {
		t.Errorf("two failures:\n%s", two)
	}
}

// The report speaks of the key's noun, so that a bulk read of users reuses
// it: its arguments, its attribute and the warning's summary.
func TestBulkFailuresFollowTheNoun(t *testing.T) {
	fail := newBulkFailures("user", 2, userLicensesHints, callerFacts{})
	fail.add("adele@contoso.com", refusedRead("adele"))
	var diags diag.Diagnostics
	if _, ok := fail.report(&diags, "Unable to Read", false); ok || !diags.HasError() {
		t.Fatalf("fail mode: ok %v, diags %v", ok, diags)
	}
	if detail := diags[0].Detail(); !strings.Contains(detail, "1 of 2 users could not be read:\n  - adele@contoso.com: HTTP 403 code 20002") ||
		!strings.Contains(detail, `Set on_user_error = "warn" to read the other users and list these in failed_users, or leave them out of user_ids.`) {
		t.Errorf("fail mode:\n%s", detail)
	}

	warn := newBulkFailures("user", 3, userLicensesHints, callerFacts{})
	warn.add("b", refusedRead("b"))
	warn.add("a", refusedRead("a"))
	diags = nil
	failed, ok := warn.report(&diags, "Unable to Read", true)
	if !ok || diags.HasError() || len(diags) != 1 || diags[0].Summary() != "Some Users Could Not Be Read" {
		t.Fatalf("warn mode: ok %v, diags %v", ok, diags)
	}
	if detail := diags[0].Detail(); !strings.Contains(detail, "(the others differ in the user id)") ||
		!strings.Contains(detail, "The other users were read; failed_users lists these, which are in no other attribute.") {
		t.Errorf("warn mode:\n%s", detail)
	}
	// failed_users keeps neither the attempts nor the ids, which change
	// from run to run.
	if len(failed) != 2 || !failed["a"].Equal(types.StringValue("HTTP 403 code 20002: No relationship")) {
		t.Errorf("failed_users = %v", failed)
	}

	none := newBulkFailures("customer", 5, subscribedSKUsHints, callerFacts{})
	diags = nil
	if failed, ok := none.report(&diags, "Unable to Read", false); !ok || len(diags) != 0 || failed == nil || len(failed) != 0 {
		t.Errorf("no failures: %v, %v, %v; want an empty map and no diagnostic", failed, ok, diags)
	}
}
