package emulator

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"
)

// generatedUsersFixture is the default fixture with users generated for
// Contoso after its four, and a generated customer of users only.
func generatedUsersFixture(contosoUsers, generatedUsers int) *Fixture {
	f := DefaultFixture()
	f.Customers[0].GeneratedUsers = contosoUsers
	g := GeneratedCustomers(1)
	g[0].GeneratedUsers = generatedUsers
	f.Customers = append(f.Customers, g...)
	return f
}

// allUsers reads a customer's users list page by page, following
// links.next with its token.
func allUsers(t *testing.T, srv *httptest.Server, customerID string, size int) []json.RawMessage {
	t.Helper()
	var got []json.RawMessage
	path, header := usersPath(customerID)+fmt.Sprintf("?size=%d", size), authed()
	for pages := 1; ; pages++ {
		if pages > 1000 {
			t.Fatal("the pages do not end")
		}
		items, next, token := usersPage(t, do(t, srv, http.MethodGet, path, header))
		got = append(got, items...)
		if next == "" {
			return got
		}
		path, header = "/v1"+next, authed()
		header["MS-ContinuationToken"] = token
	}
}

// generatedUser is a generated user as listed, every field Microsoft's
// CustomerUser sample has; pointers tell a missing field from an empty one.
type generatedUser struct {
	ID, UserPrincipalName, FirstName, LastName, DisplayName, UsageLocation, UserDomainType, State string
	Links                                                                                         struct{ Self struct{ URI, Method string } }
	Attributes                                                                                    struct{ ObjectType string }
}

// Paged three a page under PageSize, Contoso's users are its four fixture
// users, then its generated ones, user00001 upwards, each shaped as the
// CustomerUser sample; a second listing answers byte for byte the same.
func TestGeneratedUsersPage(t *testing.T) {
	const n = 7
	_, srv := newServer(t, Options{Fixture: generatedUsersFixture(n, 0), PageSize: 3})
	got := allUsers(t, srv, contoso, 500)
	fixtureUsers := DefaultFixture().Customers[0].Users
	if len(got) != len(fixtureUsers)+n {
		t.Fatalf("%d users, want %d", len(got), len(fixtureUsers)+n)
	}
	ids := map[string]bool{}
	for i, raw := range got[len(fixtureUsers):] {
		number := fmt.Sprintf("%05d", i+1)
		var fields map[string]json.RawMessage
		var u generatedUser
		if err := json.Unmarshal(raw, &fields); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(raw, &u); err != nil {
			t.Fatal(err)
		}
		want := generatedUser{ID: u.ID, UserPrincipalName: "user" + number + "@contoso.onmicrosoft.com", FirstName: "User", LastName: number,
			DisplayName: "User " + number, UsageLocation: "US", UserDomainType: "none", State: "active"}
		want.Links.Self.URI, want.Links.Self.Method = "/customers/"+contoso+"/users/"+u.ID, http.MethodGet
		want.Attributes.ObjectType = "CustomerUser"
		if !reflect.DeepEqual(u, want) || !isGUID(u.ID) || ids[u.ID] {
			t.Errorf("user %d: %s", i+1, raw)
		}
		ids[u.ID] = true
		if string(fields["lastDirectorySyncTime"]) != "null" {
			t.Errorf("user %d: lastDirectorySyncTime %s, want null", i+1, fields["lastDirectorySyncTime"])
		}
		if _, ok := fields["softDeletionTime"]; ok {
			t.Errorf("user %d: softDeletionTime on an active user", i+1)
		}
	}
	again := allUsers(t, srv, contoso, 2)
	if !reflect.DeepEqual(got, again) {
		t.Error("two listings of the same users differ")
	}

	// Another emulator gives the same ids: they are derived, not drawn.
	_, other := newServer(t, Options{Fixture: generatedUsersFixture(n, 0)})
	if items, _, _ := usersPage(t, do(t, other, http.MethodGet, usersPath(contoso)+"?size=500", authed())); !reflect.DeepEqual(items, got) {
		t.Error("another emulator lists other users")
	}
}

