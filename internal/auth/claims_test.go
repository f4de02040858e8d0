package auth

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// unsignedJWT makes a JWT-shaped token; the provider never verifies
// signatures, so any key will do.
func unsignedJWT(t *testing.T, claims jwt.MapClaims) string {
	t.Helper()
	s, err := jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString([]byte("test-key-not-a-secret"))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestAppOnlyDetection(t *testing.T) {
	exp := time.Now().Add(time.Hour).Unix()
	cases := []struct {
		name    string
		claims  jwt.MapClaims
		appOnly bool
	}{
		{"idtyp app", jwt.MapClaims{"idtyp": "app", "exp": exp, "roles": []string{}}, true},
		{"idtyp user", jwt.MapClaims{"idtyp": "user", "scp": "user_impersonation", "exp": exp}, false},
		{"no idtyp, delegated scope", jwt.MapClaims{"scp": "user_impersonation", "upn": "a@b.com", "exp": exp}, false},
		{"no idtyp, no scope", jwt.MapClaims{"appid": "x", "exp": exp}, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := checkAppUser(unsignedJWT(t, tc.claims))
			if got := errors.Is(err, ErrAppOnlyToken); got != tc.appOnly {
				t.Errorf("app-only = %v (err %v), want %v", got, err, tc.appOnly)
			}
			// Whether a call needs App+User is the call's to say.
			if err := checkExpiry(unsignedJWT(t, tc.claims), time.Now()); err != nil {
				t.Errorf("a current token refused whatever the call: %v", err)
			}
		})
	}
}

func TestExpiredTokenIsRefused(t *testing.T) {
	expired := unsignedJWT(t, jwt.MapClaims{"scp": "user_impersonation", "exp": time.Now().Add(-time.Minute).Unix()})
	var e *ExpiredTokenError
	if err := checkExpiry(expired, time.Now()); !errors.As(err, &e) {
		t.Fatalf("err = %v, want ExpiredTokenError", err)
	}
}

func TestOpaqueTokensAreSentAsIs(t *testing.T) {
	for _, token := range []string{"emulator-token", "a.b", "not.a.jwt", ""} {
		if err := errors.Join(checkExpiry(token, time.Now()), checkAppUser(token)); err != nil {
			t.Errorf("checks of %q = %v, want nil", token, err)
		}
	}
}

func TestAccessTokenSourceChecksBeforeSending(t *testing.T) {
	ctx := context.Background()
	valid := unsignedJWT(t, jwt.MapClaims{"idtyp": "user", "scp": "user_impersonation", "exp": time.Now().Add(time.Hour).Unix()})
	src, err := NewSource(Settings{AccessToken: valid, Cloud: PublicCloud})
	if err != nil {
		t.Fatal(err)
	}
	if got, err := src.Token(ctx); err != nil || got != valid {
		t.Fatalf("Token = %q, %v", got, err)
	}
	if src.Method() != MethodAccessToken || src.Describe() == "" {
		t.Errorf("method %q, description %q", src.Method(), src.Describe())
	}

	appOnly := unsignedJWT(t, jwt.MapClaims{"idtyp": "app", "exp": time.Now().Add(time.Hour).Unix()})
	src, _ = NewSource(Settings{AccessToken: appOnly, Cloud: PublicCloud})
	token, err := src.Token(ctx)
	if err != nil {
		t.Fatalf("an app-only token is a token: %v", err)
	}
	if err := src.VerifyAppUser(token); !errors.Is(err, ErrAppOnlyToken) {
		t.Errorf("app-only token on an App+User call: err = %v", err)
	}
	if err := src.VerifyAppUser(valid); err != nil {
		t.Errorf("App+User token: err = %v", err)
	}

	expired := unsignedJWT(t, jwt.MapClaims{"scp": "user_impersonation", "exp": time.Now().Add(-time.Hour).Unix()})
	src, _ = NewSource(Settings{AccessToken: expired, Cloud: PublicCloud})
	var e *ExpiredTokenError
	if _, err := src.Token(ctx); !errors.As(err, &e) {
		t.Errorf("expired token: err = %v", err)
	}
}

func FuzzPeekClaims(f *testing.F) {
	f.Add("eyJhbGciOiJIUzI1NiJ9.eyJpZHR5cCI6ImFwcCJ9.x")
	f.Add("a.b.c")
	f.Add("emulator-token")
	f.Fuzz(func(t *testing.T, token string) {
		_ = checkExpiry(token, time.Now())
		_ = checkAppUser(token)
		_ = expiryOf(token)
	})
}

func TestLacksMFA(t *testing.T) {
	sign := func(claims jwt.MapClaims) string {
		s, err := jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString([]byte("k"))
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	cases := map[string]struct {
		token string
		want  bool
	}{
		"password only":        {sign(jwt.MapClaims{"scp": "user_impersonation", "amr": []string{"pwd"}}), true},
		"password and MFA":     {sign(jwt.MapClaims{"scp": "user_impersonation", "amr": []string{"pwd", "mfa"}}), false},
		"no amr: cannot tell":  {sign(jwt.MapClaims{"scp": "user_impersonation"}), false},
		"app-only: not a user": {sign(jwt.MapClaims{"idtyp": "app", "amr": []string{"pwd"}}), false},
		"opaque":               {"opaque-token", false},
	}
	for name, tc := range cases {
		if got := LacksMFA(tc.token); got != tc.want {
			t.Errorf("%s: LacksMFA = %v, want %v", name, got, tc.want)
		}
	}
}
