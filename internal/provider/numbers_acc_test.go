package provider

import (
	"encoding/json"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/partnercenter-terraform/terraform-provider-partnercenter/internal/acctest"
	"github.com/partnercenter-terraform/terraform-provider-partnercenter/internal/emulator"
)

// Where the numbers surprise, as the docs say: more seats assigned than
// owned leaves available_units negative, and it is passed on as Partner
// Center sends it, in each data source that carries it.
func TestAccAvailableUnitsCanBeNegative(t *testing.T) {
	const customer = "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee"
	em := startEmulator(t, &emulator.Fixture{Customers: []emulator.Customer{{ID: customer, SubscribedSkus: []json.RawMessage{
		// 10 active and 2 in warning make 12 owned; 3 suspended are not
		// counted; 15 assigned leave -3.
		json.RawMessage(`{"availableUnits": -3, "activeUnits": 10, "consumedUnits": 15, "suspendedUnits": 3, "totalUnits": 12,
			"warningUnits": 2, "capabilityStatus": "Enabled",
			"productSku": {"skuPartNumber": "SPE_E5", "licenseGroupId": "group1"}, "servicePlans": []}`),
	}}}})
	testSteps(t, resource.TestStep{
		Config: skusConfig(em, customer, nil) + acctest.Data(byCustomerType, "test", acctest.Args{"customer_ids": []string{customer}}),
		ConfigStateChecks: []statecheck.StateCheck{
			statecheck.ExpectKnownValue(skusAddress, tfjsonpath.New("subscribed_skus").AtSliceIndex(0), knownvalue.ObjectPartial(map[string]knownvalue.Check{
				"available_units": knownvalue.Int64Exact(-3), "total_units": knownvalue.Int64Exact(12), "suspended_units": knownvalue.Int64Exact(3),
			})),
			statecheck.ExpectKnownValue(skusAddress, tfjsonpath.New("available_units_by_part_number").AtMapKey("SPE_E5"), knownvalue.Int64Exact(-3)),
			statecheck.ExpectKnownValue(byCustomerAddress, tfjsonpath.New("available_units").AtMapKey(customer).AtMapKey("SPE_E5"), knownvalue.Int64Exact(-3)),
		},
	})
}

// A data source inside a check block turns its errors into warnings: the
// plan succeeds, so a pipeline goes on, with the error only in the warning.
// The plan shows a check's data source whole, and sku_part_numbers keeps
// that to the SKUs the check is about, as the gate guide says.
func TestAccCheckBlockTurnsReadErrorsIntoWarnings(t *testing.T) {
	em := startEmulator(t, nil)
	out := planOutput(t, acctest.RequiredProviders+em.Provider(nil)+`
check "unknown_customer" {
  data "partnercenter_subscribed_skus" "broken" {
    customer_id = "`+unknownCustomer+`"
  }
  assert {
    condition     = data.partnercenter_subscribed_skus.broken.total_count > 0
    error_message = "No SKUs."
  }
}

check "win_e5_seats" {
  data "partnercenter_subscribed_skus" "filtered" {
    customer_id      = "`+seedCustomer+`"
    sku_part_numbers = ["WIN_ENT_E5"]
  }
  assert {
    condition     = data.partnercenter_subscribed_skus.filtered.available_units_by_part_number["WIN_ENT_E5"] >= 1
    error_message = "No free WIN_ENT_E5 seats."
  }
}
`)
	if !errorNaming("Warning: Unable to Read Subscribed SKUs", `in check "unknown_customer"`, "HTTP 404 with code 60003").MatchString(out) {
		t.Errorf("the check's failed read is not a warning of a plan that succeeded:\n%s", out)
	}
	if !regexp.MustCompile(`"WIN_ENT_E5"`).MatchString(out) || regexp.MustCompile(`AAD_PREMIUM|AX_TASK_USER`).MatchString(out) {
		t.Errorf("the filtered check's plan output shows other SKUs than WIN_ENT_E5:\n%s", out)
	}
}
