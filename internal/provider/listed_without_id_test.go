package provider

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/partnercenter-terraform/terraform-provider-partnercenter/internal/acctest"
	"github.com/partnercenter-terraform/terraform-provider-partnercenter/internal/emulator"
)

// usersWithoutIDs is the default fixture with the seed customer's last
// three users listed without an id: the guest with its principal name,
// then two with neither (one with a null id, one without the field).
func usersWithoutIDs() *emulator.Fixture {
	f := emulator.DefaultFixture()
	users := f.Customers[0].Users
	users[1].Listed = json.RawMessage(`{"userPrincipalName": "` + guestUPN + `", "displayName": "Bob Kelly (Fabrikam)", "attributes": {"objectType": "CustomerUser"}}`)
	users[2].Listed = json.RawMessage(`{"id": null, "displayName": "Sean O'Brien", "attributes": {"objectType": "CustomerUser"}}`)
	users[3].Listed = json.RawMessage(`{"attributes": {"objectType": "CustomerUser"}}`)
	return f
}

// customerWithoutID is the default fixture with its second customer listed
// without an id.
func customerWithoutID() *emulator.Fixture {
	f := emulator.DefaultFixture()
	f.Customers[1].Listed = json.RawMessage(`{"companyProfile": {"domain": "fabrikam.onmicrosoft.com", "companyName": "Fabrikam"}, ` +
		`"relationshipToPartner": "advisor", "attributes": {"objectType": "Customer"}}`)
	return f
}

// A user listed without an id has a null id, in users and in its place in
// user_ids, never "", which reads as an id.
func TestAccCustomerUsersWithoutAnIDAreNull(t *testing.T) {
	em := startEmulator(t, usersWithoutIDs())
	users := tfjsonpath.New("users")
	testSteps(t, resource.TestStep{
		Config: customerUsersConfig(em, seedCustomer),
		ConfigStateChecks: []statecheck.StateCheck{
			expectInt(customerUsersAddress, "total_count", 4),
			expectValue(customerUsersAddress, "user_ids", knownvalue.ListExact([]knownvalue.Check{
				knownvalue.StringExact(seedUserIDs[0]), knownvalue.Null(), knownvalue.Null(), knownvalue.Null(),
			})),
			statecheck.ExpectKnownValue(customerUsersAddress, users.AtSliceIndex(0), adeleUser),
			statecheck.ExpectKnownValue(customerUsersAddress, users.AtSliceIndex(1), knownvalue.ObjectPartial(map[string]knownvalue.Check{
				"id": knownvalue.Null(), "user_principal_name": knownvalue.StringExact(guestUPN),
			})),
			statecheck.ExpectKnownValue(customerUsersAddress, users.AtSliceIndex(2).AtMapKey("id"), knownvalue.Null()),
			statecheck.ExpectKnownValue(customerUsersAddress, users.AtSliceIndex(3).AtMapKey("id"), knownvalue.Null()),
		},
	})
}

// A customer listed without an id has a null id, in customers and in its
// place in customer_ids.
func TestAccCustomersWithoutAnIDAreNull(t *testing.T) {
	em := startEmulator(t, customerWithoutID())
	testSteps(t, resource.TestStep{
		Config: em.Provider(nil) + acctest.Data(customersType, "test", nil),
		ConfigStateChecks: []statecheck.StateCheck{
			expectValue(customersAddress, "customer_ids", knownvalue.ListExact([]knownvalue.Check{
				knownvalue.StringExact(seedCustomer), knownvalue.Null(),
			})),
			statecheck.ExpectKnownValue(customersAddress, tfjsonpath.New("customers").AtSliceIndex(1), knownvalue.ObjectPartial(map[string]knownvalue.Check{
				"id": knownvalue.Null(), "domain": knownvalue.StringExact("fabrikam.onmicrosoft.com"),
			})),
		},
	})
}

// Each list warns once, counting the items without an id and naming them.
func TestListedWithoutIDsAreWarnedOnce(t *testing.T) {
	for _, tt := range []struct {
		dataSource string
		fixture    *emulator.Fixture
		want       []string
	}{
		{"partnercenter_customer_users", usersWithoutIDs(), []string{"Some Users Listed Without an Id",
			"3 of 4 users without an id", "user_ids are null", "  - " + guestUPN + "\n  - (none)\n  - (none)\n"}},
		{"partnercenter_customers", customerWithoutID(), []string{"Some Customers Listed Without an Id",
			"1 of 2 customers without an id", "customer_ids are null", "  - fabrikam.onmicrosoft.com\n"}},
	} {
		rig := newProtocolRig(t, emulator.Options{AccessToken: testAccessToken, Fixture: tt.fixture})
		read := rig.read(t, tt.dataSource, nil)
		if len(read.Diagnostics) != 1 || read.Diagnostics[0].Severity != tfprotov6.DiagnosticSeverityWarning {
			t.Fatalf("%s: diagnostics %v, want one warning", tt.dataSource, read.Diagnostics)
		}
		got := read.Diagnostics[0].Summary + "\n" + read.Diagnostics[0].Detail
		for _, s := range tt.want {
			if !strings.Contains(got, s) {
				t.Errorf("%s: warning lacks %q:\n%s", tt.dataSource, s, got)
			}
		}
	}
}

