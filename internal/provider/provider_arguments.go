package provider

import (
	"context"
	"fmt"
	"reflect"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/partnercenter-terraform/terraform-provider-partnercenter/internal/auth"
	"github.com/partnercenter-terraform/terraform-provider-partnercenter/internal/client"
)

// argumentKind is how an argument is typed and shown.
type argumentKind int

const (
	stringArgument argumentKind = iota
	secretArgument              // a string that is Sensitive
	boolArgument
	int64Argument
)

// providerArgument is one row of the table of provider arguments.
type providerArgument struct {
	name string
	// env is the environment variable that stands in for the argument.
	env         string
	kind        argumentKind
	description string
	// defaultValue is written into the description; empty for none.
	defaultValue string
	strings      []validator.String
	int64s       []validator.Int64
}

// providerArguments is the one table of the provider's arguments. Each row
// drives the argument's schema attribute (its description ends with its
// environment variable and default), its environment lookup (envFor), and
// the refusal of a value unknown at plan time (refuseUnknown). An argument
// is one row here, a providerModel field, and its use in resolveSettings.
var providerArguments = []providerArgument{
	{name: "environment", env: "PARTNERCENTER_ENVIRONMENT", description: "The Partner Center cloud: `public` or `china` " +
		"(Partner Center operated by 21Vianet). Selects both the Entra ID authority and the API endpoint.",
		defaultValue: "`public`", strings: []validator.String{stringvalidator.OneOfCaseInsensitive(auth.CloudNames()...)}},
	{name: "endpoint", env: "PARTNERCENTER_ENDPOINT", description: "Partner Center API root, overriding the one " +
		"`environment` selects (`" + client.DefaultEndpoint + "` for `public`); a trailing `/v1` is accepted. Must be " +
		"`https://`; `http://` is accepted only for a loopback host such as the local emulator.",
		defaultValue: "from `environment`", strings: []validator.String{endpointValidator{}}},
	{name: "auth_endpoint", env: "PARTNERCENTER_AUTH_ENDPOINT", description: "Entra ID authority root, overriding the one " +
		"`environment` selects (`" + auth.PublicCloud.AuthorityHost + "` for `public`), for private clouds and tests. " +
		"Must be `https://`, or `http://` on a loopback host.", defaultValue: "from `environment`",
		strings: []validator.String{endpointValidator{}}},
	{name: "auth_method", env: "PARTNERCENTER_AUTH_METHOD", description: "Which credential to sign in with: `" +
		strings.Join(auth.MethodNames(), "`, `") + "`.", defaultValue: "the first one configured, in that order",
		strings: []validator.String{stringvalidator.OneOf(auth.MethodNames()...)}},
	{name: "access_token", env: "PARTNERCENTER_ACCESS_TOKEN", kind: secretArgument, description: "An App+User access " +
		"token for Partner Center, obtained elsewhere. It is checked for expiry, and for a signed-in user where a call " +
		"needs one, before it is sent.", strings: []validator.String{stringvalidator.LengthAtLeast(1)}},
	{name: "tenant_id", env: "PARTNERCENTER_TENANT_ID", description: "The partner's Entra ID tenant id (a GUID) or " +
		"primary domain, for the secure application model, client credentials, or to pick the Azure CLI's tenant.",
		strings: []validator.String{tenantIDValidator()}},
	{name: "client_id", env: "PARTNERCENTER_CLIENT_ID", description: "The application (client) id of the partner's " +
		"Entra ID app, a GUID.", strings: []validator.String{guidValidator("Client ID", "")}},
	{name: "client_secret", env: "PARTNERCENTER_CLIENT_SECRET", kind: secretArgument, description: "A client secret of the app.",
		strings: []validator.String{stringvalidator.LengthAtLeast(1),
			stringvalidator.ConflictsWith(path.MatchRoot("client_certificate"), path.MatchRoot("client_certificate_path"))}},
	{name: "client_certificate", env: "PARTNERCENTER_CLIENT_CERTIFICATE", kind: secretArgument, description: "A client " +
		"certificate of the app with its private key, base64-encoded PKCS#12 (.pfx) or PEM.",
		strings: []validator.String{stringvalidator.LengthAtLeast(1), stringvalidator.ConflictsWith(path.MatchRoot("client_certificate_path"))}},
	{name: "client_certificate_path", env: "PARTNERCENTER_CLIENT_CERTIFICATE_PATH", description: "Path to a client " +
		"certificate file of the app with its private key, PKCS#12 (.pfx) or PEM.",
		strings: []validator.String{stringvalidator.LengthAtLeast(1)}},
	{name: "client_certificate_password", env: "PARTNERCENTER_CLIENT_CERTIFICATE_PASSWORD", kind: secretArgument,
		description: "The password of a PKCS#12 client certificate."},
	{name: "refresh_token", env: "PARTNERCENTER_REFRESH_TOKEN", kind: secretArgument, description: "The secure " +
		"application model's refresh token, obtained once with MFA by a partner user consenting to the app. It is " +
		"redeemed for App+User access tokens as needed; a rotated refresh token is used for the rest of the run.",
		strings: []validator.String{stringvalidator.LengthAtLeast(1)}},
	{name: "use_cli", env: "PARTNERCENTER_USE_CLI", kind: boolArgument, description: "Sign in as the Azure CLI's " +
		"signed-in user (`az login`).", defaultValue: "`false`"},
	{name: "ca_certificate_file", env: "PARTNERCENTER_CA_CERTIFICATE_FILE", description: "Path to a PEM file of extra " +
		"root certificates to trust for the API and for sign-in, e.g. for a TLS-inspecting proxy. The system's roots " +
		"stay trusted.", defaultValue: "the system's roots only", strings: []validator.String{stringvalidator.LengthAtLeast(1)}},
	{name: "locale", env: "PARTNERCENTER_LOCALE", description: "Language tag sent as `X-Locale`, which selects the " +
		"language of Partner Center's messages.", defaultValue: "`" + client.DefaultLocale + "`",
		strings: []validator.String{localeValidator()}},
	{name: "max_retries", env: "PARTNERCENTER_MAX_RETRIES", kind: int64Argument, description: "How many times a read " +
		"is retried after a 429 (waiting as `Retry-After`, or the message's \"Try again in N seconds\", says), a 5xx " +
		"other than 501, or a network error, with exponential backoff and jitter in between. 0 turns retries off.",
		defaultValue: fmt.Sprint(client.DefaultRetryPolicy.MaxRetries), int64s: []validator.Int64{int64validator.Between(0, maxMaxRetries)}},
	{name: "max_concurrent_requests", env: "PARTNERCENTER_MAX_CONCURRENT_REQUESTS", kind: int64Argument, description: "The " +
		"most requests to Partner Center in flight at once, across the whole provider process and every data source " +
		"in it, retries included. Terraform's `-parallelism` (default 10) bounds how many data sources read at once; " +
		"this bounds their requests, which matters when one data source, such as " +
		"`partnercenter_subscribed_skus_by_customer`, reads many customers. From 1 to " + fmt.Sprint(maxMaxConcurrentRequests) + ".",
		defaultValue: fmt.Sprint(defaultMaxConcurrentRequests), int64s: []validator.Int64{int64validator.Between(1, maxMaxConcurrentRequests)}},
	{name: "request_timeout", env: "PARTNERCENTER_REQUEST_TIMEOUT", description: "How long one attempt may take " +
		"before it is abandoned (and retried), as a duration such as `30s` or `2m`.", defaultValue: "`60s`",
		strings: []validator.String{checkString{summary: "Invalid Request Timeout", description: "value must be a duration such as 30s",
			check: func(s string) error { _, err := parseRequestTimeout(s); return err }}}},
	{name: "max_read_size_mib", env: "PARTNERCENTER_MAX_READ_SIZE_MIB", kind: int64Argument, description: "The largest " +
		"state one data source may return, in MiB of the plugin protocol's encoding. Terraform refuses a provider's " +
		"answer over 256 MiB, and slows badly well before that size. A bulk read that grows past this limit stops " +
		"reading at once and fails, saying how far it got and what to change; a read past " +
		fmt.Sprint(largeReadWarningMiB) + " MiB, or past half this limit when that is lower, warns. From 1 to " + fmt.Sprint(maxMaxReadSizeMiB) + ".",
		defaultValue: fmt.Sprint(defaultMaxReadSizeMiB), int64s: []validator.Int64{int64validator.Between(1, maxMaxReadSizeMiB)}},
}

