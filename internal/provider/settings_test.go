package provider

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types"
)

func env(vars map[string]string) environ {
	return environ{
		lookup:   func(k string) (string, bool) { v, ok := vars[k]; return v, ok },
		readFile: func(name string) ([]byte, error) { return nil, fmt.Errorf("open %s: no such file", name) },
	}
}

func TestResolveSettingsPrecedence(t *testing.T) {
	cases := []struct {
		name                    string
		config                  providerModel
		env                     map[string]string
		endpoint, token, locale string
	}{
		{
			name:     "defaults",
			config:   providerModel{AccessToken: types.StringValue("cfg-token")},
			endpoint: "https://api.partnercenter.microsoft.com", token: "cfg-token", locale: "en-US",
		},
		{
			name:     "environment",
			env:      map[string]string{envFor["endpoint"]: "http://127.0.0.1:8080", envFor["access_token"]: "env-token", envFor["locale"]: "fr-FR"},
			endpoint: "http://127.0.0.1:8080", token: "env-token", locale: "fr-FR",
		},
		{
			name:     "config wins over environment",
			config:   providerModel{Endpoint: types.StringValue("https://partner.partnercenterapi.microsoftonline.cn"), AccessToken: types.StringValue("cfg"), Locale: types.StringValue("zh-CN")},
			env:      map[string]string{envFor["endpoint"]: "http://127.0.0.1:8080", envFor["access_token"]: "env-token", envFor["locale"]: "fr-FR"},
			endpoint: "https://partner.partnercenterapi.microsoftonline.cn", token: "cfg", locale: "zh-CN",
		},
		{
			name:     "empty environment variables fall back to defaults",
			config:   providerModel{AccessToken: types.StringValue("cfg")},
			env:      map[string]string{envFor["endpoint"]: "", envFor["locale"]: ""},
			endpoint: "https://api.partnercenter.microsoft.com", token: "cfg", locale: "en-US",
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			// A zero types.String is null, as an omitted argument is.
			s, diags := resolveSettings(tc.config, env(tc.env))
			if diags.HasError() {
				t.Fatalf("diagnostics: %v", diags)
			}
			if s.endpoint.String() != tc.endpoint || s.auth.AccessToken != tc.token || s.locale != tc.locale {
				t.Errorf("got %s %q %s, want %s %q %s", s.endpoint, s.auth.AccessToken, s.locale, tc.endpoint, tc.token, tc.locale)
			}
		})
	}
}

func TestResolveSettingsErrorsNameArgumentAndVariable(t *testing.T) {
	cases := []struct {
		name   string
		config providerModel
		env    map[string]string
		want   []string
	}{
		{"remote http from environment", providerModel{AccessToken: types.StringValue("t")}, map[string]string{envFor["endpoint"]: "http://example.com"}, []string{envFor["endpoint"], "loopback"}},
		{"bad locale from environment", providerModel{AccessToken: types.StringValue("t")}, map[string]string{envFor["locale"]: "en US"}, []string{envFor["locale"], "language tag"}},
		{"unknown value", providerModel{AccessToken: types.StringUnknown()}, nil, []string{"access_token", "only known after apply"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, diags := resolveSettings(tc.config, env(tc.env))
			if !diags.HasError() {
				t.Fatal("want an error")
			}
			var text string
			for _, d := range diags.Errors() {
				text += d.Summary() + " " + d.Detail() + " "
			}
			for _, w := range tc.want {
				if !strings.Contains(text, w) {
					t.Errorf("diagnostics %q do not mention %q", text, w)
				}
			}
			if strings.Contains(text, "\"t\"") {
				t.Errorf("diagnostics echo the token: %q", text)
			}
		})
	}
}
