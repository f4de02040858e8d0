// Package fakeentra is a fake Microsoft Entra ID (v2.0 endpoints) for tests.
//
// Start serves, over TLS on loopback (net/http/httptest), just enough of
// login.microsoftonline.com for the real clients to run unchanged against it:
// golang.org/x/oauth2 (refresh_token and client_credentials grants) and
// azidentity/MSAL (ClientSecretCredential, ClientCertificateCredential) with
// DisableInstanceDiscovery and Cloud.ActiveDirectoryAuthorityHost set to
// URL()+"/". It issues JWT access tokens for Partner Center shaped like Entra
// v1 access tokens, signed RS256 with its own key, which Verify checks.
//
// Endpoints:
//
//	GET  /{tenant}/v2.0/.well-known/openid-configuration  OpenID discovery (what MSAL reads)
//	GET  /{tenant}/discovery/v2.0/keys                   JWKS with the signing key (also /common/...)
//	GET  /common/discovery/instance                      AAD instance discovery
//	POST /{tenant}/oauth2/v2.0/token                     refresh_token and client_credentials grants
//
// Anything else is 404. Errors are Entra-shaped OAuth error JSON
// ("AADSTS<code>: ..." descriptions, error_codes, trace and correlation ids).
// Secrets, refresh tokens and client assertions are never echoed in a reply.
//
// It is a normal package (not _test) so several packages' tests can share it;
// it must never be used outside tests.
package fakeentra

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha1" //nolint:gosec // the kid is a key identifier, not a protection
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/google/uuid"
)

// PartnerCenterAudience is the aud of the access tokens the fake issues and
// the resource whose scopes it grants.
const PartnerCenterAudience = "https://api.partnercenter.microsoft.com"

const (
	// ScopeDefault is the scope for client_credentials (and accepted for
	// refresh_token).
	ScopeDefault = PartnerCenterAudience + "/.default"
	// ScopeUserImpersonation is the delegated scope of App+User tokens.
	ScopeUserImpersonation = PartnerCenterAudience + "/user_impersonation"

	// UserObjectID is the oid claim of App+User tokens (the signed-in user).
	UserObjectID = "6f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"
	// ServicePrincipalObjectID is the oid (and sub) claim of app-only
	// tokens: the app's service principal, as in real Entra app tokens.
	ServicePrincipalObjectID = "2a9e8d7c-6b5a-4f3e-9d2c-1b0a9f8e7d6c"

	// DefaultUserPrincipalName is Options.UserPrincipalName's default.
	DefaultUserPrincipalName = "admin@partner.onmicrosoft.com"
	// DefaultAccessTokenLifetime is Options.AccessTokenLifetime's default.
	DefaultAccessTokenLifetime = time.Hour

	clientAssertionType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
)

// Options configures a fake tenant with one app and one user.
type Options struct {
	// TenantID is the directory (tenant) id, a GUID. Required.
	TenantID string
	// ClientID is the app's client (application) id. Required.
	ClientID string
	// ClientSecret is accepted as client_secret (in the body or with HTTP
	// Basic auth). "" disables secret authentication.
	ClientSecret string
	// ClientCertificate, when set, makes the fake accept client_assertion
	// JWTs signed (RS256 or PS256) by this certificate's RSA key, with
	// aud == TokenURL(), iss == sub == ClientID, exp in the future, and
	// x5t / x5t#S256 / x5c headers, when present, matching the certificate.
	ClientCertificate *x509.Certificate
	// RefreshToken is the user's initially valid refresh token. When "",
	// a random one is made; CurrentRefreshToken returns it.
	RefreshToken string
	// RotateRefreshTokens makes every refresh_token redemption return a new
	// refresh token. The one redeemed stays valid, as Entra ID documents
	// (docs/development/partner-center-api.md, "Authentication"): a client
	// that cannot store the new one goes on with the old.
	RotateRefreshTokens bool
	// AccessTokenLifetime is the lifetime of issued access tokens
	// (expires_in). Default DefaultAccessTokenLifetime.
	AccessTokenLifetime time.Duration
	// UserPrincipalName is the upn of App+User tokens. Default
	// DefaultUserPrincipalName.
	UserPrincipalName string
}

// Request is the record of one HTTP request the fake served. It never holds
// a secret, refresh token or assertion.
type Request struct {
	Method string
	Path   string
	// Grant is the grant_type of a token request ("" otherwise).
	Grant string
	// ClientAuth is how a token request authenticated the client, whether
	// or not it succeeded: "client_secret_post", "client_secret_basic",
	// "private_key_jwt", or "" when the request did not get that far.
	ClientAuth string
	// RefreshToken says which refresh token a refresh_token grant sent, by
	// the order the fake issued them: 1 is Options.RefreshToken, 2 the
	// first one rotated in or made by NewRefreshToken, and so on; 0 is
	// one the fake never issued.
	RefreshToken int
	// AssertionAlg is the alg header of a private_key_jwt client assertion
	// (MSAL sends PS256).
	AssertionAlg string
	// Status is the HTTP status of the reply.
	Status int
	// Error and ErrorCode are the OAuth error and AADSTS code of an error
	// reply ("" and 0 on success).
	Error     string
	ErrorCode int
}

