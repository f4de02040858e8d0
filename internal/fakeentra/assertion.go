package fakeentra

import (
	"bytes"
	"crypto/sha1" //nolint:gosec // x5t is defined as the certificate's SHA-1 thumbprint
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"strings"

	"github.com/golang-jwt/jwt/v5"
)

// verifyClientAssertion checks a client assertion (RFC 7523) against
// Options.ClientCertificate. It returns "" when the assertion is good, or a
// reason for the error reply; the reason never contains the assertion.
//
// Both RS256 and PS256 are accepted, as by Entra: MSAL (so azidentity) signs
// with PS256 and an x5t#S256 header for Entra authorities, and RS256 with
// x5t only for ADFS.
func (s *Server) verifyClientAssertion(assertion string) string {
	cert := s.opts.ClientCertificate
	claims := &jwt.RegisteredClaims{}
	var headerErr error
	_, err := jwt.ParseWithClaims(assertion, claims, func(t *jwt.Token) (any, error) {
		headerErr = checkCertificateHeaders(t.Header, cert.Raw)
		if headerErr != nil {
			return nil, headerErr
		}
		return cert.PublicKey, nil
	},
		jwt.WithValidMethods([]string{"RS256", "PS256"}),
		jwt.WithExpirationRequired(),
		jwt.WithIssuer(s.opts.ClientID),
		jwt.WithSubject(s.opts.ClientID),
		jwt.WithAudience(s.TokenURL()),
	)
	switch {
	case err == nil:
		return ""
	case headerErr != nil:
		return "The certificate with identifier used to sign the client assertion is not registered on application. [Reason - The key was not found.] (" + headerErr.Error() + ")"
	case errors.Is(err, jwt.ErrTokenMalformed):
		return "Client assertion is malformed: it is not a JWT."
	case errors.Is(err, jwt.ErrTokenSignatureInvalid), errors.Is(err, jwt.ErrTokenUnverifiable):
		return "Client assertion contains an invalid signature. [Reason - The key used does not match the registered certificate, or the algorithm is not RS256 or PS256.]"
	case errors.Is(err, jwt.ErrTokenExpired), errors.Is(err, jwt.ErrTokenNotValidYet),
		errors.Is(err, jwt.ErrTokenRequiredClaimMissing) && claims.ExpiresAt == nil:
		return "Client assertion is not within its valid time range (exp is required and must be in the future; nbf must not be)."
	case errors.Is(err, jwt.ErrTokenInvalidAudience):
		return "Client assertion audience claim does not match the token endpoint " + s.TokenURL() + "."
	case errors.Is(err, jwt.ErrTokenInvalidIssuer), errors.Is(err, jwt.ErrTokenInvalidSubject):
		return "Client assertion iss and sub claims must both be the client id " + s.opts.ClientID + "."
	default:
		return "Client assertion failed validation."
	}
}

// checkCertificateHeaders checks the x5t, x5t#S256 and x5c headers, when
// present, against the certificate's DER bytes.
func checkCertificateHeaders(header map[string]any, der []byte) error {
	sha1Sum := sha1.Sum(der) //nolint:gosec // see the import
	sha256Sum := sha256.Sum256(der)
	for name, want := range map[string][]byte{"x5t": sha1Sum[:], "x5t#S256": sha256Sum[:]} {
		v, ok := header[name]
		if !ok {
			continue
		}
		str, _ := v.(string)
		got, err := decodeBase64(str)
		if err != nil || !bytes.Equal(got, want) {
			return errors.New(name + " header does not match the registered certificate")
		}
	}
	if v, ok := header["x5c"]; ok {
		chain, _ := v.([]any)
		if len(chain) == 0 {
			return errors.New("x5c header is empty")
		}
		first, _ := chain[0].(string)
		got, err := base64.StdEncoding.DecodeString(first)
		if err != nil || !bytes.Equal(got, der) {
			return errors.New("x5c header's first certificate is not the registered certificate")
		}
	}
	return nil
}

// decodeBase64 accepts base64url (RFC 7515, what the spec says for x5t) and
// standard base64 (what MSAL sends), padded or not.
func decodeBase64(s string) ([]byte, error) {
	s = strings.TrimRight(s, "=")
	if strings.ContainsAny(s, "+/") {
		return base64.RawStdEncoding.DecodeString(s)
	}
	return base64.RawURLEncoding.DecodeString(s)
}
