package provider

import (
	"strings"
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
	byCustomerType    = "partnercenter_subscribed_skus_by_customer"
	byCustomerAddress = "data." + byCustomerType + ".test"
)

// byCustomerConfig is the provider block for em and the
// partnercenter_subscribed_skus_by_customer "test" with args.
func byCustomerConfig(em *acctest.Server, args acctest.Args) string {
	return em.Provider(nil) + acctest.Data(byCustomerType, "test", args)
}

// seedFreeSeats is every generated customer's free seats: the seed's.
var seedFreeSeats = knownvalue.MapExact(map[string]knownvalue.Check{
	"AAD_PREMIUM": knownvalue.Int64Exact(15), "AX_TASK_USER": knownvalue.Int64Exact(1),
	"CFQ7TTC0K5DR/0002": knownvalue.Int64Exact(23), "WIN_ENT_E5": knownvalue.Int64Exact(71),
})

// revokedFixture is n generated customers, the second of which has lost
// its commerce relationship, as customers who leave do.
func revokedFixture(n int) (*emulator.Fixture, string) {
	f := &emulator.Fixture{Customers: emulator.GeneratedCustomers(n)}
	f.Customers[1].NoRelationship = true
	return f, f.Customers[1].ID
}

func generatedIDs(from, to int) []string {
	var ids []string
	for i := from; i < to; i++ {
		ids = append(ids, emulator.GeneratedCustomerID(i))
	}
	return ids
}

// Every customer of the partner, listed over several pages, each read once.
func TestAccSubscribedSKUsByCustomerReadsEveryCustomer(t *testing.T) {
	em := startEmulatorWith(t, emulator.Options{Fixture: &emulator.Fixture{Customers: emulator.GeneratedCustomers(12)}, PageSize: 5})
	available := map[string]knownvalue.Check{}
	for _, id := range generatedIDs(0, 12) {
		available[id] = seedFreeSeats
	}
	testSteps(t, resource.TestStep{
		Config: byCustomerConfig(em, nil),
		ConfigStateChecks: []statecheck.StateCheck{
			expectValue(byCustomerAddress, "available_units", knownvalue.MapExact(available)),
			expectValue(byCustomerAddress, "customers", knownvalue.MapSizeExact(12)),
			statecheck.ExpectKnownValue(byCustomerAddress, tfjsonpath.New("customers").AtMapKey(emulator.GeneratedCustomerID(3)).
				AtMapKey("subscribed_skus").AtSliceIndex(0).AtMapKey("service_plans"), knownvalue.Null()),
			expectValue(byCustomerAddress, "failed_customers", knownvalue.MapExact(map[string]knownvalue.Check{})),
		},
	})
	// Per terraform command: three pages of the list and one request per
	// customer.
	perCommand := int64(3 + 12)
	if n := em.RequestCount(); n%perCommand != 0 {
		t.Errorf("%d requests, not a multiple of %d (3 pages + 12 customers)", n, perCommand)
	}
}

// With "fail", a customer without a commerce relationship fails the read,
// named with its reason and ids; with "warn" the rest are read and it is
// in failed_customers only.
func TestAccSubscribedSKUsByCustomerErrorModes(t *testing.T) {
	fixture, revoked := revokedFixture(8)
	em := startEmulator(t, fixture)
	ids := generatedIDs(0, 8)
	testSteps(t,
		resource.TestStep{
			Config: byCustomerConfig(em, acctest.Args{"customer_ids": ids}),
			ExpectError: errorNaming("Unable to Read Subscribed SKUs by Customer", "1 of 8 customers could not be read",
				revoked+": HTTP 403 code 20002", "No relationship between caller and account", "MS-RequestId",
				"Request: GET "+em.URL+"/v1/customers/"+revoked+"/subscribedskus", "no commerce relationship",
				"only through GDAP", "on_customer_error = \"warn\""),
		},
		resource.TestStep{
			Config: byCustomerConfig(em, acctest.Args{"customer_ids": ids, "on_customer_error": "warn"}),
			ConfigStateChecks: []statecheck.StateCheck{
				expectValue(byCustomerAddress, "customers", knownvalue.MapSizeExact(7)),
				expectValue(byCustomerAddress, "available_units", knownvalue.MapSizeExact(7)),
				expectValue(byCustomerAddress, "failed_customers", knownvalue.MapExact(map[string]knownvalue.Check{
					// Without the request's ids, which change on every run.
					revoked: knownvalue.StringExact("HTTP 403 code 20002: No relationship between caller and account"),
				})),
			},
		},
	)
}

