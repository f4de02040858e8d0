package fakeentra

import (
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"maps"
	"math/big"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/google/uuid"
)

// oauthError is an Entra error reply.
type oauthError struct {
	status int
	err    string
	code   int
	text   string // without the "AADSTS<code>: " prefix
}

func newError(status int, err string, code int, format string, args ...any) *oauthError {
	return &oauthError{status: status, err: err, code: code, text: fmt.Sprintf(format, args...)}
}

// recorder remembers what a handler replied, for the request log.
type recorder struct {
	http.ResponseWriter
	status       int
	err          string
	errorCode    int
	clientAuth   string
	assertionAlg string
	refreshToken int
}

func (r *recorder) WriteHeader(status int) {
	r.status = status
	r.ResponseWriter.WriteHeader(status)
}

func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	rec := &recorder{ResponseWriter: w, status: http.StatusOK}
	grant := s.route(rec, r)
	s.mu.Lock()
	s.requests = append(s.requests, Request{
		Method: r.Method, Path: r.URL.Path, Grant: grant,
		ClientAuth: rec.clientAuth, AssertionAlg: rec.assertionAlg, RefreshToken: rec.refreshToken,
		Status: rec.status, Error: rec.err, ErrorCode: rec.errorCode,
	})
	s.mu.Unlock()
}

// route dispatches a request; it returns the grant_type of a token request.
func (s *Server) route(w *recorder, r *http.Request) string {
	parts := strings.Split(strings.Trim(r.URL.Path, "/"), "/")
	switch {
	case len(parts) == 4 && parts[1] == "v2.0" && parts[2] == ".well-known" && parts[3] == "openid-configuration":
		if s.allow(w, r, http.MethodGet) {
			s.discoveryRequests.Add(1)
			s.openIDConfiguration(w, r, parts[0])
		}
	case len(parts) == 4 && parts[1] == "oauth2" && parts[2] == "v2.0" && parts[3] == "token":
		if s.allow(w, r, http.MethodPost) {
			return s.token(w, r, parts[0])
		}
	case len(parts) == 4 && parts[1] == "discovery" && parts[2] == "v2.0" && parts[3] == "keys":
		if s.allow(w, r, http.MethodGet) {
			s.keys(w, r, parts[0])
		}
	case len(parts) == 3 && parts[0] == "common" && parts[1] == "discovery" && parts[2] == "instance":
		if s.allow(w, r, http.MethodGet) {
			s.instanceDiscovery(w, r)
		}
	default:
		s.writeError(w, r, newError(http.StatusNotFound, "not_found", 0,
			"fakeentra serves no %s %s", r.Method, r.URL.Path))
	}
	return ""
}

func (s *Server) allow(w *recorder, r *http.Request, method string) bool {
	if r.Method == method {
		return true
	}
	w.Header().Set("Allow", method)
	s.writeError(w, r, newError(http.StatusMethodNotAllowed, "invalid_request", 900561,
		"The endpoint only accepts %s requests. Received a %s request.", method, r.Method))
	return false
}

func (s *Server) knownTenant(tenant string) bool {
	return strings.EqualFold(tenant, s.opts.TenantID)
}

func unknownTenant(tenant string) *oauthError {
	return newError(http.StatusBadRequest, "invalid_tenant", 90002,
		"Tenant '%s' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.", tenant)
}

func (s *Server) openIDConfiguration(w *recorder, r *http.Request, tenant string) {
	if !s.knownTenant(tenant) {
		s.writeError(w, r, unknownTenant(tenant))
		return
	}
	base := s.URL() + "/" + s.opts.TenantID
	writeJSON(w, http.StatusOK, map[string]any{
		"issuer":                                base + "/v2.0",
		"authorization_endpoint":                base + "/oauth2/v2.0/authorize",
		"token_endpoint":                        s.TokenURL(),
		"device_authorization_endpoint":         base + "/oauth2/v2.0/devicecode",
		"end_session_endpoint":                  base + "/oauth2/v2.0/logout",
		"jwks_uri":                              base + "/discovery/v2.0/keys",
		"token_endpoint_auth_methods_supported": []string{"client_secret_post", "private_key_jwt", "client_secret_basic"},
		"response_modes_supported":              []string{"query", "fragment", "form_post"},
		"response_types_supported":              []string{"code", "id_token", "code id_token", "id_token token"},
		"scopes_supported":                      []string{"openid", "profile", "email", "offline_access"},
		"subject_types_supported":               []string{"pairwise"},
		"id_token_signing_alg_values_supported": []string{"RS256"},
		"claims_supported": []string{"sub", "iss", "cloud_instance_name", "cloud_instance_host_name",
			"cloud_graph_host_name", "msgraph_host", "aud", "exp", "iat", "auth_time", "acr", "nonce",
			"preferred_username", "name", "tid", "ver", "at_hash", "c_hash", "email"},
		"request_uri_parameter_supported": false,
		"tenant_region_scope":             "WW",
		"cloud_instance_name":             "microsoftonline.com",
		"cloud_graph_host_name":           "graph.windows.net",
		"msgraph_host":                    "graph.microsoft.com",
		"rbac_url":                        "https://pas.windows.net",
		"kerberos_endpoint":               base + "/kerberos",
		"http_logout_supported":           true,
		"frontchannel_logout_supported":   true,
	})
}

