package provider

import (
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/partnercenter-terraform/terraform-provider-partnercenter/internal/client"
)

// clientFromProviderData is the Configure step both data sources share.
// ProviderData is nil while Terraform validates configuration before the
// provider is configured; that is not an error.
func clientFromProviderData(data any, diags *diag.Diagnostics) *client.Client {
	if data == nil {
		return nil
	}
	c, ok := data.(*client.Client)
	if !ok {
		diags.AddError("Unexpected Provider Data",
			fmt.Sprintf("Expected *client.Client, got %T. This is a bug in the provider; please report it.", data))
		return nil
	}
	return c
}

// requireClient guards Read against a provider that was never configured.
func requireClient(c *client.Client, diags *diag.Diagnostics) bool {
	if c == nil {
		diags.AddError("Provider Not Configured",
			"The Partner Center provider was not configured before a read. This is a bug in the provider; please report it.")
		return false
	}
	return true
}

// licenseGroups turns the optional license_group_ids argument into the
// groups to request: all of them when it is omitted.
func licenseGroups(values []types.String, diags *diag.Diagnostics) ([]client.LicenseGroup, bool) {
	groups, err := client.NormalizeLicenseGroups(stringValues(values))
	if err != nil {
		diags.AddAttributeError(path.Root("license_group_ids"), "Invalid License Group",
			"Attribute license_group_ids: "+err.Error())
		return nil, false
	}
	return groups, true
}
