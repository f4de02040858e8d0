package auth

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// tokenClaims are the access-token claims the provider looks at. They are
// read without verifying the signature: Partner Center verifies it; the
// provider only wants to fail early and clearly on a token the service
// would refuse.
type tokenClaims struct {
	jwt.RegisteredClaims
	IDType string   `json:"idtyp"`
	Scope  string   `json:"scp"`
	Roles  []string `json:"roles"`
	UPN    string   `json:"upn"`
	AppID  string   `json:"appid"`
	// AMR lists how the user signed in ("pwd", "mfa", ...).
	AMR []string `json:"amr"`
}

// peekClaims decodes a JWT's claims. ok is false for a token that is not a
// JWT (an opaque token, such as the emulator's), which is then sent as is.
func peekClaims(token string) (claims *tokenClaims, ok bool) {
	if strings.Count(token, ".") != 2 {
		return nil, false
	}
	claims = &tokenClaims{}
	if _, _, err := jwt.NewParser().ParseUnverified(token, claims); err != nil {
		return nil, false
	}
	return claims, true
}

// appOnly reports whether the token was issued to an application with no
// signed-in user. Entra marks app-only tokens with idtyp=app when the
// optional claim is on; without it, a token with no delegated scope (scp)
// is app-only, since App+User tokens always carry scp.
func (c *tokenClaims) appOnly() bool {
	if c.IDType != "" {
		return strings.EqualFold(c.IDType, "app")
	}
	return c.Scope == ""
}

// ErrAppOnlyToken is returned for a token with no signed-in user on a call
// that accepts App+User tokens only.
var ErrAppOnlyToken = errors.New("the token is app-only (no signed-in user), but this Partner Center call accepts " +
	"App+User tokens only")

// ExpiredTokenError is returned for a token whose exp claim has passed.
type ExpiredTokenError struct{ Expiry time.Time }

func (e *ExpiredTokenError) Error() string {
	return fmt.Sprintf("the access token expired at %s", e.Expiry.UTC().Format(time.RFC3339))
}

// checkExpiry refuses a JWT that Partner Center would refuse whatever the
// call: one whose exp has passed.
func checkExpiry(token string, now time.Time) error {
	claims, ok := peekClaims(token)
	if ok && claims.ExpiresAt != nil && !claims.ExpiresAt.After(now) {
		return &ExpiredTokenError{Expiry: claims.ExpiresAt.Time}
	}
	return nil
}

// checkAppUser refuses an app-only JWT, for a call that accepts App+User
// tokens only. An opaque token cannot tell, and is sent.
func checkAppUser(token string) error {
	if claims, ok := peekClaims(token); ok && claims.appOnly() {
		return ErrAppOnlyToken
	}
	return nil
}

// expiryOf is the token's exp claim, or zero when it has none.
func expiryOf(token string) time.Time {
	if claims, ok := peekClaims(token); ok && claims.ExpiresAt != nil {
		return claims.ExpiresAt.Time
	}
	return time.Time{}
}

// LacksMFA reports whether token is an App+User JWT whose amr claim lists
// how the user signed in without "mfa". Partner Center refuses such tokens
// (401, code 900421) since 2026. A token that is not a JWT, or has no amr
// claim, cannot tell, so it is not reported.
func LacksMFA(token string) bool {
	claims, ok := peekClaims(token)
	if !ok || claims.appOnly() || len(claims.AMR) == 0 {
		return false
	}
	for _, method := range claims.AMR {
		if strings.EqualFold(method, "mfa") {
			return false
		}
	}
	return true
}
