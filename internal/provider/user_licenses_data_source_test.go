package provider

import (
	"maps"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/partnercenter-terraform/terraform-provider-partnercenter/internal/acctest"
)

const (
	licensesType    = "partnercenter_user_licenses"
	licensesAddress = "data." + licensesType + ".test"
)

// licensesConfig is the provider block for em and the
// partnercenter_user_licenses "test" of the user, with extra arguments.
func licensesConfig(em *acctest.Server, customerID, userID string, extra acctest.Args) string {
	args := acctest.Args{"customer_id": customerID, "user_id": userID}
	maps.Copy(args, extra)
	return em.Provider(nil) + acctest.Data(licensesType, "test", args)
}

var (
	winE5License     = license(winE5Product, winE5Plans...)
	minecraftLicense = license(minecraftProduct)
)

func TestAccUserLicensesByUserForm(t *testing.T) {
	em := startEmulator(t, nil)
	cases := []struct {
		name, userID string
		groups       []string
		want         []knownvalue.Check
	}{
		{"object id", "4b9cd1e0-6c30-4c2a-9f2b-0a4d1f5e7a11", nil, []knownvalue.Check{winE5License, minecraftLicense}},
		{"user principal name", "adele.vance@contoso.onmicrosoft.com", nil, []knownvalue.Check{winE5License, minecraftLicense}},
		{"upn in another case", "Adele.Vance@Contoso.onmicrosoft.com", nil, []knownvalue.Check{winE5License, minecraftLicense}},
		{"guest #EXT# upn", "bob_fabrikam.com#EXT#@contoso.onmicrosoft.com", nil, []knownvalue.Check{winE5License}},
		{"upn with ' + &", "o'brien+test&co@contoso.onmicrosoft.com", nil, []knownvalue.Check{minecraftLicense}},
		{"group1 only", "adele.vance@contoso.onmicrosoft.com", []string{"Group1"}, []knownvalue.Check{winE5License}},
		{"group2 only", "adele.vance@contoso.onmicrosoft.com", []string{"group2"}, []knownvalue.Check{minecraftLicense}},
		{"filtered to nothing", "o'brien+test&co@contoso.onmicrosoft.com", []string{"Group1"}, nil},
		{"user without licenses", "no.licenses@contoso.onmicrosoft.com", nil, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			testSteps(t, resource.TestStep{
				Config: licensesConfig(em, seedCustomer, tc.userID, acctest.Args{"license_group_ids": tc.groups}),
				ConfigStateChecks: []statecheck.StateCheck{
					expectString(licensesAddress, "user_id", tc.userID),
					expectInt(licensesAddress, "total_count", int64(len(tc.want))),
					expectList(licensesAddress, "licenses", tc.want...),
				},
			})
		})
	}
}

func TestAccUserLicensesDeterministicID(t *testing.T) {
	em := startEmulator(t, nil)
	const user = "bob_fabrikam.com#EXT#@contoso.onmicrosoft.com"
	testSteps(t, resource.TestStep{
		Config: licensesConfig(em, seedCustomer, user, nil),
		ConfigStateChecks: []statecheck.StateCheck{
			expectString(licensesAddress, "id", seedCustomer+"/"+user+"/Group1,Group2"),
		},
	})
	want := "/v1/customers/" + seedCustomer + "/users/bob_fabrikam.com%23EXT%23@contoso.onmicrosoft.com/licenses"
	for _, r := range em.Requests() {
		if r.EscapedPath != want {
			t.Errorf("request path %q, want %q", r.EscapedPath, want)
		}
	}
}

func TestAccUserLicensesNotFound(t *testing.T) {
	em := startEmulator(t, nil)
	cases := map[string]struct {
		customerID, userID string
		want               []string
	}{
		"unknown user":     {seedCustomer, "ghost@contoso.onmicrosoft.com", []string{"Unable to Read User Licenses", "HTTP 404 with code 60002", "user_id is the user's object id or user principal name", "MS-RequestId:"}},
		"unknown customer": {unknownCustomer, "adele.vance@contoso.onmicrosoft.com", []string{"Unable to Read User Licenses", "HTTP 404 with code 60003", "customer_id", "MS-CorrelationId:"}},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			testSteps(t, resource.TestStep{
				Config:      licensesConfig(em, tc.customerID, tc.userID, nil),
				ExpectError: errorNaming(tc.want...),
			})
		})
	}
}

func TestAccUserLicensesRefusesInvalidArgumentsAtPlan(t *testing.T) {
	em := startEmulator(t, nil)
	const validForms = "object id (a GUID) or user principal name"
	cases := map[string]struct {
		customerID, userID string
		groups             []string
		want               []string
	}{
		"path traversal":    {seedCustomer, "../../admin@contoso.com", nil, []string{"user_id", validForms, `'/'`}},
		"slash":             {seedCustomer, "a/b@contoso.com", nil, []string{"user_id", validForms, `'/'`}},
		"encoded slash":     {seedCustomer, "a%2Fb@contoso.com", nil, []string{"user_id", validForms, `'%'`}},
		"backslash":         {seedCustomer, `a\b@contoso.com`, nil, []string{"user_id", validForms}},
		"query":             {seedCustomer, "a?x=1@contoso.com", nil, []string{"user_id", validForms, `'?'`}},
		"dot segment":       {seedCustomer, "..", nil, []string{"user_id", validForms}},
		"no domain":         {seedCustomer, "adele", nil, []string{"user_id", validForms, "single @"}},
		"space":             {seedCustomer, "adele vance@contoso.com", nil, []string{"user_id", validForms, "whitespace"}},
		"empty":             {seedCustomer, "", nil, []string{"user_id", validForms}},
		"customer not guid": {"contoso", "adele.vance@contoso.onmicrosoft.com", nil, []string{"customer_id", "GUID"}},
		"unknown group":     {seedCustomer, "adele.vance@contoso.onmicrosoft.com", []string{"Group9"}, []string{"license_group_ids[0]", `["Group1" "Group2"]`}},
		"empty group list":  {seedCustomer, "adele.vance@contoso.onmicrosoft.com", []string{}, []string{"license_group_ids", "at least 1"}},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			testSteps(t, resource.TestStep{
				Config:      licensesConfig(em, tc.customerID, tc.userID, acctest.Args{"license_group_ids": tc.groups}),
				PlanOnly:    true,
				ExpectError: errorNaming(tc.want...),
			})
		})
	}
	em.ExpectNoRequests(t)
}

func TestAccUserLicensesPartNumbers(t *testing.T) {
	em := startEmulator(t, nil)
	testSteps(t,
		resource.TestStep{
			Config: licensesConfig(em, seedCustomer, "adele.vance@contoso.onmicrosoft.com", nil) + `
output "has_e5" {
  value = contains(data.partnercenter_user_licenses.test.sku_part_numbers, "WIN_ENT_E5")
}`,
			ConfigStateChecks: []statecheck.StateCheck{
				expectValue(licensesAddress, "sku_part_numbers", knownvalue.ListExact([]knownvalue.Check{
					knownvalue.StringExact("CFQ7TTC0K5DR/0002"), knownvalue.StringExact("WIN_ENT_E5"),
				})),
				statecheck.ExpectKnownOutputValue("has_e5", knownvalue.Bool(true)),
			},
		},
		resource.TestStep{
			Config: licensesConfig(em, seedCustomer, "no.licenses@contoso.onmicrosoft.com", nil),
			ConfigStateChecks: []statecheck.StateCheck{
				expectValue(licensesAddress, "sku_part_numbers", knownvalue.ListExact([]knownvalue.Check{})),
			},
		},
	)
}
