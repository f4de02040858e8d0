package emulator

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"net/http"
	"slices"
	"strings"

	"github.com/golang-jwt/jwt/v5"
)

// caller is what the emulator knows of an accepted token: whether it is
// app-only and whether its sign-in used MFA. Partner Center tells these
// apart per route: some calls take app-only tokens, the licence reads do not,
// and since 2026 an App+User token without MFA is refused.
type caller struct {
	appOnly bool
	noMFA   bool
	// partner is who the rate limits count the call against (partnerKey).
	partner [sha256.Size]byte
}

type callerKey struct{}

// authorize reports whether r carries an accepted bearer token and, if not,
// writes the 401. Missing and wrong tokens get different descriptions so a
// test failure says which mistake the client made; neither echoes the token.
// An accepted token's caller travels in the returned request's context.
func (e *Emulator) authorize(w http.ResponseWriter, r *http.Request) (*http.Request, bool) {
	token, ok := bearerToken(r.Header.Get("Authorization"))
	if !ok {
		w.Header().Set("WWW-Authenticate", `Bearer realm="PartnerCenterEmulator"`)
		writeError(w, http.StatusUnauthorized, CodeInvalidToken, localize(w, bearerRequired))
		return r, false
	}
	// Constant-time comparison: the emulator may listen on a shared CI host,
	// so do not hand out the token byte by byte through response timing.
	if len(e.token) > 0 && subtle.ConstantTimeCompare([]byte(token), e.token) == 1 {
		return withCaller(r, callerOf(token, false)), true
	}
	if e.verifier != nil {
		if appOnly, err := e.verifier.VerifyToken(token); err == nil {
			return withCaller(r, callerOf(token, appOnly)), true
		}
	}
	w.Header().Set("WWW-Authenticate", `Bearer realm="PartnerCenterEmulator", error="invalid_token"`)
	writeError(w, http.StatusUnauthorized, CodeInvalidToken, localize(w, bearerInvalid))
	return r, false
}

func withCaller(r *http.Request, c caller) *http.Request {
	return r.WithContext(context.WithValue(r.Context(), callerKey{}, c))
}

// callerOf reads an accepted token's claims, once per request, without
// checking a signature (the token was accepted already). An opaque token,
// such as the usual emulator token, counts as App+User with MFA and is its
// own partner. A JWT is app-only when its idtyp is "app", or, without
// idtyp, when it has no delegated scope (scp), which is Entra's rule;
// verifiedAppOnly, a verifier's verdict, also makes it so. It lacks MFA when
// its amr claim lists sign-in methods and "mfa" is not among them; a token
// without amr is given the benefit of the doubt. Its partner is its tenant
// (tid) when it names one.
func callerOf(token string, verifiedAppOnly bool) caller {
	c := caller{appOnly: verifiedAppOnly, partner: partnerKey(token, "")}
	var claims struct {
		jwt.RegisteredClaims
		IDType   string   `json:"idtyp"`
		Scope    string   `json:"scp"`
		AMR      []string `json:"amr"`
		TenantID string   `json:"tid"`
	}
	if strings.Count(token, ".") != 2 {
		return c
	}
	if _, _, err := jwt.NewParser().ParseUnverified(token, &claims); err != nil {
		return c
	}
	if claims.IDType != "" {
		c.appOnly = c.appOnly || strings.EqualFold(claims.IDType, "app")
	} else {
		c.appOnly = c.appOnly || claims.Scope == ""
	}
	c.noMFA = !c.appOnly && len(claims.AMR) > 0 && !slices.Contains(claims.AMR, "mfa")
	c.partner = partnerKey(token, claims.TenantID)
	return c
}

// callerFrom is the caller authorize found for r.
func callerFrom(r *http.Request) caller {
	c, _ := r.Context().Value(callerKey{}).(caller)
	return c
}

// guardAppUserCall guards a route that, like the licence reads, needs an App+User
// token: an app-only token gets the service's 403, and one whose sign-in
// skipped MFA its 401 with code 900421.
func (e *Emulator) guardAppUserCall(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		c := callerFrom(r)
		switch {
		case c.appOnly:
			writeJSON(w, http.StatusForbidden, errorBody{Description: localize(w, appCredentialsRefused), Data: []any{}, Source: errorSource})
		case c.noMFA:
			writeError(w, http.StatusUnauthorized, CodeMFARequired, localize(w, mfaMissing))
		default:
			next(w, r)
		}
	}
}

// guardPartnerCall guards a route that, like the customers list, takes app-only
// tokens as well as App+User ones; an App+User token whose sign-in skipped
// MFA still gets 401 with code 900421.
func (e *Emulator) guardPartnerCall(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if callerFrom(r).noMFA {
			writeError(w, http.StatusUnauthorized, CodeMFARequired, localize(w, mfaMissing))
			return
		}
		next(w, r)
	}
}

// TokenVerifier checks a bearer token the emulator does not hold itself and
// says whether it is app-only.
type TokenVerifier interface {
	VerifyToken(token string) (appOnly bool, err error)
}

// TokenVerifierFunc adapts a function to TokenVerifier.
type TokenVerifierFunc func(token string) (appOnly bool, err error)

// VerifyToken calls f.
func (f TokenVerifierFunc) VerifyToken(token string) (bool, error) { return f(token) }

// bearerToken extracts the credentials of an "Authorization: Bearer <token>"
// header. The scheme is case-insensitive (RFC 9110 section 11.1).
func bearerToken(header string) (string, bool) {
	scheme, token, ok := strings.Cut(header, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return "", false
	}
	token = strings.TrimLeft(token, " ")
	if token == "" {
		return "", false
	}
	return token, true
}
