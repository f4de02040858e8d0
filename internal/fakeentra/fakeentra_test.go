package fakeentra

import (
	"context"
	"crypto/rsa"
	"crypto/sha1" //nolint:gosec // x5t
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"errors"
	"math/big"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/google/uuid"
	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"
)

const (
	testTenant = "8e1f6a0c-3b7d-4c2e-9f5a-1d2b3c4d5e6f"
	testClient = "0d3c5b7a-9e1f-4a2b-8c6d-7e8f9a0b1c2d"
	testSecret = "s3cr3t~Value.with/odd+chars=="
	testRT     = "1.AXEA-initial-refresh-token-value"
)

func start(t *testing.T, mutate func(*Options)) *Server {
	t.Helper()
	opts := Options{TenantID: testTenant, ClientID: testClient, ClientSecret: testSecret, RefreshToken: testRT}
	if mutate != nil {
		mutate(&opts)
	}
	s, err := Start(opts)
	if err != nil {
		t.Fatalf("Start: %v", err)
	}
	t.Cleanup(s.Close)
	return s
}

type reply struct {
	status int
	body   map[string]any
	raw    string
}

func do(t *testing.T, s *Server, req *http.Request) reply {
	t.Helper()
	resp, err := s.Client().Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer func() { _ = resp.Body.Close() }()
	var raw strings.Builder
	body := map[string]any{}
	dec := json.NewDecoder(resp.Body)
	dec.UseNumber()
	if err := dec.Decode(&body); err != nil {
		t.Fatalf("%s %s: decoding the reply: %v", req.Method, req.URL, err)
	}
	b, _ := json.Marshal(body)
	raw.Write(b)
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("Content-Type = %q", ct)
	}
	return reply{status: resp.StatusCode, body: body, raw: raw.String()}
}

func get(t *testing.T, s *Server, path string) reply {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, s.URL()+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	return do(t, s, req)
}

