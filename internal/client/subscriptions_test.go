package client

import (
	"context"
	"net/http"
	"os"
	"testing"
)

// A customer's subscriptions decode from a sample of Microsoft's shape,
// absent fields nil, and are asked for with an app-only token, which
// Partner Center accepts for this call.
func TestListSubscriptions(t *testing.T) {
	sample, err := os.ReadFile("testdata/subscriptions.json")
	if err != nil {
		t.Fatal(err)
	}
	var path string
	c := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		path = r.URL.Path
		respond(http.StatusOK, "application/json; charset=utf-8", string(sample))(w, r)
	}), func(cfg *Config) { cfg.Tokens = appOnlyTokens{} })
	got, err := c.ListSubscriptions(context.Background(), "0C39D6D5-C70D-4C55-BC02-F620844F3FD1")
	if err != nil {
		t.Fatalf("an app-only token on a call that takes it: %v", err)
	}
	if path != "/v1/customers/"+seedCustomerID+"/subscriptions" {
		t.Errorf("path %q", path)
	}
	if got.TotalCount != 3 || len(got.Items) != 3 {
		t.Fatalf("totalCount %d, %d items", got.TotalCount, len(got.Items))
	}
	first, addOn, suspended := got.Items[0], got.Items[1], got.Items[2]
	if *first.Quantity != 10 || !*first.AutoRenewEnabled || *first.CommitmentEndDate != "2099-02-03T00:00:00Z" || *first.PartnerID != "1234567" {
		t.Errorf("first: %+v", first)
	}
	if *addOn.ParentSubscriptionID != *first.ID || addOn.CancellationAllowedUntilDate != nil || addOn.FriendlyName != nil {
		t.Errorf("add-on: %+v", addOn)
	}
	if suspended.CommitmentEndDate != nil || suspended.AutoRenewEnabled != nil || len(suspended.SuspensionReasons) != 1 {
		t.Errorf("suspended: %+v", suspended)
	}
	if _, err := SubscriptionsRequest("not-a-guid"); err == nil {
		t.Error("a customer id that is not a GUID was not refused")
	}
}
