// Package provider is the Terraform side of the Partner Center provider:
// schemas, configuration and data sources. It makes no HTTP calls itself;
// everything that talks to Partner Center lives in internal/client.
package provider

import (
	"context"
	"sync/atomic"

	"github.com/google/uuid"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/partnercenter-terraform/terraform-provider-partnercenter/internal/auth"
	"github.com/partnercenter-terraform/terraform-provider-partnercenter/internal/client"
)

var _ provider.ProviderWithFunctions = &partnerCenterProvider{}

type partnerCenterProvider struct {
	version string
	// configured is what Configure handed the data sources, for reads that
	// ProtocolServer answers without the framework; nil until then.
	configured atomic.Pointer[providerData]
}

// New returns a constructor for the provider, as providerserver.Serve wants.
func New(version string) func() provider.Provider {
	return func() provider.Provider {
		return &partnerCenterProvider{version: version}
	}
}

func (p *partnerCenterProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "partnercenter"
	resp.Version = p.version
}

func (p *partnerCenterProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var config providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}
	settings, diags := resolveSettings(config, processEnviron)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}

	retry := client.DefaultRetryPolicy
	retry.MaxRetries = settings.maxRetries
	apiHTTP, err := client.NewHTTPClient(client.HTTPOptions{
		Timeout: settings.requestTimeout, ExtraRootsPEM: settings.caPEM, Retry: retry, Logger: tflogBridge{},
		MaxConcurrentRequests: settings.maxConcurrent,
	})
	if err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("ca_certificate_file"), "Invalid CA Certificate File", err.Error())
		return
	}
	// Token requests are not retried here: a refused credential is not
	// transient, and x/oauth2 and azidentity report Entra's answer as is.
	settings.auth.HTTPClient, err = client.NewHTTPClient(client.HTTPOptions{
		Timeout: settings.requestTimeout, ExtraRootsPEM: settings.caPEM,
	})
	if err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("ca_certificate_file"), "Invalid CA Certificate File", err.Error())
		return
	}
	// Whether a call takes app-only tokens is the call's property: the
	// client refuses them before sending one that does not.
	tokens, err := auth.NewSource(settings.auth)
	if err != nil {
		addCredentialError(&resp.Diagnostics, err)
		return
	}

	c, err := client.New(client.Config{
		BaseURL:       settings.endpoint,
		HTTPClient:    apiHTTP,
		Tokens:        tokens,
		Locale:        settings.locale,
		CorrelationID: uuid.NewString(),
		UserAgent:     client.UserAgent(p.version, req.TerraformVersion),
		Logger:        tflogBridge{},
	})
	if err != nil {
		resp.Diagnostics.AddError("Unable to Create Partner Center Client",
			"The provider could not set up its API client. This is a bug in the provider; please report it.\n\n"+err.Error())
		return
	}
	tflog.Debug(ctx, "Configured the Partner Center client", map[string]any{
		"endpoint":        settings.endpoint.String(),
		"auth_method":     string(tokens.Method()),
		"authority":       settings.auth.Cloud.AuthorityHost,
		"locale":          settings.locale,
		"max_retries":     settings.maxRetries,
		"max_concurrent":  settings.maxConcurrent,
		"request_timeout": settings.requestTimeout.String(),
		"correlation_id":  c.CorrelationID(),
	})
	pd := &providerData{client: c, tokens: tokens, signIn: tokens.Method(), cloud: settings.auth.Cloud,
		maxConcurrent: settings.maxConcurrent, maxReadBytes: settings.maxReadBytes, locale: settings.locale}
	p.configured.Store(pd)
	resp.DataSourceData = pd
}

func (p *partnerCenterProvider) DataSources(context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{
		NewCustomersDataSource,
		NewCustomerUsersDataSource,
		NewCustomerSubscriptionsDataSource,
		NewSubscribedSKUsDataSource,
		NewSubscribedSKUsByCustomerDataSource,
		NewSubscriptionsByCustomerDataSource,
		NewUserLicensesDataSource,
		NewUserLicensesByUserDataSource,
	}
}

// Functions are pure: Terraform may call them before, or without,
// configuring the provider, so they use nothing Configure sets up.
func (p *partnerCenterProvider) Functions(context.Context) []func() function.Function {
	return []func() function.Function{
		NewSeatShortfallFunction,
		NewSeatShortfallsFunction,
	}
}

func (p *partnerCenterProvider) Resources(context.Context) []func() resource.Resource {
	return nil
}