func postToken(t *testing.T, s *Server, form url.Values) reply {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, s.TokenURL(), strings.NewReader(form.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return do(t, s, req)
}

func refreshForm(rt, scope string) url.Values {
	f := url.Values{
		"grant_type":    {"refresh_token"},
		"client_id":     {testClient},
		"client_secret": {testSecret},
		"refresh_token": {rt},
	}
	if scope != "" {
		f.Set("scope", scope)
	}
	return f
}

// wantError checks an Entra error reply.
func wantError(t *testing.T, r reply, status int, oauthErr string, code int) {
	t.Helper()
	if r.status != status || r.body["error"] != oauthErr {
		t.Fatalf("got %d %v, want %d %s: %s", r.status, r.body["error"], status, oauthErr, r.raw)
	}
	desc, _ := r.body["error_description"].(string)
	prefix := "AADSTS" + itoa(code) + ": "
	if !strings.HasPrefix(desc, prefix) {
		t.Errorf("error_description %q does not start with %q", desc, prefix)
	}
	for _, part := range []string{"\r\nTrace ID: ", "\r\nCorrelation ID: ", "\r\nTimestamp: "} {
		if !strings.Contains(desc, part) {
			t.Errorf("error_description %q lacks %q", desc, part)
		}
	}
	codes, _ := r.body["error_codes"].([]any)
	if len(codes) != 1 || codes[0] != json.Number(itoa(code)) {
		t.Errorf("error_codes = %v, want [%d]", r.body["error_codes"], code)
	}
	for _, k := range []string{"trace_id", "correlation_id"} {
		if v, _ := r.body[k].(string); uuid.Validate(v) != nil {
			t.Errorf("%s = %q, not a GUID", k, v)
		}
	}
	if ts, _ := r.body["timestamp"].(string); ts == "" {
		t.Error("no timestamp")
	}
	if u, _ := r.body["error_uri"].(string); u != "https://login.microsoftonline.com/error?code="+itoa(code) {
		t.Errorf("error_uri = %q", u)
	}
	for _, secret := range []string{testSecret, testRT, url.QueryEscape(testSecret)} {
		if strings.Contains(r.raw, secret) {
			t.Errorf("the error reply echoes a secret: %s", r.raw)
		}
	}
}

func itoa(i int) string { return big.NewInt(int64(i)).String() }

func TestStartValidation(t *testing.T) {
	_, _, cert, err := GenerateClientCertificate("fakeentra-test")
	if err != nil {
		t.Fatal(err)
	}
	good := Options{TenantID: testTenant, ClientID: testClient, ClientSecret: testSecret}
	for name, mutate := range map[string]func(*Options){
		"no tenant":          func(o *Options) { o.TenantID = "" },
		"tenant not a GUID":  func(o *Options) { o.TenantID = "contoso.onmicrosoft.com" },
		"tenant braces GUID": func(o *Options) { o.TenantID = "{" + testTenant + "}" },
		"no client":          func(o *Options) { o.ClientID = "" },
		"no credential":      func(o *Options) { o.ClientSecret = "" },
		"negative lifetime":  func(o *Options) { o.AccessTokenLifetime = -time.Second },
	} {
		o := good
		mutate(&o)
		if s, err := Start(o); err == nil {
			s.Close()
			t.Errorf("%s: Start succeeded", name)
		}
	}
	o := good
	o.ClientSecret, o.ClientCertificate = "", cert
	s, err := Start(o)
	if err != nil {
		t.Fatalf("certificate only: %v", err)
	}
	if s.CurrentRefreshToken() == "" {
		t.Error("no refresh token generated")
	}
	s.Close()
	s.Close() // idempotent
}

func TestDiscovery(t *testing.T) {
	s := start(t, nil)
	r := get(t, s, "/"+testTenant+"/v2.0/.well-known/openid-configuration")
	if r.status != http.StatusOK {
		t.Fatalf("status %d: %s", r.status, r.raw)
	}
	want := map[string]string{
		"issuer":                 s.URL() + "/" + testTenant + "/v2.0",
		"token_endpoint":         s.TokenURL(),
		"authorization_endpoint": s.URL() + "/" + testTenant + "/oauth2/v2.0/authorize",
		"jwks_uri":               s.URL() + "/" + testTenant + "/discovery/v2.0/keys",
	}
	for k, v := range want {
		if r.body[k] != v {
			t.Errorf("%s = %v, want %s", k, r.body[k], v)
		}
	}
	if !strings.HasPrefix(s.URL(), "https://127.0.0.1:") {
		t.Errorf("URL() = %s", s.URL())
	}
	if s.TokenURL() != s.URL()+"/"+testTenant+"/oauth2/v2.0/token" {
		t.Errorf("TokenURL() = %s", s.TokenURL())
	}
	if s.DiscoveryRequests() != 1 {
		t.Errorf("DiscoveryRequests = %d", s.DiscoveryRequests())
	}
	// Tenant ids are case-insensitive.
	if r := get(t, s, "/"+strings.ToUpper(testTenant)+"/v2.0/.well-known/openid-configuration"); r.status != http.StatusOK {
		t.Errorf("upper-case tenant: %d", r.status)
	}

	wantError(t, get(t, s, "/"+uuid.NewString()+"/v2.0/.well-known/openid-configuration"), http.StatusBadRequest, "invalid_tenant", 90002)

	inst := get(t, s, "/common/discovery/instance?api-version=1.1&authorization_endpoint="+
		url.QueryEscape(s.URL()+"/"+testTenant+"/oauth2/v2.0/authorize"))
	host := strings.TrimPrefix(s.URL(), "https://")
	if inst.body["tenant_discovery_endpoint"] != s.URL()+"/"+testTenant+"/v2.0/.well-known/openid-configuration" ||
		inst.body["api-version"] != "1.1" {
		t.Errorf("instance discovery: %s", inst.raw)
	}
	md, _ := inst.body["metadata"].([]any)
	if len(md) != 1 {
		t.Fatalf("instance discovery metadata: %s", inst.raw)
	}
	m := md[0].(map[string]any)
	if m["preferred_network"] != host || m["preferred_cache"] != host || len(m["aliases"].([]any)) != 1 || m["aliases"].([]any)[0] != host {
		t.Errorf("instance discovery metadata: %v", m)
	}

	keys := get(t, s, "/"+testTenant+"/discovery/v2.0/keys")
	jwk := keys.body["keys"].([]any)[0].(map[string]any)
	n, _ := base64.RawURLEncoding.DecodeString(jwk["n"].(string))
	e, _ := base64.RawURLEncoding.DecodeString(jwk["e"].(string))
	pub := &rsa.PublicKey{N: new(big.Int).SetBytes(n), E: int(new(big.Int).SetBytes(e).Int64())}
	if !pub.Equal(s.PublicKey()) || jwk["kid"] != s.KeyID() {
		t.Errorf("jwks does not publish the signing key: %s", keys.raw)
	}

	if r := get(t, s, "/nowhere"); r.status != http.StatusNotFound {
		t.Errorf("/nowhere: %d", r.status)
	}
	if r := get(t, s, "/"+testTenant+"/oauth2/v2.0/authorize"); r.status != http.StatusNotFound {
		t.Errorf("authorize: %d", r.status)
	}
	wantError(t, get(t, s, "/"+testTenant+"/oauth2/v2.0/token"), http.StatusMethodNotAllowed, "invalid_request", 900561)
	if s.TokenRequests() != 0 {
		t.Errorf("a GET counted as a token request")
	}
}

func TestCACertPEM(t *testing.T) {
	s := start(t, nil)
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(s.CACertPEM()) {
		t.Fatal("CACertPEM is not PEM")
	}
	c := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}
	req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, s.URL()+"/"+testTenant+"/v2.0/.well-known/openid-configuration", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatalf("a client trusting CACertPEM: %v", err)
	}
	_ = resp.Body.Close()
	resp, err = http.DefaultClient.Do(req)
	if err == nil {
		_ = resp.Body.Close()
		t.Error("the default client trusts the fake; the test proves nothing")
	}
}

