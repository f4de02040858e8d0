package emulator

import (
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fixtureWith builds a one-customer fixture document around users and SKUs
// given as JSON fragments.
func fixtureWith(customerID, skus, users string) string {
	return `{"customers": [{"id": "` + customerID + `", "subscribedSkus": [` + skus + `], "users": [` + users + `]}]}`
}

const (
	okSku   = `{"productSku": {"licenseGroupId": "group1"}}`
	userA   = `{"id": "` + adeleID + `", "userPrincipalName": "a@contoso.com", "licenses": []}`
	otherID = "9f3c2a77-1d4e-4f0b-8a55-2e6b7c9d0e12"
)

func TestParseFixtureRejects(t *testing.T) {
	tests := []struct {
		name string
		doc  string
		want []string // substrings of the error
	}{
		{"empty document", ``, []string{"must be a JSON object"}},
		{"array document", `[]`, []string{"must be a JSON object"}},
		{"null document", `null`, []string{"must be a JSON object"}},
		{"syntax error", `{"customers": [}`, []string{"invalid fixture"}},
		{"unknown top-level key", `{"customer": []}`, []string{"unknown field", "customer"}},
		{"misspelled customer key", `{"customers": [{"id": "` + contoso + `", "subscribedSku": []}]}`, []string{"unknown field", "subscribedSku"}},
		{"trailing data", `{"customers": []} {}`, []string{"after the top-level JSON object"}},
		{"customer id not a GUID", fixtureWith("contoso", "", ""), []string{`customers[0] (id "contoso")`, "GUID"}},
		{"customer id empty", fixtureWith("", "", ""), []string{`customers[0] (id "")`}},
		{"customer id with braces", fixtureWith("{"+contoso+"}", "", ""), []string{"GUID"}},
		{"duplicate customer ids differing in case",
			`{"customers": [{"id": "` + contoso + `"}, {"id": "` + strings.ToUpper(contoso) + `"}]}`,
			[]string{"customers[1]", "duplicate customer id", contoso}},
		{"user id not a GUID", fixtureWith(contoso, "", `{"id": "adele", "userPrincipalName": "a@contoso.com"}`),
			[]string{"customers[0]", `users[0] (id "adele", userPrincipalName "a@contoso.com")`, "GUID"}},
		{"empty UPN", fixtureWith(contoso, "", `{"id": "`+adeleID+`", "userPrincipalName": " "}`),
			[]string{"users[0]", "userPrincipalName must not be empty"}},
		{"missing UPN", fixtureWith(contoso, "", `{"id": "`+adeleID+`"}`), []string{"userPrincipalName must not be empty"}},
		{"duplicate UPN differing in case",
			fixtureWith(contoso, "", userA+`, {"id": "`+otherID+`", "userPrincipalName": "A@Contoso.com"}`),
			[]string{"users[1]", "duplicate userPrincipalName", adeleID}},
		{"duplicate user id",
			fixtureWith(contoso, "", userA+`, {"id": "`+strings.ToUpper(adeleID)+`", "userPrincipalName": "b@contoso.com"}`),
			[]string{"users[1]", "duplicate user id", "a@contoso.com"}},
		{"SKU item is a number", fixtureWith(contoso, okSku+`, 1`, ""), []string{"customers[0]", "subscribedSkus[1]", "must be a JSON object"}},
		{"SKU item is null", fixtureWith(contoso, `null`, ""), []string{"subscribedSkus[0]", "must be a JSON object"}},
		{"SKU item is an array", fixtureWith(contoso, `[]`, ""), []string{"subscribedSkus[0]", "must be a JSON object"}},
		{"listed with a shorthand", `{"customers": [{"id": "` + contoso + `", "companyName": "C", "listed": {"id": "` + contoso + `"}}]}`,
			[]string{"customers[0]", "shorthands", "companyProfile.companyName"}},
		{"listed not an object", `{"customers": [{"id": "` + contoso + `", "listed": []}]}`, []string{"customers[0]", "listed must be a JSON object"}},
		{"listed for another id", `{"customers": [{"id": "` + contoso + `", "listed": {"id": "` + otherID + `"}}]}`,
			[]string{"customers[0]", "listed.id must be the customer's id"}},
		{"user listed not an object", fixtureWith(contoso, "", `{"id": "`+adeleID+`", "userPrincipalName": "a@contoso.com", "listed": ["x"]}`),
			[]string{"users[0]", "listed"}},
		{"user listed for another id",
			fixtureWith(contoso, "", `{"id": "`+adeleID+`", "userPrincipalName": "a@contoso.com", "listed": {"id": "`+otherID+`"}}`),
			[]string{"users[0]", "listed.id must be the user's id"}},
		{"user listed under another principal name",
			fixtureWith(contoso, "", `{"id": "`+adeleID+`", "userPrincipalName": "a@contoso.com", "listed": {"id": "`+adeleID+`", "userPrincipalName": "b@contoso.com"}}`),
			[]string{"users[0]", "listed.userPrincipalName must be the user's userPrincipalName"}},
		{"bad licence item names the user",
			fixtureWith(contoso, "", `{"id": "`+adeleID+`", "userPrincipalName": "a@contoso.com", "licenses": [`+okSku+`, "x"]}`),
			[]string{"customers[0] (id \"" + contoso + "\")", `users[0] (id "` + adeleID + `", userPrincipalName "a@contoso.com")`, "licenses[1]", "must be a JSON object"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := ParseFixture([]byte(tt.doc))
			if err == nil {
				t.Fatalf("ParseFixture accepted %s: %+v", tt.doc, f)
			}
			for _, s := range tt.want {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("error %q lacks %q", err, s)
				}
			}
		})
	}
}

