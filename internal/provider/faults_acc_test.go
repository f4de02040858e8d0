package provider

import (
	"fmt"
	"regexp"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/partnercenter-terraform/terraform-provider-partnercenter/internal/acctest"
	"github.com/partnercenter-terraform/terraform-provider-partnercenter/internal/emulator"
)

// The fault matrix: real terraform against an emulator that injects each
// fault Partner Center and its gateways are known for. Transient faults must
// be survived; permanent ones must end, within a bounded time, in an error
// that says what happened.

const (
	faultMaxRetries     = 2
	faultRequestTimeout = "2s"
	// faultDeadline bounds a whole test step: plan, apply and the refresh
	// and plan that follow, each through all its retries.
	faultDeadline = 90 * time.Second
)

func startFaultyEmulator(t *testing.T, faults ...emulator.Fault) *acctest.Server {
	t.Helper()
	return startEmulatorWith(t, emulator.Options{Faults: faults})
}

func faultConfig(em *acctest.Server, reads int) string {
	config := em.Provider(acctest.Args{"max_retries": faultMaxRetries, "request_timeout": faultRequestTimeout})
	for i := range reads {
		config += acctest.Data(skusType, fmt.Sprintf("r%d", i), acctest.Args{"customer_id": seedCustomer})
	}
	return config
}

// distinctReadsOfOneCustomer makes seven different requests for the seed
// customer: identical reads share one request, and a per-customer rate
// limit is only met by distinct ones.
func distinctReadsOfOneCustomer() string {
	var config string
	for i, groups := range [][]string{{"Group1"}, {"Group2"}, {"Group1", "Group2"}} {
		config += acctest.Data(skusType, fmt.Sprintf("r%d", i), acctest.Args{"customer_id": seedCustomer, "license_group_ids": groups})
	}
	for i, user := range []string{"adele.vance@contoso.onmicrosoft.com", "bob_fabrikam.com#EXT#@contoso.onmicrosoft.com",
		"o'brien+test&co@contoso.onmicrosoft.com", "no.licenses@contoso.onmicrosoft.com"} {
		config += acctest.Data(licensesType, fmt.Sprintf("u%d", i), acctest.Args{"customer_id": seedCustomer, "user_id": user})
	}
	return config
}

func TestAccFaultsTransientAreSurvived(t *testing.T) {
	cases := map[string]struct {
		reads  int
		faults []emulator.Fault
	}{
		"latency":                   {1, []emulator.Fault{{Kind: emulator.FaultLatency, Latency: emulator.Duration(300 * time.Millisecond)}}},
		"429 with Retry-After secs": {1, []emulator.Fault{{Kind: emulator.FaultThrottle, Count: 2, RetryAfter: "1"}}},
		"429 with Retry-After date": {1, []emulator.Fault{{Kind: emulator.FaultThrottle, Count: 1, RetryAfter: "date:1"}}},
		"burst of 503s":             {1, []emulator.Fault{{Kind: emulator.FaultServerError, Count: 2, Status: 503}}},
		"a 500":                     {1, []emulator.Fault{{Kind: emulator.FaultServerError, Count: 1, Status: 500}}},
		"connection resets":         {1, []emulator.Fault{{Kind: emulator.FaultReset, Count: 2}}},
		"html 502 pages":            {1, []emulator.Fault{{Kind: emulator.FaultHTML502, Count: 2}}},
		"a hang past the timeout":   {1, []emulator.Fault{{Kind: emulator.FaultHang, Count: 1, Latency: emulator.Duration(10 * time.Second)}}},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			em := startFaultyEmulator(t, tc.faults...)
			checks := make([]statecheck.StateCheck, tc.reads)
			for i := range tc.reads {
				checks[i] = expectInt(fmt.Sprintf("data.partnercenter_subscribed_skus.r%d", i), "total_count", 4)
			}
			started := time.Now()
			testSteps(t, resource.TestStep{Config: faultConfig(em, tc.reads), ConfigStateChecks: checks})
			if elapsed := time.Since(started); elapsed > faultDeadline {
				t.Errorf("took %s, more than %s", elapsed, faultDeadline)
			}
			injected := 0
			for _, n := range em.FaultsInjected() {
				injected += int(n)
			}
			if injected == 0 {
				t.Error("the emulator injected no fault; the case proves nothing")
			}
		})
	}
	t.Run("per-customer rate limit", func(t *testing.T) {
		em := startFaultyEmulator(t, emulator.Fault{Kind: emulator.FaultRateLimit, Customer: seedCustomer, Rate: 4, Burst: 4})
		started := time.Now()
		testSteps(t, resource.TestStep{
			Config: faultConfig(em, 0) + distinctReadsOfOneCustomer(),
			ConfigStateChecks: []statecheck.StateCheck{
				expectInt("data.partnercenter_subscribed_skus.r2", "total_count", 4),
				expectInt("data.partnercenter_user_licenses.u0", "total_count", 2),
			},
		})
		if elapsed := time.Since(started); elapsed > faultDeadline {
			t.Errorf("took %s, more than %s", elapsed, faultDeadline)
		}
		if em.FaultsInjected()[emulator.FaultRateLimit] == 0 {
			t.Error("the rate limit never refused a read; the case proves nothing")
		}
	})
}

func TestAccFaultsPermanentEndInExplicitErrors(t *testing.T) {
	attempts := fmt.Sprintf("after %d attempts", faultMaxRetries+1)
	cases := map[string]struct {
		fault emulator.Fault
		want  *regexp.Regexp
	}{
		"503 every time": {emulator.Fault{Kind: emulator.FaultServerError, Status: 503},
			errorNaming("HTTP 503 "+attempts, "kept failing beyond the retries", "MS-RequestId:")},
		"429 every time": {emulator.Fault{Kind: emulator.FaultThrottle, RetryAfter: "1"},
			errorNaming("HTTP 429 "+attempts, "Rate limit is exceeded", "max_retries", "MS-CorrelationId:")},
		"html 502 every time": {emulator.Fault{Kind: emulator.FaultHTML502},
			errorNaming("HTTP 502 "+attempts, "text/html", "502 Bad Gateway")},
		"reset every time": {emulator.Fault{Kind: emulator.FaultReset},
			errorNaming("no answer from Partner Center "+attempts, "endpoint argument")},
		"hang every time": {emulator.Fault{Kind: emulator.FaultHang, Latency: emulator.Duration(time.Minute)},
			errorNaming("no answer from Partner Center "+attempts, "Timeout", "request_timeout")},
		"malformed json": {emulator.Fault{Kind: emulator.FaultMalformedJSON},
			errorNaming("HTTP 200", "not valid JSON", "proxy or gateway")},
		"truncated json": {emulator.Fault{Kind: emulator.FaultTruncatedJSON},
			errorNaming("HTTP 200", "unexpected EOF")},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			em := startFaultyEmulator(t, tc.fault)
			started := time.Now()
			testSteps(t, resource.TestStep{Config: faultConfig(em, 1), ExpectError: tc.want})
			if elapsed := time.Since(started); elapsed > faultDeadline {
				t.Errorf("took %s, more than %s", elapsed, faultDeadline)
			}
		})
	}
}
