package client

import (
	"context"
	"errors"
	"net/http"
	"sync/atomic"
	"testing"
)

func TestInsufficientClaims(t *testing.T) {
	cases := []struct {
		values []string
		want   bool
	}{
		{[]string{`Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", error="insufficient_claims", claims="eyJ9"`}, true},
		{[]string{`bearer error=insufficient_claims, claims="e30="`}, true},
		{[]string{`Basic realm="x"`, `Bearer error="insufficient_claims"`}, true},
		{[]string{`Bearer realm="PartnerCenterEmulator", error="invalid_token"`}, false},
		{[]string{`Bearer suberror="insufficient_claims"`}, false},
		{[]string{`Bearer error_description="insufficient_claims"`}, false},
		{[]string{`Bearer error="insufficient_claims_x"`}, false},
		{[]string{`Basic error="insufficient_claims"`}, false},
		{nil, false},
	}
	for _, tc := range cases {
		if got := insufficientClaims(tc.values); got != tc.want {
			t.Errorf("%q: %v, want %v", tc.values, got, tc.want)
		}
	}
}

// A claims challenge is reported at once: no new token, no second send,
// whatever the token source could offer.
func TestClaimsChallengeIsNotRetried(t *testing.T) {
	var sent atomic.Int64
	handler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sent.Add(1)
		w.Header().Set("WWW-Authenticate", `Bearer realm="", error="insufficient_claims", claims="e30="`)
		respond(401, "application/json", `{"code":"InvalidToken","description":"session revoked"}`)(w, r)
	})
	tokens := &rotatingTokens{}
	c := newTestClient(t, handler, func(cfg *Config) { cfg.Tokens = tokens })
	_, err := c.ListSubscribedSKUs(context.Background(), seedCustomerID, nil)
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 401 || !apiErr.ClaimsChallenge || apiErr.Credential != "the test credential" {
		t.Fatalf("err = %#v, want a 401 claims challenge naming the credential", err)
	}
	if n := sent.Load(); n != 1 {
		t.Errorf("%d requests, want 1", n)
	}
	if len(tokens.invalidated) != 0 {
		t.Errorf("invalidated %q: a claims challenge must not fetch another token", tokens.invalidated)
	}
}

// A plain 401 is no claims challenge.
func TestUnauthorizedWithoutChallengeIsNoClaimsChallenge(t *testing.T) {
	handler, _ := recordingServer("never")
	c := newTestClient(t, handler, func(cfg *Config) { cfg.Tokens = &rotatingTokens{} })
	_, err := c.ListSubscribedSKUs(context.Background(), seedCustomerID, nil)
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.ClaimsChallenge {
		t.Fatalf("err = %#v", err)
	}
}
