package provider

import (
	"strings"
	"testing"

	"github.com/golang-jwt/jwt/v5"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/partnercenter-terraform/terraform-provider-partnercenter/internal/acctest"
	"github.com/partnercenter-terraform/terraform-provider-partnercenter/internal/emulator"
)

const (
	customerUsersType    = "partnercenter_customer_users"
	customerUsersAddress = "data." + customerUsersType + ".test"
)

// customerUsersConfig is the provider block for em and the
// partnercenter_customer_users "test" of customerID.
func customerUsersConfig(em *acctest.Server, customerID string) string {
	return em.Provider(nil) + acctest.Data(customerUsersType, "test", acctest.Args{"customer_id": customerID})
}

// The default fixture's users of the seed customer, in its order.
var seedUserIDs = []string{
	"4b9cd1e0-6c30-4c2a-9f2b-0a4d1f5e7a11", "9f3c2a77-1d4e-4f0b-8a55-2e6b7c9d0e12",
	"2c5e8f14-7a3b-4d6e-9c1f-8b0a2d4e6f13", "6e1f9a3d-2b4c-4e5f-8a7b-9c0d1e2f3a14",
}

// customerUser is a users element: every field, null where want has none.
func customerUser(want map[string]string) knownvalue.Check {
	checks := map[string]knownvalue.Check{}
	for _, name := range []string{"id", "user_principal_name", "display_name", "first_name", "last_name", "usage_location",
		"user_domain_type", "state", "last_directory_sync_time"} {
		checks[name] = knownvalue.Null()
		if v, ok := want[name]; ok {
			checks[name] = knownvalue.StringExact(v)
		}
	}
	return knownvalue.ObjectExact(checks)
}

var (
	adeleUser = customerUser(map[string]string{
		"id": seedUserIDs[0], "user_principal_name": "adele.vance@contoso.onmicrosoft.com", "display_name": "Adele Vance",
		"first_name": "Adele", "last_name": "Vance", "usage_location": "US", "user_domain_type": "none", "state": "active",
	})
	// The guest has no name parts and no usage location in the fixture,
	// and a lastDirectorySyncTime of null.
	guestUser = customerUser(map[string]string{
		"id": seedUserIDs[1], "user_principal_name": "bob_fabrikam.com#EXT#@contoso.onmicrosoft.com",
		"display_name": "Bob Kelly (Fabrikam)", "user_domain_type": "none", "state": "active",
	})
	syncedUser = customerUser(map[string]string{
		"id": seedUserIDs[2], "user_principal_name": "o'brien+test&co@contoso.onmicrosoft.com", "display_name": "Sean O'Brien",
		"first_name": "Sean", "last_name": "O'Brien", "usage_location": "IE", "user_domain_type": "managed", "state": "active",
		"last_directory_sync_time": "2025-11-03T06:15:27Z",
	})
)

// One user a page: every user is read, in Partner Center's order, over
// four pages, each asked for with its continuation token.
func TestAccCustomerUsersFollowsEveryPage(t *testing.T) {
	em := startEmulatorWith(t, emulator.Options{PageSize: 1})
	ids := make([]knownvalue.Check, len(seedUserIDs))
	for i, id := range seedUserIDs {
		ids[i] = knownvalue.StringExact(id)
	}
	testSteps(t, resource.TestStep{
		Config: customerUsersConfig(em, strings.ToUpper(seedCustomer)),
		ConfigStateChecks: []statecheck.StateCheck{
			expectString(customerUsersAddress, "id", strings.ToUpper(seedCustomer)),
			expectInt(customerUsersAddress, "total_count", 4),
			expectValue(customerUsersAddress, "user_ids", knownvalue.ListExact(ids)),
			statecheck.ExpectKnownValue(customerUsersAddress, tfjsonpath.New("users").AtSliceIndex(0), adeleUser),
			statecheck.ExpectKnownValue(customerUsersAddress, tfjsonpath.New("users").AtSliceIndex(3),
				knownvalue.ObjectPartial(map[string]knownvalue.Check{"id": ids[3], "user_principal_name": knownvalue.StringExact("no.licenses@contoso.onmicrosoft.com")})),
		},
	})
	// Four pages: the first and three asked for with their token. Plan
	// and apply share nothing across processes, so each read them all.
	var first, next int
	for _, r := range em.Requests() {
		if r.EscapedPath != "/v1/customers/"+seedCustomer+"/users" {
			t.Errorf("request to %s", r.EscapedPath)
		}
		if r.Header.Get("MS-ContinuationToken") == "" {
			first++
		} else {
			next++
		}
	}
	if first == 0 || next != 3*first {
		t.Errorf("%d first pages and %d next pages, want three next pages per listing", first, next)
	}
}

