package client

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"testing"
)

// usersPage is one page of a customer's users: items, links.next to the
// page whose token is next (none when empty), and only the body's
// continuationToken when bodyToken is set instead.
func usersPage(items, next, bodyToken string) string {
	body := `{"totalCount": ` + itemCount(items) + `, "items": [` + items + `]`
	if next != "" {
		body += `, "links": {"next": {"uri": "/customers/` + seedCustomerID + `/users?size=500&seekOperation=Next", "method": "GET",` +
			` "headers": [{"key": "MS-ContinuationToken", "value": "` + next + `"}]}}`
	}
	if bodyToken != "" {
		body += `, "continuationToken": "` + bodyToken + `"`
	}
	return body + `, "attributes": {"objectType": "Collection"}}`
}

// itemCount is a page's totalCount: its own items.
func itemCount(items string) string {
	return strconv.Itoa(strings.Count(items, `"CustomerUser"`))
}

// The first two users are the two items of Microsoft's response sample for
// "Get a list of all user accounts for a customer", the second without
// usageLocation; the third is synced from on-premises.
const (
	sampleUser = `{"usageLocation": "US", "id": "a9ef48bb-8758-4590-a312-d4a47bfaded4", "userPrincipalName": "Daniel@dtdemocspcustomer005.onmicrosoft.com",` +
		` "firstName": "Daniel", "lastName": "Tsai", "displayName": "Daniel Tsai", "userDomainType": "none", "state": "active",` +
		` "links": {"self": {"uri": "/customers/4d3cf487-70f4-4e1e-9ff1-b2bfce8d9f04/users/a9ef48bb-8758-4590-a312-d4a47bfaded4", "method": "GET", "headers": []}},` +
		` "attributes": {"objectType": "CustomerUser"}}`
	sampleAdmin = `{"id": "6e668259-1f09-479d-bcb8-d9b03e826b8d", "userPrincipalName": "admin@dtdemocspcustomer005.onmicrosoft.com",` +
		` "firstName": "Daniel", "lastName": "Tsai", "displayName": "DT Demo CSP Customer 005", "userDomainType": "none", "state": "active",` +
		` "attributes": {"objectType": "CustomerUser"}}`
	syncedUser = `{"id": "2c5e8f14-7a3b-4d6e-9c1f-8b0a2d4e6f13", "userPrincipalName": "synced@contoso.com", "userDomainType": "federated",` +
		` "state": "active", "lastDirectorySyncTime": "2025-11-03T06:15:27Z", "newField": {"x": 1}, "attributes": {"objectType": "CustomerUser"}}`
)

// Three pages: the first links on by links.next, the second only by the
// body's continuationToken, the third is the last. Every user is read
// once, in order, with the customer id in one case and size=500.
func TestListCustomerUsersFollowsEveryPage(t *testing.T) {
	srv := &pageServer{pages: map[string]string{
		"":   usersPage(sampleUser+", "+sampleAdmin, "t1", ""),
		"t1": usersPage(syncedUser, "", "t2"),
		"t2": usersPage(`{"id": "3a4b5c6d-7e8f-4a0b-9c1d-2e3f4a5b6c7d", "attributes": {"objectType": "CustomerUser"}}`, "", ""),
	}}
	c := newTestClient(t, srv)
	got, err := c.ListCustomerUsers(context.Background(), strings.ToUpper(seedCustomerID))
	if err != nil {
		t.Fatal(err)
	}
	if got.Pages != 3 || got.TotalCount != 4 || len(got.Items) != 4 {
		t.Fatalf("%d users over %d pages (totalCount %d), want 4 over 3", len(got.Items), got.Pages, got.TotalCount)
	}
	users := "/v1/customers/" + seedCustomerID + "/users"
	want := []string{
		users + "?size=500|",
		users + "?seekOperation=Next&size=500|t1",
		users + "?seekOperation=Next&size=500|t2",
	}
	if strings.Join(srv.seen, "\n") != strings.Join(want, "\n") {
		t.Errorf("requests:\n%s\nwant:\n%s", strings.Join(srv.seen, "\n"), strings.Join(want, "\n"))
	}
	ids := []string{"a9ef48bb-8758-4590-a312-d4a47bfaded4", "6e668259-1f09-479d-bcb8-d9b03e826b8d",
		"2c5e8f14-7a3b-4d6e-9c1f-8b0a2d4e6f13", "3a4b5c6d-7e8f-4a0b-9c1d-2e3f4a5b6c7d"}
	for i, u := range got.Items {
		if deref(u.ID) != ids[i] {
			t.Errorf("users[%d] = %s, want %s", i, deref(u.ID), ids[i])
		}
	}
	first, admin, synced, bare := got.Items[0], got.Items[1], got.Items[2], got.Items[3]
	if deref(first.UsageLocation) != "US" || deref(first.DisplayName) != "Daniel Tsai" || deref(first.FirstName) != "Daniel" ||
		deref(first.LastName) != "Tsai" || deref(first.UserDomainType) != "none" || deref(first.State) != "active" ||
		deref(first.UserPrincipalName) != "Daniel@dtdemocspcustomer005.onmicrosoft.com" || first.LastDirectorySyncTime != nil {
		t.Errorf("first user %+v", first)
	}
	if admin.UsageLocation != nil || deref(admin.DisplayName) != "DT Demo CSP Customer 005" {
		t.Errorf("the sample's user without usageLocation read as %+v", admin)
	}
	if deref(synced.LastDirectorySyncTime) != "2025-11-03T06:15:27Z" || deref(synced.UserDomainType) != "federated" {
		t.Errorf("synced user %+v", synced)
	}
	if bare.UserPrincipalName != nil || bare.State != nil || bare.DisplayName != nil {
		t.Errorf("a user with only an id read as %+v", bare)
	}
}

