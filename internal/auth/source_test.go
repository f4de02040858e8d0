package auth

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/partnercenter-terraform/terraform-provider-partnercenter/internal/fakeentra"
)

// These tests drive the real x/oauth2 and azidentity code against a fake
// Entra ID over TLS.

const (
	testTenant   = "72f988bf-86f1-41af-91ab-2d7cd011db47"
	testClientID = "9b3c2b2e-6b0a-4f3e-9d8e-1a2b3c4d5e6f"
	testSecret   = "fake-client-secret-value-7d1c"
)

func startEntra(t *testing.T, mutate func(*fakeentra.Options)) *fakeentra.Server {
	t.Helper()
	opts := fakeentra.Options{TenantID: testTenant, ClientID: testClientID, ClientSecret: testSecret, RefreshToken: "initial-refresh-token-f00d"}
	if mutate != nil {
		mutate(&opts)
	}
	s, err := fakeentra.Start(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	return s
}

func entraSettings(s *fakeentra.Server) Settings {
	cloud := PublicCloud
	cloud.AuthorityHost = s.URL() + "/"
	return Settings{
		TenantID: testTenant, ClientID: testClientID, ClientSecret: testSecret,
		Cloud: cloud, CustomAuthority: true, HTTPClient: s.Client(),
	}
}

func TestRefreshTokenGrantWithRotation(t *testing.T) {
	entra := startEntra(t, func(o *fakeentra.Options) {
		o.RotateRefreshTokens = true
		// Shorter than refreshEarly: every Token call must redeem again,
		// each time with the refresh token the previous answer rotated in.
		o.AccessTokenLifetime = time.Minute
	})
	settings := entraSettings(entra)
	settings.RefreshToken = "initial-refresh-token-f00d"
	src, err := NewSource(settings)
	if err != nil {
		t.Fatal(err)
	}
	if src.Method() != MethodRefreshToken || !strings.Contains(src.Describe(), testClientID) || strings.Contains(src.Describe(), testSecret) {
		t.Errorf("method %q, description %q", src.Method(), src.Describe())
	}
	for i := range 3 {
		token, err := src.Token(context.Background())
		if err != nil {
			t.Fatalf("redemption %d: %v", i+1, err)
		}
		claims, err := entra.Verify(token)
		if err != nil || claims.IsAppOnly() {
			t.Fatalf("redemption %d: claims %+v, %v; want a verified App+User token", i+1, claims, err)
		}
	}
	if n := entra.TokenRequestsByGrant("refresh_token"); n != 3 {
		t.Errorf("%d refresh_token requests, want 3", n)
	}
	// Entra leaves a redeemed refresh token valid, so only the log shows
	// that each redemption sent the newest one: the first, then the ones
	// rotated in.
	var sent []int
	for _, r := range entra.Requests() {
		sent = append(sent, r.RefreshToken)
	}
	if !slices.Equal(sent, []int{1, 2, 3}) {
		t.Errorf("redeemed refresh tokens %v, want [1 2 3]", sent)
	}
}

func TestParallelReadsShareOneTokenRequest(t *testing.T) {
	entra := startEntra(t, func(o *fakeentra.Options) { o.RotateRefreshTokens = true })
	settings := entraSettings(entra)
	settings.RefreshToken = "initial-refresh-token-f00d"
	src, err := NewSource(settings)
	if err != nil {
		t.Fatal(err)
	}
	const readers = 64
	var wg sync.WaitGroup
	tokens := make([]string, readers)
	errs := make([]error, readers)
	for i := range readers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			tokens[i], errs[i] = src.Token(context.Background())
		}()
	}
	wg.Wait()
	for i := range readers {
		if errs[i] != nil || tokens[i] != tokens[0] {
			t.Fatalf("reader %d: %q, %v; want the shared token", i, tokens[i], errs[i])
		}
	}
	if n := entra.TokenRequests(); n != 1 {
		t.Errorf("%d token requests for %d parallel readers, want exactly 1", n, readers)
	}
}

