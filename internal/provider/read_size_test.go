package provider

import (
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/partnercenter-terraform/terraform-provider-partnercenter/internal/acctest"
	"github.com/partnercenter-terraform/terraform-provider-partnercenter/internal/emulator"
)

// sizedFleet is n customers of 20 SKUs of 10 service plans each: about
// 39 KiB of state a customer with the plans, 6.6 KiB without.
func sizedFleet(n int) emulator.Options {
	return emulator.Options{AccessToken: testAccessToken, Fixture: &emulator.Fixture{
		Customers: emulator.GeneratedCustomersWith(n, emulator.SkuShape{Skus: 20, PlansPerSku: 10})}}
}

// sizedRig is a protocol rig over em, configured with max_read_size_mib.
func sizedRig(t *testing.T, em *acctest.Server, limitMiB int64) *protocolRig {
	t.Helper()
	return rigFor(t, configureWith(t, ProtocolServer("test")(), map[string]tftypes.Value{
		"endpoint":          tftypes.NewValue(tftypes.String, em.URL),
		"access_token":      tftypes.NewValue(tftypes.String, testAccessToken),
		"max_read_size_mib": tftypes.NewValue(tftypes.Number, limitMiB),
	}), em.URL)
}

// A bulk read stops at the limit, before it has read every customer, and
// says how far it got and what to change.
func TestBulkReadStopsAtTheSizeLimit(t *testing.T) {
	const customers = 120 // 4.6 MiB with service plans
	em := acctest.StartEmulator(t, sizedFleet(customers))
	resp := sizedRig(t, em, 1).read(t, byCustomerType, map[string]tftypes.Value{
		"include_service_plans": tftypes.NewValue(tftypes.Bool, true),
	})
	if resp.State == nil || !hasDiagnostic(resp.Diagnostics, tfprotov6.DiagnosticSeverityError, summaryReadTooLarge) {
		t.Fatalf("want the %q error, got %v", summaryReadTooLarge, resp.Diagnostics)
	}
	detail := resp.Diagnostics[0].Detail
	for _, want := range []string{"of 120 customers", "over the limit of 1.0 MiB", "max_read_size_mib", "sku_part_numbers",
		"product_sku_ids", "include_service_plans = false", "chunklist(data.partnercenter_customers.all.customer_ids, K)", "K = "} {
		if !strings.Contains(detail, want) {
			t.Errorf("the error does not say %q:\n%s", want, detail)
		}
	}
	// The list's page, then about 27 customers until the limit, and the
	// reads in flight when it was reached.
	if n := em.RequestCount(); n > 1+27+2*defaultMaxConcurrentRequests {
		t.Errorf("%d requests: the read went on after the limit", n)
	}
}

// Under the limit but past half of it (with a limit under 64 MiB), the
// read warns and returns its state; the advice leaves out
// include_service_plans when the plans are not read.
func TestBulkReadWarnsPastHalfTheLimit(t *testing.T) {
	em := acctest.StartEmulator(t, sizedFleet(100)) // 0.64 MiB without plans
	resp := sizedRig(t, em, 1).read(t, byCustomerType, nil)
	if !hasWarning(resp.Diagnostics, summaryLargeRead) {
		t.Fatalf("no %q warning: %v", summaryLargeRead, resp.Diagnostics)
	}
	if len(resp.Diagnostics) != 1 || strings.Contains(resp.Diagnostics[0].Detail, "include_service_plans") {
		t.Errorf("want one warning, without include_service_plans: %v", resp.Diagnostics)
	}
	if size := len(resp.State.MsgPack); size < 1<<19 || size > 1<<20 {
		t.Errorf("the state is %d bytes, not between half the limit and the limit", size)
	}
}

// Every read's state is checked before it is sent, not only the bulk
// read's: a customers list past the limit fails by name instead of with
// Terraform's bare message-size error.
func TestEveryStateIsCheckedBeforeItIsSent(t *testing.T) {
	var diags diag.Diagnostics
	if checkStateSize(&diags, 3<<20, 2<<20) || !diags.HasError() || !strings.Contains(diags[0].Detail(), "3.0 MiB (3145728 bytes), over the limit of 2.0 MiB") {
		t.Errorf("a 3 MiB state under a 2 MiB limit: %v", diags)
	}
	diags = nil
	if !checkStateSize(&diags, 33<<20, defaultMaxReadSizeMiB<<20) || len(diags.Warnings()) != 1 {
		t.Errorf("a 33 MiB state under the default limit: want a warning, got %v", diags)
	}
	diags = nil
	if !checkStateSize(&diags, 32<<20, defaultMaxReadSizeMiB<<20) || len(diags) != 0 {
		t.Errorf("a 32 MiB state: want nothing, got %v", diags)
	}
}

// Through Terraform: the oversize read fails on the data source, early,
// with the remedies.
func TestAccBulkReadTooLargeFailsEarly(t *testing.T) {
	em := startEmulatorWith(t, sizedFleet(120))
	testSteps(t, resource.TestStep{
		Config: em.Provider(acctest.Args{"max_read_size_mib": 1}) +
			acctest.Data(byCustomerType, "test", acctest.Args{"include_service_plans": true}),
		ExpectError: errorNaming("Read Too Large", "with data.partnercenter_subscribed_skus_by_customer.test",
			"of 120 customers", "over the limit of 1.0 MiB", "chunklist"),
	})
	if n := em.RequestCount(); n > 1+27+2*defaultMaxConcurrentRequests {
		t.Errorf("%d requests: the read went on after the limit", n)
	}
}

// max_read_size_mib is refused at plan time outside 1 to 240.
func TestAccMaxReadSizeIsValidated(t *testing.T) {
	em := startEmulatorWith(t, sizedFleet(1))
	testSteps(t, resource.TestStep{
		Config:      em.Provider(acctest.Args{"max_read_size_mib": 300}) + acctest.Data(byCustomerType, "test", nil),
		ExpectError: errorNaming("max_read_size_mib", "between 1 and 240, got: 300"),
	})
}
