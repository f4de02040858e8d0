package provider

import (
	"strings"
	"testing"

	"github.com/partnercenter-terraform/terraform-provider-partnercenter/internal/auth"
	"github.com/partnercenter-terraform/terraform-provider-partnercenter/internal/client"
)

// The next steps of Entra ID's refusals, which name the provider's
// arguments, for the cases internal/auth classifies (see
// TestEntraErrorsAreExplainedWithoutSecrets there): each says the cause and
// what to change for the sign-in method in use, and none gives another
// code's cause.
func TestTokenErrorNextSteps(t *testing.T) {
	refresh, cli := auth.MethodRefreshToken, auth.MethodAzureCLI
	cases := []struct {
		err     auth.TokenError
		want    []string
		notWant []string
	}{
		{auth.TokenError{Method: refresh, OAuthError: "invalid_grant", Codes: []int{700082}},
			[]string{"expired", "90 days after it was issued, however often", "cannot write", "consent again", "refresh_token (PARTNERCENTER_REFRESH_TOKEN)"},
			[]string{"password", "Conditional Access", "az login"}},
		{auth.TokenError{Method: cli, Codes: []int{700082}}, []string{"90 days", "az login"}, []string{"refresh_token"}},
		{auth.TokenError{Method: refresh, OAuthError: "invalid_grant", Codes: []int{70043}},
			[]string{"Conditional Access", "sign-in frequency", "consent again", "refresh_token", "exclude your app (client_id)"},
			[]string{"password", "90 days"}},
		{auth.TokenError{Method: cli, Codes: []int{70043}}, []string{"sign-in frequency", "az login"}, []string{"client_id"}},
		{auth.TokenError{Method: refresh, OAuthError: "invalid_grant", Codes: []int{50173}},
			[]string{"changed or reset their password", "revoked", "current password", "refresh_token (PARTNERCENTER_REFRESH_TOKEN)"},
			[]string{"90 days", "Conditional Access"}},
		{auth.TokenError{Method: cli, Codes: []int{50173}}, []string{"password", "az login"}, []string{"refresh_token"}},
		// The code decides, not the text: a description naming another
		// code changes nothing.
		{auth.TokenError{Method: refresh, OAuthError: "invalid_grant", Codes: []int{50173}, AADSTS: "AADSTS50173",
			Description: "AADSTS700082: The refresh token has expired due to inactivity."},
			[]string{"password"}, []string{"90 days"}},
		{auth.TokenError{Method: refresh, OAuthError: "invalid_grant", Codes: []int{70000}}, []string{"refresh_token"}, nil},
		{auth.TokenError{Method: refresh, OAuthError: "invalid_client", Codes: []int{7000215}}, []string{"client_secret"}, nil},
		{auth.TokenError{Method: cli}, []string{"az login"}, nil},
		{auth.TokenError{Method: auth.MethodClientCredentials, OAuthError: "invalid_scope"}, []string{"environment argument"}, nil},
	}
	for _, tc := range cases {
		got := tokenNextStep(&tc.err)
		for _, want := range tc.want {
			if !strings.Contains(got, want) {
				t.Errorf("%s %v: next step %q does not say %q", tc.err.Method, tc.err.Codes, got, want)
			}
		}
		for _, notWant := range tc.notWant {
			if strings.Contains(got, notWant) {
				t.Errorf("%s %v: next step %q says %q", tc.err.Method, tc.err.Codes, got, notWant)
			}
		}
	}
}

// A 401 with a claims challenge gets its own next step for each sign-in
// method, not the generic 401's "also after a refresh".
func TestClaimsChallengeNextSteps(t *testing.T) {
	const revoked = "session was revoked by a sign-in event or policy"
	cases := map[auth.Method][]string{
		auth.MethodRefreshToken:      {revoked, "consent again", "refresh_token (PARTNERCENTER_REFRESH_TOKEN)"},
		auth.MethodAccessToken:       {revoked, "fresh App+User token", "access_token (PARTNERCENTER_ACCESS_TOKEN)"},
		auth.MethodAzureCLI:          {revoked, "'az login'"},
		auth.MethodClientCredentials: {revoked, "new app-only token", "service principal"},
	}
	for method, want := range cases {
		e := &client.APIError{StatusCode: 401, Code: "InvalidToken", ClaimsChallenge: true}
		got := nextStep(e, readHints{}, callerFacts{signIn: method, appOnly: method == auth.MethodClientCredentials})
		for _, w := range want {
			if !strings.Contains(got, w) {
				t.Errorf("%s: %q does not say %q", method, got, w)
			}
		}
		if strings.Contains(got, "also after a refresh") {
			t.Errorf("%s: %q is the generic 401's step", method, got)
		}
	}
	plain := nextStep(&client.APIError{StatusCode: 401}, readHints{}, callerFacts{signIn: auth.MethodRefreshToken})
	if strings.Contains(plain, "claims challenge") {
		t.Errorf("a 401 without a challenge: %q", plain)
	}
}