// A generated user's licences answer by object id and by principal name,
// in any case; a user past the count, or written otherwise, is unknown.
func TestGeneratedUserLicenses(t *testing.T) {
	em, srv := newServer(t, Options{Fixture: generatedUsersFixture(0, 5)})
	customer := GeneratedCustomerID(0)
	users := allUsers(t, srv, customer, 500)
	if len(users) != 5 {
		t.Fatalf("%d users, want 5", len(users))
	}
	wantParts := [][]string{{"AAD_PREMIUM"}, {"WIN_ENT_E5"}, {"AAD_PREMIUM", "WIN_ENT_E5"}, {"AAD_PREMIUM"}, {"WIN_ENT_E5"}}
	var firstID string
	for i, raw := range users {
		var u generatedUser
		if err := json.Unmarshal(raw, &u); err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			firstID = u.ID
		}
		for _, key := range []string{u.ID, strings.ToUpper(u.ID), u.UserPrincipalName, strings.ToUpper(u.UserPrincipalName)} {
			r := do(t, srv, http.MethodGet, licensesPath(customer, key), authed())
			if r.status != http.StatusOK {
				t.Fatalf("%s: HTTP %d %s", key, r.status, r.body)
			}
			if got := skuPartNumbers(t, r.body); !reflect.DeepEqual(got, wantParts[i]) {
				t.Errorf("%s: licences %v, want %v", key, got, wantParts[i])
			}
		}
		r := do(t, srv, http.MethodGet, licensesPath(customer, u.ID)+"?licenseGroupIds=Group2", authed())
		if got := skuPartNumbers(t, r.body); len(got) != 0 {
			t.Errorf("user %d: Group2 licences %v; generated ones are group1", i+1, got)
		}
	}
	if !strings.HasPrefix(firstID, "00000001-") {
		t.Errorf("user00001's id %s: its first group is its number", firstID)
	}

	// A licence read holds the service plans of the seed's SKU.
	r := do(t, srv, http.MethodGet, licensesPath(customer, "user00001@00000000.onmicrosoft.com"), authed())
	if !bytes.Contains(r.body, []byte(`"serviceName":"MFA_PREMIUM"`)) || !bytes.Contains(r.body, []byte(`"objectType":"License"`)) {
		t.Errorf("user00001's licences: %s", r.body)
	}

	contosoFirst := (&customerData{id: contoso, domain: "contoso.onmicrosoft.com"})
	for _, unknown := range []string{
		"user00006@00000000.onmicrosoft.com", // past the count
		"user00000@00000000.onmicrosoft.com",
		"user1@00000000.onmicrosoft.com", // not as the list writes it
		"user00001@contoso.onmicrosoft.com",
		"user+0001@00000000.onmicrosoft.com",
		"00000006" + firstID[8:],
		"00000000" + firstID[8:],
		newUserGenerator(contosoFirst, 5).id(1), // another customer's user 1
		unknownID,
	} {
		r := do(t, srv, http.MethodGet, licensesPath(customer, unknown), authed())
		if r.status != http.StatusNotFound || jsonCode(decodeError(t, r.body).Code) != jsonCode(CodeUserNotFound) {
			t.Errorf("%s: HTTP %d %s, want 404 code %d", unknown, r.status, r.body, CodeUserNotFound)
		}
	}

	// The customer holds its users' count, not the users.
	cd := em.data.customers[customer]
	if len(cd.users) != 0 || len(cd.usersByID) != 0 || len(cd.usersByUPN) != 0 || cd.generatedUsers == nil || cd.generatedUsers.n != 5 {
		t.Errorf("generated customer holds users %d, by id %d, by UPN %d, generator %+v", len(cd.users), len(cd.usersByID), len(cd.usersByUPN), cd.generatedUsers)
	}
}

// Every licence set is the seed's SKU as a License: a broken seed would
// leave one empty.
func TestGeneratedUserLicensesAreTheSeeds(t *testing.T) {
	for i, set := range generatedUserLicenses {
		for _, it := range set {
			var l struct {
				ProductSku   struct{ SkuPartNumber, LicenseGroupID string }
				ServicePlans []json.RawMessage
				Attributes   struct{ ObjectType string }
			}
			if err := json.Unmarshal(it.raw, &l); err != nil || l.ProductSku.LicenseGroupID != "group1" || len(l.ServicePlans) == 0 ||
				l.Attributes.ObjectType != "License" || it.group != group1 {
				t.Errorf("set %d: %s (%v)", i, it.raw, err)
			}
		}
	}
}

func TestGeneratedUsersInAFixture(t *testing.T) {
	f, err := ParseFixture([]byte(`{"customers": [{"id": "` + fabrikam + `", "domain": "Fabrikam.example", "generatedUsers": 2}]}`))
	if err != nil {
		t.Fatal(err)
	}
	_, srv := newTestServer(t, f)
	if r := do(t, srv, http.MethodGet, licensesPath(fabrikam, "USER00002@fabrikam.example"), authed()); r.status != http.StatusOK {
		t.Errorf("user00002 at the customer's domain: HTTP %d %s", r.status, r.body)
	}
	for _, tt := range []struct{ doc, want string }{
		{`"generatedUsers": -1`, "generatedUsers -1 must be from 0 to 1000000"},
		{`"generatedUsers": 1000001`, "generatedUsers 1000001 must be from 0 to 1000000"},
		{`"domain": "d.example", "generatedUsers": 2, "users": [{"id": "` + unknownID + `", "userPrincipalName": "User00002@D.example", "licenses": []}]`,
			`users[0] (id "` + unknownID + `", userPrincipalName "User00002@D.example") is generated user 2's`},
	} {
		_, err := ParseFixture([]byte(`{"customers": [{"id": "` + fabrikam + `", ` + tt.doc + `}]}`))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: err = %v, want %q", tt.doc, err, tt.want)
		}
	}
}

// Without GeneratedUsers the users list is the fixture's, as before.
func TestNoGeneratedUsersByDefault(t *testing.T) {
	em, _ := newServer(t, Options{})
	for _, c := range em.data.order {
		if c.generatedUsers != nil {
			t.Errorf("customer %s has generated users", c.id)
		}
	}
	for _, c := range GeneratedCustomersWith(3, SkuShape{Skus: 2}) {
		if c.GeneratedUsers != 0 {
			t.Errorf("GeneratedCustomersWith gave customer %s users", c.ID)
		}
	}
}
