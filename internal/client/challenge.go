package client

import (
	"regexp"
	"strings"
)

// A claims challenge is a 401 whose WWW-Authenticate is a Bearer challenge
// with error="insufficient_claims" (and the claims a new token must carry):
// Continuous Access Evaluation sends it when a sign-in event or policy, such
// as a password change, revoked sessions or a location policy, revoked the
// token's session while the token had not yet expired
// (docs/development/partner-center-api.md, "Sign-in facts from the field").
// The 401 stage does not fetch another token for it: the provider sends no
// claims request, so a new token from the same sign-in would be challenged
// again; the error says to sign in again instead.

// insufficientClaimsParam matches the error auth-param of a challenge,
// quoted or not (RFC 9110 section 11.2); \b keeps suberror and
// error_description out.
var insufficientClaimsParam = regexp.MustCompile(`(?i)\berror\s*=\s*"?insufficient_claims"?(?:[\s,]|$)`)

// insufficientClaims reports whether one of a 401's WWW-Authenticate
// values is a Bearer claims challenge.
func insufficientClaims(challenges []string) bool {
	for _, c := range challenges {
		scheme, params, _ := strings.Cut(strings.TrimSpace(c), " ")
		if strings.EqualFold(scheme, "Bearer") && insufficientClaimsParam.MatchString(params) {
			return true
		}
	}
	return false
}
