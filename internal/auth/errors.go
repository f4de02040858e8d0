package auth

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/runtime"
	"github.com/Azure/azure-sdk-for-go/sdk/azidentity"
	"golang.org/x/oauth2"
)

// TokenError is a failure to obtain a token, reduced to what the user can
// act on: the method, Entra ID's error and AADSTS codes, and its
// description. It never holds a secret: x/oauth2 and azidentity errors
// carry Entra's reply, which echoes none.
//
// What to do next is decided from Codes, OAuthError and Suberror, never
// from Description, whose text Entra may word differently or translate
// (docs/development/partner-center-api.md, "Sign-in facts from the field").
type TokenError struct {
	Method     Method
	OAuthError string // Entra's error, e.g. invalid_grant
	Suberror   string // Entra's suberror, when it sends one
	// Codes are Entra's error_codes, the AADSTS numbers (700082 for
	// AADSTS700082); from the message's AADSTS<n> where no JSON answer
	// was seen (the Azure CLI's output).
	Codes       []int
	AADSTS      string // the first code as Entra writes it, e.g. AADSTS70000, for messages
	Description string // Entra's description, first line
	// Status is the token endpoint's HTTP status; 0 when none was seen.
	Status int
	Err    error
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

// HasCode reports whether Entra answered with AADSTS code.
func (e *TokenError) HasCode(code int) bool { return slices.Contains(e.Codes, code) }

// Refused reports whether Entra refused the request itself, as opposed to
// failing to answer it: asking again in the same run would send the same
// credential to be refused the same way. A throttled or failed answer
// (429, 5xx) is not a refusal.
func (e *TokenError) Refused() bool {
	switch {
	case e.Status == http.StatusTooManyRequests || e.Status >= 500:
		return false
	case e.Status >= 400:
		return e.OAuthError != "" || len(e.Codes) > 0
	default:
		// The Azure CLI shows Entra's refusal in its output only.
		return e.Method == MethodAzureCLI && len(e.Codes) > 0
	}
}

var aadstsCode = regexp.MustCompile(`AADSTS(\d+)`)

// entraErrorBody is the token endpoint's JSON error answer, the parts a
// next step is decided from.
type entraErrorBody struct {
	Error      string `json:"error"`
	Suberror   string `json:"suberror"`
	ErrorCodes []int  `json:"error_codes"`
}

// describeTokenError turns a token source's error into a TokenError.
func describeTokenError(method Method, err error) *TokenError {
	te := &TokenError{Method: method, Err: err}
	var retrieve *oauth2.RetrieveError
	var authFailed *azidentity.AuthenticationFailedError
	switch {
	case errors.As(err, &retrieve):
		te.OAuthError = retrieve.ErrorCode
		te.Description = firstLine(retrieve.ErrorDescription)
		if retrieve.Response != nil {
			te.Status = retrieve.Response.StatusCode
			if te.Description == "" {
				te.Description = fmt.Sprintf("HTTP %d from the token endpoint", te.Status)
			}
		}
		te.readBody(retrieve.Body)
	case errors.As(err, &authFailed):
		te.Description = aadstsLine(authFailed.Error(), firstLine(authFailed.Error()))
		if resp := authFailed.RawResponse; resp != nil {
			te.Status = resp.StatusCode
			if body, err := runtime.Payload(resp); err == nil {
				te.readBody(body)
			}
		}
	default:
		te.Description = firstLine(err.Error())
	}
	if len(te.Codes) == 0 {
		// No JSON answer with error_codes: the codes the text names.
		for _, m := range aadstsCode.FindAllStringSubmatch(err.Error(), -1) {
			if n, err := strconv.Atoi(m[1]); err == nil && !te.HasCode(n) {
				te.Codes = append(te.Codes, n)
			}
		}
	}
	if len(te.Codes) > 0 {
		te.AADSTS = "AADSTS" + strconv.Itoa(te.Codes[0])
	}
	return te
}

// readBody takes the error, suberror and error_codes of Entra's JSON
// answer; a body that is not one leaves te as it is.
func (te *TokenError) readBody(body []byte) {
	var parsed entraErrorBody
	if json.Unmarshal(body, &parsed) != nil {
		return
	}
	if te.OAuthError == "" {
		te.OAuthError = parsed.Error
	}
	te.Suberror = parsed.Suberror
	te.Codes = parsed.ErrorCodes
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
