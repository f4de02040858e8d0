package provider

import (
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/partnercenter-terraform/terraform-provider-partnercenter/internal/acctest"
	"github.com/partnercenter-terraform/terraform-provider-partnercenter/internal/emulator"
)

// The license reads have not been seen in pages, but their collection
// declares links.next, so each data source reads every page, one item a
// page here: the same figures as from one page, a seat on the last page
// counted like one on the first.
func TestAccLicenseReadsFollowEveryPage(t *testing.T) {
	em := startEmulatorWith(t, emulator.Options{PageSize: 1})
	guest := "bob_fabrikam.com#EXT#@contoso.onmicrosoft.com"
	testSteps(t, resource.TestStep{
		Config: licensesConfig(em, seedCustomer, "adele.vance@contoso.onmicrosoft.com", nil) + skusBlock(seedCustomer, nil) +
			acctest.Data(licensesType, "guest", acctest.Args{"customer_id": seedCustomer, "user_id": guest}) +
			acctest.Data(byCustomerType, "test", acctest.Args{"customer_ids": []string{seedCustomer}}),
		ConfigStateChecks: []statecheck.StateCheck{
			expectInt(skusAddress, "total_count", 4),
			expectList(skusAddress, "subscribed_skus", seedAADPremium, seedAXTask, seedMinecraft, seedWinE5),
			expectList(licensesAddress, "licenses", winE5License, minecraftLicense),
			expectList("data.partnercenter_user_licenses.guest", "licenses", winE5License),
			statecheck.ExpectKnownValue(byCustomerAddress, tfjsonpath.New("available_units").AtMapKey(seedCustomer), seedFreeSeats),
		},
	})
	pages := 0
	for _, r := range em.Requests() {
		if strings.HasSuffix(r.EscapedPath, "/subscribedskus") && r.Header.Get("MS-ContinuationToken") != "" {
			pages++
		}
	}
	if pages == 0 {
		t.Error("no next page of subscribedskus was asked for")
	}
}

// A customers list that ends with 400 and code 2000 on a next page is
// read to there, with a warning: the provider cannot tell that ending
// from a token that went stale midway.
func TestCustomersListEndedBy2000IsWarned(t *testing.T) {
	rig := newProtocolRig(t, emulator.Options{AccessToken: testAccessToken, Fixture: customersFixture(3), PageSize: 2, PagingEndsWith2000: true})
	for _, name := range []string{"partnercenter_customers", "partnercenter_subscribed_skus_by_customer"} {
		read := rig.read(t, name, nil)
		if len(read.Diagnostics) != 1 || read.Diagnostics[0].Severity != tfprotov6.DiagnosticSeverityWarning ||
			read.Diagnostics[0].Summary != "Customers List Ended With Code 2000" ||
			!strings.Contains(read.Diagnostics[0].Detail, "page 4 of the customers list") ||
			!strings.Contains(read.Diagnostics[0].Detail, "read 5 customers on 3 pages") {
			t.Fatalf("%s: diagnostics %v, want the one warning", name, read.Diagnostics)
		}
	}
}
