package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/partnercenter-terraform/terraform-provider-partnercenter/internal/acctest"
)

// Provider-defined functions through a real terraform: Terraform 1.8 and
// OpenTofu 1.7 added them, so older ones in the version matrix skip these.

// withFunctions skips a test under a Terraform without provider functions.
var withFunctions = []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_8_0)}

// testFunctionSteps is testSteps for configurations that call the
// provider's functions.
func testFunctionSteps(t *testing.T, steps ...resource.TestStep) {
	t.Helper()
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories, TerraformVersionChecks: withFunctions, Steps: steps,
	})
}

// testFunctionStepsAlone is testStepsAlone for configurations that call
// the provider's functions.
func testFunctionStepsAlone(t *testing.T, steps ...resource.TestStep) {
	t.Helper()
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories, TerraformVersionChecks: withFunctions, Steps: steps,
	})
}

func expectOutput(name string, check knownvalue.Check) statecheck.StateCheck {
	return statecheck.ExpectKnownOutputValue(name, check)
}

func seatsExact(m map[string]int64) knownvalue.Check {
	checks := map[string]knownvalue.Check{}
	for k, v := range m {
		checks[k] = knownvalue.Int64Exact(v)
	}
	return knownvalue.MapExact(checks)
}

// Pure and offline: no provider block, so Terraform never configures the
// provider, and the functions answer all the same.
func TestAccFunctionSeatShortfallIsPure(t *testing.T) {
	testFunctionSteps(t, resource.TestStep{
		Config: `
locals {
  free = { WIN_ENT_E5 = 71, AAD_PREMIUM = 3, Intro = 2, INTRO = 5, UNREPORTED = null }
}
output "short" {
  value = provider::partnercenter::seat_shortfall(local.free, { win_ent_e5 = 100, AAD_PREMIUM = 3 })
}
output "none" {
  value = provider::partnercenter::seat_shortfall(local.free, { WIN_ENT_E5 = 71, intro = 7 })
}
output "typo_and_null" {
  value = provider::partnercenter::seat_shortfall(local.free, { WIN_ENT_E55 = 1, UNREPORTED = 2 })
}
output "fleet" {
  value = provider::partnercenter::seat_shortfalls({ a = local.free, b = {} }, { win_ent_e5 = 10 })
}
`,
		ConfigStateChecks: []statecheck.StateCheck{
			expectOutput("short", seatsExact(map[string]int64{"win_ent_e5": 29})),
			expectOutput("none", seatsExact(nil)),
			expectOutput("typo_and_null", seatsExact(map[string]int64{"WIN_ENT_E55": 1, "UNREPORTED": 2})),
			expectOutput("fleet", knownvalue.MapExact(map[string]knownvalue.Check{"b": seatsExact(map[string]int64{"win_ent_e5": 10})})),
		},
	})
}

// The gate over what the data sources read: the seed customer has 71 free
// WIN_ENT_E5 seats, the empty customer none.
func TestAccFunctionSeatShortfallOverTheDataSources(t *testing.T) {
	em := startEmulator(t, nil)
	testFunctionSteps(t, resource.TestStep{
		Config: em.Provider(nil) +
			acctest.Data("partnercenter_subscribed_skus", "one", acctest.Args{"customer_id": seedCustomer}) +
			acctest.Data(byCustomerType, "all", acctest.Args{"customer_ids": []string{seedCustomer, emptyCustomer}}) + `
output "one" {
  value = provider::partnercenter::seat_shortfall(
    data.partnercenter_subscribed_skus.one.available_units_by_part_number,
    { win_ent_e5 = 100, AAD_PREMIUM = 1, WIN_ENT_E55 = 1 })
}
output "all" {
  value = provider::partnercenter::seat_shortfalls(
    data.partnercenter_subscribed_skus_by_customer.all.available_units, { win_ent_e5 = 71 })
}
`,
		ConfigStateChecks: []statecheck.StateCheck{
			expectOutput("one", seatsExact(map[string]int64{"win_ent_e5": 29, "WIN_ENT_E55": 1})),
			expectOutput("all", knownvalue.MapExact(map[string]knownvalue.Check{
				emptyCustomer: seatsExact(map[string]int64{"win_ent_e5": 71}),
			})),
		},
	})
}

// A requirement no seat count can be fails the plan, naming the argument.
func TestAccFunctionSeatShortfallRefusesImpossibleRequirements(t *testing.T) {
	for name, required := range map[string]string{
		"negative":   `{ WIN_ENT_E5 = -1 }`,
		"fractional": `{ WIN_ENT_E5 = 1.5 }`,
	} {
		t.Run(name, func(t *testing.T) {
			testFunctionSteps(t, resource.TestStep{
				Config: `
output "short" {
  value = provider::partnercenter::seat_shortfalls({ a = { WIN_ENT_E5 = 1 } }, ` + required + `)
}
`,
				ExpectError: errorNaming(`"required"`, `required["WIN_ENT_E5"] is`, "a requirement is a whole number of seats, 0 or more"),
			})
		})
	}
}

// A requirement known only at apply is no error at plan: the result is
// unknown until then.
func TestAccFunctionSeatShortfallUnknownAtPlan(t *testing.T) {
	testFunctionSteps(t, resource.TestStep{
		Config: `
resource "terraform_data" "need" {
  input = { WIN_ENT_E5 = 80 }
}
output "short" {
  value = provider::partnercenter::seat_shortfall({ WIN_ENT_E5 = 71 }, terraform_data.need.output)
}
`,
		ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
			plancheck.ExpectUnknownOutputValue("short"),
		}},
		ConfigStateChecks: []statecheck.StateCheck{expectOutput("short", seatsExact(map[string]int64{"WIN_ENT_E5": 9}))},
	})
}

// The functions' page examples, applied as written (see
// TestAccExamplesOfTheDocs): the seed customer has the seats the example
// asks for, the empty customer none.
func TestAccFunctionExamplesOfTheDocs(t *testing.T) {
	useEmulatorFromEnvironment(t, nil)
	testFunctionStepsAlone(t, resource.TestStep{
		Config: readExamples(t, "provider", "functions/seat_shortfall", "functions/seat_shortfalls"),
		ConfigStateChecks: []statecheck.StateCheck{
			expectOutput("typo", seatsExact(map[string]int64{"WIN_ENT_E55": 1})),
			checkBlockStatus{name: "seats", status: "pass"},
			checkBlockStatus{name: "seats_across_every_customer", status: "fail",
				message: `Customers short of seats: {"` + emptyCustomer + `":{"WIN_ENT_E5":10}}`},
		},
	})
}
