// Package auth turns the provider's credential settings into a token source
// for Partner Center: a passed access token, the secure application model
// (a refresh token redeemed for App+User access tokens), the Azure CLI, or
// app-only client credentials. It caches tokens, refreshes them before they
// expire, makes one token request however many reads wait for it, and
// checks every token's claims before it is sent.
package auth

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
)

// Method names one way of signing in.
type Method string

// The ways of signing in, in the order they are chosen when no method is
// named explicitly.
const (
	MethodAccessToken       Method = "access_token"
	MethodRefreshToken      Method = "refresh_token"
	MethodAzureCLI          Method = "azure_cli"
	MethodClientCredentials Method = "client_credentials"
)

// Methods lists every method in selection order.
var Methods = []Method{MethodAccessToken, MethodRefreshToken, MethodAzureCLI, MethodClientCredentials}

// MethodNames are the valid spellings of a method, for validators.
func MethodNames() []string {
	names := make([]string, len(Methods))
	for i, m := range Methods {
		names[i] = string(m)
	}
	return names
}

// Settings are the resolved credential settings. Field comments name the
// provider argument each comes from.
type Settings struct {
	Method                    Method // auth_method; empty means choose by Select's order
	AccessToken               string // access_token
	TenantID                  string // tenant_id
	ClientID                  string // client_id
	ClientSecret              string // client_secret
	ClientCertificate         []byte // client_certificate (PEM or PKCS#12)
	ClientCertificatePassword string // client_certificate_password
	RefreshToken              string // refresh_token
	UseCLI                    bool   // use_cli

	// Cloud supplies the authority and the scope.
	Cloud Cloud
	// CustomAuthority is set when auth_endpoint overrides the cloud's
	// authority; Entra's instance discovery is then skipped, as it only
	// knows Microsoft's own hosts.
	CustomAuthority bool
	// HTTPClient carries token requests (never the API's retry policy).
	HTTPClient *http.Client
}

// Field names a Settings field, so that errors can say which setting is
// wrong without knowing what the caller calls it: the provider turns a
// Field into its argument and environment variable.
type Field string

// The Settings fields errors can name.
const (
	FieldAccessToken       Field = "AccessToken"
	FieldTenantID          Field = "TenantID"
	FieldClientID          Field = "ClientID"
	FieldClientSecret      Field = "ClientSecret"
	FieldClientCertificate Field = "ClientCertificate"
	FieldRefreshToken      Field = "RefreshToken"
)

// MissingSettingError says that the chosen method needs one of Fields.
type MissingSettingError struct {
	Method Method
	Fields []Field // any one of them will do
}

func (e *MissingSettingError) Error() string {
	names := make([]string, len(e.Fields))
	for i, f := range e.Fields {
		names[i] = string(f)
	}
	return fmt.Sprintf("the %s sign-in needs %s", e.Method, strings.Join(names, " or "))
}

// ErrNoCredentials is returned when nothing to sign in with was given.
var ErrNoCredentials = errors.New("no credentials were configured")

// ErrInvalidCertificate wraps every failure to read the client certificate.
var ErrInvalidCertificate = errors.New("the client certificate cannot be used")

// Select returns the method to use: the explicit one, or else the first
// whose settings are present, in this order: access_token, refresh_token,
// use_cli, client credentials (client_id with a secret or certificate).
func (s Settings) Select() (Method, error) {
	if s.Method != "" {
		for _, m := range Methods {
			if m == s.Method {
				return m, nil
			}
		}
		return "", fmt.Errorf("the sign-in method %q is not one of %s", s.Method, strings.Join(MethodNames(), ", "))
	}
	switch {
	case s.AccessToken != "":
		return MethodAccessToken, nil
	case s.RefreshToken != "":
		return MethodRefreshToken, nil
	case s.UseCLI:
		return MethodAzureCLI, nil
	case s.ClientID != "" && (s.ClientSecret != "" || len(s.ClientCertificate) > 0):
		return MethodClientCredentials, nil
	}
	return "", ErrNoCredentials
}

// check reports the first setting the method lacks.
func (s Settings) check(m Method) error {
	need := func(present bool, fields ...Field) error {
		if present {
			return nil
		}
		return &MissingSettingError{Method: m, Fields: fields}
	}
	secretOrCert := len(s.ClientSecret) > 0 || len(s.ClientCertificate) > 0
	switch m {
	case MethodAccessToken:
		return need(s.AccessToken != "", FieldAccessToken)
	case MethodRefreshToken:
		return errors.Join(need(s.TenantID != "", FieldTenantID), need(s.ClientID != "", FieldClientID),
			need(secretOrCert, FieldClientSecret, FieldClientCertificate), need(s.RefreshToken != "", FieldRefreshToken))
	case MethodClientCredentials:
		return errors.Join(need(s.TenantID != "", FieldTenantID), need(s.ClientID != "", FieldClientID),
			need(secretOrCert, FieldClientSecret, FieldClientCertificate))
	}
	return nil
}
