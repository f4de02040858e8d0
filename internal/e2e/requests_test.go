package e2e

import (
	"fmt"
	"strings"
	"testing"

	"github.com/partnercenter-terraform/terraform-provider-partnercenter/internal/acctest"
)

// TestOnePlanSendsOneRequestPerDistinctReadAndOneTokenRequest counts what a
// terraform plan costs: 40 data sources over 3 distinct reads must send 3
// requests, and signing in with a refresh token must cost one token request.
func TestOnePlanSendsOneRequestPerDistinctReadAndOneTokenRequest(t *testing.T) {
	providerDir := buildProvider(t)
	b := startBackends(t)

	var config strings.Builder
	config.WriteString(acctest.RequiredProviders)
	groups := [][]string{{"Group1"}, {"Group2"}, {"Group1", "Group2"}, {"group2", "GROUP1"}}
	for i := range 40 {
		config.WriteString(acctest.Data("partnercenter_subscribed_skus", fmt.Sprintf("r%d", i),
			acctest.Args{"customer_id": seedCustomer, "license_group_ids": groups[i%len(groups)]}))
	}
	ws := newWorkspace(t, providerDir, config.String())
	ws.setenvs(b.Env())
	ws.setenvs(secureApplicationModel)
	if out, err := ws.terraform(t, "plan", "-input=false", "-no-color"); err != nil {
		t.Fatalf("terraform plan: %v\n%s", err, out)
	}
	// ["group2", "GROUP1"] and ["Group1", "Group2"] are the same read.
	if n := b.RequestCount(); n != 3 {
		t.Errorf("%d requests for 40 data sources over 3 distinct reads, want 3", n)
	}
	if n := b.Entra.TokenRequests(); n != 1 {
		t.Errorf("%d token requests in one plan, want 1", n)
	}
}
