package emulator

import (
	"crypto/subtle"
	"net/http"
	"strings"
)

// authorize reports whether r carries the configured bearer token and, if
// not, writes the 401. Missing and wrong tokens get different descriptions so
// a test failure says which mistake the client made; neither echoes the token.
func (e *Emulator) authorize(w http.ResponseWriter, r *http.Request) bool {
	token, ok := bearerToken(r.Header.Get("Authorization"))
	if !ok {
		w.Header().Set("WWW-Authenticate", `Bearer realm="PartnerCenterEmulator"`)
		writeError(w, http.StatusUnauthorized, CodeInvalidToken,
			"Authorization header with a bearer token is required.")
		return false
	}
	// Constant-time comparison: the emulator may listen on a shared CI host,
	// so do not hand out the token byte by byte through response timing.
	if len(e.token) > 0 && subtle.ConstantTimeCompare([]byte(token), e.token) == 1 {
		return true
	}
	w.Header().Set("WWW-Authenticate", `Bearer realm="PartnerCenterEmulator", error="invalid_token"`)
	if e.verifier != nil {
		appOnly, err := e.verifier.VerifyToken(token)
		switch {
		case err == nil && !appOnly:
			w.Header().Del("WWW-Authenticate")
			return true
		case err == nil:
			writeError(w, http.StatusUnauthorized, CodeAppOnlyToken,
				"This operation requires App+User credentials; app-only (application) tokens are not supported.")
			return false
		}
	}
	writeError(w, http.StatusUnauthorized, CodeInvalidToken, "The bearer token is not valid for this emulator.")
	return false
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