// Server is a running fake Entra ID. Its methods are safe for concurrent use.
type Server struct {
	opts      Options
	ts        *httptest.Server
	key       *rsa.PrivateKey
	kid       string
	closeOnce sync.Once

	tokenRequests     atomic.Int64
	discoveryRequests atomic.Int64

	mu            sync.Mutex
	byGrant       map[string]int64
	requests      []Request
	currentRT     string                         // the newest refresh token; "" after RefuseRefreshTokens
	validRTs      map[string]bool                // every refresh token issued and not refused
	serials       map[string]int                 // every refresh token issued, by issue order from 1
	refusedRTs    map[string]RefreshTokenRefusal // refused by RefuseRefreshTokens, and why
	failRemaining int
	failure       injectedFailure
}

type injectedFailure struct {
	status      int
	oauthError  string
	code        int
	description string
}

// Start validates opts and starts a fake Entra ID on https://127.0.0.1:PORT.
// Close it when done (t.Cleanup(s.Close)).
func Start(opts Options) (*Server, error) {
	if opts.TenantID == "" {
		return nil, errors.New("fakeentra: Options.TenantID is required")
	}
	if err := uuid.Validate(opts.TenantID); err != nil || len(opts.TenantID) != 36 {
		return nil, fmt.Errorf("fakeentra: Options.TenantID %q is not a GUID", opts.TenantID)
	}
	if strings.TrimSpace(opts.ClientID) == "" {
		return nil, errors.New("fakeentra: Options.ClientID is required")
	}
	if opts.ClientSecret == "" && opts.ClientCertificate == nil {
		return nil, errors.New("fakeentra: set Options.ClientSecret or Options.ClientCertificate (or both); with neither no token request can succeed")
	}
	if opts.ClientCertificate != nil {
		if _, ok := opts.ClientCertificate.PublicKey.(*rsa.PublicKey); !ok {
			return nil, fmt.Errorf("fakeentra: Options.ClientCertificate has a %T key; client assertions need RSA", opts.ClientCertificate.PublicKey)
		}
	}
	if opts.AccessTokenLifetime < 0 {
		return nil, errors.New("fakeentra: Options.AccessTokenLifetime must not be negative")
	}
	if opts.AccessTokenLifetime == 0 {
		opts.AccessTokenLifetime = DefaultAccessTokenLifetime
	}
	if opts.UserPrincipalName == "" {
		opts.UserPrincipalName = DefaultUserPrincipalName
	}
	opts.TenantID = strings.ToLower(opts.TenantID)

	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return nil, fmt.Errorf("fakeentra: generating the signing key: %w", err)
	}
	spki, err := x509.MarshalPKIXPublicKey(&key.PublicKey)
	if err != nil {
		return nil, fmt.Errorf("fakeentra: encoding the signing key: %w", err)
	}
	sum := sha1.Sum(spki) //nolint:gosec // identifier only
	s := &Server{
		opts:       opts,
		key:        key,
		kid:        base64.RawURLEncoding.EncodeToString(sum[:]),
		byGrant:    map[string]int64{},
		validRTs:   map[string]bool{},
		serials:    map[string]int{},
		refusedRTs: map[string]RefreshTokenRefusal{},
	}
	s.addRefreshToken(opts.RefreshToken)
	s.ts = httptest.NewTLSServer(http.HandlerFunc(s.serveHTTP))
	return s, nil
}

// Close shuts the server down. It may be called more than once.
func (s *Server) Close() { s.closeOnce.Do(s.ts.Close) }

// URL is the authority host, "https://127.0.0.1:PORT" (no trailing slash).
// azidentity wants it with a trailing slash in ActiveDirectoryAuthorityHost.
func (s *Server) URL() string { return s.ts.URL }

// TokenURL is the tenant's v2.0 token endpoint.
func (s *Server) TokenURL() string {
	return s.ts.URL + "/" + s.opts.TenantID + "/oauth2/v2.0/token"
}

// Client is an *http.Client that trusts the server's certificate. It also
// satisfies azcore's policy.Transporter.
func (s *Server) Client() *http.Client { return s.ts.Client() }

// CACertPEM is the server's (self-signed) certificate in PEM, for a client
// configured with an extra CA bundle file.
func (s *Server) CACertPEM() []byte {
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: s.ts.Certificate().Raw})
}

// TenantID is the (lower-cased) tenant id.
func (s *Server) TenantID() string { return s.opts.TenantID }

// Issuer is the iss claim of issued access tokens.
func (s *Server) Issuer() string { return "https://sts.windows.net/" + s.opts.TenantID + "/" }