func (s *Server) keys(w *recorder, r *http.Request, tenant string) {
	if tenant != "common" && !s.knownTenant(tenant) {
		s.writeError(w, r, unknownTenant(tenant))
		return
	}
	pub := s.key.PublicKey
	writeJSON(w, http.StatusOK, map[string]any{"keys": []map[string]any{{
		"kty":    "RSA",
		"use":    "sig",
		"alg":    "RS256",
		"kid":    s.kid,
		"n":      base64.RawURLEncoding.EncodeToString(pub.N.Bytes()),
		"e":      base64.RawURLEncoding.EncodeToString(big.NewInt(int64(pub.E)).Bytes()),
		"issuer": "https://login.microsoftonline.com/{tenantid}/v2.0",
	}}})
}

func (s *Server) instanceDiscovery(w *recorder, r *http.Request) {
	tenant := s.opts.TenantID
	// MSAL passes authorization_endpoint=https://{host}/{tenant}/oauth2/v2.0/authorize.
	if ae, err := url.Parse(r.URL.Query().Get("authorization_endpoint")); err == nil {
		if p := strings.Split(strings.Trim(ae.Path, "/"), "/"); len(p) > 0 && p[0] != "" {
			tenant = p[0]
		}
	}
	host := s.hostPort()
	writeJSON(w, http.StatusOK, map[string]any{
		"tenant_discovery_endpoint": s.URL() + "/" + tenant + "/v2.0/.well-known/openid-configuration",
		"api-version":               "1.1",
		"metadata": []map[string]any{{
			"preferred_network": host,
			"preferred_cache":   host,
			"aliases":           []string{host},
		}},
	})
}

// token serves the token endpoint and returns the request's grant_type.
func (s *Server) token(w *recorder, r *http.Request, tenant string) string {
	// A body that is not a form leaves the form empty, as Entra sees it.
	_ = r.ParseForm()
	form := r.PostForm
	grant := form.Get("grant_type")

	s.tokenRequests.Add(1)
	s.mu.Lock()
	s.byGrant[grant]++
	s.mu.Unlock()

	if f, ok := s.takeInjectedFailure(); ok {
		s.writeError(w, r, &oauthError{status: f.status, err: f.oauthError, code: f.code,
			text: strings.TrimPrefix(f.description, fmt.Sprintf("AADSTS%d: ", f.code))})
		return grant
	}
	if e := s.tokenReply(w, r, tenant, form, grant); e != nil {
		s.writeError(w, r, e)
	}
	return grant
}

func (s *Server) tokenReply(w *recorder, r *http.Request, tenant string, form url.Values, grant string) *oauthError {
	if !s.knownTenant(tenant) {
		e := unknownTenant(tenant)
		e.err = "invalid_request"
		return e
	}
	switch grant {
	case "":
		return missingParameter("grant_type")
	case "refresh_token", "client_credentials":
	default:
		return newError(http.StatusBadRequest, "unsupported_grant_type", 70003,
			"The app requested an unsupported grant type '%s'.", grant)
	}
	if e := s.authenticateClient(w, r, form, tenant); e != nil {
		return e
	}
	if grant == "client_credentials" {
		return s.clientCredentials(w, form)
	}
	return s.refreshToken(w, form)
}

func missingParameter(name string) *oauthError {
	return newError(http.StatusBadRequest, "invalid_request", 900144,
		"The request body must contain the following parameter: '%s'.", name)
}