// A field Partner Center leaves out, or sends as null, is null in state;
// present ones are kept as written.
func TestAccCustomerUsersAbsentFieldsAreNull(t *testing.T) {
	em := startEmulator(t, nil)
	testSteps(t, resource.TestStep{
		Config: customerUsersConfig(em, seedCustomer),
		ConfigStateChecks: []statecheck.StateCheck{
			statecheck.ExpectKnownValue(customerUsersAddress, tfjsonpath.New("users").AtSliceIndex(1), guestUser),
			statecheck.ExpectKnownValue(customerUsersAddress, tfjsonpath.New("users").AtSliceIndex(2), syncedUser),
		},
	})
}

// A customer without users gives empty lists, not nulls.
func TestAccCustomerUsersOfACustomerWithoutUsers(t *testing.T) {
	f := emulator.DefaultFixture()
	f.Customers[1].Users = nil
	em := startEmulator(t, f)
	testSteps(t, resource.TestStep{
		Config: customerUsersConfig(em, emptyCustomer),
		ConfigStateChecks: []statecheck.StateCheck{
			expectInt(customerUsersAddress, "total_count", 0),
			expectList(customerUsersAddress, "user_ids"),
			expectList(customerUsersAddress, "users"),
		},
	})
}

// Refusals name the next step: an unknown customer's 404 with code 60003
// says to check customer_id; a revoked relationship (403 with 20002) and a
// role without the right (403 with 900150) name the GDAP roles Microsoft
// lists for this call.
func TestAccCustomerUsersRefusals(t *testing.T) {
	f := emulator.DefaultFixture()
	f.Customers[1].NoRelationship = true
	em := startEmulatorWith(t, emulator.Options{Fixture: f, Faults: []emulator.Fault{
		{Customer: "22222222-3333-4444-8555-666666666666", Kind: emulator.FaultError, Status: 403, Code: "900150", Description: "Forbidden"},
	}})
	roles := "Directory Readers, Global Reader, User Administrator"
	cases := map[string]struct {
		customerID string
		want       []string
	}{
		"unknown customer": {unknownCustomer, []string{"Unable to List Customer Users", "HTTP 404 with code 60003",
			"Check that customer_id is the customer's tenant id", "MS-RequestId:"}},
		"no relationship": {emptyCustomer, []string{"Unable to List Customer Users", "HTTP 403 with code 20002", "no commerce relationship", "only through GDAP"}},
		"role lacks rights": {"22222222-3333-4444-8555-666666666666", []string{"Unable to List Customer Users", "HTTP 403 with code 900150",
			"one of these roles for this customer: " + roles}},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			testSteps(t, resource.TestStep{
				Config:      customerUsersConfig(em, tc.customerID),
				ExpectError: errorNaming(tc.want...),
			})
		})
	}
}

// Partner Center answers a customer's users for App+User tokens only: an
// app-only token is refused before anything is sent, and a customer id
// that is not a GUID at plan time.
func TestAccCustomerUsersRefusedBeforeSending(t *testing.T) {
	token, err := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims{"idtyp": "app", "roles": []string{"x"}}).SignedString([]byte("k"))
	if err != nil {
		t.Fatal(err)
	}
	em := startEmulatorWith(t, emulator.Options{AccessToken: token})
	testSteps(t,
		resource.TestStep{
			Config:      customerUsersConfig(em, seedCustomer),
			ExpectError: errorNaming("Unable to List Customer Users", "app-only", "App+User", "Not sent: GET", "/users", "never received"),
		},
		resource.TestStep{
			Config:      customerUsersConfig(em, "contoso"),
			PlanOnly:    true,
			ExpectError: errorNaming("customer_id", "GUID"),
		},
	)
	em.ExpectNoRequests(t)
}
