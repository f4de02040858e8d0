package provider

import (
	"encoding/json"
	"fmt"
	"maps"
	"strings"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/partnercenter-terraform/terraform-provider-partnercenter/internal/acctest"
	"github.com/partnercenter-terraform/terraform-provider-partnercenter/internal/emulator"
)

const (
	skusType    = "partnercenter_subscribed_skus"
	skusAddress = "data." + skusType + ".test"
)

// skusBlock is the partnercenter_subscribed_skus "test" of customerID, with
// extra arguments.
func skusBlock(customerID string, extra acctest.Args) string {
	args := acctest.Args{"customer_id": customerID}
	maps.Copy(args, extra)
	return acctest.Data(skusType, "test", args)
}

// skusConfig is skusBlock with the provider block for em.
func skusConfig(em *acctest.Server, customerID string, extra acctest.Args) string {
	return em.Provider(nil) + skusBlock(customerID, extra)
}

func TestAccSubscribedSKUsReadsEverySeedFigure(t *testing.T) {
	em := startEmulator(t, nil)
	testSteps(t, resource.TestStep{
		Config: skusConfig(em, seedCustomer, nil),
		ConfigStateChecks: []statecheck.StateCheck{
			expectString(skusAddress, "id", seedCustomer+"/Group1,Group2"),
			expectString(skusAddress, "customer_id", seedCustomer),
			expectValue(skusAddress, "license_group_ids", knownvalue.Null()),
			expectInt(skusAddress, "total_count", 4),
			expectList(skusAddress, "subscribed_skus", seedAADPremium, seedAXTask, seedMinecraft, seedWinE5),
		},
	})
	for _, r := range em.Requests() {
		if got := strings.Join(r.Query["licenseGroupIds"], ","); got != "Group1,Group2" {
			t.Errorf("request %s asked for groups %q, want both (Group1,Group2) when license_group_ids is omitted", r.EscapedPath, got)
		}
	}
}

func TestAccSubscribedSKUsLicenseGroupFilters(t *testing.T) {
	em := startEmulator(t, nil)
	cases := []struct {
		groups []string
		id     string
		want   []knownvalue.Check
	}{
		{[]string{"Group1"}, seedCustomer + "/Group1", []knownvalue.Check{seedAADPremium, seedAXTask, seedWinE5}},
		{[]string{"group2"}, seedCustomer + "/Group2", []knownvalue.Check{seedMinecraft}},
		{[]string{"GROUP2", "Group1", "group1"}, seedCustomer + "/Group1,Group2", []knownvalue.Check{seedAADPremium, seedAXTask, seedMinecraft, seedWinE5}},
	}
	for _, tc := range cases {
		t.Run(acctest.Value(tc.groups), func(t *testing.T) {
			testSteps(t, resource.TestStep{
				Config: skusConfig(em, seedCustomer, acctest.Args{"license_group_ids": tc.groups}),
				ConfigStateChecks: []statecheck.StateCheck{
					expectString(skusAddress, "id", tc.id),
					expectInt(skusAddress, "total_count", int64(len(tc.want))),
					expectList(skusAddress, "subscribed_skus", tc.want...),
				},
			})
		})
	}
}

func TestAccSubscribedSKUsEmptyResult(t *testing.T) {
	em := startEmulator(t, nil)
	testSteps(t,
		resource.TestStep{
			Config: skusConfig(em, emptyCustomer, nil),
			ConfigStateChecks: []statecheck.StateCheck{
				expectInt(skusAddress, "total_count", 0),
				expectList(skusAddress, "subscribed_skus"),
			},
		},
		resource.TestStep{
			Config: skusConfig(em, emptyCustomer, acctest.Args{"license_group_ids": []string{"Group2"}}),
			ConfigStateChecks: []statecheck.StateCheck{
				expectString(skusAddress, "id", emptyCustomer+"/Group2"),
				expectInt(skusAddress, "total_count", 0),
				expectList(skusAddress, "subscribed_skus"),
			},
		},
	)
}

