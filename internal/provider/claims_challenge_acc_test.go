package provider

import (
	"strconv"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/partnercenter-terraform/terraform-provider-partnercenter/internal/acctest"
	"github.com/partnercenter-terraform/terraform-provider-partnercenter/internal/emulator"
)

// A Continuous Access Evaluation claims challenge, through a real
// terraform, for each sign-in method: the diagnostic names the challenge,
// says the session was revoked by a sign-in event or policy, and gives that
// method's way to a new token; the request is sent once and no second
// token is fetched for it.
func TestAccClaimsChallenge(t *testing.T) {
	const cause = "claims challenge (WWW-Authenticate error=\"insufficient_claims\") from Continuous Access Evaluation"
	const revoked = "the token's session was revoked by a sign-in event or policy"
	cases := []struct {
		name string
		// signIn sets the method's environment; rig is started.
		signIn func(t *testing.T, rig *signInRig)
		config string
		want   []string
		// tokenRequests is how many token requests reach the fake Entra ID.
		tokenRequests int64
	}{
		{"refresh token", func(t *testing.T, _ *signInRig) {
			t.Setenv(envFor["tenant_id"], accTenant)
			t.Setenv(envFor["client_id"], accClientID)
			t.Setenv(envFor["client_secret"], accClientSecret)
			t.Setenv(envFor["refresh_token"], accRefreshToken)
		}, skusBlock(seedCustomer, nil), []string{"consent again", "refresh_token (PARTNERCENTER_REFRESH_TOKEN)",
			"exclude your app (client_id)", "The refused credential: the refresh token"}, 1},
		{"access token", func(t *testing.T, rig *signInRig) {
			t.Setenv(envFor["access_token"], rig.entra.IssueUserToken(time.Hour))
		}, skusBlock(seedCustomer, nil), []string{"access_token (PARTNERCENTER_ACCESS_TOKEN) cannot be used again",
			"obtain a fresh App+User token"}, 0},
		{"Azure CLI", func(t *testing.T, rig *signInRig) {
			fakeAzureCLI(t, rig.entra.IssueUserToken(time.Hour))
			t.Setenv(envFor["use_cli"], strconv.FormatBool(true))
		}, skusBlock(seedCustomer, nil), []string{"'az logout', then 'az login'"}, 0},
		{"client credentials", func(t *testing.T, _ *signInRig) {
			t.Setenv(envFor["tenant_id"], accTenant)
			t.Setenv(envFor["client_id"], accClientID)
			t.Setenv(envFor["client_secret"], accClientSecret)
		}, acctest.Data(customersType, "test", nil), []string{"new app-only token", "service principal (client_id) is enabled",
			"Conditional Access policy for workload identities"}, 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rig := startSignInRig(t, nil)
			if err := rig.em.SetFaults([]emulator.Fault{{Kind: emulator.FaultClaimsChallenge}}); err != nil {
				t.Fatal(err)
			}
			tc.signIn(t, rig)
			testStepsAlone(t, resource.TestStep{Config: tc.config,
				ExpectError: errorNaming(append([]string{"HTTP 401", cause, revoked, "did not retry"}, tc.want...)...)})
			if n := rig.em.RequestCount(); n != 1 {
				t.Errorf("Partner Center got %d requests, want 1: a claims challenge is not retried", n)
			}
			if n := rig.entra.TokenRequests(); n != tc.tokenRequests {
				t.Errorf("%d token requests, want %d: a claims challenge fetches no new token", n, tc.tokenRequests)
			}
		})
	}
}
