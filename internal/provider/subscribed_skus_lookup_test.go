package provider

import (
	"encoding/json"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/partnercenter-terraform/terraform-provider-partnercenter/internal/acctest"
	"github.com/partnercenter-terraform/terraform-provider-partnercenter/internal/emulator"
)

func TestAccSubscribedSKUsByPartNumber(t *testing.T) {
	em := startEmulator(t, nil)
	testSteps(t, resource.TestStep{
		Config: skusConfig(em, seedCustomer, nil) + `
output "aad_free" {
  value = data.partnercenter_subscribed_skus.test.skus_by_part_number["AAD_PREMIUM"].available_units
}`,
		ConfigStateChecks: []statecheck.StateCheck{
			statecheck.ExpectKnownValue(skusAddress, tfjsonpath.New("skus_by_part_number"), knownvalue.MapExact(map[string]knownvalue.Check{
				"AAD_PREMIUM": seedAADPremium, "AX_TASK_USER": seedAXTask, "CFQ7TTC0K5DR/0002": seedMinecraft, "WIN_ENT_E5": seedWinE5,
			})),
			statecheck.ExpectKnownOutputValue("aad_free", knownvalue.Int64Exact(15)),
			statecheck.ExpectKnownValue(skusAddress, tfjsonpath.New("available_units_by_part_number"), knownvalue.MapExact(map[string]knownvalue.Check{
				"AAD_PREMIUM": knownvalue.Int64Exact(15), "AX_TASK_USER": knownvalue.Int64Exact(1),
				"CFQ7TTC0K5DR/0002": knownvalue.Int64Exact(23), "WIN_ENT_E5": knownvalue.Int64Exact(71),
			})),
		},
	})
}

// Partner Center lists an introductory-price SKU beside the full SKU under
// one part number: a seat gate on that part number must see every free seat,
// and policy code must see that the part number is shared.
func TestAccSubscribedSKUsSharedPartNumbersAreSummed(t *testing.T) {
	const customer = "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee"
	sku := func(id string, available int) json.RawMessage {
		b, _ := json.Marshal(map[string]any{"availableUnits": available, "productSku": map[string]any{
			"id": id, "name": "Microsoft Teams Premium", "skuPartNumber": "Microsoft_Teams_Premium", "licenseGroupId": "group1"}})
		return b
	}
	// The introductory SKU first, with no free seat, as reported.
	em := startEmulator(t, &emulator.Fixture{Customers: []emulator.Customer{{ID: customer, SubscribedSkus: []json.RawMessage{
		sku("11111111-1111-4111-8111-111111111111", 0), sku("22222222-2222-4222-8222-222222222222", 25),
	}}}})
	teams := tfjsonpath.New("skus_by_part_number").AtMapKey("Microsoft_Teams_Premium")
	testSteps(t, resource.TestStep{
		// Filtered in another case: the keys keep Partner Center's spelling.
		Config: skusConfig(em, customer, acctest.Args{"sku_part_numbers": []string{"microsoft_teams_premium"}}) + `
check "teams_seats" {
  assert {
    condition     = data.partnercenter_subscribed_skus.test.available_units_by_part_number["Microsoft_Teams_Premium"] >= 20
    error_message = "Fewer than 20 free Teams Premium seats."
  }
}`,
		ConfigStateChecks: []statecheck.StateCheck{
			statecheck.ExpectKnownValue(skusAddress, tfjsonpath.New("available_units_by_part_number").AtMapKey("Microsoft_Teams_Premium"), knownvalue.Int64Exact(25)),
			statecheck.ExpectKnownValue(skusAddress, teams.AtMapKey("available_units"), knownvalue.Int64Exact(25)),
			statecheck.ExpectKnownValue(skusAddress, teams.AtMapKey("product_sku").AtMapKey("id"), knownvalue.Null()),
			statecheck.ExpectKnownValue(skusAddress, teams.AtMapKey("product_sku").AtMapKey("name"), knownvalue.StringExact("Microsoft Teams Premium")),
			statecheck.ExpectKnownValue(skusAddress, tfjsonpath.New("skus_by_part_number"), knownvalue.MapSizeExact(1)),
			statecheck.ExpectKnownValue(skusAddress, tfjsonpath.New("duplicate_part_numbers"),
				knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("Microsoft_Teams_Premium")})),
			statecheck.ExpectKnownValue(skusAddress, tfjsonpath.New("subscribed_skus"), knownvalue.ListSizeExact(2)),
			checkBlockStatus{name: "teams_seats", status: tfjson.CheckStatusPass},
		},
	})
}

