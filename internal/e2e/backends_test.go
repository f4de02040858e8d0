package e2e

import (
	"net/http/httptest"
	"testing"

	"github.com/partnercenter-terraform/terraform-provider-partnercenter/internal/emulator"
	"github.com/partnercenter-terraform/terraform-provider-partnercenter/internal/fakeentra"
)

// backends are a fake Entra ID and an emulator that accepts its App+User
// tokens, with the environment that points the provider at both.
type backends struct {
	entra *fakeentra.Server
	em    *emulator.Emulator
	env   map[string]string
}

func startBackends(t *testing.T) *backends {
	t.Helper()
	entra, err := fakeentra.Start(fakeentra.Options{TenantID: tenantID, ClientID: clientID, ClientSecret: clientSecret, RefreshToken: refreshToken})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(entra.Close)
	em, err := emulator.New(emulator.Options{TokenVerifier: entra})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(em)
	t.Cleanup(srv.Close)
	caFile, err := entra.WriteCACertFile(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	return &backends{entra: entra, em: em, env: map[string]string{
		"PARTNERCENTER_ENDPOINT": srv.URL, "PARTNERCENTER_AUTH_ENDPOINT": entra.URL(), "PARTNERCENTER_CA_CERTIFICATE_FILE": caFile,
	}}
}

// secureApplicationModel is the environment of a refresh-token sign-in.
var secureApplicationModel = map[string]string{
	"PARTNERCENTER_TENANT_ID": tenantID, "PARTNERCENTER_CLIENT_ID": clientID,
	"PARTNERCENTER_CLIENT_SECRET": clientSecret, "PARTNERCENTER_REFRESH_TOKEN": refreshToken,
}

// setenvs adds each variable to the workspace's environment.
func (w *workspace) setenvs(vars map[string]string) {
	for k, v := range vars {
		w.setenv(k, v)
	}
}
