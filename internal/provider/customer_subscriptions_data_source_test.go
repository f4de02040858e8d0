package provider

import (
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/partnercenter-terraform/terraform-provider-partnercenter/internal/acctest"
	"github.com/partnercenter-terraform/terraform-provider-partnercenter/internal/emulator"
)

const (
	subscriptionsType    = "partnercenter_customer_subscriptions"
	subscriptionsAddress = "data." + subscriptionsType + ".test"
)

func subscriptionsConfig(em *acctest.Server, args acctest.Args) string {
	return em.Provider(nil) + acctest.Data(subscriptionsType, "test", args)
}

// seedStatuses are the statuses of the seed customer's subscriptions, in
// the fixture's order: every one Microsoft documents, and "migrated",
// which it does not.
var seedStatuses = []string{"active", "active", "active", "active", "suspended", "expired", "pending", "disabled",
	"deleted", "none", "migrated"}

func statusList(statuses []string) knownvalue.Check {
	checks := make([]knownvalue.Check, len(statuses))
	for i, s := range statuses {
		checks[i] = knownvalue.ObjectPartial(map[string]knownvalue.Check{"status": knownvalue.StringExact(s)})
	}
	return knownvalue.ListExact(checks)
}

func subscriptionAt(i int, attribute string, check knownvalue.Check) statecheck.StateCheck {
	return statecheck.ExpectKnownValue(subscriptionsAddress, tfjsonpath.New("subscriptions").AtSliceIndex(i).AtMapKey(attribute), check)
}

// Every subscription in Partner Center's order, whatever its status; dates
// in RFC 3339 UTC whether sent with seven fractional digits or without a
// zone; absent or null dates null; an add-on with its parent; a trial.
func TestAccCustomerSubscriptionsReadsEverySubscription(t *testing.T) {
	em := startEmulator(t, nil)
	testSteps(t, resource.TestStep{
		Config: subscriptionsConfig(em, acctest.Args{"customer_id": seedCustomer}),
		ConfigStateChecks: []statecheck.StateCheck{
			expectString(subscriptionsAddress, "id", seedCustomer),
			expectInt(subscriptionsAddress, "total_count", 11),
			expectValue(subscriptionsAddress, "subscriptions", statusList(seedStatuses)),
			subscriptionAt(0, "offer_name", knownvalue.StringExact("Microsoft Entra ID P1")),
			subscriptionAt(0, "quantity", knownvalue.Int64Exact(10)),
			subscriptionAt(0, "auto_renew_enabled", knownvalue.Bool(true)),
			subscriptionAt(0, "billing_cycle", knownvalue.StringExact("annual")),
			subscriptionAt(0, "term_duration", knownvalue.StringExact("P1Y")),
			subscriptionAt(0, "creation_date", knownvalue.StringExact("2019-02-04T18:41:16.2837212Z")),
			subscriptionAt(0, "commitment_end_date", knownvalue.StringExact("2099-02-03T00:00:00Z")),
			subscriptionAt(0, "parent_subscription_id", knownvalue.Null()),
			subscriptionAt(0, "suspension_reasons", knownvalue.Null()),
			subscriptionAt(1, "auto_renew_enabled", knownvalue.Bool(false)),
			subscriptionAt(1, "effective_start_date", knownvalue.StringExact("2024-06-01T00:00:00Z")),
			subscriptionAt(1, "cancellation_allowed_until_date", knownvalue.StringExact("2099-06-07T00:00:00Z")),
			subscriptionAt(2, "parent_subscription_id", knownvalue.StringExact("a4c1de90-19b2-4d6f-9c1e-3b1f2d9e0a01")),
			subscriptionAt(3, "is_trial", knownvalue.Bool(true)),
			subscriptionAt(3, "billing_cycle", knownvalue.StringExact("none")),
			subscriptionAt(3, "cancellation_allowed_until_date", knownvalue.Null()),
			subscriptionAt(4, "suspension_reasons", knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("CustomerCancellation")})),
			subscriptionAt(6, "creation_date", knownvalue.Null()),
			subscriptionAt(6, "effective_start_date", knownvalue.Null()),
			subscriptionAt(6, "commitment_end_date", knownvalue.Null()),
			subscriptionAt(6, "cancellation_allowed_until_date", knownvalue.Null()),
			subscriptionAt(6, "partner_id", knownvalue.Null()),
		},
	})
}

// statuses keeps the subscriptions of the statuses given, in any case, one
// outside Microsoft's list included; total_count counts them all.
func TestAccCustomerSubscriptionsStatuses(t *testing.T) {
	em := startEmulator(t, nil)
	testSteps(t,
		resource.TestStep{
			Config: subscriptionsConfig(em, acctest.Args{"customer_id": seedCustomer, "statuses": []string{"ACTIVE", "Migrated"}}),
			ConfigStateChecks: []statecheck.StateCheck{
				expectString(subscriptionsAddress, "id", seedCustomer+" statuses active,migrated"),
				expectInt(subscriptionsAddress, "total_count", 11),
				expectValue(subscriptionsAddress, "subscriptions", statusList([]string{"active", "active", "active", "active", "migrated"})),
			},
		},
		resource.TestStep{
			Config: subscriptionsConfig(em, acctest.Args{"customer_id": "7d1a3b2c-4e5f-4a6b-8c7d-9e0f1a2b3c4d", "statuses": []string{"active"}}),
			ConfigStateChecks: []statecheck.StateCheck{
				expectInt(subscriptionsAddress, "total_count", 0),
				expectValue(subscriptionsAddress, "subscriptions", knownvalue.ListSizeExact(0)),
			},
		},
	)
}

// The documented refusals, each with its next step; an empty statuses set
// is refused at plan time.
func TestAccCustomerSubscriptionsErrors(t *testing.T) {
	f := emulator.DefaultFixture()
	f.Customers[1].NoRelationship = true
	em := startEmulator(t, f)
	testSteps(t,
		resource.TestStep{
			Config: subscriptionsConfig(em, acctest.Args{"customer_id": unknownCustomer}),
			ExpectError: errorNaming("Unable to Read Customer Subscriptions", "HTTP 404 with code 60003",
				"Partner Center does not know this customer", "GET "+em.URL+"/v1/customers/"+unknownCustomer+"/subscriptions"),
		},
		resource.TestStep{
			Config:      subscriptionsConfig(em, acctest.Args{"customer_id": f.Customers[1].ID}),
			ExpectError: errorNaming("Unable to Read Customer Subscriptions", "code 20002", "no commerce relationship"),
		},
		resource.TestStep{
			Config:      subscriptionsConfig(em, acctest.Args{"customer_id": seedCustomer, "statuses": []string{}}),
			ExpectError: errorNaming("statuses", "at least 1"),
		},
	)
}

// Partner Center answers a customer's subscriptions for app-only tokens,
// so the provider sends one, where it refuses to for the licence reads.
func TestAccCustomerSubscriptionsWithAppOnlyToken(t *testing.T) {
	rig := startSignInRig(t, nil)
	t.Setenv(envFor["access_token"], rig.entra.IssueAppToken(time.Hour))
	testStepsAlone(t, resource.TestStep{
		Config:            acctest.Data(subscriptionsType, "test", acctest.Args{"customer_id": seedCustomer}),
		ConfigStateChecks: []statecheck.StateCheck{expectInt(subscriptionsAddress, "total_count", 11)},
	})
	if rig.em.RequestCount() == 0 {
		t.Error("no read reached Partner Center")
	}
}