func TestRefreshGrant(t *testing.T) {
	s := start(t, func(o *Options) { o.AccessTokenLifetime = 30 * time.Minute })
	scope := ScopeDefault + " offline_access"
	r := postToken(t, s, refreshForm(testRT, scope))
	if r.status != http.StatusOK {
		t.Fatalf("status %d: %s", r.status, r.raw)
	}
	if r.body["token_type"] != "Bearer" || r.body["scope"] != scope ||
		r.body["expires_in"] != json.Number("1800") || r.body["ext_expires_in"] != json.Number("1800") {
		t.Errorf("reply: %s", r.raw)
	}
	if r.body["refresh_token"] != testRT || s.CurrentRefreshToken() != testRT {
		t.Errorf("without rotation the refresh token must stay the same")
	}
	claims, err := s.Verify(r.body["access_token"].(string))
	if err != nil {
		t.Fatal(err)
	}
	if claims.IsAppOnly() || claims.IDType != "user" || claims.Scope != "user_impersonation" ||
		claims.UPN != DefaultUserPrincipalName || claims.ObjectID != UserObjectID ||
		claims.AppID != testClient || claims.TenantID != testTenant || claims.Version != "1.0" {
		t.Errorf("claims: %+v", claims)
	}
	if d := time.Until(claims.ExpiresAt.Time); d < 29*time.Minute || d > 30*time.Minute {
		t.Errorf("exp in %s", d)
	}
	// Still valid without rotation; user_impersonation also accepted.
	if r := postToken(t, s, refreshForm(testRT, ScopeUserImpersonation)); r.status != http.StatusOK {
		t.Errorf("second redemption: %s", r.raw)
	}
	if s.TokenRequests() != 2 || s.TokenRequestsByGrant("refresh_token") != 2 || s.TokenRequestsByGrant("client_credentials") != 0 {
		t.Errorf("counts: %d %d", s.TokenRequests(), s.TokenRequestsByGrant("refresh_token"))
	}
}

func TestRefreshRotation(t *testing.T) {
	s := start(t, func(o *Options) { o.RotateRefreshTokens = true })
	r := postToken(t, s, refreshForm(testRT, ScopeDefault))
	if r.status != http.StatusOK {
		t.Fatalf("%s", r.raw)
	}
	next, _ := r.body["refresh_token"].(string)
	if next == "" || next == testRT || s.CurrentRefreshToken() != next {
		t.Fatalf("rotation: got %q, current %q", next, s.CurrentRefreshToken())
	}
	// Entra does not revoke a redeemed refresh token.
	if r := postToken(t, s, refreshForm(testRT, ScopeDefault)); r.status != http.StatusOK || r.body["refresh_token"] == testRT {
		t.Fatalf("the redeemed token again: %s", r.raw)
	}
	r = postToken(t, s, refreshForm(next, ScopeDefault))
	if r.status != http.StatusOK || r.body["refresh_token"] == next {
		t.Fatalf("second rotation: %s", r.raw)
	}
	wantError(t, postToken(t, s, refreshForm("garbage", ScopeDefault)), http.StatusBadRequest, "invalid_grant", 70000)
}

