package emulator

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// The emulator answers in the language X-Locale asks for, as Partner Center
// does, and refuses a locale it does not answer in with a 400 that carries
// no code, so that a client's decisions can be shown to rest on the status
// and the code alone.
func TestErrorsAreAnsweredInTheAskedLanguage(t *testing.T) {
	const stranger = "11111111-2222-4333-8444-555555555555"
	_, srv := newTestServer(t, nil)
	appOnly := jwtWith(t, map[string]any{"idtyp": "app", "roles": []string{"x"}})
	emApp, err := New(Options{AccessToken: appOnly})
	if err != nil {
		t.Fatal(err)
	}
	appSrv := httptest.NewServer(emApp)
	t.Cleanup(appSrv.Close)
	cases := []struct {
		name, locale string
		srv          *httptest.Server
		token, path  string
		status       int
		code         any
		description  string
	}{
		{"no locale", "", srv, bearerTest, skusPath(stranger), 404, float64(CodeTenantNotFound), "The requested customer " + stranger + " was not found."},
		{"German", "de-DE", srv, bearerTest, skusPath(stranger), 404, float64(CodeTenantNotFound), "Der angeforderte Kunde " + stranger + " wurde nicht gefunden."},
		{"French, any case", "FR-fr", srv, bearerTest, skusPath(stranger), 404, float64(CodeTenantNotFound), "Le client demandé " + stranger + " est introuvable."},
		{"app-only in French", "fr-FR", appSrv, "Bearer " + appOnly, skusPath(contoso), 403, nil,
			"Cette ressource n'est pas accessible avec les informations d'identification d'une application."},
		{"unsupported locale", "es-CO", srv, bearerTest, skusPath(contoso), 400, nil, "Locale es-CO is not supported"},
		{"unsupported locale on the customers list", "en-GB", srv, bearerTest, "/v1/customers", 400, nil, "Locale en-GB is not supported"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			header := map[string]string{"Authorization": tc.token}
			if tc.locale != "" {
				header["X-Locale"] = tc.locale
			}
			r := do(t, tc.srv, http.MethodGet, tc.path, header)
			if r.status != tc.status {
				t.Fatalf("HTTP %d %s, want %d", r.status, r.body, tc.status)
			}
			got := decodeError(t, r.body)
			if got.Code != tc.code || got.Description != tc.description {
				t.Errorf("code %v description %q, want %v %q", got.Code, got.Description, tc.code, tc.description)
			}
		})
	}
	// A supported locale reads as usual.
	r := do(t, srv, http.MethodGet, skusPath(contoso), map[string]string{"Authorization": bearerTest, "X-Locale": "de-DE"})
	if r.status != 200 || !strings.Contains(string(r.body), `"totalCount":3`) {
		t.Errorf("de-DE read: HTTP %d %s", r.status, r.body)
	}
}
