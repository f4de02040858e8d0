package provider

import (
	"encoding/base64"
	"errors"
	"fmt"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/partnercenter-terraform/terraform-provider-partnercenter/internal/auth"
	"github.com/partnercenter-terraform/terraform-provider-partnercenter/internal/client"
)

// Limits of the retry and timeout arguments.
const (
	defaultRequestTimeout = 60 * time.Second
	maxRequestTimeout     = 10 * time.Minute
	maxMaxRetries         = 20
	// defaultMaxConcurrentRequests matches Terraform's default -parallelism.
	defaultMaxConcurrentRequests = 10
	maxMaxConcurrentRequests     = 100
	// defaultMaxReadSizeMiB leaves a quarter of Terraform's 256 MiB plugin
	// message to spare; maxMaxReadSizeMiB leaves room for the message's
	// other fields.
	defaultMaxReadSizeMiB = 192
	maxMaxReadSizeMiB     = 240
)

type providerModel struct {
	Environment               types.String `tfsdk:"environment"`
	Endpoint                  types.String `tfsdk:"endpoint"`
	AuthEndpoint              types.String `tfsdk:"auth_endpoint"`
	AuthMethod                types.String `tfsdk:"auth_method"`
	AccessToken               types.String `tfsdk:"access_token"`
	TenantID                  types.String `tfsdk:"tenant_id"`
	ClientID                  types.String `tfsdk:"client_id"`
	ClientSecret              types.String `tfsdk:"client_secret"`
	ClientCertificate         types.String `tfsdk:"client_certificate"`
	ClientCertificatePath     types.String `tfsdk:"client_certificate_path"`
	ClientCertificatePassword types.String `tfsdk:"client_certificate_password"`
	RefreshToken              types.String `tfsdk:"refresh_token"`
	UseCLI                    types.Bool   `tfsdk:"use_cli"`
	CACertificateFile         types.String `tfsdk:"ca_certificate_file"`
	Locale                    types.String `tfsdk:"locale"`
	MaxRetries                types.Int64  `tfsdk:"max_retries"`
	MaxConcurrentRequests     types.Int64  `tfsdk:"max_concurrent_requests"`
	RequestTimeout            types.String `tfsdk:"request_timeout"`
	MaxReadSizeMiB            types.Int64  `tfsdk:"max_read_size_mib"`
}

// settings are the provider arguments after config, environment and
// defaults have been applied, in that order of precedence.
type settings struct {
	endpoint       *url.URL
	locale         string
	caPEM          []byte
	maxRetries     int
	maxConcurrent  int
	requestTimeout time.Duration
	maxReadBytes   int64
	auth           auth.Settings
}

// environ reads the process environment; tests pass their own.
type environ struct {
	lookup   func(string) (string, bool)
	readFile func(string) ([]byte, error)
}

var processEnviron = environ{lookup: os.LookupEnv, readFile: os.ReadFile}

// resolver applies config, then environment variable, then default, and
// names the argument and its variable in every error.
type resolver struct {
	env   environ
	diags diag.Diagnostics
}

func (r *resolver) str(attr string, configured types.String, fallback string) string {
	if !configured.IsNull() {
		return configured.ValueString()
	}
	if v, ok := r.env.lookup(envFor[attr]); ok && v != "" {
		return v
	}
	return fallback
}

func (r *resolver) fail(attr, summary, detail string) {
	r.diags.AddAttributeError(path.Root(attr), summary,
		fmt.Sprintf("%s (from the %s argument or the %s environment variable)", detail, attr, envFor[attr]))
}

