package provider

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/partnercenter-terraform/terraform-provider-partnercenter/internal/acctest"
	"github.com/partnercenter-terraform/terraform-provider-partnercenter/internal/emulator"
)

const (
	byUserType    = "partnercenter_user_licenses_by_user"
	byUserAddress = "data." + byUserType + ".test"
	guestUPN      = "bob_fabrikam.com#EXT#@contoso.onmicrosoft.com"
)

// byUserConfig is the provider block for em and the
// partnercenter_user_licenses_by_user "test" of the seed customer with
// args.
func byUserConfig(em *acctest.Server, args acctest.Args) string {
	all := acctest.Args{"customer_id": seedCustomer}
	for k, v := range args {
		all[k] = v
	}
	return em.Provider(nil) + acctest.Data(byUserType, "test", all)
}

// seedWithUsers is the default fixture with n generated users after the
// seed customer's four.
func seedWithUsers(n int) *emulator.Fixture {
	f := emulator.DefaultFixture()
	f.Customers[0].GeneratedUsers = n
	return f
}

func partNumbers(names ...string) knownvalue.Check {
	checks := make([]knownvalue.Check, len(names))
	for i, n := range names {
		checks[i] = knownvalue.StringExact(n)
	}
	return knownvalue.ListExact(checks)
}

// Every user of the customer, listed over three pages, each read once and
// keyed by object id, with the principal name from the list; a user
// without licences maps to [].
func TestAccUserLicensesByUserReadsEveryUser(t *testing.T) {
	em := startEmulatorWith(t, emulator.Options{Fixture: seedWithUsers(8), PageSize: 5})
	users := tfjsonpath.New("users")
	testSteps(t, resource.TestStep{
		Config: byUserConfig(em, nil),
		ConfigStateChecks: []statecheck.StateCheck{
			expectValue(byUserAddress, "users", knownvalue.MapSizeExact(12)),
			expectValue(byUserAddress, "sku_part_numbers", knownvalue.MapSizeExact(12)),
			statecheck.ExpectKnownValue(byUserAddress, tfjsonpath.New("sku_part_numbers").AtMapKey(seedUserIDs[0]),
				partNumbers("CFQ7TTC0K5DR/0002", "WIN_ENT_E5")),
			statecheck.ExpectKnownValue(byUserAddress, tfjsonpath.New("sku_part_numbers").AtMapKey(seedUserIDs[3]), partNumbers()),
			statecheck.ExpectKnownValue(byUserAddress, users.AtMapKey(seedUserIDs[1]).AtMapKey("user_principal_name"), knownvalue.StringExact(guestUPN)),
			statecheck.ExpectKnownValue(byUserAddress, users.AtMapKey(seedUserIDs[0]).AtMapKey("licenses"), knownvalue.ListSizeExact(2)),
			statecheck.ExpectKnownValue(byUserAddress, users.AtMapKey(seedUserIDs[0]).AtMapKey("sku_part_numbers"),
				partNumbers("CFQ7TTC0K5DR/0002", "WIN_ENT_E5")),
			expectValue(byUserAddress, "failed_users", knownvalue.MapExact(map[string]knownvalue.Check{})),
			expectString(byUserAddress, "id", seedCustomer+"/all/Group1,Group2"),
		},
	})
	// Per terraform command: three pages of the list and one request per
	// user.
	perCommand := int64(3 + 12)
	if n := em.RequestCount(); n%perCommand != 0 {
		t.Errorf("%d requests, not a multiple of %d (3 pages + 12 users)", n, perCommand)
	}
}

// Among many users, one deleted since the list was read (404, code 60002)
// and one refused (403): "fail" names both with their reasons and next
// steps; "warn" returns the others and lists these in failed_users only.
func TestAccUserLicensesByUserErrorModes(t *testing.T) {
	f := seedWithUsers(10)
	f.Customers[0].Users[2].Deleted = true
	deleted, refused := seedUserIDs[2], seedUserIDs[1]
	em := startEmulatorWith(t, emulator.Options{Fixture: f, Faults: []emulator.Fault{
		{Kind: emulator.FaultError, User: refused, Status: 403, Code: "900150", Description: "Access denied."},
	}})
	notFound := `HTTP 404 code 60002: The requested user "` + deleted + `" was not found in customer ` + seedCustomer + "."
	testSteps(t,
		resource.TestStep{
			Config: byUserConfig(em, nil),
			ExpectError: errorNaming("Unable to Read User Licenses by User", "2 of 14 users could not be read",
				deleted+": HTTP 404 code 60002", refused+": HTTP 403 code 900150", "Access denied.", "MS-RequestId",
				"deleted since the users list was read", "License Administrator", "on_user_error = \"warn\""),
		},
		resource.TestStep{
			Config: byUserConfig(em, acctest.Args{"on_user_error": "warn"}),
			ConfigStateChecks: []statecheck.StateCheck{
				expectValue(byUserAddress, "users", knownvalue.MapSizeExact(12)),
				expectValue(byUserAddress, "sku_part_numbers", knownvalue.MapSizeExact(12)),
				expectValue(byUserAddress, "failed_users", knownvalue.MapExact(map[string]knownvalue.Check{
					// Without the request's ids, which change on every run.
					deleted: knownvalue.StringExact(notFound),
					refused: knownvalue.StringExact("HTTP 403 code 900150: Access denied."),
				})),
			},
		},
	)
}

