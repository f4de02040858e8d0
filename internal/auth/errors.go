package auth

import (
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/Azure/azure-sdk-for-go/sdk/azidentity"
	"golang.org/x/oauth2"
)

// TokenError is a failure to obtain a token, reduced to what the user can
// act on: the method, Entra ID's error and AADSTS code, and a next step. It
// never holds a secret: x/oauth2 and azidentity errors carry Entra's reply,
// which echoes none.
type TokenError struct {
	Method      Method
	OAuthError  string // e.g. invalid_grant
	AADSTS      string // e.g. AADSTS70000
	Description string // Entra ID's description, first line
	Err         error
}

func (e *TokenError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "signing in with %s failed", e.Method)
	if e.OAuthError != "" {
		fmt.Fprintf(&b, ": %s", e.OAuthError)
	}
	if e.Description != "" {
		fmt.Fprintf(&b, ": %s", e.Description)
	}
	return b.String()
}

func (e *TokenError) Unwrap() error { return e.Err }

var aadstsCode = regexp.MustCompile(`AADSTS\d+`)

// describeTokenError turns a token source's error into a TokenError.
func describeTokenError(method Method, err error) error {
	te := &TokenError{Method: method, Err: err}
	var retrieve *oauth2.RetrieveError
	var authFailed *azidentity.AuthenticationFailedError
	switch {
	case errors.As(err, &retrieve):
		te.OAuthError = retrieve.ErrorCode
		te.Description = firstLine(retrieve.ErrorDescription)
		if te.Description == "" && retrieve.Response != nil {
			te.Description = fmt.Sprintf("HTTP %d from the token endpoint", retrieve.Response.StatusCode)
		}
	case errors.As(err, &authFailed):
		te.Description = firstLine(authFailed.Error())
		for _, code := range []string{"invalid_grant", "invalid_client", "invalid_scope", "unauthorized_client"} {
			if strings.Contains(authFailed.Error(), code) {
				te.OAuthError = code
				break
			}
		}
		te.Description = aadstsLine(authFailed.Error(), te.Description)
	default:
		te.Description = firstLine(err.Error())
	}
	te.AADSTS = aadstsCode.FindString(te.Description)
	return te
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(strings.TrimSpace(s), "\n")
	return strings.TrimSpace(line)
}

// aadstsLine prefers the line of an azidentity error that holds the AADSTS
// code and message over its generic first line.
func aadstsLine(message, fallback string) string {
	for _, line := range strings.Split(message, "\n") {
		line = strings.TrimSpace(line)
		if idx := aadstsCode.FindStringIndex(line); idx != nil {
			return strings.Trim(line[idx[0]:], `",`)
		}
	}
	return fallback
}