func TestParseFixtureAccepts(t *testing.T) {
	tests := []struct {
		name string
		doc  string
	}{
		{"no customers", `{"customers": []}`},
		{"empty object", `{}`},
		{"customer without SKUs or users", `{"customers": [{"id": "` + contoso + `"}]}`},
		{"upper-case GUIDs", fixtureWith(strings.ToUpper(contoso), okSku, `{"id": "`+strings.ToUpper(adeleID)+`", "userPrincipalName": "a@b.c"}`)},
		{"same UPN in two customers",
			`{"customers": [{"id": "` + contoso + `", "users": [` + userA + `]}, {"id": "` + fabrikam + `", "users": [` + userA + `]}]}`},
		{"group spelt Group2", fixtureWith(contoso, `{"productSku": {"licenseGroupId": "Group2"}}`, "")},
		{"user listed as the users list shows it",
			fixtureWith(contoso, "", `{"id": "`+adeleID+`", "userPrincipalName": "a@contoso.com", "listed": {"id": "`+adeleID+`", "userPrincipalName": "A@Contoso.com", "usageLocation": "US"}}`)},
		{"user listed without an id",
			fixtureWith(contoso, "", `{"id": "`+adeleID+`", "userPrincipalName": "a@contoso.com", "listed": {"userPrincipalName": "a@contoso.com"}}`)},
		{"user listed with a null id",
			fixtureWith(contoso, "", `{"id": "`+adeleID+`", "userPrincipalName": "a@contoso.com", "listed": {"id": null}}`)},
		{"customer listed without an id", `{"customers": [{"id": "` + contoso + `", "listed": {"companyProfile": {"domain": "contoso.com"}}}]}`},
		{"customer listed with a null id", `{"customers": [{"id": "` + contoso + `", "listed": {"id": null}}]}`},
		{"surrounding whitespace", "\n\t " + fixtureWith(contoso, okSku, userA) + "\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := ParseFixture([]byte(tt.doc)); err != nil {
				t.Fatalf("ParseFixture: %v", err)
			}
		})
	}
}

func TestFixtureValidate(t *testing.T) {
	if err := DefaultFixture().Validate(); err != nil {
		t.Errorf("default fixture: %v", err)
	}
	var nilFixture *Fixture
	if err := nilFixture.Validate(); err == nil {
		t.Error("nil fixture validated")
	}
	f := DefaultFixture()
	f.Customers[0].Users[1].UserPrincipalName = "ADELE.VANCE@contoso.onmicrosoft.com"
	if err := f.Validate(); err == nil || !strings.Contains(err.Error(), "duplicate userPrincipalName") {
		t.Errorf("duplicate UPN: err = %v", err)
	}
}

func TestLoadFixture(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.json")
	if err := os.WriteFile(good, defaultFixtureJSON, 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := LoadFixture(good)
	if err != nil {
		t.Fatalf("LoadFixture: %v", err)
	}
	if len(f.Customers) != 2 {
		t.Errorf("%d customers", len(f.Customers))
	}

	bad := filepath.Join(dir, "bad.json")
	if err := os.WriteFile(bad, []byte(fixtureWith("nope", "", "")), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadFixture(bad); err == nil || !strings.Contains(err.Error(), bad) || !strings.Contains(err.Error(), `customers[0] (id "nope")`) {
		t.Errorf("invalid file: err = %v", err)
	}
	missing := filepath.Join(dir, "missing.json")
	if _, err := LoadFixture(missing); err == nil || !strings.Contains(err.Error(), missing) {
		t.Errorf("missing file: err = %v", err)
	}
}

// Items that name no licence group the emulator knows are served as
// written, in every answer: a fixture must be able to reproduce what Partner
// Center sends, not only what the provider expects.
func TestItemsWithoutAKnownGroupAreServedAsWritten(t *testing.T) {
	odd := []string{
		`{"availableUnits":1}`,
		`{"productSku":null,"availableUnits":2}`,
		`{"productSku":"x"}`,
		`{"ProductSku":{"licenseGroupId":"group1"}}`,
		`{"productSku":{"id":"x"},"servicePlans":""}`,
		`{"productSku":{"licenseGroupId":1}}`,
		`{"productSku":{"licenseGroupId":"group3"}}`,
	}
	fixture := &Fixture{Customers: []Customer{{ID: contoso}}}
	for _, raw := range odd {
		fixture.Customers[0].SubscribedSkus = append(fixture.Customers[0].SubscribedSkus, json.RawMessage(raw))
	}
	_, srv := newTestServer(t, fixture)
	for _, query := range []string{"", "?licenseGroupIds=Group2"} {
		r := do(t, srv, http.MethodGet, skusPath(contoso)+query, authed())
		var got struct{ Items []json.RawMessage }
		if err := json.Unmarshal(r.body, &got); err != nil {
			t.Fatal(err)
		}
		if len(got.Items) != len(odd) {
			t.Fatalf("%q: %d items, want all %d", query, len(got.Items), len(odd))
		}
		for i, raw := range odd {
			if string(got.Items[i]) != raw {
				t.Errorf("%q: item %d is %s, want it as written: %s", query, i, got.Items[i], raw)
			}
		}
	}
}
