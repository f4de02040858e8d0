package fakeentra

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/google/uuid"
)

// Claims are the claims of the access tokens the fake issues, as Entra puts
// them in v1.0 access tokens for Partner Center.
type Claims struct {
	jwt.RegisteredClaims
	TenantID string   `json:"tid"`
	AppID    string   `json:"appid"`
	ObjectID string   `json:"oid,omitempty"`
	UPN      string   `json:"upn,omitempty"`
	IDType   string   `json:"idtyp"`
	Scope    string   `json:"scp,omitempty"`
	Roles    []string `json:"roles,omitempty"`
	Version  string   `json:"ver"`
}

// IsAppOnly reports whether the token was issued to an app with no
// signed-in user. The rule is Entra's: when the idtyp claim is present it
// decides ("app" is app-only, anything else, i.e. "user", is not); without
// idtyp (an optional claim in real tokens), a token with no delegated scope
// (scp) is app-only, since App+User tokens always carry scp. Neither oid nor
// upn decides: real app-only tokens carry the service principal's oid too.
func (c *Claims) IsAppOnly() bool {
	if c.IDType != "" {
		return strings.EqualFold(c.IDType, "app")
	}
	return c.Scope == ""
}

// IssueUserToken returns an App+User access token (idtyp "user", scp
// "user_impersonation", oid UserObjectID, upn) valid for lifetime; a
// negative lifetime gives an already expired token.
func (s *Server) IssueUserToken(lifetime time.Duration) string {
	return s.mustIssue(true, lifetime)
}

// IssueAppToken returns an app-only access token (idtyp "app", no scp or
// upn; oid and sub are ServicePrincipalObjectID) valid for lifetime; a
// negative lifetime gives an already expired token.
func (s *Server) IssueAppToken(lifetime time.Duration) string {
	return s.mustIssue(false, lifetime)
}

func (s *Server) mustIssue(user bool, lifetime time.Duration) string {
	token, err := s.issue(user, lifetime)
	if err != nil {
		// Signing with an in-memory RSA key does not fail.
		panic(fmt.Sprintf("fakeentra: signing an access token: %v", err))
	}
	return token
}

// issue signs an access token. The claims are a MapClaims rather than a
// Claims so that aud is a string, as in Entra's tokens (jwt/v5 marshals a
// one-element ClaimStrings as an array by default).
func (s *Server) issue(user bool, lifetime time.Duration) (string, error) {
	now := time.Now()
	exp := now.Add(lifetime)
	iat := now
	if !exp.After(iat) {
		// An expired token looks like one issued a lifetime before it expired.
		iat = exp.Add(-s.opts.AccessTokenLifetime)
	}
	claims := jwt.MapClaims{
		"aud":   PartnerCenterAudience,
		"iss":   s.Issuer(),
		"iat":   iat.Unix(),
		"nbf":   iat.Unix(),
		"exp":   exp.Unix(),
		"tid":   s.opts.TenantID,
		"appid": s.opts.ClientID,
		"ver":   "1.0",
		"uti":   uuid.NewString(),
	}
	if user {
		claims["idtyp"] = "user"
		claims["scp"] = "user_impersonation"
		claims["oid"] = UserObjectID
		claims["upn"] = s.opts.UserPrincipalName
		claims["sub"] = "fakeentra-user-" + UserObjectID
		claims["amr"] = []string{"pwd", "mfa"}
	} else {
		claims["idtyp"] = "app"
		claims["oid"] = ServicePrincipalObjectID
		claims["sub"] = ServicePrincipalObjectID
	}
	token := jwt.NewWithClaims(jwt.SigningMethodRS256, claims)
	token.Header["kid"] = s.kid
	return token.SignedString(s.key)
}

// Verify parses an access token and checks it as Partner Center would: an
// RS256 signature by this server's key (and its kid, when present), exp
// present and not passed (no leeway), nbf, aud == PartnerCenterAudience,
// iss == "https://sts.windows.net/{tenant}/" and tid == the tenant.
func (s *Server) Verify(token string) (*Claims, error) {
	claims := &Claims{}
	_, err := jwt.ParseWithClaims(token, claims, func(t *jwt.Token) (any, error) {
		if kid, ok := t.Header["kid"]; ok && kid != s.kid {
			return nil, fmt.Errorf("unknown signing key id %v", kid)
		}
		return &s.key.PublicKey, nil
	},
		jwt.WithValidMethods([]string{jwt.SigningMethodRS256.Alg()}),
		jwt.WithExpirationRequired(),
		jwt.WithIssuedAt(),
		jwt.WithAudience(PartnerCenterAudience),
		jwt.WithIssuer(s.Issuer()),
	)
	if err != nil {
		return nil, fmt.Errorf("fakeentra: invalid access token: %w", err)
	}
	if !strings.EqualFold(claims.TenantID, s.opts.TenantID) {
		return nil, errors.New("fakeentra: invalid access token: tid is not this tenant")
	}
	return claims, nil
}

// VerifyToken makes the server an emulator.TokenVerifier: the emulator then
// accepts the App+User tokens this fake issues and refuses its app-only
// ones, as Partner Center does for the reads it serves.
func (s *Server) VerifyToken(token string) (appOnly bool, err error) {
	claims, err := s.Verify(token)
	if err != nil {
		return false, err
	}
	return claims.IsAppOnly(), nil
}

// WriteCACertFile writes CACertPEM to a new file in dir and returns its
// path, for clients configured with a CA bundle file.
func (s *Server) WriteCACertFile(dir string) (string, error) {
	path := filepath.Join(dir, "fakeentra-ca.pem")
	return path, os.WriteFile(path, s.CACertPEM(), 0o600)
}