// A throttled customer and one whose first answer is a 503 are survived;
// ids in upper case and repeated are read once, in lower case.
func TestAccSubscribedSKUsByCustomerSurvivesTransientFaults(t *testing.T) {
	ids := generatedIDs(0, 6)
	em := startEmulatorWith(t, emulator.Options{Fixture: &emulator.Fixture{Customers: emulator.GeneratedCustomers(6)},
		Faults: []emulator.Fault{
			{Kind: emulator.FaultThrottle, Customer: ids[2], Count: 1, RetryAfter: "1"},
			{Kind: emulator.FaultServerError, Customer: ids[4], Count: 1},
		}})
	given := append([]string{strings.ToUpper(ids[0])}, ids...)
	testSteps(t, resource.TestStep{
		Config: byCustomerConfig(em, acctest.Args{"customer_ids": given}),
		ConfigStateChecks: []statecheck.StateCheck{
			statecheck.ExpectKnownValue(byCustomerAddress, tfjsonpath.New("available_units").AtMapKey(ids[2]), seedFreeSeats),
			statecheck.ExpectKnownValue(byCustomerAddress, tfjsonpath.New("available_units").AtMapKey(ids[4]), seedFreeSeats),
			expectValue(byCustomerAddress, "customers", knownvalue.MapSizeExact(6)),
		},
	})
	if got := em.FaultsInjected(); got[emulator.FaultThrottle] != 1 || got[emulator.FaultServerError] != 1 {
		t.Errorf("faults injected %v, want one throttle and one 503", got)
	}
}

// max_concurrent_requests caps the requests in flight across the process,
// as the emulator sees them; each customer is one request, also when a
// single-customer data source reads one of them in the same plan.
func TestAccSubscribedSKUsByCustomerConcurrencyCap(t *testing.T) {
	ids := generatedIDs(0, 24)
	em := startEmulatorWith(t, emulator.Options{Fixture: &emulator.Fixture{Customers: emulator.GeneratedCustomers(24)},
		Faults: []emulator.Fault{{Kind: emulator.FaultLatency, Latency: emulator.Duration(40 * time.Millisecond)}}})
	config := em.Provider(acctest.Args{"max_concurrent_requests": 3}) +
		acctest.Data(byCustomerType, "test", acctest.Args{"customer_ids": ids}) +
		acctest.Data(skusType, "one", acctest.Args{"customer_id": strings.ToUpper(ids[5])})
	testSteps(t, resource.TestStep{
		Config: config,
		ConfigStateChecks: []statecheck.StateCheck{
			expectValue(byCustomerAddress, "customers", knownvalue.MapSizeExact(24)),
			expectInt("data.partnercenter_subscribed_skus.one", "total_count", 4),
		},
	})
	if peak := em.PeakInFlight(); peak > 3 || peak < 2 {
		t.Errorf("peak requests in flight %d, want at most max_concurrent_requests = 3 (and the cap in use)", peak)
	}
	// Plan, apply and the plans after read in separate processes; in each,
	// the 24 customers cost 24 requests, the single read included.
	if n := em.RequestCount(); n%24 != 0 {
		t.Errorf("%d requests, not a multiple of 24: a customer was read twice in one command", n)
	}
}

// A customer that a partnercenter_subscribed_skus has read before, in the
// same plan, is not requested again by the bulk read; the bulk read keeps
// none of its own answers, so one read after it is a request of its own.
// Each step is one plan (and refresh) of its own provider process.
func TestAccSubscribedSKUsByCustomerReusesButDoesNotKeep(t *testing.T) {
	ids := generatedIDs(0, 3)
	single := func(dependsOn string) string {
		args := acctest.Args{"customer_id": ids[0]}
		if dependsOn != "" {
			args["depends_on"] = acctest.Expr("[" + dependsOn + "]")
		}
		return acctest.Data("partnercenter_subscribed_skus", "one", args)
	}
	bulk := func(dependsOn string) string {
		args := acctest.Args{"customer_ids": ids}
		if dependsOn != "" {
			args["depends_on"] = acctest.Expr("[" + dependsOn + "]")
		}
		return acctest.Data(byCustomerType, "test", args)
	}
	for _, tc := range []struct {
		name, config string
		want         int
	}{
		{"single read first", single("") + bulk("data.partnercenter_subscribed_skus.one"), 1},
		{"bulk read first", bulk("") + single(byCustomerAddress), 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			em := startEmulatorWith(t, emulator.Options{Fixture: &emulator.Fixture{Customers: emulator.GeneratedCustomers(3)}})
			testSteps(t, resource.TestStep{Config: em.Provider(nil) + tc.config, PlanOnly: true})
			// Each provider process sends its own correlation id.
			readsByProcess := map[string]int{}
			for _, r := range em.Requests() {
				if strings.Contains(r.EscapedPath, ids[0]) {
					readsByProcess[r.Header.Get("MS-CorrelationId")]++
				}
			}
			if len(readsByProcess) == 0 {
				t.Fatal("the customer was never read")
			}
			for process, reads := range readsByProcess {
				if reads != tc.want {
					t.Errorf("provider process %s requested the customer read by both %d times, want %d", process, reads, tc.want)
				}
			}
		})
	}
}
