package e2e

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/partnercenter-terraform/terraform-provider-partnercenter/internal/acctest"
)

var readsConfig = acctest.RequiredProviders +
	acctest.Data("partnercenter_subscribed_skus", "seed", acctest.Args{"customer_id": seedCustomer}) +
	acctest.Data("partnercenter_user_licenses", "adele", acctest.Args{"customer_id": seedCustomer, "user_id": "adele.vance@contoso.onmicrosoft.com"}) +
	acctest.Block(`output "free_e5_seats"`, acctest.Args{"value": acctest.Expr(
		`one([for s in data.partnercenter_subscribed_skus.seed.subscribed_skus : s.available_units if s.product_sku.sku_part_number == "WIN_ENT_E5"])`)})

// TestSecretsNeverReachLogsOrState runs terraform with TF_LOG=TRACE for each
// way of passing a secret, then looks for every secret, and every access
// token the emulator received, in the log, the output and the state.
func TestSecretsNeverReachLogsOrState(t *testing.T) {
	providerDir := buildProvider(t)
	b := startBackends(t)

	passedToken := b.Entra.IssueUserToken(time.Hour)
	cases := map[string]map[string]string{
		"secure application model": secureApplicationModel,
		"access token":             {"PARTNERCENTER_ACCESS_TOKEN": passedToken},
	}
	for name, credentials := range cases {
		t.Run(name, func(t *testing.T) {
			ws := newWorkspace(t, providerDir, readsConfig)
			ws.setenv("TF_LOG", "TRACE")
			ws.setenv("TF_LOG_PATH", filepath.Join(ws.dir, "terraform.log"))
			ws.setenvs(b.Env())
			ws.setenvs(credentials)
			apply, err := ws.terraform(t, "apply", "-auto-approve", "-input=false", "-no-color")
			if err != nil {
				t.Fatalf("terraform apply: %v\n%s", err, apply)
			}
			if !strings.Contains(apply, "free_e5_seats = 71") {
				t.Fatalf("the apply did not read the seed data:\n%s", apply)
			}
			plan, err := ws.terraform(t, "plan", "-input=false", "-no-color")
			if err != nil {
				t.Fatalf("terraform plan: %v\n%s", err, plan)
			}

			log := ws.read(t, "terraform.log")
			// The check is only as good as the log: it must hold the
			// provider's own TRACE and DEBUG lines, request lines included.
			for _, want := range []string{"Partner Center request", "provider.terraform-provider-partnercenter", "[TRACE]"} {
				if !strings.Contains(log, want) {
					t.Fatalf("the TRACE log has no %q; it cannot show a leak", want)
				}
			}
			secrets := map[string]string{"client secret": clientSecret, "refresh token": refreshToken, "passed access token": passedToken}
			for i, r := range b.Requests() {
				secrets[fmt.Sprintf("access token of request %d", i)] = strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
			}
			mustNotContain(t, "TRACE log", log, secrets)
			mustNotContain(t, "apply output", apply, secrets)
			mustNotContain(t, "plan output", plan, secrets)
			mustNotContain(t, "state", ws.read(t, "terraform.tfstate"), secrets)
		})
	}
}
