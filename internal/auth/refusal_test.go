package auth

import (
	"context"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"

	"golang.org/x/oauth2"

	"github.com/partnercenter-terraform/terraform-provider-partnercenter/internal/fakeentra"
)

// A refused refresh token is sent to Entra once per run, whatever the
// number of reads asking for a token, at once or one after another.
func TestRefusedRefreshTokenIsSentOnce(t *testing.T) {
	for _, reason := range []fakeentra.RefreshTokenRefusal{fakeentra.RefreshTokenExpired, fakeentra.SignInFrequency, fakeentra.GrantRevoked} {
		entra := startEntra(t, nil)
		entra.RefuseRefreshTokens(reason)
		settings := entraSettings(entra)
		settings.RefreshToken = "initial-refresh-token-f00d"
		src, err := NewSource(settings)
		if err != nil {
			t.Fatal(err)
		}
		const readers = 8
		errs := make([]error, readers+2)
		var wg sync.WaitGroup
		for i := range readers {
			wg.Go(func() { _, errs[i] = src.Token(context.Background()) })
		}
		wg.Wait()
		_, errs[readers] = src.Token(context.Background())
		_, errs[readers+1] = src.Token(context.Background())
		for i, err := range errs {
			var te *TokenError
			if !errors.As(err, &te) || !te.HasCode(int(reason)) || te.OAuthError != "invalid_grant" || !te.Refused() ||
				te.Status != http.StatusBadRequest {
				t.Fatalf("%d: call %d: %#v, want a refusal with code %d", reason, i, err, reason)
			}
		}
		if n := entra.TokenRequests(); n != 1 {
			t.Errorf("%d: the refused refresh token was sent %d times, want once", reason, n)
		}
	}
}

// A failure that is not a refusal is not remembered: the next read asks
// again.
func TestTokenFailureThatIsNoRefusalIsAskedAgain(t *testing.T) {
	entra := startEntra(t, nil)
	entra.FailNextTokenRequests(1, http.StatusServiceUnavailable, "temporarily_unavailable", 50196, "The server is busy.")
	settings := entraSettings(entra)
	settings.RefreshToken = "initial-refresh-token-f00d"
	src, _ := NewSource(settings)
	var te *TokenError
	if _, err := src.Token(context.Background()); !errors.As(err, &te) || te.Refused() {
		t.Fatalf("first: %v (refused %v), want a failure that is no refusal", err, te != nil && te.Refused())
	}
	if _, err := src.Token(context.Background()); err != nil {
		t.Fatalf("second: %v", err)
	}
	if n := entra.TokenRequests(); n != 2 {
		t.Errorf("%d token requests, want 2", n)
	}
}

// The codes come from Entra's error_codes and suberror, not the text.
func TestTokenErrorCodesFromTheJSONAnswer(t *testing.T) {
	err := &oauth2.RetrieveError{
		Response:         &http.Response{StatusCode: http.StatusBadRequest},
		Body:             []byte(`{"error":"invalid_grant","suberror":"bad_token","error_codes":[50173],"error_description":"AADSTS700082: text that says otherwise"}`),
		ErrorCode:        "invalid_grant",
		ErrorDescription: "AADSTS700082: text that says otherwise",
	}
	te := describeTokenError(MethodRefreshToken, err)
	if !slices.Equal(te.Codes, []int{50173}) || te.AADSTS != "AADSTS50173" || te.Suberror != "bad_token" || !te.Refused() {
		t.Errorf("%+v", te)
	}
}

// azidentity's error keeps Entra's answer: the client credentials' codes
// come from it too, and a wrong secret is sent once.
func TestClientCredentialsRefusalCodes(t *testing.T) {
	entra := startEntra(t, nil)
	settings := entraSettings(entra)
	settings.ClientSecret = "wrong-secret-value"
	src, err := NewSource(settings)
	if err != nil {
		t.Fatal(err)
	}
	for range 2 {
		_, err := src.Token(context.Background())
		var te *TokenError
		if !errors.As(err, &te) || !te.HasCode(7000215) || te.OAuthError != "invalid_client" || te.Status != http.StatusUnauthorized || !te.Refused() {
			t.Fatalf("%#v", err)
		}
	}
	if n := entra.TokenRequests(); n != 1 {
		t.Errorf("the wrong secret was sent %d times, want once", n)
	}
}

// The Azure CLI shows Entra's refusal in its output only: the code is read
// from there, and az is not asked again.
func TestAzureCLIRefusalCode(t *testing.T) {
	dir := t.TempDir()
	calls := filepath.Join(dir, "calls")
	script := "#!/bin/sh\necho x >> '" + calls + "'\n" +
		"echo 'ERROR: AADSTS70043: The refresh token has expired or is invalid due to sign-in frequency checks by conditional access.' >&2\nexit 1\n"
	if err := os.WriteFile(filepath.Join(dir, "az"), []byte(script), 0o700); err != nil { //nolint:gosec // G306: the fake az must be executable
		t.Fatal(err)
	}
	t.Setenv("PATH", dir+string(os.PathListSeparator)+os.Getenv("PATH"))
	src, err := NewSource(Settings{UseCLI: true, Cloud: PublicCloud})
	if err != nil {
		t.Fatal(err)
	}
	for range 2 {
		_, err := src.Token(context.Background())
		var te *TokenError
		if !errors.As(err, &te) || !te.HasCode(70043) || !te.Refused() {
			t.Fatalf("%#v", err)
		}
	}
	if b, _ := os.ReadFile(calls); len(b) != 2 {
		t.Errorf("az was run %d times, want once", len(b)/2)
	}
}
