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
			statecheck.ExpectKnownValue(skusAddress, tfjsonpath.New("license_group_ids"), knownvalue.Null()),
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

func TestAccSubscribedSKUsWithoutGDAPRelationship(t *testing.T) {
	const customer = "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee"
	em := startEmulator(t, &emulator.Fixture{Customers: []emulator.Customer{{ID: customer, NoRelationship: true}}})
	testSteps(t, resource.TestStep{
		Config: skusConfig(em, customer, nil),
		ExpectError: errorNaming("HTTP 403 with code 20002", "No relationship between caller and account",
			// The roles of the call the provider makes (with licenseGroupIds), and only those.
			"GDAP relationship is missing", "one of these roles: Directory Readers, Global Reader."),
	})
}