// authenticateClient checks client_id and then the client secret (in the
// body, or HTTP Basic) or the client assertion.
func (s *Server) authenticateClient(w *recorder, r *http.Request, form url.Values, tenant string) *oauthError {
	clientID := form.Get("client_id")
	secret, hasSecret := form.Get("client_secret"), form.Has("client_secret")
	if user, pass, ok := r.BasicAuth(); ok { // client_secret_basic (RFC 6749 2.3.1)
		if u, err := url.QueryUnescape(user); err == nil {
			user = u
		}
		if p, err := url.QueryUnescape(pass); err == nil {
			pass = p
		}
		if clientID != "" && clientID != user {
			return newError(http.StatusBadRequest, "invalid_request", 900023,
				"The client_id in the request body does not match the one in the Authorization header.")
		}
		if hasSecret {
			return newError(http.StatusBadRequest, "invalid_request", 50148,
				"The request must use only one client authentication method.")
		}
		clientID, secret, hasSecret = user, pass, true
		w.clientAuth = "client_secret_basic"
	} else if hasSecret {
		w.clientAuth = "client_secret_post"
	}
	if clientID == "" {
		return missingParameter("client_id")
	}
	if clientID != s.opts.ClientID {
		return newError(http.StatusBadRequest, "invalid_client", 700016,
			"Application with identifier '%s' was not found in the directory '%s'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.",
			clientID, tenant)
	}
	assertion, hasAssertion := form.Get("client_assertion"), form.Has("client_assertion")
	switch {
	case hasSecret && hasAssertion:
		return newError(http.StatusBadRequest, "invalid_request", 50148,
			"The request must use only one client authentication method: 'client_secret' or 'client_assertion'.")
	case hasSecret:
		if s.opts.ClientSecret == "" || subtle.ConstantTimeCompare([]byte(secret), []byte(s.opts.ClientSecret)) != 1 {
			return newError(http.StatusUnauthorized, "invalid_client", 7000215,
				"Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '%s'.",
				s.opts.ClientID)
		}
		return nil
	case hasAssertion:
		w.clientAuth = "private_key_jwt"
		w.assertionAlg = assertionAlg(assertion)
		if form.Get("client_assertion_type") != clientAssertionType {
			return newError(http.StatusBadRequest, "invalid_request", 700027,
				"The client_assertion_type is not supported; it must be '%s'.", clientAssertionType)
		}
		if s.opts.ClientCertificate == nil {
			return newError(http.StatusUnauthorized, "invalid_client", 700027,
				"The certificate with identifier used to sign the client assertion is not registered on application. [Reason - The key was not found.]")
		}
		if reason := s.verifyClientAssertion(assertion); reason != "" {
			return newError(http.StatusUnauthorized, "invalid_client", 700027, "%s", reason)
		}
		return nil
	default:
		return newError(http.StatusUnauthorized, "invalid_client", 7000218,
			"The request body must contain the following parameter: 'client_assertion' or 'client_secret'.")
	}
}

// assertionAlg reads the alg header of a JWT without verifying it.
func assertionAlg(assertion string) string {
	head, _, _ := strings.Cut(assertion, ".")
	b, err := base64.RawURLEncoding.DecodeString(head)
	if err != nil {
		return ""
	}
	var h struct {
		Alg string `json:"alg"`
	}
	if json.Unmarshal(b, &h) != nil || len(h.Alg) > 16 {
		return ""
	}
	return h.Alg
}

// scopeList splits a scope parameter.
func scopeList(scope string) []string { return strings.Fields(scope) }

// oidcScopes are the scopes MSAL always appends ("openid offline_access
// profile"), which Entra ignores when choosing the resource.
var oidcScopes = map[string]bool{"openid": true, "offline_access": true, "profile": true, "email": true}

func (s *Server) clientCredentials(w *recorder, form url.Values) *oauthError {
	if !form.Has("scope") || strings.TrimSpace(form.Get("scope")) == "" {
		return newError(http.StatusBadRequest, "invalid_scope", 70011,
			"The provided request must include a 'scope' input parameter.")
	}
	var resource []string
	for _, sc := range scopeList(form.Get("scope")) {
		if !oidcScopes[strings.ToLower(sc)] {
			resource = append(resource, sc)
		}
	}
	if len(resource) != 1 || !strings.HasSuffix(resource[0], "/.default") {
		return newError(http.StatusBadRequest, "invalid_scope", 1002012,
			"The provided value for scope %s is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).",
			strings.Join(resource, " "))
	}
	if !strings.EqualFold(resource[0], ScopeDefault) {
		return newError(http.StatusBadRequest, "invalid_scope", 70011,
			"The provided value for the input parameter 'scope' is not valid. The scope %s is not valid. fakeentra only issues tokens for %s.",
			resource[0], PartnerCenterAudience)
	}
	return s.writeAccessToken(w, false, nil)
}

// writeAccessToken signs an access token (a user's or, with user false, an
// app-only one) and writes Entra's token reply with it and extra fields.
func (s *Server) writeAccessToken(w *recorder, user bool, extra map[string]any) *oauthError {
	token, err := s.issue(user, s.opts.AccessTokenLifetime)
	if err != nil {
		return newError(http.StatusInternalServerError, "server_error", 90033, "signing the access token: %v", err)
	}
	secs := int64(s.opts.AccessTokenLifetime / time.Second)
	reply := map[string]any{
		"token_type":     "Bearer",
		"expires_in":     secs,
		"ext_expires_in": secs,
		"access_token":   token,
	}
	maps.Copy(reply, extra)
	writeJSON(w, http.StatusOK, reply)
	return nil
}

