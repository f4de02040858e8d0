package auth

import (
	"crypto"
	"crypto/rsa"
	"crypto/sha1" //nolint:gosec // G505: x5t is defined as the SHA-1 thumbprint; it identifies, it does not protect
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"fmt"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azidentity"
	"github.com/golang-jwt/jwt/v5"
	"github.com/google/uuid"
)

// assertionLifetime is how long a client assertion is valid; Entra ID
// accepts up to ten minutes.
const assertionLifetime = 5 * time.Minute

// assertionSigner makes the client assertion JWTs with which an app signs
// in with its certificate (RFC 7523), for the refresh_token grant, where
// azidentity has no credential to lend.
type assertionSigner struct {
	key      *rsa.PrivateKey
	cert     *x509.Certificate
	clientID string
	audience string
}

func newAssertionSigner(certificate []byte, password, clientID, tokenURL string) (*assertionSigner, error) {
	certs, key, err := parseCertificate(certificate, password)
	if err != nil {
		return nil, err
	}
	rsaKey, ok := key.(*rsa.PrivateKey)
	if !ok {
		return nil, fmt.Errorf("%w: the private key is %T; Entra ID client assertions need an RSA key", ErrInvalidCertificate, key)
	}
	return &assertionSigner{key: rsaKey, cert: certs[0], clientID: clientID, audience: tokenURL}, nil
}

// parseCertificate reads a PEM or PKCS#12 certificate with its private key,
// using azidentity's parser so both sign-in paths accept the same files.
func parseCertificate(data []byte, password string) ([]*x509.Certificate, crypto.PrivateKey, error) {
	var pw []byte
	if password != "" {
		pw = []byte(password)
	}
	certs, key, err := azidentity.ParseCertificates(data, pw)
	if err != nil {
		return nil, nil, fmt.Errorf("%w: %w", ErrInvalidCertificate, err)
	}
	if len(certs) == 0 || key == nil {
		return nil, nil, fmt.Errorf("%w: no certificate with a private key was found", ErrInvalidCertificate)
	}
	return certs, key, nil
}

func (a *assertionSigner) sign() (string, error) {
	now := time.Now()
	token := jwt.NewWithClaims(jwt.SigningMethodRS256, jwt.RegisteredClaims{
		Issuer:    a.clientID,
		Subject:   a.clientID,
		Audience:  jwt.ClaimStrings{a.audience},
		ID:        uuid.NewString(),
		IssuedAt:  jwt.NewNumericDate(now),
		NotBefore: jwt.NewNumericDate(now),
		ExpiresAt: jwt.NewNumericDate(now.Add(assertionLifetime)),
	})
	sha1Sum := sha1.Sum(a.cert.Raw) //nolint:gosec // G401: see the import
	sha256Sum := sha256.Sum256(a.cert.Raw)
	token.Header["x5t"] = base64.RawURLEncoding.EncodeToString(sha1Sum[:])
	token.Header["x5t#S256"] = base64.RawURLEncoding.EncodeToString(sha256Sum[:])
	signed, err := token.SignedString(a.key)
	if err != nil {
		return "", fmt.Errorf("signing the client assertion: %w", err)
	}
	return signed, nil
}
