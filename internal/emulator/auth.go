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
	if subtle.ConstantTimeCompare([]byte(token), e.token) != 1 {
		w.Header().Set("WWW-Authenticate", `Bearer realm="PartnerCenterEmulator", error="invalid_token"`)
		writeError(w, http.StatusUnauthorized, CodeInvalidToken,
			"The bearer token is not valid for this emulator.")
		return false
	}
	return true
}

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
