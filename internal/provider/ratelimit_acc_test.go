package provider

import (
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/partnercenter-terraform/terraform-provider-partnercenter/internal/acctest"
	"github.com/partnercenter-terraform/terraform-provider-partnercenter/internal/emulator"
)

// A bulk read of more customers than a partner's limit lets through at
// once, under each shape Partner Center's limits come in: a token bucket
// whose 429s carry Retry-After in whole seconds, and fixed windows whose
// 429s say the wait only in the gateway's message. Both limits refuse
// before the service's latency, as a gateway does. Every customer must be
// read, with the default retries, and the pace must keep the 429s below
// the reads the limit let through.
func TestAccBulkReadUnderEachLimiterShape(t *testing.T) {
	const customers, perSecond = 40, 10
	for name, limit := range map[string]emulator.Fault{
		"token bucket":  {Kind: emulator.FaultRateLimit, Rate: perSecond, Burst: perSecond, Scope: emulator.ScopePartner},
		"fixed windows": {Kind: emulator.FaultRateLimit, Rate: perSecond, Window: emulator.Duration(2 * time.Second), Scope: emulator.ScopePartner},
	} {
		t.Run(name, func(t *testing.T) {
			em := startEmulatorWith(t, emulator.Options{
				Fixture: &emulator.Fixture{Customers: emulator.GeneratedCustomers(customers)},
				Faults:  []emulator.Fault{limit, {Kind: emulator.FaultLatency, Latency: emulator.Duration(20 * time.Millisecond)}},
			})
			available := map[string]knownvalue.Check{}
			for _, id := range generatedIDs(0, customers) {
				available[id] = seedFreeSeats
			}
			started := time.Now()
			testSteps(t, resource.TestStep{
				Config: em.Provider(nil) + acctest.Data(byCustomerType, "test", acctest.Args{"customer_ids": generatedIDs(0, customers)}),
				ConfigStateChecks: []statecheck.StateCheck{
					expectValue(byCustomerAddress, "available_units", knownvalue.MapExact(available)),
					expectValue(byCustomerAddress, "failed_customers", knownvalue.MapExact(map[string]knownvalue.Check{})),
				},
			})
			if elapsed := time.Since(started); elapsed > faultDeadline {
				t.Errorf("took %s, more than %s", elapsed, faultDeadline)
			}
			refused := em.FaultsInjected()[emulator.FaultRateLimit]
			accepted := em.RequestCount() - refused
			t.Logf("%d reads accepted, %d refused, in %s", accepted, refused, time.Since(started).Round(time.Millisecond))
			if refused == 0 {
				t.Error("the limit never refused a read; the case proves nothing")
			}
			if refused > accepted {
				t.Errorf("%d 429s for %d reads accepted: the reads were not paced", refused, accepted)
			}
		})
	}
}
