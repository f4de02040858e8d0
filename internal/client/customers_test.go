package client

import (
	"context"
	"net/http/httptest"
	"testing"

	"github.com/partnercenter-terraform/terraform-provider-partnercenter/internal/emulator"
)

// Against the emulator's customers list, paged two at a time.
func TestListCustomersFollowsEveryPage(t *testing.T) {
	fixture := emulator.DefaultFixture()
	fixture.Customers = append(fixture.Customers, emulator.GeneratedCustomers(3)...)
	em, err := emulator.New(emulator.Options{AccessToken: testToken, Fixture: fixture, PageSize: 2})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(em)
	t.Cleanup(srv.Close)
	c := newTestClient(t, srv.Config.Handler)

	listing, err := c.ListCustomers(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	all := listing.Items
	if listing.Pages != 3 || listing.TotalCount != 5 || listing.EndedByStaleToken {
		t.Errorf("listing of %d pages, totalCount %d, ended by 2000 %t; want 3, 5, false", listing.Pages, listing.TotalCount, listing.EndedByStaleToken)
	}
	want := []string{seedCustomerID, "7d1a3b2c-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
		emulator.GeneratedCustomerID(0), emulator.GeneratedCustomerID(1), emulator.GeneratedCustomerID(2)}
	if len(all) != len(want) {
		t.Fatalf("%d customers over three pages, want %d", len(all), len(want))
	}
	for i, c := range all {
		if c.ID == nil || *c.ID != want[i] {
			t.Errorf("customers[%d] = %v, want %s", i, c.ID, want[i])
		}
	}
	if p := all[0].CompanyProfile.Value; p == nil || *p.CompanyName != "Contoso" || *p.Domain != "contoso.onmicrosoft.com" || *all[0].RelationshipToPartner != "reseller" {
		t.Errorf("first customer %+v", all[0])
	}
	if n := em.RequestCount(); n != 3 {
		t.Errorf("%d requests for three pages", n)
	}

	fab, err := c.ListCustomers(context.Background(), &CustomerFilter{Field: CustomerDomain, Prefix: "FABRIKAM"})
	if err != nil || len(fab.Items) != 1 || *fab.Items[0].CompanyProfile.Value.CompanyName != "Fabrikam" {
		t.Errorf("domain prefix FABRIKAM: %v, %v", fab, err)
	}
}
