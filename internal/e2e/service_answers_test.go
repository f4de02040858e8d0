package e2e

import (
	"strings"
	"testing"

	"github.com/partnercenter-terraform/terraform-provider-partnercenter/internal/acctest"
	"github.com/partnercenter-terraform/terraform-provider-partnercenter/internal/emulator"
)

// The configuration of the report, as written: terraform validate treats
// the variable as unknown, which failed with "Value Conversion Error".
func TestValidateTakesAListVariable(t *testing.T) {
	providerDir := buildProvider(t)
	ws := newWorkspace(t, providerDir, acctest.RequiredProviders+
		acctest.Block(`variable "required_skus"`, acctest.Args{"type": acctest.Expr("list(string)"), "default": []string{"SPB"}})+
		acctest.Data("partnercenter_subscribed_skus", "c", acctest.Args{"customer_id": "5c2b9e11-8d3f-4a70-b1e2-9f8e7d6c5b41",
			"sku_part_numbers": acctest.Expr("var.required_skus"), "require_all_skus": true}))
	out, err := ws.terraform(t, "validate", "-no-color")
	if err != nil || !strings.Contains(out, "The configuration is valid") {
		t.Fatalf("terraform validate: %v\n%s", err, out)
	}
}

// A token whose amr claim shows no MFA draws a warning before the first
// call, and Partner Center's 401 with code 900421 an error that says what to
// do with the sign-in method in use.
func TestTokenWithoutMFAIsWarnedAbout(t *testing.T) {
	providerDir := buildProvider(t)
	srv := acctest.StartEmulator(t, emulator.Options{AccessToken: acctest.UserTokenWithoutMFA(t)})
	ws := newWorkspace(t, providerDir, acctest.RequiredProviders+acctest.Data("partnercenter_subscribed_skus", "c", acctest.Args{"customer_id": seedCustomer}))
	ws.setenvs(srv.Env())
	out, err := ws.terraform(t, "plan", "-input=false", "-no-color")
	if err == nil {
		t.Fatalf("the plan passed with a token Partner Center refuses:\n%s", out)
	}
	for _, want := range []string{"Warning: Access Token Without MFA", "Error: Unable to Read Subscribed SKUs", "code 900421",
		"PARTNERCENTER_ACCESS_TOKEN) was obtained without MFA"} {
		if !strings.Contains(strings.Join(strings.Fields(out), " "), want) {
			t.Errorf("the output does not say %q:\n%s", want, out)
		}
	}
}
