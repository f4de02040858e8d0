package provider

import (
	"fmt"
	"strings"
	"testing"

	"github.com/golang-jwt/jwt/v5"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/partnercenter-terraform/terraform-provider-partnercenter/internal/acctest"
	"github.com/partnercenter-terraform/terraform-provider-partnercenter/internal/client"
	"github.com/partnercenter-terraform/terraform-provider-partnercenter/internal/emulator"
)

const (
	customersType    = "partnercenter_customers"
	customersAddress = "data." + customersType + ".test"
)

// customersFixture is the default fixture and n generated customers.
func customersFixture(n int) *emulator.Fixture {
	f := emulator.DefaultFixture()
	f.Customers = append(f.Customers, emulator.GeneratedCustomers(n)...)
	return f
}

// Both endings seen at the service: a last page without links.next, and a
// last page that links on to a 400 with code 2000 (the emulator's
// PagingEndsWith2000), which ends the list with every customer read.
func TestAccCustomersFollowsEveryPage(t *testing.T) {
	for _, endsWith2000 := range []bool{false, true} {
		t.Run(fmt.Sprintf("ends with 2000 %t", endsWith2000), func(t *testing.T) {
			em := startEmulatorWith(t, emulator.Options{Fixture: customersFixture(5), PageSize: 2, PagingEndsWith2000: endsWith2000})
			ids := []knownvalue.Check{knownvalue.StringExact(seedCustomer), knownvalue.StringExact(emptyCustomer)}
			for i := range 5 {
				ids = append(ids, knownvalue.StringExact(emulator.GeneratedCustomerID(i)))
			}
			testSteps(t, resource.TestStep{
				Config: em.Provider(nil) + acctest.Data(customersType, "test", nil),
				ConfigStateChecks: []statecheck.StateCheck{
					expectInt(customersAddress, "total_count", 7),
					expectValue(customersAddress, "customer_ids", knownvalue.ListExact(ids)),
					statecheck.ExpectKnownValue(customersAddress, tfjsonpath.New("customers").AtSliceIndex(0), knownvalue.ObjectExact(map[string]knownvalue.Check{
						"id": knownvalue.StringExact(seedCustomer), "tenant_id": knownvalue.StringExact(seedCustomer),
						"company_name": knownvalue.StringExact("Contoso"), "domain": knownvalue.StringExact("contoso.onmicrosoft.com"),
						"relationship_to_partner": knownvalue.StringExact("reseller"),
					})),
					expectValue(customersAddress, "id", knownvalue.StringExact("customers")),
				},
			})
			// Four pages of two, and the 400 when the list ends with one;
			// plan and apply share nothing across processes, so each read
			// them all once.
			perListing := int64(4)
			if endsWith2000 {
				perListing = 5
			}
			if n := em.RequestCount(); n%perListing != 0 || n == 0 {
				t.Errorf("%d requests, want whole listings of %d", n, perListing)
			}
		})
	}
}

func TestAccCustomersFilters(t *testing.T) {
	em := startEmulator(t, customersFixture(3))
	one := func(name string) knownvalue.Check {
		return knownvalue.ListExact([]knownvalue.Check{knownvalue.ObjectPartial(map[string]knownvalue.Check{"company_name": knownvalue.StringExact(name)})})
	}
	testSteps(t,
		resource.TestStep{
			Config:      em.Provider(nil) + acctest.Data(customersType, "test", acctest.Args{"company_name_prefix": "a", "domain_prefix": "b"}),
			PlanOnly:    true,
			ExpectError: errorNaming("company_name_prefix and domain_prefix cannot both be set"),
		},
		resource.TestStep{
			Config:            em.Provider(nil) + acctest.Data(customersType, "test", acctest.Args{"company_name_prefix": "CONT"}),
			ConfigStateChecks: []statecheck.StateCheck{expectValue(customersAddress, "customers", one("Contoso"))},
		},
		resource.TestStep{
			Config:            em.Provider(nil) + acctest.Data(customersType, "test", acctest.Args{"domain_prefix": "fabrikam."}),
			ConfigStateChecks: []statecheck.StateCheck{expectValue(customersAddress, "customers", one("Fabrikam"))},
		},
		resource.TestStep{
			Config:            em.Provider(nil) + acctest.Data(customersType, "test", acctest.Args{"domain_prefix": "nobody"}),
			ConfigStateChecks: []statecheck.StateCheck{expectInt(customersAddress, "total_count", 0)},
		},
	)
}

// The customers list is a partner-level call: an app-only token, as
// client credentials give, lists customers, while the license reads still
// refuse it before sending.
func TestAccCustomersWithAnAppOnlyToken(t *testing.T) {
	token, err := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims{"idtyp": "app", "roles": []string{"x"}}).SignedString([]byte("k"))
	if err != nil {
		t.Fatal(err)
	}
	em := startEmulatorWith(t, emulator.Options{AccessToken: token})
	provider := em.Provider(nil)
	testSteps(t,
		resource.TestStep{
			Config:            provider + acctest.Data(customersType, "test", nil),
			ConfigStateChecks: []statecheck.StateCheck{expectInt(customersAddress, "total_count", 2)},
		},
		resource.TestStep{
			Config:      provider + skusBlock(seedCustomer, nil),
			ExpectError: errorNaming("app-only", "Not sent: GET"),
		},
	)
	if n := em.RequestCount(); n == 0 {
		t.Error("the customers list was never read")
	}
	for _, r := range em.Requests() {
		if r.EscapedPath != "/v1/customers" {
			t.Errorf("an app-only token reached %s", r.EscapedPath)
		}
	}
}

// A list that ends with code 2000 on its second request was read on one
// page, said in the singular.
func TestWarningOfAListEndedBy2000CountsItsPages(t *testing.T) {
	for pages, want := range map[int]string{1: "read 2 customers on 1 page.", 3: "read 2 customers on 3 pages."} {
		var diags diag.Diagnostics
		warnIfListEndedBy2000(&diags, &client.Listing[client.Customer]{Items: make([]client.Customer, 2), Pages: pages, EndedByStaleToken: true})
		if len(diags) != 1 || !strings.Contains(diags[0].Detail(), want) {
			t.Errorf("%d pages: %v, want a warning that says %q", pages, diags, want)
		}
	}
}