// Users given by principal name and object id: a guest's #EXT# name is
// read as written; two spellings of one user are one key, in lower case,
// and one request with the first spelling; no users list is read, so
// user_principal_name is null. A value that could change the request path
// is refused at plan time.
func TestAccUserLicensesByUserGivenUsers(t *testing.T) {
	em := startEmulator(t, nil)
	given := []string{guestUPN, "Adele.Vance@contoso.onmicrosoft.com", "adele.vance@CONTOSO.onmicrosoft.com", strings.ToUpper(seedUserIDs[3])}
	guestKey, adeleKey := strings.ToLower(guestUPN), "adele.vance@contoso.onmicrosoft.com"
	users := tfjsonpath.New("users")
	testSteps(t,
		resource.TestStep{
			Config:      byUserConfig(em, acctest.Args{"user_ids": []string{"adele/../x"}}),
			PlanOnly:    true,
			ExpectError: errorNaming("Invalid User ID", "user_ids[0]", "contains '/'"),
		},
		resource.TestStep{
			Config: byUserConfig(em, acctest.Args{"user_ids": given, "license_group_ids": []string{"group1"}}),
			ConfigStateChecks: []statecheck.StateCheck{
				expectValue(byUserAddress, "sku_part_numbers", knownvalue.MapExact(map[string]knownvalue.Check{
					guestKey: partNumbers("WIN_ENT_E5"), adeleKey: partNumbers("WIN_ENT_E5"), seedUserIDs[3]: partNumbers(),
				})),
				statecheck.ExpectKnownValue(byUserAddress, users.AtMapKey(guestKey).AtMapKey("user_principal_name"), knownvalue.Null()),
				statecheck.ExpectKnownValue(byUserAddress, users.AtMapKey(guestKey).AtMapKey("licenses"), knownvalue.ListSizeExact(1)),
			},
		},
	)
	byPath := map[string]int{}
	for _, r := range em.Requests() {
		byPath[r.EscapedPath]++
	}
	guestPath := "/v1/customers/" + seedCustomer + "/users/" + url.PathEscape(guestUPN) + "/licenses"
	adelePath := "/v1/customers/" + seedCustomer + "/users/Adele.Vance@contoso.onmicrosoft.com/licenses"
	if len(byPath) != 3 || byPath[guestPath] == 0 || byPath[adelePath] == 0 || byPath[guestPath] != byPath[adelePath] {
		t.Errorf("requests by path %v: want the three users, each once a command, the guest's #EXT# escaped and Adele as first spelled", byPath)
	}
}

// max_concurrent_requests caps the requests in flight as the emulator sees
// them; a user that a partnercenter_user_licenses read before, in the same
// plan, is not requested again.
func TestAccUserLicensesByUserConcurrencyAndSharing(t *testing.T) {
	em := startEmulatorWith(t, emulator.Options{Fixture: seedWithUsers(20),
		Faults: []emulator.Fault{{Kind: emulator.FaultLatency, Latency: emulator.Duration(40 * time.Millisecond)}}})
	single := acctest.Data("partnercenter_user_licenses", "one", acctest.Args{"customer_id": seedCustomer, "user_id": seedUserIDs[0]})
	bulk := acctest.Data(byUserType, "test", acctest.Args{"customer_id": seedCustomer, "user_ids": append(seedUserIDs[:0:0], seedUserIDs...),
		"depends_on": acctest.Expr("[data.partnercenter_user_licenses.one]")})
	all := acctest.Data(byUserType, "all", acctest.Args{"customer_id": seedCustomer})
	testSteps(t, resource.TestStep{
		Config:   em.Provider(acctest.Args{"max_concurrent_requests": 3}) + single + bulk + all,
		PlanOnly: true,
	})
	if peak := em.PeakInFlight(); peak > 3 || peak < 2 {
		t.Errorf("peak requests in flight %d, want at most max_concurrent_requests = 3 (and the cap in use)", peak)
	}
	readsByProcess := map[string]int{}
	for _, r := range em.Requests() {
		if strings.Contains(r.EscapedPath, "/users/"+seedUserIDs[0]+"/") {
			readsByProcess[r.Header.Get("MS-CorrelationId")]++
		}
	}
	if len(readsByProcess) == 0 {
		t.Fatal("the user was never read")
	}
	for process, reads := range readsByProcess {
		// The single read and the "test" bulk read share one request; the
		// "all" bulk read may run beside them, or after and reuse it.
		if reads > 2 {
			t.Errorf("provider process %s requested the user %d times", process, reads)
		}
	}
}

// A read of many users stops at the size limit and names the remedies of
// a read of users.
func TestUserLicensesByUserStopsAtTheSizeLimit(t *testing.T) {
	em := acctest.StartEmulator(t, emulator.Options{AccessToken: testAccessToken, Fixture: seedWithUsers(1500)})
	resp := sizedRig(t, em, 1).read(t, byUserType, map[string]tftypes.Value{
		"customer_id": tftypes.NewValue(tftypes.String, seedCustomer),
	})
	if !hasDiagnostic(resp.Diagnostics, tfprotov6.DiagnosticSeverityError, summaryReadTooLarge) {
		for _, d := range resp.Diagnostics {
			t.Errorf("%s: %s", d.Summary, d.Detail)
		}
		t.Fatalf("want the %q error (state %d bytes)", summaryReadTooLarge, len(resp.State.MsgPack))
	}
	detail := resp.Diagnostics[0].Detail
	for _, want := range []string{"of 1504 users", "over the limit of 1.0 MiB", "user_ids", "license_group_ids",
		"chunklist(data.partnercenter_customer_users.all.user_ids, K)", "Check the licences of every user", "K = "} {
		if !strings.Contains(detail, want) {
			t.Errorf("the error does not say %q:\n%s", want, detail)
		}
	}
}