func TestInvalidateFetchesOnceForManyRefusals(t *testing.T) {
	entra := startEntra(t, nil)
	settings := entraSettings(entra)
	settings.RefreshToken = "initial-refresh-token-f00d"
	src, _ := NewSource(settings)
	first, err := src.Token(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for range 5 {
		src.Invalidate(first) // five reads refused with the same token
	}
	second, err := src.Token(context.Background())
	if err != nil || second == first {
		t.Fatalf("after Invalidate: %q, %v; want a new token", second, err)
	}
	src.Invalidate(first) // a late refusal of the old token keeps the new one
	third, _ := src.Token(context.Background())
	if third != second {
		t.Error("a refusal of an old token dropped the new one")
	}
	if n := entra.TokenRequests(); n != 2 {
		t.Errorf("%d token requests, want 2", n)
	}
}

func TestRefreshTokenGrantWithCertificate(t *testing.T) {
	certPEM, keyPEM, cert, err := fakeentra.GenerateClientCertificate("partnercenter-test")
	if err != nil {
		t.Fatal(err)
	}
	entra := startEntra(t, func(o *fakeentra.Options) { o.ClientSecret = ""; o.ClientCertificate = cert })
	settings := entraSettings(entra)
	settings.ClientSecret = ""
	settings.ClientCertificate = append(append([]byte{}, certPEM...), keyPEM...)
	settings.RefreshToken = "initial-refresh-token-f00d"
	src, err := NewSource(settings)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := src.Token(context.Background()); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(src.Describe(), "client certificate") {
		t.Errorf("description %q", src.Describe())
	}
}

func TestEntraErrorsAreExplainedWithoutSecrets(t *testing.T) {
	cases := []struct {
		name    string
		prepare func(*fakeentra.Server, *Settings)
		oauth   string
		aadsts  string
	}{
		{"revoked refresh token", func(e *fakeentra.Server, _ *Settings) { e.RefuseRefreshTokens(fakeentra.RefreshTokenExpired) }, "invalid_grant", "AADSTS700082"},
		{"unknown refresh token", func(_ *fakeentra.Server, s *Settings) { s.RefreshToken = "made-up" }, "invalid_grant", "AADSTS70000"},
		{"wrong secret", func(_ *fakeentra.Server, s *Settings) { s.ClientSecret = "wrong-secret-value" }, "invalid_client", "AADSTS7000215"},
		{"injected failure", func(e *fakeentra.Server, _ *Settings) {
			e.FailNextTokenRequests(1, 400, "invalid_grant", 50076, "Due to a configuration change made by your administrator, you must use multi-factor authentication.")
		}, "invalid_grant", "AADSTS50076"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			entra := startEntra(t, nil)
			settings := entraSettings(entra)
			settings.RefreshToken = "initial-refresh-token-f00d"
			tc.prepare(entra, &settings)
			src, err := NewSource(settings)
			if err != nil {
				t.Fatal(err)
			}
			_, err = src.Token(context.Background())
			var te *TokenError
			if !errors.As(err, &te) {
				t.Fatalf("err = %v (%T), want a TokenError", err, err)
			}
			if te.OAuthError != tc.oauth || te.AADSTS != tc.aadsts {
				t.Errorf("oauth %q aadsts %q, want %q %q (%v)", te.OAuthError, te.AADSTS, tc.oauth, tc.aadsts, err)
			}
			// The next step, which names the provider's arguments, is the
			// provider's: TestTokenErrorNextSteps checks it for these cases.
			for _, secret := range []string{settings.ClientSecret, settings.RefreshToken, testSecret} {
				if strings.Contains(err.Error(), secret) {
					t.Errorf("the error shows a secret: %v", err)
				}
			}
		})
	}
}

