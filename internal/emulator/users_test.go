package emulator

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/golang-jwt/jwt/v5"
)

func usersPath(customerID string) string { return "/v1/customers/" + customerID + "/users" }

// usersPage decodes one page of a customer's users: its items as served,
// and the token links.next carries ("" on the last page).
func usersPage(t *testing.T, r response) (items []json.RawMessage, nextURI, token string) {
	t.Helper()
	if r.status != http.StatusOK {
		t.Fatalf("HTTP %d %s", r.status, r.body)
	}
	var p struct {
		TotalCount int               `json:"totalCount"`
		Items      []json.RawMessage `json:"items"`
		Links      struct {
			Next *struct {
				URI     string `json:"uri"`
				Headers []struct{ Key, Value string }
			} `json:"next"`
		} `json:"links"`
		ContinuationToken string `json:"continuationToken"`
	}
	if err := json.Unmarshal(r.body, &p); err != nil {
		t.Fatal(err)
	}
	if p.TotalCount != len(p.Items) {
		t.Errorf("totalCount %d on a page of %d: it counts the page's items", p.TotalCount, len(p.Items))
	}
	if p.Links.Next == nil {
		return p.Items, "", ""
	}
	if len(p.Links.Next.Headers) != 1 || p.Links.Next.Headers[0].Key != "MS-ContinuationToken" || p.Links.Next.Headers[0].Value != p.ContinuationToken {
		t.Fatalf("links.next %+v, continuationToken %q", p.Links.Next, p.ContinuationToken)
	}
	return p.Items, p.Links.Next.URI, p.ContinuationToken
}

// Paged one a page, following links.next with its header reads every user
// of the customer once, in fixture order, each exactly as the fixture's
// "listed" object writes it.
func TestUsersListPagesByLinksNext(t *testing.T) {
	_, srv := newServer(t, Options{PageSize: 1})
	var got []json.RawMessage
	path, header := usersPath(contoso)+"?size=500", authed()
	for pages := 1; ; pages++ {
		if pages > 5 {
			t.Fatal("more pages than users")
		}
		items, next, token := usersPage(t, do(t, srv, http.MethodGet, path, header))
		if len(items) != 1 {
			t.Fatalf("page %d has %d users, want 1", pages, len(items))
		}
		got = append(got, items...)
		if next == "" {
			break
		}
		if !strings.HasPrefix(next, "/customers/"+contoso+"/users?") {
			t.Fatalf("links.next.uri %q", next)
		}
		path, header = "/v1"+next, authed()
		header["MS-ContinuationToken"] = token
	}
	users := DefaultFixture().Customers[0].Users
	if len(got) != len(users) {
		t.Fatalf("%d users over the pages, want %d", len(got), len(users))
	}
	for i, u := range users {
		var want bytes.Buffer
		if err := json.Compact(&want, u.Listed); err != nil {
			t.Fatal(err)
		}
		if string(got[i]) != want.String() {
			t.Errorf("users[%d] served as\n%s\nwant the fixture's\n%s", i, got[i], want.String())
		}
	}
}

// The refusals a customer's reads share: a customer id that is not a GUID
// (400), an unknown customer (404 with 60003), a revoked relationship (403
// with 20002); and one of the list's own, the deleted users' filter, which
// the emulator does not serve.
func TestUsersListRefusals(t *testing.T) {
	f := DefaultFixture()
	f.Customers[1].NoRelationship = true
	_, srv := newTestServer(t, f)
	filter := url.QueryEscape(`{"Field":"UserState","Value":"Inactive","Operator":"equals"}`)
	cases := []struct {
		name, path string
		status     int
		code       any
	}{
		{"not a GUID", usersPath("contoso"), 400, float64(CodeInvalidInput)},
		{"unknown customer", usersPath(unknownID), 404, float64(CodeTenantNotFound)},
		{"unknown customer in pages", usersPath(unknownID) + "?size=1", 404, float64(CodeTenantNotFound)},
		{"no relationship", usersPath(fabrikam), 403, float64(CodeNoRelationship)},
		{"deleted users", usersPath(contoso) + "?filter=" + filter, 400, float64(CodeInvalidInput)},
	}
	for _, tc := range cases {
		r := do(t, srv, http.MethodGet, tc.path, authed())
		if e := decodeError(t, r.body); r.status != tc.status || e.Code != tc.code {
			t.Errorf("%s: HTTP %d %s, want %d with code %v", tc.name, r.status, r.body, tc.status, tc.code)
		}
	}
}

// Partner Center answers a customer's users for App+User tokens only.
func TestUsersListRefusesAppOnlyTokens(t *testing.T) {
	app := jwtWith(t, jwt.MapClaims{"idtyp": "app", "roles": []string{"x"}})
	user := jwtWith(t, jwt.MapClaims{"idtyp": "user", "scp": "user_impersonation", "amr": []string{"pwd", "mfa"}})
	for token, want := range map[string]int{app: 403, user: 200} {
		_, srv := newServer(t, Options{AccessToken: token})
		r := do(t, srv, http.MethodGet, usersPath(contoso), map[string]string{"Authorization": "Bearer " + token})
		if r.status != want || (want == 403 && !strings.Contains(string(r.body), "application credentials")) {
			t.Errorf("HTTP %d %s, want %d", r.status, r.body, want)
		}
	}
}