func resolveSettings(config providerModel, env environ) (settings, diag.Diagnostics) {
	r := &resolver{env: env}
	r.refuseUnknown(config)
	if r.diags.HasError() {
		return settings{}, r.diags
	}
	var s settings

	cloudName := r.str("environment", config.Environment, auth.PublicCloud.Name)
	cloud, ok := auth.CloudByName(cloudName)
	if !ok {
		r.fail("environment", "Invalid Partner Center Environment",
			fmt.Sprintf("%q is not a Partner Center environment; valid values are %s", cloudName, strings.Join(auth.CloudNames(), ", ")))
	}
	customAuthority := false
	if raw := r.str("auth_endpoint", config.AuthEndpoint, ""); raw != "" {
		if u, err := client.ParseEndpoint(raw); err != nil {
			r.fail("auth_endpoint", "Invalid Entra ID Endpoint", err.Error())
		} else {
			cloud.AuthorityHost = strings.TrimSuffix(u.String(), "/") + "/"
			customAuthority = true
		}
	}
	endpoint := r.str("endpoint", config.Endpoint, cloud.APIEndpoint)
	if u, err := client.ParseEndpoint(endpoint); err != nil {
		r.fail("endpoint", "Invalid Partner Center Endpoint", err.Error())
	} else {
		s.endpoint = u
	}

	s.auth = auth.Settings{
		Method:                    auth.Method(r.str("auth_method", config.AuthMethod, "")),
		AccessToken:               r.str("access_token", config.AccessToken, ""),
		TenantID:                  r.str("tenant_id", config.TenantID, ""),
		ClientID:                  r.str("client_id", config.ClientID, ""),
		ClientSecret:              r.str("client_secret", config.ClientSecret, ""),
		ClientCertificatePassword: r.str("client_certificate_password", config.ClientCertificatePassword, ""),
		RefreshToken:              r.str("refresh_token", config.RefreshToken, ""),
		UseCLI:                    r.boolean("use_cli", config.UseCLI),
		ClientCertificate:         r.clientCertificate(config),
		Cloud:                     cloud,
		CustomAuthority:           customAuthority,
	}
	if file := r.str("ca_certificate_file", config.CACertificateFile, ""); file != "" {
		pem, err := env.readFile(file)
		if err != nil {
			r.fail("ca_certificate_file", "Unreadable CA Certificate File", err.Error())
		}
		s.caPEM = pem
	}
	s.maxRetries = r.integer("max_retries", "Invalid Max Retries", config.MaxRetries, client.DefaultRetryPolicy.MaxRetries, 0, maxMaxRetries)
	s.maxConcurrent = r.integer("max_concurrent_requests", "Invalid Max Concurrent Requests", config.MaxConcurrentRequests,
		defaultMaxConcurrentRequests, 1, maxMaxConcurrentRequests)
	s.requestTimeout = r.requestTimeout(config.RequestTimeout)
	s.maxReadBytes = int64(r.integer("max_read_size_mib", "Invalid Max Read Size", config.MaxReadSizeMiB,
		defaultMaxReadSizeMiB, 1, maxMaxReadSizeMiB)) << 20
	s.locale = r.str("locale", config.Locale, client.DefaultLocale)
	if !localePattern.MatchString(s.locale) {
		r.fail("locale", "Invalid Partner Center Locale", fmt.Sprintf("the locale %s; got %q", localeRule, s.locale))
	}
	return s, r.diags
}

func (r *resolver) boolean(attr string, configured types.Bool) bool {
	if !configured.IsNull() {
		return configured.ValueBool()
	}
	raw, ok := r.env.lookup(envFor[attr])
	if !ok || raw == "" {
		return false
	}
	v, err := strconv.ParseBool(raw)
	if err != nil {
		r.fail(attr, "Invalid Boolean", fmt.Sprintf("%q is not true or false", raw))
	}
	return v
}

// integer resolves a whole-number argument from lowest to highest; the
// schema's validator checks a configured value, this one the variable's.
func (r *resolver) integer(attr, summary string, configured types.Int64, fallback, lowest, highest int) int {
	if !configured.IsNull() {
		return int(configured.ValueInt64())
	}
	raw, ok := r.env.lookup(envFor[attr])
	if !ok || raw == "" {
		return fallback
	}
	n, err := strconv.Atoi(raw)
	if err != nil || n < lowest || n > highest {
		r.fail(attr, summary, fmt.Sprintf("%q is not a whole number from %d to %d", raw, lowest, highest))
	}
	return n
}

func (r *resolver) requestTimeout(configured types.String) time.Duration {
	raw := r.str("request_timeout", configured, "")
	if raw == "" {
		return defaultRequestTimeout
	}
	d, err := parseRequestTimeout(raw)
	if err != nil {
		r.fail("request_timeout", "Invalid Request Timeout", err.Error())
	}
	return d
}

