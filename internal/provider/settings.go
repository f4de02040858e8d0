package provider

import (
	"fmt"
	"net/url"
	"os"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/partnercenter-terraform/terraform-provider-partnercenter/internal/client"
)

// settings are the provider arguments after config, environment and
// defaults have been applied, in that order of precedence.
type settings struct {
	endpoint    *url.URL
	accessToken string
	locale      string
}

// lookupEnv is os.LookupEnv; tests pass their own to stay parallel.
func lookupEnv(key string) (string, bool) { return os.LookupEnv(key) }

// resolveSettings applies config, then environment variable, then default to
// each argument, and names the argument and its variable in every error.
func resolveSettings(config providerModel, env func(string) (string, bool)) (settings, diag.Diagnostics) {
	var diags diag.Diagnostics
	for attr, v := range map[string]types.String{"endpoint": config.Endpoint, "access_token": config.AccessToken, "locale": config.Locale} {
		if v.IsUnknown() {
			diags.AddAttributeError(path.Root(attr), "Unknown Partner Center Provider Argument",
				fmt.Sprintf("The provider argument %q depends on a value that is only known after apply, but the provider "+
					"must be configured during plan. Use a value known at plan time, or set it with an environment variable.", attr))
		}
	}
	if diags.HasError() {
		return settings{}, diags
	}

	var s settings
	endpoint := pick(config.Endpoint, env, envEndpoint, client.DefaultEndpoint)
	u, err := client.ParseEndpoint(endpoint)
	if err != nil {
		diags.AddAttributeError(path.Root("endpoint"), "Invalid Partner Center Endpoint",
			fmt.Sprintf("The endpoint (from the endpoint argument or the %s environment variable) is not usable: %s.", envEndpoint, err))
	}
	s.endpoint = u

	s.accessToken = pick(config.AccessToken, env, envAccessToken, "")
	if s.accessToken == "" {
		diags.AddAttributeError(path.Root("access_token"), "Missing Partner Center Access Token",
			"The provider needs an App+User access token for https://api.partnercenter.microsoft.com. "+
				"Set the access_token argument or the "+envAccessToken+" environment variable.")
	}

	s.locale = pick(config.Locale, env, envLocale, client.DefaultLocale)
	if !localePattern.MatchString(s.locale) {
		diags.AddAttributeError(path.Root("locale"), "Invalid Partner Center Locale",
			fmt.Sprintf("The locale (from the locale argument or the %s environment variable) %s; got %q.", envLocale, localeRule, s.locale))
	}
	return s, diags
}

// pick returns the configured value, else a non-empty environment variable,
// else the default.
func pick(configured types.String, env func(string) (string, bool), key, fallback string) string {
	if !configured.IsNull() {
		return configured.ValueString()
	}
	if v, ok := env(key); ok && v != "" {
		return v
	}
	return fallback
}
