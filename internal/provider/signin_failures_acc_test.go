package provider

import (
	"strconv"
	"testing"

	"github.com/partnercenter-terraform/terraform-provider-partnercenter/internal/fakeentra"
)

// Entra ID's refusals of the secure application model's refresh token,
// through a real terraform: each diagnostic gives its own cause and the
// setting to change (TestTokenErrorNextSteps holds that none gives
// another's), and the refused refresh token is sent to Entra once in the
// run, although the MFA check before the read and the read each ask for a
// token.
func TestAccSignInRefusedRefreshToken(t *testing.T) {
	cases := []struct {
		reason fakeentra.RefreshTokenRefusal
		want   []string
	}{
		{fakeentra.RefreshTokenExpired, []string{"could not get an access token", "invalid_grant", "AADSTS700082",
			"The refresh token has expired", "90 days after it was issued, however often it is used",
			"cannot write that one back", "consent again", "refresh_token (PARTNERCENTER_REFRESH_TOKEN)"}},
		{fakeentra.SignInFrequency, []string{"could not get an access token", "invalid_grant", "AADSTS70043",
			"Conditional Access policy with a sign-in frequency control", "consent again",
			"refresh_token (PARTNERCENTER_REFRESH_TOKEN)", "exclude your app (client_id)", "lengthen its sign-in frequency"}},
		{fakeentra.GrantRevoked, []string{"could not get an access token", "invalid_grant", "AADSTS50173",
			"changed or reset their password", "revoked", "current password", "consent again",
			"refresh_token (PARTNERCENTER_REFRESH_TOKEN)"}},
	}
	for _, tc := range cases {
		t.Run("AADSTS"+strconv.Itoa(int(tc.reason)), func(t *testing.T) {
			rig := startSignInRig(t, nil)
			rig.entra.RefuseRefreshTokens(tc.reason)
			t.Setenv(envFor["tenant_id"], accTenant)
			t.Setenv(envFor["client_id"], accClientID)
			t.Setenv(envFor["client_secret"], accClientSecret)
			t.Setenv(envFor["refresh_token"], accRefreshToken)
			rig.expectError(t, errorNaming(tc.want...))
			if n := rig.entra.TokenRequests(); n != 1 {
				t.Errorf("the refused refresh token was sent %d times in the run, want once", n)
			}
			if n := rig.em.RequestCount(); n != 0 {
				t.Errorf("Partner Center got %d requests without a token", n)
			}
		})
	}
}
