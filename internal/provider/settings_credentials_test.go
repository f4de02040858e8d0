package provider

import (
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/partnercenter-terraform/terraform-provider-partnercenter/internal/auth"
)

func envWithFiles(vars map[string]string, files map[string]string) environ {
	e := env(vars)
	e.readFile = func(name string) ([]byte, error) {
		if content, ok := files[name]; ok {
			return []byte(content), nil
		}
		return nil, fmt.Errorf("open %s: no such file", name)
	}
	return e
}

func TestResolveSettingsCredentialsFromEnvironment(t *testing.T) {
	s, diags := resolveSettings(providerModel{}, envWithFiles(map[string]string{
		envFor["environment"]: "China", envFor["auth_method"]: "refresh_token", envFor["tenant_id"]: "contoso.onmicrosoft.com",
		envFor["client_id"]: "11111111-2222-4333-8444-555555555555", envFor["client_secret"]: "s3cret", envFor["refresh_token"]: "rt",
		envFor["use_cli"]: "true", envFor["ca_certificate_file"]: "/ca.pem",
	}, map[string]string{"/ca.pem": "PEM"}))
	if diags.HasError() {
		t.Fatal(diags)
	}
	a := s.auth
	if a.Method != auth.MethodRefreshToken || a.TenantID != "contoso.onmicrosoft.com" || a.ClientSecret != "s3cret" ||
		a.RefreshToken != "rt" || !a.UseCLI || a.Cloud.Name != "china" || a.CustomAuthority {
		t.Errorf("auth settings = %+v", a)
	}
	if s.endpoint.String() != auth.ChinaCloud.APIEndpoint || string(s.caPEM) != "PEM" {
		t.Errorf("endpoint %s, ca %q", s.endpoint, s.caPEM)
	}
}

func TestResolveSettingsAuthEndpointOverride(t *testing.T) {
	s, diags := resolveSettings(providerModel{AuthEndpoint: types.StringValue("https://127.0.0.1:8443")}, env(nil))
	if diags.HasError() {
		t.Fatal(diags)
	}
	if s.auth.Cloud.AuthorityHost != "https://127.0.0.1:8443/" || !s.auth.CustomAuthority {
		t.Errorf("cloud = %+v, custom %v", s.auth.Cloud, s.auth.CustomAuthority)
	}
	if s.endpoint.String() != auth.PublicCloud.APIEndpoint {
		t.Errorf("endpoint = %s, want the public default", s.endpoint)
	}
}

func TestResolveSettingsClientCertificateForms(t *testing.T) {
	const pemText = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"
	cases := map[string]providerModel{
		"inline PEM":     {ClientCertificate: types.StringValue(pemText)},
		"base64":         {ClientCertificate: types.StringValue(base64.StdEncoding.EncodeToString([]byte(pemText)))},
		"path to a file": {ClientCertificatePath: types.StringValue("/cert.pem")},
	}
	for name, model := range cases {
		s, diags := resolveSettings(model, envWithFiles(nil, map[string]string{"/cert.pem": pemText}))
		if diags.HasError() || string(s.auth.ClientCertificate) != pemText {
			t.Errorf("%s: certificate %q, diags %v", name, s.auth.ClientCertificate, diags)
		}
	}
	_, diags := resolveSettings(providerModel{ClientCertificate: types.StringValue("%%% not base64")}, env(nil))
	if !diagsMention(diags, "client_certificate", "neither PEM nor base64") {
		t.Errorf("bad certificate: %v", diags)
	}
	_, diags = resolveSettings(providerModel{ClientCertificatePath: types.StringValue("/missing.pfx")}, env(nil))
	if !diagsMention(diags, "client_certificate_path", envFor["client_certificate_path"], "/missing.pfx") {
		t.Errorf("missing file: %v", diags)
	}
}

func TestResolveSettingsRefusesBadValues(t *testing.T) {
	cases := []struct {
		name string
		vars map[string]string
		want []string
	}{
		{"environment", map[string]string{envFor["environment"]: "germany"}, []string{envFor["environment"], "public, china"}},
		{"use_cli", map[string]string{envFor["use_cli"]: "yes please"}, []string{envFor["use_cli"], "true or false"}},
		{"auth endpoint", map[string]string{envFor["auth_endpoint"]: "http://login.example.com"}, []string{envFor["auth_endpoint"], "loopback"}},
	}
	for _, tc := range cases {
		_, diags := resolveSettings(providerModel{}, env(tc.vars))
		if !diagsMention(diags, tc.want...) {
			t.Errorf("%s: %v", tc.name, diags)
		}
	}
}

func TestCredentialErrorsNameArgumentsAndVariables(t *testing.T) {
	var diags diag.Diagnostics
	_, err := auth.NewSource(auth.Settings{Method: auth.MethodRefreshToken, RefreshToken: "rt", Cloud: auth.PublicCloud})
	addCredentialError(&diags, err)
	if len(diags) != 3 || !diagsMention(diags, "tenant_id", envFor["tenant_id"], "client_id", envFor["client_id"], envFor["client_secret"], envFor["client_certificate"]) {
		t.Errorf("diags = %v", diags)
	}
	diags = nil
	addCredentialError(&diags, auth.ErrNoCredentials)
	if !diagsMention(diags, envFor["access_token"], envFor["refresh_token"], envFor["use_cli"]) {
		t.Errorf("diags = %v", diags)
	}
	diags = nil
	addCredentialError(&diags, errors.New("something else"))
	if !diagsMention(diags, "something else") {
		t.Errorf("diags = %v", diags)
	}
	diags = nil
	addCredentialError(&diags, fmt.Errorf("%w: bad password", auth.ErrInvalidCertificate))
	if !diagsMention(diags, "bad password", "client_certificate", envFor["client_certificate_path"]) {
		t.Errorf("diags = %v", diags)
	}
}

func diagsMention(diags diag.Diagnostics, fragments ...string) bool {
	var text strings.Builder
	for _, d := range diags {
		text.WriteString(d.Summary() + " " + d.Detail() + "\n")
	}
	for _, f := range fragments {
		if !strings.Contains(text.String(), f) {
			return false
		}
	}
	return len(diags) > 0
}