func TestAccSubscribedSKUsUnknownCustomer(t *testing.T) {
	em := startEmulator(t, nil)
	testSteps(t, resource.TestStep{
		Config: skusConfig(em, unknownCustomer, nil),
		ExpectError: errorNaming("Unable to Read Subscribed SKUs", "HTTP 404 with code 60003",
			"customer_id is the customer's tenant id", "Request: GET "+em.URL+"/v1/customers/"+unknownCustomer+"/subscribedskus?licenseGroupIds=Group1&licenseGroupIds=Group2",
			"MS-RequestId:", "MS-CorrelationId:"),
	})
}

func TestAccSubscribedSKUsRefusesInvalidArgumentsAtPlan(t *testing.T) {
	em := startEmulator(t, nil)
	cases := map[string]struct {
		customerID string
		groups     any
		want       []string
	}{
		"customer id not a GUID":  {"contoso.onmicrosoft.com", nil, []string{"customer_id", "must be the customer's tenant id, a GUID"}},
		"customer id with a path": {"../../v1/customers", nil, []string{"customer_id", "a GUID"}},
		"unknown group":           {seedCustomer, []string{"Group3"}, []string{`license_group_ids[0]`, `value must be one of: ["Group1" "Group2"]`, `got: "Group3"`}},
		"comma-joined groups":     {seedCustomer, []string{"Group1,Group2"}, []string{`license_group_ids[0]`, `["Group1" "Group2"]`}},
		"empty group list":        {seedCustomer, []string{}, []string{"license_group_ids", "at least 1"}},
		"null group":              {seedCustomer, []any{nil}, []string{"license_group_ids", "null"}},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			testSteps(t, resource.TestStep{
				Config:      skusConfig(em, tc.customerID, acctest.Args{"license_group_ids": tc.groups}),
				PlanOnly:    true,
				ExpectError: errorNaming(tc.want...),
			})
		})
	}
	em.ExpectNoRequests(t)
}

// A field Partner Center leaves out must be null, not zero or "", and a
// status value nobody has seen before must come through as written.
func TestAccSubscribedSKUsAbsentFieldsAreNull(t *testing.T) {
	const customer = "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee"
	em := startEmulator(t, &emulator.Fixture{Customers: []emulator.Customer{{
		ID: customer,
		SubscribedSkus: []json.RawMessage{json.RawMessage(`{
			"availableUnits": 3, "capabilityStatus": "LockedOut", "brandNewField": {"x": 1},
			"productSku": {"id": "p-1", "skuPartNumber": "NEW_SKU", "licenseGroupId": "group1"}
		}`)},
	}}})
	testSteps(t, resource.TestStep{
		Config: skusConfig(em, customer, nil),
		ConfigStateChecks: []statecheck.StateCheck{
			expectList(skusAddress, "subscribed_skus", knownvalue.ObjectExact(map[string]knownvalue.Check{
				"available_units":   knownvalue.Int64Exact(3),
				"active_units":      knownvalue.Null(),
				"consumed_units":    knownvalue.Null(),
				"suspended_units":   knownvalue.Null(),
				"total_units":       knownvalue.Null(),
				"warning_units":     knownvalue.Null(),
				"capability_status": knownvalue.StringExact("LockedOut"),
				"product_sku": knownvalue.ObjectExact(map[string]knownvalue.Check{
					"id":               knownvalue.StringExact("p-1"),
					"name":             knownvalue.Null(),
					"sku_part_number":  knownvalue.StringExact("NEW_SKU"),
					"target_type":      knownvalue.Null(),
					"license_group_id": knownvalue.StringExact("group1"),
				}),
				"service_plans": knownvalue.Null(),
			})),
		},
	})
}

