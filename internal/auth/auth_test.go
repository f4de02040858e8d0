package auth

import (
	"errors"
	"strings"
	"testing"
)

func TestSelectOrder(t *testing.T) {
	cases := []struct {
		name string
		s    Settings
		want Method
	}{
		{"access token first", Settings{AccessToken: "t", RefreshToken: "r", UseCLI: true, ClientID: "c", ClientSecret: "s"}, MethodAccessToken},
		{"then refresh token", Settings{RefreshToken: "r", UseCLI: true, ClientID: "c", ClientSecret: "s"}, MethodRefreshToken},
		{"then the CLI", Settings{UseCLI: true, ClientID: "c", ClientSecret: "s"}, MethodAzureCLI},
		{"then client credentials", Settings{ClientID: "c", ClientCertificate: []byte("pem")}, MethodClientCredentials},
		{"explicit wins", Settings{Method: MethodAzureCLI, AccessToken: "t"}, MethodAzureCLI},
	}
	for _, tc := range cases {
		if got, err := tc.s.Select(); err != nil || got != tc.want {
			t.Errorf("%s: Select = %q, %v; want %q", tc.name, got, err, tc.want)
		}
	}
	if _, err := (Settings{}).Select(); !errors.Is(err, ErrNoCredentials) {
		t.Errorf("no settings: err = %v", err)
	}
	if _, err := (Settings{Method: "password"}).Select(); err == nil || !strings.Contains(err.Error(), "access_token, refresh_token, azure_cli, client_credentials") {
		t.Errorf("unknown method: err = %v", err)
	}
}

func TestMissingSettingsAreNamed(t *testing.T) {
	_, err := NewSource(Settings{RefreshToken: "r", Cloud: PublicCloud})
	var missing *MissingSettingError
	if !errors.As(err, &missing) {
		t.Fatalf("err = %v, want MissingSettingError", err)
	}
	// Settings fields, which the provider turns into its argument names
	// (TestAddCredentialErrorNamesArguments).
	for _, want := range []string{"TenantID", "ClientID", "ClientSecret or ClientCertificate"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("%q does not name %s", err, want)
		}
	}
	if strings.Contains(err.Error(), "needs RefreshToken") {
		t.Errorf("%q names a setting that was given", err)
	}
}

func TestCloudByName(t *testing.T) {
	if c, ok := CloudByName("CHINA"); !ok || c.APIEndpoint != "https://partner.partnercenterapi.microsoftonline.cn" ||
		c.TokenURL("t") != "https://login.chinacloudapi.cn/t/oauth2/v2.0/token" {
		t.Errorf("china = %+v, %v", c, ok)
	}
	if PublicCloud.Scope() != "https://api.partnercenter.microsoft.com/.default" {
		t.Errorf("public scope = %q", PublicCloud.Scope())
	}
	if _, ok := CloudByName("germany"); ok {
		t.Error("germany was accepted")
	}
}
