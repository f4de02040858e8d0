package provider

import (
	"github.com/partnercenter-terraform/terraform-provider-partnercenter/internal/auth"
)

// Entra ID's AADSTS codes that have their own next step, from
// docs/development/partner-center-api.md, "Sign-in facts from the field".
// They are numbers from the token endpoint's error_codes: Entra's text
// around them is not read.
const (
	// aadstsRefreshTokenExpired: the refresh token is past its 90 days.
	aadstsRefreshTokenExpired = 700082
	// aadstsSignInFrequency: a Conditional Access sign-in frequency
	// policy wants the user to sign in again.
	aadstsSignInFrequency = 70043
	// aadstsGrantRevoked: the user changed or reset their password, or an
	// admin revoked their sessions.
	aadstsGrantRevoked = 50173
	// aadstsInvalidScope: the scope was refused.
	aadstsInvalidScope = 70011
)

// newConsent is how a refresh token is replaced, as the docs' secure
// application model section tells it.
const newConsent = "Run the secure application model's consent again (a partner user signs in to your app, client_id, " +
	"in tenant_id, with MFA) and store the new refresh token in refresh_token (PARTNERCENTER_REFRESH_TOKEN)."

// tokenNextStep says what to do when Entra ID refused a token request: by
// its AADSTS code, then its OAuth error, and the sign-in method in use.
func tokenNextStep(e *auth.TokenError) string {
	switch {
	case e.HasCode(aadstsRefreshTokenExpired):
		return refreshTokenExpiredStep(e.Method)
	case e.HasCode(aadstsSignInFrequency):
		return signInFrequencyStep(e.Method)
	case e.HasCode(aadstsGrantRevoked):
		return grantRevokedStep(e.Method)
	case e.OAuthError == "invalid_grant" && e.Method == auth.MethodRefreshToken:
		return "The refresh token was refused: it has expired, was revoked, or belongs to another app or tenant. " +
			"Get a new one: " + newConsent
	case e.OAuthError == "invalid_client":
		return "The app's credentials were refused: check client_id, and that client_secret has not expired " +
			"or client_certificate is the one registered on the app."
	case e.OAuthError == "invalid_scope" || e.HasCode(aadstsInvalidScope):
		return "The Partner Center scope was refused: check the environment argument and that the app has the " +
			"Partner Center API permission with admin consent."
	case e.Method == auth.MethodAzureCLI:
		return "Run 'az login' as a partner user (with --tenant when needed) and try again."
	default:
		return "Check the sign-in settings and try again."
	}
}

// refreshTokenExpiredStep is the next step of AADSTS700082.
func refreshTokenExpiredStep(method auth.Method) string {
	if method == auth.MethodAzureCLI {
		return "The Azure CLI's sign-in has expired: its refresh token is past its 90 days. Run 'az login' again as a " +
			"partner user, with MFA (and --tenant when needed)."
	}
	return "The refresh token has expired. A refresh token expires 90 days after it was issued, however often it is " +
		"used: Entra ID answers each redemption with a new refresh token, but the provider cannot write that one back " +
		"to where refresh_token is stored, so the stored one keeps the 90 days of the consent that issued it. " +
		newConsent + " Do it again before the new one's 90 days are up."
}

// signInFrequencyStep is the next step of AADSTS70043.
func signInFrequencyStep(method auth.Method) string {
	const why = "A Conditional Access policy with a sign-in frequency control requires the signed-in user to sign in " +
		"again, and that period has passed since their sign-in, so the refresh token is refused. "
	if method == auth.MethodAzureCLI {
		return why + "Run 'az login' again as a partner user, with MFA; a pipeline that signs in this way will meet the " +
			"policy again when the period next ends."
	}
	return why + newConsent + " That token too lasts only until the period next ends: for a pipeline, have an " +
		"administrator of the partner tenant exclude your app (client_id) or the pipeline's partner user from that " +
		"policy, or lengthen its sign-in frequency."
}

// grantRevokedStep is the next step of AADSTS50173.
func grantRevokedStep(method auth.Method) string {
	const why = "Entra ID revoked the sign-in behind the refresh token: the partner user changed or reset their " +
		"password, or an administrator revoked their sessions, and every refresh token issued before then was " +
		"revoked with it. "
	if method == auth.MethodAzureCLI {
		return why + "Run 'az login' again as that user, with the current password and MFA."
	}
	return why + "Sign in again as that user with the current password: " + newConsent
}

// claimsChallengeStep is the next step of a 401 with a claims challenge
// (WWW-Authenticate error="insufficient_claims"), for the sign-in method in
// use. The client sent the request once and did not fetch another token:
// one from the same sign-in would be challenged again.
func claimsChallengeStep(method auth.Method) string {
	const why = "Partner Center answered with a claims challenge (WWW-Authenticate error=\"insufficient_claims\") from " +
		"Continuous Access Evaluation: the token's session was revoked by a sign-in event or policy, such as a " +
		"password change or reset, an administrator revoking the user's sessions, a disabled account, or a Conditional " +
		"Access location policy, although the token had not expired. The provider did not retry with another token " +
		"from the same sign-in. "
	const policy = " If the new token is challenged too, a Conditional Access policy (a location or IP policy, say) refuses " +
		"the place the plan runs from: have an administrator of the partner tenant adjust it, or exclude your app " +
		"(client_id) from it."
	switch method {
	case auth.MethodRefreshToken:
		return why + "The refresh token was revoked with the session when a sign-in event caused it: get a new token by " +
			"signing in again. " + newConsent + policy
	case auth.MethodAzureCLI:
		return why + "Get a new token by signing in again: 'az logout', then 'az login' as a partner user with MFA " +
			"(with --tenant when needed), and run the plan again."
	case auth.MethodAccessToken:
		return why + "The token in access_token (PARTNERCENTER_ACCESS_TOKEN) cannot be used again: obtain a fresh " +
			"App+User token from a new sign-in and set it, or let the provider sign in with the secure application model."
	case auth.MethodClientCredentials:
		return why + "Run the plan again to get a new app-only token. If it is challenged too, check that the app's " +
			"service principal (client_id) is enabled and that no Conditional Access policy for workload identities " +
			"(a location policy, say) blocks where the plan runs; a new client_secret or client_certificate is needed " +
			"if its credentials were revoked."
	default:
		return why + "Sign in again to get a new token."
	}
}