// seatCheck is the gate the provider exists for: a check block that fails
// when any SKU has fewer free seats than asked.
func seatCheck(minFree int) string {
	return fmt.Sprintf(`
check "free_seats" {
  assert {
    condition = alltrue([for s in data.partnercenter_subscribed_skus.test.subscribed_skus : s.available_units >= %d])
    error_message = "SKUs below %d free seats: ${join(", ", [for s in data.partnercenter_subscribed_skus.test.subscribed_skus : s.product_sku.sku_part_number if s.available_units < %d])}"
  }
}
`, minFree, minFree, minFree)
}

func TestAccSubscribedSKUsSeatCheckBlock(t *testing.T) {
	em := startEmulator(t, nil)
	testSteps(t,
		resource.TestStep{
			Config: skusConfig(em, seedCustomer, nil) + seatCheck(1),
			ConfigStateChecks: []statecheck.StateCheck{
				checkBlockStatus{name: "free_seats", status: tfjson.CheckStatusPass},
			},
		},
		resource.TestStep{
			// AX_TASK_USER has 1 free seat and AAD_PREMIUM 15.
			Config: skusConfig(em, seedCustomer, nil) + seatCheck(20),
			ConfigStateChecks: []statecheck.StateCheck{
				checkBlockStatus{name: "free_seats", status: tfjson.CheckStatusFail, message: "SKUs below 20 free seats: AAD_PREMIUM, AX_TASK_USER"},
			},
		},
	)
}

// Code 20002 is Microsoft's "no commerce relationship": the advice names
// both causes, a relationship that lapsed and a tenant reached only through
// GDAP, and does not send the user after a GDAP relationship they may have.
// In German it says the same.
func TestAccSubscribedSKUsWithoutCommerceRelationship(t *testing.T) {
	const customer = "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee"
	em := startEmulator(t, &emulator.Fixture{Customers: []emulator.Customer{{ID: customer, NoRelationship: true}}})
	both := []string{"no commerce relationship", "neither resell to nor advise", "lapsed or was removed",
		"only through GDAP", "not in the customers list", "Microsoft Graph"}
	testSteps(t,
		resource.TestStep{
			Config:      skusConfig(em, customer, nil),
			ExpectError: errorNaming(append([]string{"HTTP 403 with code 20002", "No relationship between caller and account"}, both...)...),
		},
		resource.TestStep{
			Config: em.Provider(acctest.Args{"locale": "de-DE"}) + skusBlock(customer, nil),
			ExpectError: errorNaming(append([]string{"HTTP 403 with code 20002", "Keine Beziehung zwischen Aufrufer und Konto"},
				both...)...),
		},
	)
}

func TestAccSubscribedSKUsByPartNumber(t *testing.T) {
	em := startEmulator(t, nil)
	testSteps(t, resource.TestStep{
		Config: skusConfig(em, seedCustomer, nil) + `
output "aad_free" {
  value = data.partnercenter_subscribed_skus.test.skus_by_part_number["AAD_PREMIUM"].available_units
}`,
		ConfigStateChecks: []statecheck.StateCheck{
			expectValue(skusAddress, "skus_by_part_number", knownvalue.MapExact(map[string]knownvalue.Check{
				"AAD_PREMIUM": seedAADPremium, "AX_TASK_USER": seedAXTask, "CFQ7TTC0K5DR/0002": seedMinecraft, "WIN_ENT_E5": seedWinE5,
			})),
			statecheck.ExpectKnownOutputValue("aad_free", knownvalue.Int64Exact(15)),
			expectValue(skusAddress, "available_units_by_part_number", knownvalue.MapExact(map[string]knownvalue.Check{
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
			expectValue(skusAddress, "skus_by_part_number", knownvalue.MapSizeExact(1)),
			statecheck.ExpectKnownValue(skusAddress, tfjsonpath.New("duplicate_part_numbers"),
				knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("Microsoft_Teams_Premium")})),
			expectValue(skusAddress, "subscribed_skus", knownvalue.ListSizeExact(2)),
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
				expectValue(skusAddress, "subscribed_skus", tc.want),
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
