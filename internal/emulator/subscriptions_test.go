package emulator

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

func subscriptionsPath(customerID string) string {
	return "/v1/customers/" + customerID + "/subscriptions"
}

// The fixture's subscriptions are served as written, in order, inside the
// collection envelope: a field the provider does not model, a null and a
// date without a zone arrive unchanged.
func TestSubscriptionsServedAsWritten(t *testing.T) {
	_, srv := newServer(t, Options{})
	r := do(t, srv, http.MethodGet, subscriptionsPath(strings.ToUpper(contoso)), authed())
	if r.status != http.StatusOK {
		t.Fatalf("HTTP %d %s", r.status, r.body)
	}
	var page struct {
		TotalCount int               `json:"totalCount"`
		Items      []json.RawMessage `json:"items"`
	}
	if err := json.Unmarshal(bytes.TrimPrefix(r.body, []byte("\ufeff")), &page); err != nil {
		t.Fatal(err)
	}
	want := DefaultFixture().Customers[0].Subscriptions
	if page.TotalCount != len(want) || len(page.Items) != len(want) {
		t.Fatalf("%d items, totalCount %d, want %d", len(page.Items), page.TotalCount, len(want))
	}
	for i, raw := range want {
		var compact bytes.Buffer
		_ = json.Compact(&compact, raw)
		if !bytes.Equal(page.Items[i], compact.Bytes()) {
			t.Errorf("item %d served as\n%s\nwant\n%s", i, page.Items[i], compact.Bytes())
		}
	}
	if !bytes.Contains(r.body, []byte(`"cancellationAllowedUntilDate":null`)) || !bytes.Contains(r.body, []byte(`"2024-06-01T00:00:00"`)) {
		t.Error("a null or a zoneless date was not served as written")
	}
}

// The documented refusals of the call: a customer id that is not a GUID
// (400), an unknown customer (404 with 60003), a revoked relationship
// (403 with 20002).
func TestSubscriptionsRefusals(t *testing.T) {
	f := DefaultFixture()
	f.Customers[1].NoRelationship = true
	_, srv := newTestServer(t, f)
	cases := []struct {
		name, path string
		status     int
		code       any
	}{
		{"not a GUID", subscriptionsPath("contoso"), 400, float64(CodeInvalidInput)},
		{"unknown customer", subscriptionsPath(unknownID), 404, float64(CodeTenantNotFound)},
		{"no relationship", subscriptionsPath(fabrikam), 403, float64(CodeNoRelationship)},
	}
	for _, tc := range cases {
		r := do(t, srv, http.MethodGet, tc.path, authed())
		if e := decodeError(t, r.body); r.status != tc.status || e.Code != tc.code {
			t.Errorf("%s: HTTP %d %s, want %d with code %v", tc.name, r.status, r.body, tc.status, tc.code)
		}
	}
}

// Partner Center answers a customer's subscriptions for app-only tokens
// as well as App+User ones.
func TestSubscriptionsTakeAppOnlyTokens(t *testing.T) {
	app := jwtWith(t, jwt.MapClaims{"idtyp": "app", "roles": []string{"x"}})
	_, srv := newServer(t, Options{AccessToken: app})
	if r := do(t, srv, http.MethodGet, subscriptionsPath(contoso), map[string]string{"Authorization": "Bearer " + app}); r.status != http.StatusOK {
		t.Errorf("HTTP %d %s, want 200", r.status, r.body)
	}
}

// Generated subscriptions follow the fixture's, vary in every way a gate
// looks at, and are the same from request to request.
func TestGeneratedSubscriptions(t *testing.T) {
	c := Customer{ID: GeneratedCustomerID(3), GeneratedSubscriptions: 40}
	_, srv := newTestServer(t, &Fixture{Customers: []Customer{c}})
	read := func() []map[string]any {
		r := do(t, srv, http.MethodGet, subscriptionsPath(c.ID), authed())
		var page struct {
			Items []map[string]any `json:"items"`
		}
		if r.status != http.StatusOK || json.Unmarshal(bytes.TrimPrefix(r.body, []byte("\ufeff")), &page) != nil {
			t.Fatalf("HTTP %d %s", r.status, r.body)
		}
		return page.Items
	}
	items := read()
	if len(items) != 40 {
		t.Fatalf("%d items, want 40", len(items))
	}
	seen := map[string]bool{}
	for _, s := range items {
		seen["status "+s["status"].(string)] = true
		seen["term "+s["termDuration"].(string)] = true
		seen["autoRenew "+map[bool]string{true: "on", false: "off"}[s["autoRenewEnabled"].(bool)]] = true
		if s["isTrial"].(bool) {
			seen["trial"] = true
		}
		if _, ok := s["parentSubscriptionId"]; ok {
			seen["add-on"] = true
		}
		if _, err := time.Parse(time.RFC3339, s["commitmentEndDate"].(string)); err != nil {
			t.Errorf("commitmentEndDate: %v", err)
		}
	}
	for _, want := range []string{"status active", "status suspended", "status expired", "status pending", "status disabled",
		"status deleted", "status migrated", "term P1M", "term P1Y", "autoRenew on", "autoRenew off", "trial", "add-on"} {
		if !seen[want] {
			t.Errorf("no generated subscription has %s", want)
		}
	}
	if again := read(); again[7]["id"] != items[7]["id"] || again[7]["quantity"] != items[7]["quantity"] {
		t.Error("a generated subscription changed between requests")
	}
}

func TestFixtureRefusesASubscriptionThatIsNotAnObject(t *testing.T) {
	_, err := ParseFixture([]byte(`{"customers": [{"id": "` + contoso + `", "subscriptions": [[]]}]}`))
	if err == nil || !strings.Contains(err.Error(), "subscriptions[0]") {
		t.Errorf("err = %v, want one naming subscriptions[0]", err)
	}
}
