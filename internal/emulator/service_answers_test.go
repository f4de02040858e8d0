package emulator

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/golang-jwt/jwt/v5"
)

// The answers Partner Center documents for the bad days a partner's CI
// rehearses: each must be something the emulator can say.

func TestErrorFaultAnswersAnyStatusAndCode(t *testing.T) {
	em, srv := newFaultServer(t,
		Fault{Kind: FaultError, Customer: fabrikam, Status: 403, Code: "900150", Description: "Access denied."},
		Fault{Kind: FaultError, Customer: contoso, Status: 404, Description: "Resource not found", Count: 1},
		Fault{Kind: FaultError, Customer: contoso, Status: 409, Code: "Conflict", Description: "Try later."},
	)
	r := do(t, srv, http.MethodGet, skusPath(fabrikam), authed())
	if e := decodeError(t, r.body); r.status != 403 || e.Code != float64(900150) || e.Description != "Access denied." {
		t.Errorf("HTTP %d %s, want 403 with the number 900150", r.status, r.body)
	}
	r = do(t, srv, http.MethodGet, skusPath(contoso), authed())
	if got := strings.TrimSpace(string(r.body)); r.status != 404 || got != `{"statusCode":404,"message":"Resource not found"}` {
		t.Errorf("HTTP %d %s, want the gateway's 404", r.status, got)
	}
	r = do(t, srv, http.MethodGet, skusPath(contoso), authed())
	if e := decodeError(t, r.body); r.status != 409 || e.Code != "Conflict" {
		t.Errorf("HTTP %d %s, want 409 with the string code Conflict", r.status, r.body)
	}
	checkInjected(t, em, map[FaultKind]int64{FaultError: 3})
	if _, err := ParseFault("kind=error,status=302,code=1"); err == nil {
		t.Error("a 3xx error fault was accepted")
	}
	if _, err := ParseFault("kind=error,status=500"); err == nil {
		t.Error("an error fault with neither code nor description was accepted")
	}
}

func TestThrottleWithTheWaitOnlyInTheMessage(t *testing.T) {
	_, srv := newFaultServer(t, Fault{Kind: FaultThrottle, RetryAfter: "message:57"})
	r := do(t, srv, http.MethodGet, skusPath(contoso), authed())
	if r.status != http.StatusTooManyRequests || r.header.Get("Retry-After") != "" {
		t.Errorf("HTTP %d, Retry-After %q, want 429 without the header", r.status, r.header.Get("Retry-After"))
	}
	if got := strings.TrimSpace(string(r.body)); got != `{"statusCode":429,"message":"Rate limit is exceeded. Try again in 57 seconds."}` {
		t.Errorf("body %s", got)
	}
}

// jwtWith signs claims with a throwaway key; the emulator reads the claims
// of a token it has accepted, without checking the signature again.
func jwtWith(t *testing.T, claims jwt.MapClaims) string {
	t.Helper()
	s, err := jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString([]byte("test-key"))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestTokensAreToldApartAsTheServiceDoes(t *testing.T) {
	cases := []struct {
		name   string
		claims jwt.MapClaims
		status int
		body   string
	}{
		{"App+User with MFA", jwt.MapClaims{"idtyp": "user", "scp": "user_impersonation", "amr": []string{"pwd", "mfa"}}, 200, `"totalCount":`},
		{"App+User without amr", jwt.MapClaims{"scp": "user_impersonation"}, 200, `"totalCount":`},
		{"App+User without MFA", jwt.MapClaims{"idtyp": "user", "scp": "user_impersonation", "amr": []string{"pwd"}}, 401, `"code":900421`},
		{"app-only by idtyp", jwt.MapClaims{"idtyp": "app", "roles": []string{"x"}}, 403, `"description":"This resource can't be accessed by application credentials."`},
		{"app-only without scp", jwt.MapClaims{"roles": []string{"x"}}, 403, "application credentials"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			token := jwtWith(t, tc.claims)
			em, err := New(Options{AccessToken: token})
			if err != nil {
				t.Fatal(err)
			}
			srv := httptest.NewServer(em)
			t.Cleanup(srv.Close)
			for _, path := range []string{skusPath(contoso), licensesPath(contoso, adeleID)} {
				r := do(t, srv, http.MethodGet, path, map[string]string{"Authorization": "Bearer " + token})
				if r.status != tc.status || !strings.Contains(string(r.body), tc.body) {
					t.Errorf("%s: HTTP %d %s, want %d with %s", path, r.status, r.body, tc.status, tc.body)
				}
			}
		})
	}
}
