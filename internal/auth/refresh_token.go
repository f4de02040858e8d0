package auth

import (
	"context"
	"fmt"
	"net/url"
	"sync"

	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"
)

// refreshTokenSource redeems the secure application model's refresh token
// for App+User access tokens at the tenant's v2.0 token endpoint.
//
// oauth2.Config.TokenSource cannot be used: its refresher does not send
// scope, and Entra ID's v2.0 endpoint refuses a refresh_token grant without
// one (AADSTS70011). clientcredentials.Config sends scope and lets
// EndpointParams replace grant_type, so the request, the token parsing and
// the RetrieveError all stay x/oauth2's own.
type refreshTokenSource struct {
	settings Settings
	tokenURL string
	auth     clientAuth

	mu           sync.Mutex
	refreshToken string // rotated when Entra returns a new one
}

func newRefreshTokenSource(s Settings) (oauth2.TokenSource, string, error) {
	tokenURL := s.Cloud.TokenURL(s.TenantID)
	auth, err := newClientAuth(s, tokenURL)
	if err != nil {
		return nil, "", err
	}
	src := &refreshTokenSource{settings: s, tokenURL: tokenURL, auth: auth, refreshToken: s.RefreshToken}
	description := fmt.Sprintf("the refresh token (secure application model) of client %s in tenant %s, with its %s",
		s.ClientID, s.TenantID, auth.kind)
	return src, description, nil
}

// Token redeems the current refresh token. ReuseTokenSource serializes
// calls; the mutex also guards the rotation against direct callers.
func (r *refreshTokenSource) Token() (*oauth2.Token, error) {
	r.mu.Lock()
	defer r.mu.Unlock()

	params, err := r.auth.params()
	if err != nil {
		return nil, err
	}
	params.Set("grant_type", "refresh_token")
	params.Set("refresh_token", r.refreshToken)
	cfg := clientcredentials.Config{
		ClientID:       r.settings.ClientID,
		ClientSecret:   r.auth.secret,
		TokenURL:       r.tokenURL,
		Scopes:         []string{r.settings.Cloud.Scope(), "offline_access"},
		EndpointParams: params,
		// One request per redemption: auto-detection would retry a
		// refused request with the other style.
		AuthStyle: oauth2.AuthStyleInParams,
	}
	ctx, cancel := context.WithTimeout(context.Background(), tokenRequestTimeout)
	defer cancel()
	if r.settings.HTTPClient != nil {
		ctx = context.WithValue(ctx, oauth2.HTTPClient, r.settings.HTTPClient)
	}
	token, err := cfg.Token(ctx)
	if err != nil {
		return nil, err
	}
	if token.RefreshToken != "" {
		r.refreshToken = token.RefreshToken
	}
	return token, nil
}

// clientAuth is how the app proves itself at the token endpoint: a client
// secret, or a client assertion signed with its certificate.
type clientAuth struct {
	kind   string // for messages: "client secret" or "client certificate"
	secret string
	params func() (url.Values, error)
}

func newClientAuth(s Settings, tokenURL string) (clientAuth, error) {
	if s.ClientSecret != "" {
		return clientAuth{kind: "client secret", secret: s.ClientSecret, params: func() (url.Values, error) { return url.Values{}, nil }}, nil
	}
	signer, err := newAssertionSigner(s.ClientCertificate, s.ClientCertificatePassword, s.ClientID, tokenURL)
	if err != nil {
		return clientAuth{}, err
	}
	return clientAuth{kind: "client certificate", params: func() (url.Values, error) {
		assertion, err := signer.sign()
		if err != nil {
			return nil, err
		}
		return url.Values{
			"client_assertion_type": {"urn:ietf:params:oauth:client-assertion-type:jwt-bearer"},
			"client_assertion":      {assertion},
		}, nil
	}}, nil
}