// The list is under the fault list like every read: a throttle for the
// customer answers its users list.
func TestUsersListMeetsFaults(t *testing.T) {
	_, srv := newServer(t, Options{Faults: []Fault{{Customer: contoso, Kind: FaultThrottle, Count: 1}}})
	if r := do(t, srv, http.MethodGet, usersPath(contoso), authed()); r.status != http.StatusTooManyRequests {
		t.Errorf("first request: HTTP %d, want 429", r.status)
	}
	if items, _, _ := usersPage(t, do(t, srv, http.MethodGet, usersPath(contoso), authed())); len(items) != 4 {
		t.Errorf("%d users after the fault, want 4", len(items))
	}
}

// Without a "listed" object a user is listed with the id and principal
// name the licence reads find it by (the fixture's checks of a listed
// object are in fixture_test.go).
func TestUsersListedWithoutAListedObject(t *testing.T) {
	const user = `{"id": "` + adeleID + `", "userPrincipalName": "adele@contoso.com"`
	f, err := ParseFixture([]byte(`{"customers": [{"id": "` + contoso + `", "users": [` + user + `}]}]}`))
	if err != nil {
		t.Fatal(err)
	}
	_, srv := newTestServer(t, f)
	items, _, _ := usersPage(t, do(t, srv, http.MethodGet, usersPath(contoso), authed()))
	var got map[string]any
	if len(items) != 1 || json.Unmarshal(items[0], &got) != nil {
		t.Fatalf("items %s", items)
	}
	attributes, _ := got["attributes"].(map[string]any)
	if got["id"] != adeleID || got["userPrincipalName"] != "adele@contoso.com" || attributes["objectType"] != "CustomerUser" || len(got) != 4 {
		t.Errorf("a user without listed is listed as %s", items[0])
	}
}

// Only the customers list is seen to end with 400 and code 2000: under
// PagingEndsWith2000 a customer's users still end with a last page
// without links.next.
func TestUsersListEndsWithALastPageUnderPagingEndsWith2000(t *testing.T) {
	_, srv := newServer(t, Options{PageSize: 2, PagingEndsWith2000: true})
	path, header, read := usersPath(contoso), authed(), 0
	for pages := 1; ; pages++ {
		if pages > 3 {
			t.Fatal("the users list links on past its last page")
		}
		items, next, token := usersPage(t, do(t, srv, http.MethodGet, path, header))
		read += len(items)
		if next == "" {
			break
		}
		path, header = "/v1"+next, authed()
		header["MS-ContinuationToken"] = token
	}
	if read != 4 {
		t.Errorf("%d users, want 4", read)
	}
	if _, next, _ := usersPage(t, do(t, srv, http.MethodGet, "/v1/customers?size=500", authed())); next == "" {
		t.Error("the customers list did not link on to its 400 under PagingEndsWith2000")
	}
}

// A user with "deleted" in the fixture is still listed, as a user deleted
// after the list was read, but its licence read answers 404 with code
// 60002 by object id and by principal name alike.
func TestDeletedUserIsListedButItsLicencesAreGone(t *testing.T) {
	f := DefaultFixture()
	gone := f.Customers[0].Users[0]
	f.Customers[0].Users[0].Deleted = true
	_, srv := newTestServer(t, f)
	items, _, _ := usersPage(t, do(t, srv, http.MethodGet, usersPath(contoso), authed()))
	if len(items) != len(f.Customers[0].Users) || !strings.Contains(string(items[0]), gone.ID) {
		t.Errorf("the deleted user is not listed first among %d users", len(items))
	}
	for _, user := range []string{gone.ID, url.PathEscape(strings.ToUpper(gone.UserPrincipalName))} {
		r := do(t, srv, http.MethodGet, licensesPath(contoso, user), authed())
		if e := decodeError(t, r.body); r.status != http.StatusNotFound || e.Code != float64(CodeUserNotFound) {
			t.Errorf("%s: HTTP %d %s, want 404 with code %d", user, r.status, r.body, CodeUserNotFound)
		}
	}
	other := f.Customers[0].Users[1].ID
	if r := do(t, srv, http.MethodGet, licensesPath(contoso, other), authed()); r.status != http.StatusOK {
		t.Errorf("another user: HTTP %d %s", r.status, r.body)
	}
}

// A fault with user= refuses that user's licence read alone, named as the
// request names it, in any case; the users list and the other users'
// reads are answered.
func TestFaultForOneUser(t *testing.T) {
	guest := "bob_fabrikam.com#EXT#@contoso.onmicrosoft.com"
	fault, err := ParseFault("kind=error,status=403,code=900150,description=Access denied.,user=" + strings.ToLower(guest))
	if err != nil {
		t.Fatal(err)
	}
	_, srv := newServer(t, Options{Faults: []Fault{fault}})
	cases := map[string]int{
		licensesPath(contoso, url.PathEscape(guest)):                  http.StatusForbidden,
		licensesPath(contoso, "adele.vance@contoso.onmicrosoft.com"):  http.StatusOK,
		licensesPath(contoso, "9f3c2a77-1d4e-4f0b-8a55-2e6b7c9d0e12"): http.StatusOK, // the guest by object id: not as the fault names it
		usersPath(contoso): http.StatusOK,
		"/v1/customers/" + contoso + "/subscribedskus": http.StatusOK,
	}
	for path, want := range cases {
		if r := do(t, srv, http.MethodGet, path, authed()); r.status != want {
			t.Errorf("%s: HTTP %d %s, want %d", path, r.status, r.body, want)
		}
	}
	if _, err := ParseFault("kind=reset,list=users,user=a@b.c"); err == nil || !strings.Contains(err.Error(), "user is not used by list users") {
		t.Errorf("user= on the users list: %v, want it refused", err)
	}
}