// PublicKey is the key access tokens are signed with.
func (s *Server) PublicKey() *rsa.PublicKey { return &s.key.PublicKey }

// KeyID is the kid header of issued access tokens.
func (s *Server) KeyID() string { return s.kid }

// TokenRequests counts POSTs to the token endpoint: all grants, including
// failed and injected-failure ones.
func (s *Server) TokenRequests() int64 { return s.tokenRequests.Load() }

// TokenRequestsByGrant counts token endpoint POSTs with this grant_type
// ("" counts those without one).
func (s *Server) TokenRequestsByGrant(grant string) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.byGrant[grant]
}

// DiscoveryRequests counts GETs of the OpenID configuration document.
func (s *Server) DiscoveryRequests() int64 { return s.discoveryRequests.Load() }

// Requests returns a copy of the log of every request served, in order.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.requests...)
}

// CurrentRefreshToken is the newest refresh token: it changes with
// rotation, and is "" after RefuseRefreshTokens (until NewRefreshToken).
func (s *Server) CurrentRefreshToken() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.currentRT
}

// RefreshTokenRefusal is why Entra ID refuses a refresh token that was
// valid: its value is the AADSTS code of the refusal (its error_codes).
type RefreshTokenRefusal int

// The refusals RefuseRefreshTokens can model, each with Entra's error and
// AADSTS code (docs/development/partner-center-api.md, "Sign-in facts from
// the field").
const (
	// RefreshTokenExpired is invalid_grant AADSTS700082: the refresh token
	// is past its 90 days.
	RefreshTokenExpired RefreshTokenRefusal = 700082
	// SignInFrequency is invalid_grant AADSTS70043: a Conditional Access
	// sign-in frequency policy wants the user to sign in again.
	SignInFrequency RefreshTokenRefusal = 70043
	// GrantRevoked is invalid_grant AADSTS50173: the user changed or reset
	// their password, or an admin revoked their sessions.
	GrantRevoked RefreshTokenRefusal = 50173
)

// RefuseRefreshTokens makes every refresh token issued so far refused with
// reason, as Entra refuses them after it (90 days, a sign-in frequency
// policy, a password change). NewRefreshToken issues a valid one again.
func (s *Server) RefuseRefreshTokens(reason RefreshTokenRefusal) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for rt := range s.validRTs {
		s.refusedRTs[rt] = reason
	}
	clear(s.validRTs)
	s.currentRT = ""
}

// NewRefreshToken makes a new random refresh token, valid, the current one
// (as if the user signed in again) and returns it. Earlier ones stay as
// they were: a new sign-in revokes none.
func (s *Server) NewRefreshToken() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.issueRefreshToken()
}

// issueRefreshToken makes a new random refresh token the current one; the
// caller holds s.mu.
func (s *Server) issueRefreshToken() string { return s.addRefreshToken("") }

// addRefreshToken makes rt (a random one when "") valid and current, and
// numbers it; the caller holds s.mu, or is Start.
func (s *Server) addRefreshToken(rt string) string {
	if rt == "" {
		rt = newRefreshToken()
	}
	s.currentRT = rt
	s.validRTs[rt] = true
	s.serials[rt] = len(s.serials) + 1
	return rt
}

// FailNextTokenRequests makes the next n token requests (whatever their
// grant or credentials) fail with status and an Entra error body: error
// oauthError, error_codes [aadstsCode], and error_description description,
// prefixed with "AADSTS<code>: " when it does not already start so. n <= 0
// cancels a pending injection. status 0 means 400; oauthError "" means
// "invalid_request".
func (s *Server) FailNextTokenRequests(n int, status int, oauthError string, aadstsCode int, description string) {
	if status == 0 {
		status = http.StatusBadRequest
	}
	if oauthError == "" {
		oauthError = "invalid_request"
	}
	prefix := fmt.Sprintf("AADSTS%d: ", aadstsCode)
	if !strings.HasPrefix(description, prefix) {
		description = prefix + description
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failRemaining = max(n, 0)
	s.failure = injectedFailure{status: status, oauthError: oauthError, code: aadstsCode, description: description}
}

// takeInjectedFailure consumes one injected failure, if any is pending.
func (s *Server) takeInjectedFailure() (injectedFailure, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.failRemaining <= 0 {
		return injectedFailure{}, false
	}
	s.failRemaining--
	return s.failure, true
}

// hostPort is the authority host as MSAL sees it ("127.0.0.1:PORT").
func (s *Server) hostPort() string {
	u, err := url.Parse(s.ts.URL)
	if err != nil {
		return strings.TrimPrefix(s.ts.URL, "https://")
	}
	return u.Host
}

// newRefreshToken returns an opaque refresh token shaped like Entra's.
func newRefreshToken() string {
	b := make([]byte, 96)
	_, _ = rand.Read(b)
	return "1.AXEA" + base64.RawURLEncoding.EncodeToString(b)
}