// A user listed without an id, or with a null one, has no id: not "",
// which a caller would take for an id (a key, a licence read's path).
func TestListCustomerUsersWithoutAnID(t *testing.T) {
	srv := &pageServer{pages: map[string]string{
		"": usersPage(`{"userPrincipalName": "noid@contoso.com", "attributes": {"objectType": "CustomerUser"}}, `+
			`{"id": null, "attributes": {"objectType": "CustomerUser"}}, `+sampleAdmin, "", ""),
	}}
	got, err := newTestClient(t, srv).ListCustomerUsers(context.Background(), seedCustomerID)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Items) != 3 || got.Items[0].ID != nil || got.Items[1].ID != nil || deref(got.Items[2].ID) != "6e668259-1f09-479d-bcb8-d9b03e826b8d" {
		t.Fatalf("users %+v, want two without an id and the sample's admin", got.Items)
	}
	if deref(got.Items[0].UserPrincipalName) != "noid@contoso.com" {
		t.Errorf("the user without an id lost its principal name: %+v", got.Items[0])
	}
}

func deref(s *string) string {
	if s == nil {
		return "<nil>"
	}
	return *s
}

// A customer's users take App+User tokens only: an app-only token is
// refused before anything is sent, and a customer id that is not a GUID
// sends nothing either.
func TestListCustomerUsersRefusesBeforeSending(t *testing.T) {
	srv := &pageServer{pages: map[string]string{"": usersPage("", "", "")}}
	c := newTestClient(t, srv, func(cfg *Config) { cfg.Tokens = appOnlyTokens{} })
	_, err := c.ListCustomerUsers(context.Background(), seedCustomerID)
	var te *TransportError
	if !errors.As(err, &te) || !te.NotSent {
		t.Errorf("an app-only token: %v, want it refused before sending", err)
	}
	if _, err := newTestClient(t, srv).ListCustomerUsers(context.Background(), "contoso"); err == nil {
		t.Error("a customer id that is not a GUID was accepted")
	}
	if len(srv.seen) != 0 {
		t.Errorf("%d requests, want none", len(srv.seen))
	}
}

// Only the customers list ends with 400 and code 2000; here it is an
// error, so a gate never passes on part of a customer's users.
func TestListCustomerUsersTakes2000ForAnError(t *testing.T) {
	srv := &pageServer{pages: map[string]string{"": usersPage(sampleUser, "", "stale")}}
	if _, err := newTestClient(t, srv).ListCustomerUsers(context.Background(), seedCustomerID); !isStaleContinuation(err) {
		t.Errorf("400/2000 on a next page gave %v, want the error", err)
	}
}
