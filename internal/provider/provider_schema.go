package provider

import (
	"context"
	"fmt"
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

// envNote is appended to every argument's description.
func envNote(variable string) string {
	return " Can also be set with the `" + variable + "` environment variable."
}

func optionalString(description, variable string, validators ...validator.String) schema.StringAttribute {
	return schema.StringAttribute{MarkdownDescription: description + envNote(variable), Optional: true, Validators: validators}
}

func sensitiveString(description, variable string, validators ...validator.String) schema.StringAttribute {
	return schema.StringAttribute{MarkdownDescription: description + envNote(variable), Optional: true, Sensitive: true, Validators: validators}
}

func (p *partnerCenterProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	nonEmpty := stringvalidator.LengthAtLeast(1)
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads licence and seat data from the Microsoft Partner Center API " +
			"for the customers of a Cloud Solution Provider partner.",
		Attributes: map[string]schema.Attribute{
			"environment": optionalString("The Partner Center cloud: `public` (default) or `china` (Partner Center "+
				"operated by 21Vianet). Selects both the Entra ID authority and the API endpoint.", envEnvironment,
				stringvalidator.OneOfCaseInsensitive(auth.CloudNames()...)),
			"endpoint": optionalString("Partner Center API root, overriding the one `environment` selects ("+
				"`"+client.DefaultEndpoint+"` for `public`). Must be `https://`; `http://` is accepted only for a "+
				"loopback host such as the local emulator.", envEndpoint, endpointValidator{}),
			"auth_endpoint": optionalString("Entra ID authority root, overriding the one `environment` selects "+
				"(`"+auth.PublicCloud.AuthorityHost+"` for `public`), for private clouds and tests. Must be `https://`, "+
				"or `http://` on a loopback host.", envAuthEndpoint, endpointValidator{}),
			"auth_method": optionalString("Which credential to sign in with: `"+strings.Join(auth.MethodNames(), "`, `")+
				"`. When omitted, the first one configured is used, in that order.", envAuthMethod,
				stringvalidator.OneOf(auth.MethodNames()...)),
			"access_token": sensitiveString("An App+User access token for Partner Center, obtained elsewhere. "+
				"It is checked for expiry and for a signed-in user before it is sent.", envAccessToken, nonEmpty),
			"tenant_id": optionalString("The partner's Entra ID tenant id (a GUID) or primary domain, for the secure "+
				"application model, client credentials, or to pick the Azure CLI's tenant.", envTenantID, tenantIDValidator()),
			"client_id": optionalString("The application (client) id of the partner's Entra ID app, a GUID.", envClientID,
				guidValidator("Client ID", "")),
			"client_secret": sensitiveString("A client secret of the app.", envClientSecret, nonEmpty,
				stringvalidator.ConflictsWith(path.MatchRoot("client_certificate"), path.MatchRoot("client_certificate_path"))),
			"client_certificate": sensitiveString("A client certificate of the app with its private key, base64-encoded "+
				"PKCS#12 (.pfx) or PEM.", envClientCertificate, nonEmpty,
				stringvalidator.ConflictsWith(path.MatchRoot("client_certificate_path"))),
			"client_certificate_path": optionalString("Path to a client certificate file of the app with its private key, "+
				"PKCS#12 (.pfx) or PEM.", envClientCertificatePath, nonEmpty),
			"client_certificate_password": sensitiveString("The password of a PKCS#12 client certificate.", envClientCertificatePassword),
			"refresh_token": sensitiveString("The secure application model's refresh token, obtained once with MFA by a "+
				"partner user consenting to the app. It is redeemed for App+User access tokens as needed; a rotated "+
				"refresh token is used for the rest of the run.", envRefreshToken, nonEmpty),
			"use_cli": schema.BoolAttribute{
				MarkdownDescription: "Sign in as the Azure CLI's signed-in user (`az login`)." + envNote(envUseCLI),
				Optional:            true,
			},
			"ca_certificate_file": optionalString("Path to a PEM file of extra root certificates to trust for the API and "+
				"for sign-in, e.g. for a TLS-inspecting proxy. The system's roots stay trusted.", envCACertificateFile, nonEmpty),
			"max_retries": schema.Int64Attribute{
				MarkdownDescription: fmt.Sprintf("How many times a read is retried after a 429 (waiting as `Retry-After` "+
					"says), a 5xx other than 501, or a network error, with exponential backoff and jitter in between. "+
					"Default %d; 0 turns retries off.", client.DefaultRetryPolicy.MaxRetries) + envNote(envMaxRetries),
				Optional:   true,
				Validators: []validator.Int64{int64validator.Between(0, maxMaxRetries)},
			},
			"request_timeout": optionalString("How long one attempt may take before it is abandoned (and retried), as "+
				"a duration such as `30s` or `2m`. Default `60s`.", envRequestTimeout, checkString{
				summary: "Invalid Request Timeout", description: "value must be a duration such as 30s",
				check: func(s string) error { _, err := parseRequestTimeout(s); return err },
			}),
			"locale": optionalString("Language tag sent as `X-Locale`, which selects the language of Partner Center's "+
				"messages. Defaults to `"+client.DefaultLocale+"`.", envLocale, localeValidator()),
		},
	}
}