// Concurrent redemptions of one refresh token under rotation all succeed:
// Entra revokes none of them.
func TestRefreshRotationConcurrent(t *testing.T) {
	s := start(t, func(o *Options) { o.RotateRefreshTokens = true })
	const n = 8
	var wg sync.WaitGroup
	statuses := make(chan int, n)
	for range n {
		wg.Go(func() {
			req, _ := http.NewRequestWithContext(t.Context(), http.MethodPost, s.TokenURL(), strings.NewReader(refreshForm(testRT, ScopeDefault).Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			resp, err := s.Client().Do(req)
			if err != nil {
				t.Error(err)
				return
			}
			_ = resp.Body.Close()
			statuses <- resp.StatusCode
		})
	}
	wg.Wait()
	close(statuses)
	ok := 0
	for st := range statuses {
		if st == http.StatusOK {
			ok++
		}
	}
	if ok != n || s.TokenRequests() != n {
		t.Errorf("%d of %d succeeded (want all); %d requests", ok, n, s.TokenRequests())
	}
}

func TestRefreshScope(t *testing.T) {
	s := start(t, nil)
	r := postToken(t, s, refreshForm(testRT, ""))
	wantError(t, r, http.StatusBadRequest, "invalid_scope", 70011)
	if !strings.HasPrefix(r.body["error_description"].(string), "AADSTS70011: The provided request must include a 'scope' input parameter.") {
		t.Errorf("description: %s", r.body["error_description"])
	}
	wantError(t, postToken(t, s, refreshForm(testRT, "https://graph.microsoft.com/.default")), http.StatusBadRequest, "invalid_scope", 70011)

	// golang.org/x/oauth2's own refresher sends no scope, so Entra refuses it.
	cfg := oauth2.Config{ClientID: testClient, ClientSecret: testSecret,
		Endpoint: oauth2.Endpoint{TokenURL: s.TokenURL(), AuthStyle: oauth2.AuthStyleInParams}}
	ctx := context.WithValue(t.Context(), oauth2.HTTPClient, s.Client())
	_, err := cfg.TokenSource(ctx, &oauth2.Token{RefreshToken: testRT}).Token()
	var re *oauth2.RetrieveError
	if !errors.As(err, &re) || re.ErrorCode != "invalid_scope" || !strings.HasPrefix(re.ErrorDescription, "AADSTS70011: ") {
		t.Fatalf("x/oauth2 refresher: %v", err)
	}
}

// The way internal/auth redeems a refresh token: clientcredentials.Config
// with grant_type overridden, which sends scope.
func TestRefreshWithOAuth2ClientCredentialsConfig(t *testing.T) {
	for _, style := range []oauth2.AuthStyle{oauth2.AuthStyleInParams, oauth2.AuthStyleInHeader} {
		s := start(t, func(o *Options) { o.RotateRefreshTokens = true })
		cfg := clientcredentials.Config{
			ClientID: testClient, ClientSecret: testSecret, TokenURL: s.TokenURL(),
			Scopes:         []string{ScopeDefault, "offline_access"},
			EndpointParams: url.Values{"grant_type": {"refresh_token"}, "refresh_token": {testRT}},
			AuthStyle:      style,
		}
		ctx := context.WithValue(t.Context(), oauth2.HTTPClient, s.Client())
		tok, err := cfg.Token(ctx)
		if err != nil {
			t.Fatalf("auth style %d: %v", style, err)
		}
		if tok.RefreshToken == "" || tok.RefreshToken != s.CurrentRefreshToken() || time.Until(tok.Expiry) < 59*time.Minute {
			t.Errorf("token: %+v", tok)
		}
		if c, err := s.Verify(tok.AccessToken); err != nil || c.IsAppOnly() {
			t.Errorf("Verify: %v %+v", err, c)
		}
		// The redeemed token still works: Entra does not revoke it.
		if again, err := cfg.Token(ctx); err != nil || again.RefreshToken == tok.RefreshToken {
			t.Errorf("reuse: %v", err)
		}
	}
}

func TestClientAuthentication(t *testing.T) {
	s := start(t, nil)
	f := refreshForm(testRT, ScopeDefault)
	f.Set("client_secret", "wrong")
	wantError(t, postToken(t, s, f), http.StatusUnauthorized, "invalid_client", 7000215)

	f = refreshForm(testRT, ScopeDefault)
	f.Set("client_id", uuid.NewString())
	wantError(t, postToken(t, s, f), http.StatusBadRequest, "invalid_client", 700016)

	f = refreshForm(testRT, ScopeDefault)
	f.Del("client_secret")
	wantError(t, postToken(t, s, f), http.StatusUnauthorized, "invalid_client", 7000218)

	f = refreshForm(testRT, ScopeDefault)
	f.Set("client_assertion_type", clientAssertionType)
	f.Set("client_assertion", "a.b.c")
	wantError(t, postToken(t, s, f), http.StatusBadRequest, "invalid_request", 50148)

	// No certificate registered.
	f = refreshForm(testRT, ScopeDefault)
	f.Del("client_secret")
	f.Set("client_assertion_type", clientAssertionType)
	f.Set("client_assertion", "a.b.c")
	wantError(t, postToken(t, s, f), http.StatusUnauthorized, "invalid_client", 700027)

	// HTTP Basic (client_secret_basic).
	f = refreshForm(testRT, ScopeDefault)
	f.Del("client_secret")
	f.Del("client_id")
	req, _ := http.NewRequestWithContext(t.Context(), http.MethodPost, s.TokenURL(), strings.NewReader(f.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.SetBasicAuth(url.QueryEscape(testClient), url.QueryEscape(testSecret))
	if r := do(t, s, req); r.status != http.StatusOK {
		t.Errorf("basic auth: %s", r.raw)
	}
	if rs := s.Requests(); rs[len(rs)-1].ClientAuth != "client_secret_basic" || rs[0].ClientAuth != "client_secret_post" {
		t.Errorf("ClientAuth: %+v", rs)
	}

	// Secret auth disabled.
	_, _, cert, err := GenerateClientCertificate("c")
	if err != nil {
		t.Fatal(err)
	}
	s2 := start(t, func(o *Options) { o.ClientSecret, o.ClientCertificate = "", cert })
	wantError(t, postToken(t, s2, refreshForm(testRT, ScopeDefault)), http.StatusUnauthorized, "invalid_client", 7000215)

	for _, rq := range append(s.Requests(), s2.Requests()...) {
		if rq.Grant != "refresh_token" || rq.Path != "/"+testTenant+"/oauth2/v2.0/token" || rq.Method != http.MethodPost {
			t.Errorf("request log: %+v", rq)
		}
	}
}

func TestRefuseRefreshTokens(t *testing.T) {
	for _, reason := range []RefreshTokenRefusal{RefreshTokenExpired, SignInFrequency, GrantRevoked} {
		s := start(t, func(o *Options) { o.RotateRefreshTokens = true })
		r := postToken(t, s, refreshForm(testRT, ScopeDefault))
		current := r.body["refresh_token"].(string)
		s.RefuseRefreshTokens(reason)
		if s.CurrentRefreshToken() != "" {
			t.Error("CurrentRefreshToken after the refusal")
		}
		for _, rt := range []string{current, testRT} {
			wantError(t, postToken(t, s, refreshForm(rt, ScopeDefault)), http.StatusBadRequest, "invalid_grant", int(reason))
		}
		fresh := s.NewRefreshToken()
		if r := postToken(t, s, refreshForm(fresh, ScopeDefault)); r.status != http.StatusOK {
			t.Errorf("%d: after NewRefreshToken: %s", reason, r.raw)
		}
		// A new sign-in gives a new token; the refused ones stay refused.
		wantError(t, postToken(t, s, refreshForm(testRT, ScopeDefault)), http.StatusBadRequest, "invalid_grant", int(reason))
	}
}

func TestClientCredentials(t *testing.T) {
	s := start(t, nil)
	ccForm := func(scope string) url.Values {
		f := url.Values{"grant_type": {"client_credentials"}, "client_id": {testClient}, "client_secret": {testSecret}}
		if scope != "" {
			f.Set("scope", scope)
		}
		return f
	}
	for _, scope := range []string{ScopeDefault, ScopeDefault + " openid offline_access profile"} {
		r := postToken(t, s, ccForm(scope))
		if r.status != http.StatusOK {
			t.Fatalf("%q: %s", scope, r.raw)
		}
		if _, ok := r.body["refresh_token"]; ok {
			t.Error("client_credentials returned a refresh token")
		}
		if r.body["expires_in"] != json.Number("3600") || r.body["token_type"] != "Bearer" {
			t.Errorf("reply: %s", r.raw)
		}
		c, err := s.Verify(r.body["access_token"].(string))
		if err != nil {
			t.Fatal(err)
		}
		if !c.IsAppOnly() || c.IDType != "app" || c.Scope != "" || c.UPN != "" || c.AppID != testClient {
			t.Errorf("claims: %+v", c)
		}
	}
	wantError(t, postToken(t, s, ccForm("")), http.StatusBadRequest, "invalid_scope", 70011)
	wantError(t, postToken(t, s, ccForm(ScopeUserImpersonation)), http.StatusBadRequest, "invalid_scope", 1002012)
	wantError(t, postToken(t, s, ccForm("https://graph.microsoft.com/.default")), http.StatusBadRequest, "invalid_scope", 70011)

	f := ccForm(ScopeDefault)
	f.Set("grant_type", "password")
	wantError(t, postToken(t, s, f), http.StatusBadRequest, "unsupported_grant_type", 70003)
	f.Del("grant_type")
	wantError(t, postToken(t, s, f), http.StatusBadRequest, "invalid_request", 900144)

	if s.TokenRequests() != 7 || s.TokenRequestsByGrant("client_credentials") != 5 ||
		s.TokenRequestsByGrant("password") != 1 || s.TokenRequestsByGrant("") != 1 {
		t.Errorf("counts: %d", s.TokenRequests())
	}
}

func TestFailNextTokenRequests(t *testing.T) {
	s := start(t, nil)
	s.FailNextTokenRequests(2, http.StatusServiceUnavailable, "temporarily_unavailable", 50196, "The server is busy.")
	for range 2 {
		r := postToken(t, s, refreshForm(testRT, ScopeDefault))
		wantError(t, r, http.StatusServiceUnavailable, "temporarily_unavailable", 50196)
		if !strings.HasPrefix(r.body["error_description"].(string), "AADSTS50196: The server is busy.\r\n") {
			t.Errorf("description %q", r.body["error_description"])
		}
	}
	if r := postToken(t, s, refreshForm(testRT, ScopeDefault)); r.status != http.StatusOK {
		t.Errorf("third: %s", r.raw)
	}
	// A description already prefixed is not prefixed twice; n <= 0 cancels.
	s.FailNextTokenRequests(1, http.StatusBadRequest, "invalid_grant", 50173, "AADSTS50173: The provided grant has expired due to it being revoked.")
	r := postToken(t, s, refreshForm(testRT, ScopeDefault))
	wantError(t, r, http.StatusBadRequest, "invalid_grant", 50173)
	if strings.Count(r.body["error_description"].(string), "AADSTS50173") != 1 {
		t.Errorf("description %q", r.body["error_description"])
	}
	s.FailNextTokenRequests(5, 500, "server_error", 1, "x")
	s.FailNextTokenRequests(0, 0, "", 0, "")
	if r := postToken(t, s, refreshForm(testRT, ScopeDefault)); r.status != http.StatusOK {
		t.Errorf("after cancel: %s", r.raw)
	}
	if s.TokenRequests() != 5 || s.TokenRequestsByGrant("refresh_token") != 5 {
		t.Errorf("TokenRequests = %d", s.TokenRequests())
	}
	log := s.Requests()
	if len(log) != 5 || log[0].Status != 503 || log[0].ErrorCode != 50196 || log[0].Error != "temporarily_unavailable" || log[2].Status != 200 {
		t.Errorf("request log: %+v", log)
	}
}

func TestVerify(t *testing.T) {
	s := start(t, nil)
	other := start(t, nil)

	user := s.IssueUserToken(time.Hour)
	c, err := s.Verify(user)
	if err != nil || c.IsAppOnly() {
		t.Fatalf("user token: %v %+v", err, c)
	}
	app := s.IssueAppToken(time.Hour)
	c, err = s.Verify(app)
	if err != nil || !c.IsAppOnly() || c.ObjectID != ServicePrincipalObjectID {
		t.Fatalf("app token: %v %+v", err, c)
	}

	// The wire format: header alg/typ/kid; aud a string, not an array.
	parts := strings.Split(user, ".")
	hdr, _ := base64.RawURLEncoding.DecodeString(parts[0])
	var header map[string]any
	_ = json.Unmarshal(hdr, &header)
	if header["alg"] != "RS256" || header["typ"] != "JWT" || header["kid"] != s.KeyID() {
		t.Errorf("header %s", hdr)
	}
	payload, _ := base64.RawURLEncoding.DecodeString(parts[1])
	var raw map[string]any
	_ = json.Unmarshal(payload, &raw)
	if raw["aud"] != PartnerCenterAudience || raw["iss"] != "https://sts.windows.net/"+testTenant+"/" || raw["ver"] != "1.0" {
		t.Errorf("payload %s", payload)
	}

	// Tampered: same signature, upn changed.
	raw["upn"] = "mallory@evil.example"
	forged, _ := json.Marshal(raw)
	tampered := parts[0] + "." + base64.RawURLEncoding.EncodeToString(forged) + "." + parts[2]

	signWith := func(key *rsa.PrivateKey, mutate func(jwt.MapClaims)) string {
		claims := jwt.MapClaims{
			"aud": PartnerCenterAudience, "iss": s.Issuer(), "tid": testTenant, "appid": testClient,
			"iat": time.Now().Unix(), "nbf": time.Now().Unix(), "exp": time.Now().Add(time.Hour).Unix(),
			"idtyp": "user", "scp": "user_impersonation", "ver": "1.0",
		}
		mutate(claims)
		tok := jwt.NewWithClaims(jwt.SigningMethodRS256, claims)
		out, err := tok.SignedString(key)
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	noop := func(jwt.MapClaims) {}
	if _, err := s.Verify(signWith(s.key, noop)); err != nil {
		t.Fatalf("control: %v", err)
	}
	for name, tok := range map[string]string{
		"tampered":       tampered,
		"expired user":   s.IssueUserToken(-time.Minute),
		"expired app":    s.IssueAppToken(-time.Hour),
		"foreign":        other.IssueUserToken(time.Hour),
		"foreign key":    signWith(other.key, noop),
		"wrong audience": signWith(s.key, func(c jwt.MapClaims) { c["aud"] = "https://graph.microsoft.com" }),
		"wrong issuer":   signWith(s.key, func(c jwt.MapClaims) { c["iss"] = "https://sts.windows.net/" + uuid.NewString() + "/" }),
		"wrong tenant":   signWith(s.key, func(c jwt.MapClaims) { c["tid"] = uuid.NewString() }),
		"no exp":         signWith(s.key, func(c jwt.MapClaims) { delete(c, "exp") }),
		"not yet valid":  signWith(s.key, func(c jwt.MapClaims) { c["nbf"] = time.Now().Add(10 * time.Minute).Unix() }),
		"none alg":       mustNone(t),
		"not a jwt":      "opaque-token",
	} {
		if _, err := s.Verify(tok); err == nil {
			t.Errorf("%s: Verify accepted it", name)
		}
	}
	// HS256 with the public key as the secret (alg confusion).
	hs := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims{"aud": PartnerCenterAudience, "iss": s.Issuer(), "tid": testTenant, "exp": time.Now().Add(time.Hour).Unix()})
	der, _ := x509.MarshalPKIXPublicKey(s.PublicKey())
	hsTok, _ := hs.SignedString(der)
	if _, err := s.Verify(hsTok); err == nil {
		t.Error("HS256: Verify accepted it")
	}
}

func mustNone(t *testing.T) string {
	tok := jwt.NewWithClaims(jwt.SigningMethodNone, jwt.MapClaims{"aud": PartnerCenterAudience, "tid": testTenant, "exp": time.Now().Add(time.Hour).Unix()})
	s, err := tok.SignedString(jwt.UnsafeAllowNoneSignatureType)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestIsAppOnly(t *testing.T) {
	for _, tc := range []struct {
		c    Claims
		want bool
	}{
		{Claims{IDType: "app"}, true},
		{Claims{IDType: "app", ObjectID: ServicePrincipalObjectID}, true},
		{Claims{IDType: "user", Scope: "user_impersonation", UPN: "a@b"}, false},
		{Claims{IDType: "user"}, false},
		{Claims{Scope: "user_impersonation", ObjectID: UserObjectID}, false},
		{Claims{ObjectID: ServicePrincipalObjectID, Roles: []string{"x"}}, true},
		{Claims{}, true},
	} {
		if got := tc.c.IsAppOnly(); got != tc.want {
			t.Errorf("%+v: IsAppOnly = %v", tc.c, got)
		}
	}
}

// A client assertion as internal/auth makes it: RS256, base64url x5t and x5t#S256.
func TestClientAssertion(t *testing.T) {
	_, keyPEM, cert, err := GenerateClientCertificate("fakeentra-test")
	if err != nil {
		t.Fatal(err)
	}
	key := parseKey(t, keyPEM)
	_, otherKeyPEM, otherCert, err := GenerateClientCertificate("other")
	if err != nil {
		t.Fatal(err)
	}
	otherKey := parseKey(t, otherKeyPEM)
	s := start(t, func(o *Options) { o.ClientSecret, o.ClientCertificate = "", cert })

	assertion := func(method jwt.SigningMethod, key *rsa.PrivateKey, hdrCert *x509.Certificate, mutate func(jwt.MapClaims)) string {
		now := time.Now()
		claims := jwt.MapClaims{"aud": s.TokenURL(), "iss": testClient, "sub": testClient, "jti": uuid.NewString(),
			"nbf": now.Unix(), "iat": now.Unix(), "exp": now.Add(5 * time.Minute).Unix()}
		if mutate != nil {
			mutate(claims)
		}
		tok := jwt.NewWithClaims(method, claims)
		if hdrCert != nil {
			sum := sha1.Sum(hdrCert.Raw) //nolint:gosec
			tok.Header["x5t"] = base64.RawURLEncoding.EncodeToString(sum[:])
		}
		out, err := tok.SignedString(key)
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	form := func(a string) url.Values {
		return url.Values{"grant_type": {"client_credentials"}, "client_id": {testClient}, "scope": {ScopeDefault},
			"client_assertion_type": {clientAssertionType}, "client_assertion": {a}}
	}
	for name, a := range map[string]string{
		"RS256":         assertion(jwt.SigningMethodRS256, key, cert, nil),
		"PS256":         assertion(jwt.SigningMethodPS256, key, cert, nil),
		"no thumbprint": assertion(jwt.SigningMethodRS256, key, nil, nil),
	} {
		if r := postToken(t, s, form(a)); r.status != http.StatusOK {
			t.Errorf("%s: %s", name, r.raw)
		}
	}
	// Refresh grant with an assertion.
	f := form(assertion(jwt.SigningMethodRS256, key, cert, nil))
	f.Set("grant_type", "refresh_token")
	f.Set("refresh_token", testRT)
	if r := postToken(t, s, f); r.status != http.StatusOK {
		t.Errorf("refresh with assertion: %s", r.raw)
	}

	for name, a := range map[string]string{
		"other key":          assertion(jwt.SigningMethodRS256, otherKey, nil, nil),
		"other thumbprint":   assertion(jwt.SigningMethodRS256, key, otherCert, nil),
		"wrong aud":          assertion(jwt.SigningMethodRS256, key, cert, func(c jwt.MapClaims) { c["aud"] = s.URL() + "/" + testTenant + "/v2.0" }),
		"wrong iss":          assertion(jwt.SigningMethodRS256, key, cert, func(c jwt.MapClaims) { c["iss"] = "someone" }),
		"wrong sub":          assertion(jwt.SigningMethodRS256, key, cert, func(c jwt.MapClaims) { c["sub"] = "someone" }),
		"expired":            assertion(jwt.SigningMethodRS256, key, cert, func(c jwt.MapClaims) { c["exp"] = time.Now().Add(-time.Minute).Unix() }),
		"no exp":             assertion(jwt.SigningMethodRS256, key, cert, func(c jwt.MapClaims) { delete(c, "exp") }),
		"HS256":              hs256(t, s),
		"malformed":          "not-a-jwt",
		"server's own token": s.IssueAppToken(time.Hour),
	} {
		r := postToken(t, s, form(a))
		wantError(t, r, http.StatusUnauthorized, "invalid_client", 700027)
		if strings.Contains(r.raw, a) {
			t.Errorf("%s: the reply echoes the assertion", name)
		}
	}
	f = form(assertion(jwt.SigningMethodRS256, key, cert, nil))
	f.Set("client_assertion_type", "urn:something:else")
	wantError(t, postToken(t, s, f), http.StatusBadRequest, "invalid_request", 700027)
}

func hs256(t *testing.T, s *Server) string {
	tok := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims{"aud": s.TokenURL(), "iss": testClient, "sub": testClient, "exp": time.Now().Add(time.Minute).Unix()})
	out, err := tok.SignedString([]byte("k"))
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func parseKey(t *testing.T, keyPEM []byte) *rsa.PrivateKey {
	t.Helper()
	key, err := jwt.ParseRSAPrivateKeyFromPEM(keyPEM)
	if err != nil {
		t.Fatal(err)
	}
	return key
}