func partNumbersOf(list ...string) knownvalue.Check {
	checks := make([]knownvalue.Check, len(list))
	for i, p := range list {
		checks[i] = knownvalue.ObjectPartial(map[string]knownvalue.Check{
			"product_sku": knownvalue.ObjectPartial(map[string]knownvalue.Check{"sku_part_number": knownvalue.StringExact(p)}),
		})
	}
	return knownvalue.ListExact(checks)
}

func TestAccSubscribedSKUsExactFilters(t *testing.T) {
	em := startEmulator(t, nil)
	cases := map[string]struct {
		extra acctest.Args
		id    string
		want  knownvalue.Check
	}{
		"part numbers in any case": {acctest.Args{"sku_part_numbers": []string{"win_ent_e5", "AAD_Premium"}},
			seedCustomer + "/Group1,Group2?sku_part_numbers=AAD_PREMIUM,WIN_ENT_E5&product_sku_ids=", partNumbersOf("AAD_PREMIUM", "WIN_ENT_E5")},
		"never a substring": {acctest.Args{"sku_part_numbers": []string{"E5"}}, "", partNumbersOf()},
		"product sku ids":   {acctest.Args{"product_sku_ids": []string{"984DF360-9A74-4647-8CF8-696749F6247A"}}, "", partNumbersOf("CFQ7TTC0K5DR/0002")},
		"either list matches": {acctest.Args{"sku_part_numbers": []string{"AX_TASK_USER"}, "product_sku_ids": []string{"1e7e1070-8ccb-4aca-b470-d7cb538cb07e"}}, "",
			partNumbersOf("AX_TASK_USER", "WIN_ENT_E5")},
		"all present, required": {acctest.Args{"sku_part_numbers": []string{"AAD_PREMIUM"}, "require_all_skus": true}, "", partNumbersOf("AAD_PREMIUM")},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			checks := []statecheck.StateCheck{
				statecheck.ExpectKnownValue(skusAddress, tfjsonpath.New("subscribed_skus"), tc.want),
				expectInt(skusAddress, "total_count", 4),
			}
			if tc.id != "" {
				checks = append(checks, expectString(skusAddress, "id", tc.id))
			}
			testSteps(t, resource.TestStep{Config: skusConfig(em, seedCustomer, tc.extra), ConfigStateChecks: checks})
		})
	}
}

func TestAccSubscribedSKUsRequireAllSKUs(t *testing.T) {
	em := startEmulator(t, nil)
	testSteps(t,
		resource.TestStep{
			Config: skusConfig(em, seedCustomer, acctest.Args{"sku_part_numbers": []string{"AAD_PREMIUM", "SPE_E5"},
				"product_sku_ids": []string{"00000000-0000-4000-8000-000000000000"}, "require_all_skus": true}),
			ExpectError: errorNaming("Required SKUs Not Found", "sku_part_number SPE_E5, product_sku_id 00000000-0000-4000-8000-000000000000",
				"Its part numbers there: AAD_PREMIUM, AX_TASK_USER, CFQ7TTC0K5DR/0002, WIN_ENT_E5.", "not a substring match"),
		},
		resource.TestStep{
			Config:      skusConfig(em, seedCustomer, acctest.Args{"require_all_skus": true}),
			PlanOnly:    true,
			ExpectError: errorNaming("require_all_skus needs sku_part_numbers or product_sku_ids"),
		},
		resource.TestStep{
			Config:      skusConfig(em, seedCustomer, acctest.Args{"product_sku_ids": []string{"AAD_PREMIUM"}}),
			PlanOnly:    true,
			ExpectError: errorNaming("product_sku_ids", "must be a GUID", "part numbers such as AAD_PREMIUM go in sku_part_numbers"),
		},
	)
}

func TestAccUserLicensesPartNumbers(t *testing.T) {
	em := startEmulator(t, nil)
	testSteps(t,
		resource.TestStep{
			Config: licensesConfig(em, seedCustomer, "adele.vance@contoso.onmicrosoft.com", nil) + `
output "has_e5" {
  value = contains(data.partnercenter_user_licenses.test.sku_part_numbers, "WIN_ENT_E5")
}`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(licensesAddress, tfjsonpath.New("sku_part_numbers"), knownvalue.ListExact([]knownvalue.Check{
					knownvalue.StringExact("CFQ7TTC0K5DR/0002"), knownvalue.StringExact("WIN_ENT_E5"),
				})),
				statecheck.ExpectKnownOutputValue("has_e5", knownvalue.Bool(true)),
			},
		},
		resource.TestStep{
			Config: licensesConfig(em, seedCustomer, "no.licenses@contoso.onmicrosoft.com", nil),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(licensesAddress, tfjsonpath.New("sku_part_numbers"), knownvalue.ListExact([]knownvalue.Check{})),
			},
		},
	)
}