func (s *Server) refreshToken(w *recorder, form url.Values) *oauthError {
	rt := form.Get("refresh_token")
	if rt == "" {
		return missingParameter("refresh_token")
	}
	scope := strings.Join(scopeList(form.Get("scope")), " ")
	if scope == "" {
		return newError(http.StatusBadRequest, "invalid_scope", 70011,
			"The provided request must include a 'scope' input parameter.")
	}
	partnerCenter := false
	for _, sc := range scopeList(scope) {
		if strings.EqualFold(sc, ScopeDefault) || strings.EqualFold(sc, ScopeUserImpersonation) {
			partnerCenter = true
		}
	}
	if !partnerCenter {
		return newError(http.StatusBadRequest, "invalid_scope", 70011,
			"The provided value for the input parameter 'scope' is not valid. The scope '%s' does not include %s or %s.",
			scope, ScopeDefault, ScopeUserImpersonation)
	}

	s.mu.Lock()
	valid := s.validRTs[rt]
	refusal, refused := s.refusedRTs[rt]
	w.refreshToken = s.serials[rt]
	next := rt
	if valid && s.opts.RotateRefreshTokens {
		// The redeemed token stays valid: Entra does not revoke it.
		next = s.issueRefreshToken()
	}
	s.mu.Unlock()

	switch {
	case refused:
		return refusalError(refusal, time.Now())
	case !valid:
		return newError(http.StatusBadRequest, "invalid_grant", 70000,
			"Provided grant is invalid or malformed.")
	}
	return s.writeAccessToken(w, true, map[string]any{"scope": scope, "refresh_token": next})
}

// refusalError is Entra's answer to a refresh token refused for reason:
// invalid_grant with the reason's code, and Entra's wording with the dates
// filled in (docs/development/partner-center-api.md, "Sign-in facts from
// the field").
func refusalError(reason RefreshTokenRefusal, now time.Time) *oauthError {
	const layout = "2006-01-02T15:04:05.0000000Z"
	switch reason {
	case SignInFrequency:
		return newError(http.StatusBadRequest, "invalid_grant", int(reason),
			"The refresh token has expired or is invalid due to sign-in frequency checks by conditional access. The token was issued on %s and the maximum allowed lifetime for this request is 86400.",
			now.Add(-25*time.Hour).UTC().Format(layout))
	case GrantRevoked:
		return newError(http.StatusBadRequest, "invalid_grant", int(reason),
			"The provided grant has expired due to it being revoked, a fresh auth token is needed. The user might have changed or reset their password. The grant was issued on '%s' and the TokensValidFrom date (before which tokens are not valid) for this user is '%s'.",
			now.Add(-48*time.Hour).UTC().Format(layout), now.Add(-time.Hour).UTC().Format(layout))
	default:
		return newError(http.StatusBadRequest, "invalid_grant", int(RefreshTokenExpired),
			"The refresh token has expired due to inactivity. The token was issued on %s and was inactive for 90.00:00:00.",
			now.Add(-91*24*time.Hour).UTC().Format(layout))
	}
}

// writeError writes an Entra-shaped error reply. Nothing from the request
// but ids (tenant, client id, scope, grant type) goes into it.
func (s *Server) writeError(w *recorder, r *http.Request, e *oauthError) {
	now := time.Now().UTC()
	ts := now.Format("2006-01-02 15:04:05Z")
	traceID := uuid.NewString()
	correlationID := r.Header.Get("client-request-id")
	if uuid.Validate(correlationID) != nil || len(correlationID) != 36 {
		correlationID = uuid.NewString()
	}
	w.err, w.errorCode = e.err, e.code
	body := map[string]any{
		"error":          e.err,
		"timestamp":      ts,
		"trace_id":       traceID,
		"correlation_id": correlationID,
	}
	if e.code != 0 {
		body["error_description"] = fmt.Sprintf("AADSTS%d: %s\r\nTrace ID: %s\r\nCorrelation ID: %s\r\nTimestamp: %s",
			e.code, e.text, traceID, correlationID, ts)
		body["error_codes"] = []int{e.code}
		body["error_uri"] = fmt.Sprintf("https://login.microsoftonline.com/error?code=%d", e.code)
	} else {
		body["error_description"] = e.text
	}
	writeJSON(w, e.status, body)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store, no-cache")
	w.Header().Set("Pragma", "no-cache")
	w.WriteHeader(status)
	_, _ = w.Write(append(b, '\n'))
}
