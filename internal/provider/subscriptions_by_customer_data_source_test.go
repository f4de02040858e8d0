package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/partnercenter-terraform/terraform-provider-partnercenter/internal/acctest"
	"github.com/partnercenter-terraform/terraform-provider-partnercenter/internal/emulator"
)

const (
	subsByCustomerType    = "partnercenter_subscriptions_by_customer"
	subsByCustomerAddress = "data." + subsByCustomerType + ".test"
	fabrikamCustomer      = "7d1a3b2c-4e5f-4a6b-8c7d-9e0f1a2b3c4d"
)

func subsByCustomerConfig(em *acctest.Server, args acctest.Args) string {
	return em.Provider(nil) + acctest.Data(subsByCustomerType, "test", args)
}

func seedSubscription(n int) string {
	return "a4c1de90-19b2-4d6f-9c1e-3b1f2d9e0a" + []string{"01", "02", "03", "04"}[n-1]
}

// Every customer, listed; the flat maps hold what the guide's gates read:
// the end of each subscription that does not renew itself, each open or
// closed cancellation window, and the seats bought.
func TestAccSubscriptionsByCustomerReadsEveryCustomer(t *testing.T) {
	em := startEmulator(t, nil)
	testSteps(t, resource.TestStep{
		Config: subsByCustomerConfig(em, acctest.Args{"statuses": []string{"active"}}),
		ConfigStateChecks: []statecheck.StateCheck{
			expectString(subsByCustomerAddress, "id", "all statuses active"),
			expectValue(subsByCustomerAddress, "customers", knownvalue.MapSizeExact(2)),
			statecheck.ExpectKnownValue(subsByCustomerAddress, tfjsonpath.New("customers").AtMapKey(seedCustomer).AtMapKey("subscriptions"),
				statusList([]string{"active", "active", "active", "active"})),
			statecheck.ExpectKnownValue(subsByCustomerAddress, tfjsonpath.New("customers").AtMapKey(fabrikamCustomer).AtMapKey("subscriptions"),
				knownvalue.ListSizeExact(0)),
			expectValue(subsByCustomerAddress, "ending_without_auto_renew", knownvalue.MapExact(map[string]knownvalue.Check{
				seedCustomer: knownvalue.MapExact(map[string]knownvalue.Check{
					seedSubscription(2): knownvalue.StringExact("2099-05-31T00:00:00Z"),
					seedSubscription(4): knownvalue.StringExact("2025-03-31T00:00:00Z"),
				}),
				fabrikamCustomer: knownvalue.MapExact(map[string]knownvalue.Check{}),
			})),
			expectValue(subsByCustomerAddress, "cancellable_until", knownvalue.MapPartial(map[string]knownvalue.Check{
				seedCustomer: knownvalue.MapExact(map[string]knownvalue.Check{
					seedSubscription(1): knownvalue.StringExact("2019-02-11T00:00:00Z"),
					seedSubscription(2): knownvalue.StringExact("2099-06-07T00:00:00Z"),
					seedSubscription(3): knownvalue.StringExact("2099-01-21T00:00:00Z"),
				}),
			})),
			expectValue(subsByCustomerAddress, "quantities", knownvalue.MapPartial(map[string]knownvalue.Check{
				seedCustomer: knownvalue.MapExact(map[string]knownvalue.Check{
					seedSubscription(1): knownvalue.Int64Exact(10), seedSubscription(2): knownvalue.Int64Exact(5),
					seedSubscription(3): knownvalue.Int64Exact(3), seedSubscription(4): knownvalue.Int64Exact(25),
				}),
			})),
			expectValue(subsByCustomerAddress, "failed_customers", knownvalue.MapExact(map[string]knownvalue.Check{})),
		},
	})
}

// With "fail", a customer without a commerce relationship fails the read,
// named with its reason; with "warn" the rest are read and it is in
// failed_customers only. Generated subscriptions, 30 a customer, every
// status among them.
func TestAccSubscriptionsByCustomerErrorModes(t *testing.T) {
	fixture, revoked := revokedFixture(6)
	for i := range fixture.Customers {
		fixture.Customers[i].GeneratedSubscriptions = 30
	}
	em := startEmulator(t, fixture)
	ids := generatedIDs(0, 6)
	testSteps(t,
		resource.TestStep{
			Config: subsByCustomerConfig(em, acctest.Args{"customer_ids": ids}),
			ExpectError: errorNaming("Unable to Read Subscriptions by Customer", "1 of 6 customers could not be read",
				revoked+": HTTP 403 code 20002", "Request: GET "+em.URL+"/v1/customers/"+revoked+"/subscriptions",
				"no commerce relationship", "on_customer_error = \"warn\""),
		},
		resource.TestStep{
			Config: subsByCustomerConfig(em, acctest.Args{"customer_ids": ids, "on_customer_error": "warn"}),
			ConfigStateChecks: []statecheck.StateCheck{
				expectValue(subsByCustomerAddress, "customers", knownvalue.MapSizeExact(5)),
				statecheck.ExpectKnownValue(subsByCustomerAddress, tfjsonpath.New("customers").AtMapKey(ids[0]).AtMapKey("subscriptions"),
					knownvalue.ListSizeExact(30)),
				expectValue(subsByCustomerAddress, "quantities", knownvalue.MapSizeExact(5)),
				expectValue(subsByCustomerAddress, "failed_customers", knownvalue.MapExact(map[string]knownvalue.Check{
					revoked: knownvalue.StringExact("HTTP 403 code 20002: No relationship between caller and account"),
				})),
			},
		},
	)
}

// A throttled customer and one whose first answer is a 503 are survived.
func TestAccSubscriptionsByCustomerSurvivesTransientFaults(t *testing.T) {
	ids := generatedIDs(0, 4)
	customers := emulator.GeneratedCustomers(4)
	for i := range customers {
		customers[i].GeneratedSubscriptions = 5
	}
	em := startEmulatorWith(t, emulator.Options{Fixture: &emulator.Fixture{Customers: customers},
		Faults: []emulator.Fault{
			{Kind: emulator.FaultThrottle, Customer: ids[1], Count: 1, RetryAfter: "1", List: emulator.ListSubscriptions},
			{Kind: emulator.FaultServerError, Customer: ids[2], Count: 1, List: emulator.ListSubscriptions},
		}})
	testSteps(t, resource.TestStep{
		Config: subsByCustomerConfig(em, acctest.Args{"customer_ids": ids}),
		ConfigStateChecks: []statecheck.StateCheck{
			expectValue(subsByCustomerAddress, "customers", knownvalue.MapSizeExact(4)),
			statecheck.ExpectKnownValue(subsByCustomerAddress, tfjsonpath.New("quantities").AtMapKey(ids[1]), knownvalue.MapSizeExact(5)),
		},
	})
}