func TestClientCredentialsAreAppOnly(t *testing.T) {
	certPEM, keyPEM, cert, err := fakeentra.GenerateClientCertificate("partnercenter-test")
	if err != nil {
		t.Fatal(err)
	}
	cases := map[string]func(*Settings){
		"client secret": func(*Settings) {},
		"client certificate": func(s *Settings) {
			s.ClientSecret = ""
			s.ClientCertificate = append(append([]byte{}, certPEM...), keyPEM...)
		},
	}
	for name, mutate := range cases {
		t.Run(name, func(t *testing.T) {
			entra := startEntra(t, func(o *fakeentra.Options) { o.ClientCertificate = cert })
			settings := entraSettings(entra)
			mutate(&settings)
			src, err := NewSource(settings)
			if err != nil {
				t.Fatal(err)
			}
			if src.Method() != MethodClientCredentials {
				t.Fatalf("method %q", src.Method())
			}
			token, err := src.Token(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if err := src.VerifyAppUser(token); !errors.Is(err, ErrAppOnlyToken) {
				t.Fatalf("err = %v, want ErrAppOnlyToken for reads that need App+User", err)
			}
			if n := entra.TokenRequestsByGrant("client_credentials"); n != 1 {
				t.Errorf("%d client_credentials requests, want 1", n)
			}
			if claims, err := entra.Verify(token); err != nil || !claims.IsAppOnly() {
				t.Errorf("claims %+v, %v", claims, err)
			}
		})
	}
}

// fakeAz puts an `az` on PATH that prints token JSON, as the Azure CLI does,
// and logs the arguments it was given.
func fakeAz(t *testing.T, tokenJSON string, exitCode int) (argsLog string) {
	t.Helper()
	dir := t.TempDir()
	argsLog = filepath.Join(dir, "args.log")
	response := filepath.Join(dir, "response.json")
	if err := os.WriteFile(response, []byte(tokenJSON), 0o600); err != nil {
		t.Fatal(err)
	}
	script := "#!/bin/sh\necho \"$@\" >> '" + argsLog + "'\n"
	if exitCode != 0 {
		script += "echo 'ERROR: Please run az login to setup account.' >&2\nexit " + string(rune('0'+exitCode)) + "\n"
	} else {
		script += "cat '" + response + "'\n"
	}
	if err := os.WriteFile(filepath.Join(dir, "az"), []byte(script), 0o700); err != nil { //nolint:gosec // G306: the fake az must be executable
		t.Fatal(err)
	}
	t.Setenv("PATH", dir+string(os.PathListSeparator)+os.Getenv("PATH"))
	return argsLog
}

func TestAzureCLI(t *testing.T) {
	entra := startEntra(t, nil)
	userToken := entra.IssueUserToken(time.Hour)
	argsLog := fakeAz(t, `{"accessToken":"`+userToken+`","expires_on":`+
		strconv.FormatInt(time.Now().Add(time.Hour).Unix(), 10)+`,"tokenType":"Bearer"}`, 0)
	src, err := NewSource(Settings{UseCLI: true, TenantID: testTenant, Cloud: PublicCloud})
	if err != nil {
		t.Fatal(err)
	}
	token, err := src.Token(context.Background())
	if err != nil || token != userToken {
		t.Fatalf("Token = %q, %v", token, err)
	}
	args, _ := os.ReadFile(argsLog)
	if !strings.Contains(string(args), "get-access-token") || !strings.Contains(string(args), "--resource https://api.partnercenter.microsoft.com") ||
		!strings.Contains(string(args), "--tenant "+testTenant) {
		t.Errorf("az was called with %q", args)
	}
}

func TestAzureCLINotLoggedIn(t *testing.T) {
	fakeAz(t, "", 1)
	src, err := NewSource(Settings{UseCLI: true, Cloud: PublicCloud})
	if err != nil {
		t.Fatal(err)
	}
	_, err = src.Token(context.Background())
	var te *TokenError
	if !errors.As(err, &te) || te.Method != MethodAzureCLI {
		t.Fatalf("err = %v", err)
	}
}

func TestTokenWaitStopsWithTheContext(t *testing.T) {
	entra := startEntra(t, nil)
	settings := entraSettings(entra)
	settings.RefreshToken = "initial-refresh-token-f00d"
	src, _ := NewSource(settings)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := src.Token(ctx); !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
}
