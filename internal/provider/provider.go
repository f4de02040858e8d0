// Package provider is the Terraform side of the Partner Center provider:
// schemas, configuration and data sources. It makes no HTTP calls itself;
// everything that talks to Partner Center lives in internal/client.
package provider

import (
	"context"
	"time"

	"github.com/google/uuid"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/partnercenter-terraform/terraform-provider-partnercenter/internal/client"
)

// Environment variables that stand in for provider arguments.
const (
	envEndpoint    = "PARTNERCENTER_ENDPOINT"
	envAccessToken = "PARTNERCENTER_ACCESS_TOKEN"
	envLocale      = "PARTNERCENTER_LOCALE"
)

// requestTimeout bounds one HTTP exchange so that a hung connection cannot
// hang a plan.
const requestTimeout = 60 * time.Second

var _ provider.Provider = &partnerCenterProvider{}

type partnerCenterProvider struct {
	version string
}

type providerModel struct {
	Endpoint    types.String `tfsdk:"endpoint"`
	AccessToken types.String `tfsdk:"access_token"`
	Locale      types.String `tfsdk:"locale"`
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

func (p *partnerCenterProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads licence and seat data from the Microsoft Partner Center API " +
			"for the customers of a Cloud Solution Provider partner.",
		Attributes: map[string]schema.Attribute{
			"endpoint": schema.StringAttribute{
				MarkdownDescription: "Partner Center API root. Defaults to `" + client.DefaultEndpoint + "`, or the `" +
					envEndpoint + "` environment variable. Must be `https://`; `http://` is accepted only for a " +
					"loopback host such as the local emulator (`http://127.0.0.1:PORT`).",
				Optional:   true,
				Validators: []validator.String{endpointValidator{}},
			},
			"access_token": schema.StringAttribute{
				MarkdownDescription: "An App+User bearer token for `https://api.partnercenter.microsoft.com`. " +
					"Can also be set with the `" + envAccessToken + "` environment variable, which keeps it out of " +
					"configuration files.",
				Optional:   true,
				Sensitive:  true,
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"locale": schema.StringAttribute{
				MarkdownDescription: "Language tag sent as `X-Locale`, which selects the language of Partner Center's " +
					"messages. Defaults to `" + client.DefaultLocale + "`, or the `" + envLocale + "` environment variable.",
				Optional:   true,
				Validators: []validator.String{localeValidator()},
			},
		},
	}
}

func (p *partnerCenterProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var config providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}
	settings, diags := resolveSettings(config, lookupEnv)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}

	c, err := client.New(client.Config{
		BaseURL:       settings.endpoint,
		HTTPClient:    client.NewHTTPClient(requestTimeout),
		Tokens:        client.StaticToken(settings.accessToken),
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
		"endpoint":       settings.endpoint.String(),
		"locale":         settings.locale,
		"correlation_id": c.CorrelationID(),
	})
	resp.DataSourceData = c
}

func (p *partnerCenterProvider) DataSources(context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{
		NewSubscribedSKUsDataSource,
		NewUserLicensesDataSource,
	}
}

func (p *partnerCenterProvider) Resources(context.Context) []func() resource.Resource {
	return nil
}
