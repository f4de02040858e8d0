package provider

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/partnercenter-terraform/terraform-provider-partnercenter/internal/acctest"
	"github.com/partnercenter-terraform/terraform-provider-partnercenter/internal/emulator"
)

// The ways the real Partner Center answers that the emulator once could not
// show, each with real Terraform against the emulator answering that way.

// The emulator starts every body with a byte order mark unless told not to,
// so every acceptance test reads one; this one says so on purpose, for a
// success and for an error.
func TestAccAnswersWithAByteOrderMark(t *testing.T) {
	em := startEmulator(t, nil)
	testSteps(t,
		resource.TestStep{
			Config:            skusConfig(em, seedCustomer, nil),
			ConfigStateChecks: []statecheck.StateCheck{expectInt(skusAddress, "total_count", 4)},
		},
		resource.TestStep{
			Config:      skusConfig(em, unknownCustomer, nil),
			ExpectError: errorNaming("HTTP 404 with code 60003", "does not know this customer"),
		},
	)
}

func TestAccEndpointEndingInV1(t *testing.T) {
	em := startEmulator(t, nil)
	for _, suffix := range []string{"/v1", "/v1/"} {
		t.Run(suffix, func(t *testing.T) {
			config := em.Provider(acctest.Args{"endpoint": em.URL + suffix}) + skusBlock(seedCustomer, nil)
			testStepsAlone(t, resource.TestStep{
				Config:            config,
				ConfigStateChecks: []statecheck.StateCheck{expectInt(skusAddress, "total_count", 4)},
			})
		})
	}
}

// A base URL that reaches no route gets the gateway's 404, which names no
// customer: the error shows the whole URL and says the endpoint may be wrong.
func TestAccWrongEndpointIsNamed(t *testing.T) {
	em := startEmulator(t, nil)
	config := em.Provider(acctest.Args{"endpoint": em.URL + "/api"}) + skusBlock(seedCustomer, nil)
	testSteps(t, resource.TestStep{
		Config: config,
		// The gateway's body has no Partner Center code to show.
		ExpectError: errorNaming("Partner Center's gateway answered HTTP 404: Resource not found", "endpoint argument", "may be wrong",
			"Request: GET "+em.URL+"/api/v1/customers/"+seedCustomer+"/subscribedskus?licenseGroupIds=Group1&licenseGroupIds=Group2"),
	})
}

func TestAccTokenWithoutMFA(t *testing.T) {
	token := acctest.UserTokenWithoutMFA(t)
	config := skusConfig(startEmulatorWith(t, emulator.Options{AccessToken: token}), seedCustomer, nil)
	testSteps(t, resource.TestStep{
		Config: config,
		ExpectError: errorNaming("HTTP 401 with code 900421", "multifactor authentication (MFA)",
			"access_token (PARTNERCENTER_ACCESS_TOKEN) was obtained without MFA"),
	})
}

// A 429 without Retry-After, its wait only in the message: the retry waits
// as the message says (3 s here), where the backoff alone would wait about 1.
func TestAccThrottleWithoutRetryAfter(t *testing.T) {
	em := startEmulatorWith(t, emulator.Options{Faults: []emulator.Fault{{Kind: emulator.FaultThrottle, RetryAfter: "message:3", Count: 1}}})
	started := time.Now()
	testSteps(t, resource.TestStep{
		Config:            skusConfig(em, seedCustomer, nil),
		ConfigStateChecks: []statecheck.StateCheck{expectInt(skusAddress, "total_count", 4)},
	})
	if waited := time.Since(started); waited < 3*time.Second {
		t.Errorf("the plan took %s: the retry did not wait the 3 s the message asked for", waited)
	}
	if n := em.FaultsInjected()[emulator.FaultThrottle]; n != 1 {
		t.Errorf("%d throttled answers, want 1", n)
	}
}

// One odd item must not cost the read: "" and null read as absent arrays
// and objects. An item that really cannot be read is named, and a complete,
// valid answer is not blamed on a proxy.
func TestAccOddItemsAreReadOrNamed(t *testing.T) {
	const customer = "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee"
	const broken = "bbbbbbbb-bbbb-4ccc-8ddd-eeeeeeeeeeee"
	em := startEmulator(t, &emulator.Fixture{Customers: []emulator.Customer{
		{ID: customer, SubscribedSkus: []json.RawMessage{
			json.RawMessage(`{"availableUnits": 25, "productSku": {"skuPartNumber": "AAD_PREMIUM", "licenseGroupId": "group1"}, "servicePlans": ""}`),
			json.RawMessage(`{"availableUnits": 3, "productSku": null, "servicePlans": null}`),
		}},
		{ID: broken, SubscribedSkus: []json.RawMessage{
			json.RawMessage(`{"availableUnits": 25, "productSku": {"skuPartNumber": "AAD_PREMIUM", "licenseGroupId": "group1"}}`),
			json.RawMessage(`{"availableUnits": "many", "productSku": {"skuPartNumber": "SPE_E5", "licenseGroupId": "group1"}}`),
		}},
	}})
	testSteps(t,
		resource.TestStep{
			Config: skusConfig(em, customer, nil),
			ConfigStateChecks: []statecheck.StateCheck{
				expectValue(skusAddress, "subscribed_skus", knownvalue.ListExact([]knownvalue.Check{
					knownvalue.ObjectPartial(map[string]knownvalue.Check{"available_units": knownvalue.Int64Exact(25), "service_plans": knownvalue.Null()}),
					knownvalue.ObjectPartial(map[string]knownvalue.Check{"available_units": knownvalue.Int64Exact(3), "product_sku": knownvalue.Null()}),
				})),
			},
		},
		resource.TestStep{
			Config: skusConfig(em, broken, nil),
			ExpectError: errorNaming("items[1] (sku_part_number SPE_E5)", `the field "availableUnits" holds a JSON string`,
				"will not help", "provider's developers"),
		},
	)
}

// Partner Center's own codes, each with its next step: a role without the
// rights (900150) for one customer among others, which names the roles of
// the call the provider makes and no others. An app-only token refused by
// the service is told from the token's claims, not the service's words
// (TestAccDecisionsRestOnStatusCodeAndClaims).
func TestAccServiceErrorCodes(t *testing.T) {
	cases := map[string]struct {
		fault emulator.Fault
		want  []string
	}{
		"role lacks the rights": {emulator.Fault{Kind: emulator.FaultError, Customer: seedCustomer, Status: 403, Code: "900150", Description: "Access denied."},
			[]string{"HTTP 403 with code 900150", "role does not allow", "Directory Readers, Global Reader."}},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			em := startEmulatorWith(t, emulator.Options{Faults: []emulator.Fault{tc.fault}})
			testStepsAlone(t, resource.TestStep{
				Config:      skusConfig(em, seedCustomer, nil),
				ExpectError: errorNaming(tc.want...),
			})
		})
	}
}

// Microsoft documents the License resource as unsupported on Partner Center
// operated by 21Vianet: the read says so and sends nothing.
func TestAccUserLicensesRefusedOn21Vianet(t *testing.T) {
	em := startEmulator(t, nil)
	config := em.Provider(acctest.Args{"environment": "china"}) +
		acctest.Data(licensesType, "test", acctest.Args{"customer_id": seedCustomer, "user_id": unknownUser})
	testSteps(t, resource.TestStep{
		Config:      config,
		ExpectError: errorNaming("User Licenses Not Available", "21Vianet", "no request was sent"),
	})
	em.ExpectNoRequests(t)
}