// Every listed user: one listed without an id is read by its principal
// name, keyed by it in lower case; two with neither are not read, each
// under its place in the list, and said to be so: no request was sent,
// so the advice is not about requests.
func TestAccUserLicensesByUserListedWithoutAnID(t *testing.T) {
	em := startEmulator(t, usersWithoutIDs())
	guestKey := strings.ToLower(guestUPN)
	reason := "not read: listed without an id or a principal name"
	testSteps(t,
		resource.TestStep{
			Config: byUserConfig(em, nil),
			ExpectError: errorNaming("Unable to Read User Licenses by User", "2 of 4 users could not be read",
				"#3: "+reason, "#4: "+reason, "Report it to the provider's developers", "cannot key"),
		},
		resource.TestStep{
			Config: byUserConfig(em, acctest.Args{"on_user_error": "warn"}),
			ConfigStateChecks: []statecheck.StateCheck{
				expectValue(byUserAddress, "users", knownvalue.MapSizeExact(2)),
				statecheck.ExpectKnownValue(byUserAddress, tfjsonpath.New("users").AtMapKey(guestKey).AtMapKey("user_principal_name"),
					knownvalue.StringExact(guestUPN)),
				statecheck.ExpectKnownValue(byUserAddress, tfjsonpath.New("sku_part_numbers").AtMapKey(guestKey), partNumbers("WIN_ENT_E5")),
				statecheck.ExpectKnownValue(byUserAddress, tfjsonpath.New("sku_part_numbers").AtMapKey(seedUserIDs[0]),
					partNumbers("CFQ7TTC0K5DR/0002", "WIN_ENT_E5")),
				expectValue(byUserAddress, "failed_users", knownvalue.MapExact(map[string]knownvalue.Check{
					"#3": knownvalue.StringExact(reason), "#4": knownvalue.StringExact(reason),
				})),
			},
		},
	)
	for _, r := range em.Requests() {
		if strings.Contains(r.EscapedPath, "/users/%23") || strings.HasSuffix(r.EscapedPath, "/users//licenses") {
			t.Errorf("a request for a user without an id: %s", r.EscapedPath)
		}
	}
}

// The failure report over users that sent no request says so: not the
// advice about endpoints and proxies.
func TestUnkeyedUsersAreNotTakenForRequestsThatFailed(t *testing.T) {
	rig := newProtocolRig(t, emulator.Options{AccessToken: testAccessToken, Fixture: usersWithoutIDs()})
	read := rig.read(t, byUserType, nil)
	if len(read.Diagnostics) != 1 {
		t.Fatalf("diagnostics %v, want one error", read.Diagnostics)
	}
	detail := read.Diagnostics[0].Detail
	for _, bad := range []string{"no usable answer", "proxy", "Request of the first", "leave them out of user_ids"} {
		if strings.Contains(detail, bad) {
			t.Errorf("the report says %q:\n%s", bad, detail)
		}
	}
}

// Every listed customer: one listed without an id is not read, keyed by
// its place in the list.
func TestAccSubscribedSKUsByCustomerListedWithoutAnID(t *testing.T) {
	em := startEmulator(t, customerWithoutID())
	testSteps(t, resource.TestStep{
		Config: em.Provider(nil) + acctest.Data("partnercenter_subscribed_skus_by_customer", "test", acctest.Args{"on_customer_error": "warn"}),
		ConfigStateChecks: []statecheck.StateCheck{
			expectValue("data.partnercenter_subscribed_skus_by_customer.test", "failed_customers", knownvalue.MapExact(map[string]knownvalue.Check{
				"#2": knownvalue.StringExact("not read: listed without an id"),
			})),
			statecheck.ExpectKnownValue("data.partnercenter_subscribed_skus_by_customer.test",
				tfjsonpath.New("available_units").AtMapKey(seedCustomer), seedFreeSeats),
		},
	})
}
