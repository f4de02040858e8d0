package emulator

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestTokenVerifierAcceptsUserTokensAndRefusesAppOnly(t *testing.T) {
	em, err := New(Options{TokenVerifier: TokenVerifierFunc(func(token string) (bool, error) {
		switch token {
		case "user-jwt":
			return false, nil
		case "app-jwt":
			return true, nil
		}
		return false, errors.New("bad signature")
	})})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(em)
	t.Cleanup(srv.Close)
	const path = "/v1/customers/0c39d6d5-c70d-4c55-bc02-f620844f3fd1/subscribedskus"
	cases := []struct {
		token    string
		status   int
		bodyPart string
	}{
		{"user-jwt", http.StatusOK, `"totalCount":3`},
		{"app-jwt", http.StatusForbidden, `"This resource can't be accessed by application credentials."`},
		{"forged-jwt", http.StatusUnauthorized, `"InvalidToken"`},
	}
	for _, tc := range cases {
		resp := do(t, srv, http.MethodGet, path, map[string]string{"Authorization": "Bearer " + tc.token})
		if resp.status != tc.status || !strings.Contains(string(resp.body), tc.bodyPart) {
			t.Errorf("token %s: HTTP %d %s, want %d with %s", tc.token, resp.status, resp.body, tc.status, tc.bodyPart)
		}
		if tc.status == http.StatusOK && resp.header.Get("WWW-Authenticate") != "" {
			t.Errorf("token %s: a successful answer carries WWW-Authenticate", tc.token)
		}
	}
	if _, err := New(Options{}); err == nil {
		t.Error("New accepted options with neither a token nor a verifier")
	}
}

func TestNoRelationshipAnswers20002(t *testing.T) {
	const customer = "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee"
	em, err := New(Options{AccessToken: "t", Fixture: &Fixture{Customers: []Customer{{ID: customer, NoRelationship: true}}}})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(em)
	t.Cleanup(srv.Close)
	resp := do(t, srv, http.MethodGet, "/v1/customers/"+customer+"/subscribedskus", map[string]string{"Authorization": "Bearer t"})
	if resp.status != http.StatusForbidden || !strings.Contains(string(resp.body), `"code":20002`) {
		t.Errorf("HTTP %d %s, want 403 with code 20002", resp.status, resp.body)
	}
}