// envFor names each argument's environment variable.
var envFor = func() map[string]string {
	m := make(map[string]string, len(providerArguments))
	for _, a := range providerArguments {
		m[a.name] = a.env
	}
	return m
}()

// attribute is the argument's schema attribute.
func (a providerArgument) attribute() schema.Attribute {
	description := a.description
	if a.defaultValue != "" {
		description += " Default: " + a.defaultValue + "."
	}
	description += " Can also be set with the `" + a.env + "` environment variable."
	switch a.kind {
	case boolArgument:
		return schema.BoolAttribute{MarkdownDescription: description, Optional: true}
	case int64Argument:
		return schema.Int64Attribute{MarkdownDescription: description, Optional: true, Validators: a.int64s}
	default:
		return schema.StringAttribute{MarkdownDescription: description, Optional: true, Sensitive: a.kind == secretArgument,
			Validators: a.strings}
	}
}

func (p *partnerCenterProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	attributes := make(map[string]schema.Attribute, len(providerArguments))
	for _, a := range providerArguments {
		attributes[a.name] = a.attribute()
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads licence and seat data from the Microsoft Partner Center API " +
			"for the customers of a Cloud Solution Provider partner.",
		Attributes: attributes,
	}
}

// refuseUnknown refuses every argument whose value is unknown at plan time:
// the provider is configured during plan, before apply could know it.
func (r *resolver) refuseUnknown(config providerModel) {
	model := reflect.ValueOf(config)
	for _, a := range providerArguments {
		field, ok := modelFieldFor[a.name]
		if !ok {
			continue // TestProviderArgumentsTable catches a row without a field
		}
		if v, ok := model.Field(field).Interface().(interface{ IsUnknown() bool }); ok && v.IsUnknown() {
			r.diags.AddAttributeError(path.Root(a.name), "Unknown Partner Center Provider Argument",
				fmt.Sprintf("The provider argument %q depends on a value that is only known after apply, but the provider "+
					"must be configured during plan. Use a value known at plan time, or set %s.", a.name, a.env))
		}
	}
}

// modelFieldFor maps an argument's name to its providerModel field, by the
// fields' tfsdk tags.
var modelFieldFor = func() map[string]int {
	t := reflect.TypeFor[providerModel]()
	m := make(map[string]int, t.NumField())
	for i := range t.NumField() {
		m[t.Field(i).Tag.Get("tfsdk")] = i
	}
	return m
}()