// parseRequestTimeout accepts a Go duration such as "30s" or "2m".
func parseRequestTimeout(raw string) (time.Duration, error) {
	d, err := time.ParseDuration(raw)
	if err != nil || d <= 0 || d > maxRequestTimeout {
		return 0, fmt.Errorf("%q is not a duration between 0 and %s, such as 30s or 2m", raw, maxRequestTimeout)
	}
	return d, nil
}

// clientCertificate reads the certificate from client_certificate (base64,
// or PEM as is) or from the file client_certificate_path names.
func (r *resolver) clientCertificate(config providerModel) []byte {
	if inline := r.str("client_certificate", config.ClientCertificate, ""); inline != "" {
		if strings.Contains(inline, "-----BEGIN") {
			return []byte(inline)
		}
		decoded, err := base64.StdEncoding.DecodeString(strings.TrimSpace(inline))
		if err != nil {
			r.fail("client_certificate", "Invalid Client Certificate", "the value is neither PEM nor base64")
			return nil
		}
		return decoded
	}
	if file := r.str("client_certificate_path", config.ClientCertificatePath, ""); file != "" {
		data, err := r.env.readFile(file)
		if err != nil {
			r.fail("client_certificate_path", "Unreadable Client Certificate", err.Error())
		}
		return data
	}
	return nil
}

// addCredentialError explains why no token source could be built, naming
// the arguments and environment variables to set.
func addCredentialError(diags *diag.Diagnostics, err error) {
	var joined interface{ Unwrap() []error }
	if errors.As(err, &joined) {
		for _, e := range joined.Unwrap() {
			addCredentialError(diags, e)
		}
		return
	}
	var missing *auth.MissingSettingError
	switch {
	case errors.As(err, &missing):
		args := make([]string, len(missing.Fields))
		for i, f := range missing.Fields {
			args[i] = argumentOf[f]
		}
		setting := strings.Join(args, " or ")
		diags.AddAttributeError(path.Root(args[0]), "Missing Partner Center Credential",
			fmt.Sprintf("Signing in with %s needs %s. Set the argument, or its environment variable (%s).",
				missing.Method, setting, envNames(setting)))
	case errors.Is(err, auth.ErrNoCredentials):
		diags.AddError("Missing Partner Center Credentials",
			"The provider has nothing to sign in with. Set one of:\n"+
				"  - access_token (PARTNERCENTER_ACCESS_TOKEN): an App+User token obtained elsewhere;\n"+
				"  - tenant_id, client_id, client_secret or client_certificate, and refresh_token (PARTNERCENTER_TENANT_ID, "+
				"PARTNERCENTER_CLIENT_ID, PARTNERCENTER_CLIENT_SECRET, PARTNERCENTER_REFRESH_TOKEN): the secure application model;\n"+
				"  - use_cli = true (PARTNERCENTER_USE_CLI=true): the Azure CLI's signed-in user.")
	case errors.Is(err, auth.ErrInvalidCertificate):
		diags.AddAttributeError(path.Root("client_certificate"), "Invalid Client Certificate",
			fmt.Sprintf("The certificate in client_certificate or client_certificate_path (%s, %s) cannot be used: %s",
				envFor["client_certificate"], envFor["client_certificate_path"], err))
	default:
		diags.AddError("Invalid Partner Center Credentials", err.Error())
	}
}

// argumentOf names the provider argument behind each auth.Settings field.
var argumentOf = map[auth.Field]string{
	auth.FieldAccessToken: "access_token", auth.FieldTenantID: "tenant_id", auth.FieldClientID: "client_id",
	auth.FieldClientSecret: "client_secret", auth.FieldClientCertificate: "client_certificate",
	auth.FieldRefreshToken: "refresh_token",
}

// envNames lists the environment variables of the arguments named in a
// setting such as "client_secret or client_certificate".
func envNames(setting string) string {
	var names []string
	for _, word := range strings.Fields(setting) {
		if v, ok := envFor[word]; ok {
			names = append(names, v)
		}
	}
	return strings.Join(names, " or ")
}
