package e2e

import (
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/partnercenter-terraform/terraform-provider-partnercenter/internal/emulator"
	"github.com/partnercenter-terraform/terraform-provider-partnercenter/internal/fakeentra"
)

// TestOnePlanSendsOneRequestPerDistinctReadAndOneTokenRequest counts what a
// terraform plan costs: 40 data sources over 3 distinct reads must send 3
// requests, and signing in with a refresh token must cost one token request.
func TestOnePlanSendsOneRequestPerDistinctReadAndOneTokenRequest(t *testing.T) {
	providerDir := buildProvider(t)
	entra, err := fakeentra.Start(fakeentra.Options{TenantID: tenantID, ClientID: clientID, ClientSecret: clientSecret, RefreshToken: refreshToken})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(entra.Close)
	em, err := emulator.New(emulator.Options{TokenVerifier: emulator.TokenVerifierFunc(func(token string) (bool, error) {
		claims, err := entra.Verify(token)
		if err != nil {
			return false, err
		}
		return claims.IsAppOnly(), nil
	})})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(em)
	t.Cleanup(srv.Close)
	caFile := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(caFile, entra.CACertPEM(), 0o600); err != nil {
		t.Fatal(err)
	}

	var config strings.Builder
	config.WriteString("terraform {\n  required_providers {\n    partnercenter = { source = \"partnercenter-terraform/partnercenter\" }\n  }\n}\n")
	groups := []string{`["Group1"]`, `["Group2"]`, `["Group1", "Group2"]`, `["group2", "GROUP1"]`}
	for i := range 40 {
		fmt.Fprintf(&config, "data \"partnercenter_subscribed_skus\" \"r%d\" {\n  customer_id = \"0c39d6d5-c70d-4c55-bc02-f620844f3fd1\"\n  license_group_ids = %s\n}\n",
			i, groups[i%len(groups)])
	}
	ws := newWorkspace(t, providerDir, config.String())
	for k, v := range map[string]string{
		"PARTNERCENTER_ENDPOINT": srv.URL, "PARTNERCENTER_AUTH_ENDPOINT": entra.URL(), "PARTNERCENTER_CA_CERTIFICATE_FILE": caFile,
		"PARTNERCENTER_TENANT_ID": tenantID, "PARTNERCENTER_CLIENT_ID": clientID,
		"PARTNERCENTER_CLIENT_SECRET": clientSecret, "PARTNERCENTER_REFRESH_TOKEN": refreshToken,
	} {
		ws.setenv(k, v)
	}
	if out, err := ws.terraform(t, "plan", "-input=false", "-no-color"); err != nil {
		t.Fatalf("terraform plan: %v\n%s", err, out)
	}
	// ["group2", "GROUP1"] and ["Group1", "Group2"] are the same read.
	if n := em.RequestCount(); n != 3 {
		t.Errorf("%d requests for 40 data sources over 3 distinct reads, want 3", n)
	}
	if n := entra.TokenRequests(); n != 1 {
		t.Errorf("%d token requests in one plan, want 1", n)
	}
}
