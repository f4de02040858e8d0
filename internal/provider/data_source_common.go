package provider

import (
	"context"
	"fmt"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/partnercenter-terraform/terraform-provider-partnercenter/internal/auth"
	"github.com/partnercenter-terraform/terraform-provider-partnercenter/internal/client"
)

// providerData is what the provider's Configure hands every data source:
// the client, and what the diagnostics need to know of the configuration.
type providerData struct {
	client *client.Client
	// tokens is the client's token source, which the MFA warning peeks at.
	tokens *auth.Source
	// signIn is the sign-in method, for the next step of an MFA refusal.
	signIn auth.Method
	// cloud is the Partner Center environment, whose services differ.
	cloud auth.Cloud
	// mfaChecked makes the MFA warning a once-per-run check.
	mfaChecked sync.Once
}

// warnWithoutMFA warns, once per run and before the first call, when the
// token's amr claim shows a sign-in without MFA, which Partner Center
// refuses with 401 and code 900421. The token is the one the call will use:
// the source caches it. A failure to get one is left to the call, which
// reports it in full.
func (pd *providerData) warnWithoutMFA(ctx context.Context, diags *diag.Diagnostics) {
	pd.mfaChecked.Do(func() {
		token, err := pd.tokens.Token(ctx)
		if err != nil || !auth.LacksMFA(token) {
			return
		}
		diags.AddWarning("Access Token Without MFA",
			"The access token's amr claim shows a sign-in without multifactor authentication (MFA). Partner Center "+
				"refuses such App+User tokens with HTTP 401 and code 900421.\n\n"+mfaNextStep(pd.signIn))
	})
}

// fromProviderData is the Configure step both data sources share.
// ProviderData is nil while Terraform validates configuration before the
// provider is configured; that is not an error.
func fromProviderData(data any, diags *diag.Diagnostics) *providerData {
	if data == nil {
		return nil
	}
	pd, ok := data.(*providerData)
	if !ok {
		diags.AddError("Unexpected Provider Data",
			fmt.Sprintf("Expected *providerData, got %T. This is a bug in the provider; please report it.", data))
		return nil
	}
	return pd
}

// requireClient guards Read against a provider that was never configured.
func requireClient(pd *providerData, diags *diag.Diagnostics) bool {
	if pd == nil {
		diags.AddError("Provider Not Configured",
			"The Partner Center provider was not configured before a read. This is a bug in the provider; please report it.")
		return false
	}
	return true
}

// licenseGroups turns the optional license_group_ids argument into the
// groups to request: all of them when it is omitted.
func licenseGroups(values types.List, diags *diag.Diagnostics) ([]client.LicenseGroup, bool) {
	groups, err := client.NormalizeLicenseGroups(stringValues(values.Elements()))
	if err != nil {
		diags.AddAttributeError(path.Root("license_group_ids"), "Invalid License Group",
			"Attribute license_group_ids: "+err.Error())
		return nil, false
	}
	return groups, true
}
