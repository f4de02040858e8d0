package provider

import (
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/partnercenter-terraform/terraform-provider-partnercenter/internal/client"
)

// Arguments and attributes more than one data source has, so that they read
// and behave the same everywhere.

func customerIDAttribute() schema.StringAttribute {
	return schema.StringAttribute{
		MarkdownDescription: "The customer's tenant id (Microsoft ID), a GUID such as `0c39d6d5-c70d-4c55-bc02-f620844f3fd1`.",
		Required:            true,
		Validators:          []validator.String{customerIDValidator()},
	}
}

func licenseGroupIDsAttribute() schema.ListAttribute {
	return schema.ListAttribute{
		MarkdownDescription: "Licence groups to read, any case: `Group1` (products whose licences are managed in " +
			"Microsoft Entra ID) and `Group2` (Minecraft products). **When omitted, both groups are read**, so the " +
			"result holds every licence; Partner Center itself would answer `Group1` only.",
		ElementType: types.StringType,
		Optional:    true,
		Validators:  licenseGroupIDsValidators(),
	}
}

// onErrorAttribute is a bulk read's on_<noun>_error; usual names the
// failure it is usually set for.
func onErrorAttribute(noun, usual string) schema.StringAttribute {
	return schema.StringAttribute{
		MarkdownDescription: fmt.Sprintf("What a %[1]s that cannot be read does to the read: `fail` (default) fails it, "+
			"naming every such %[1]s with its reason and request ids; `warn` returns the others, warns, and "+
			"lists the failed ones in `failed_%[1]ss` and nowhere else. %[2]s", noun, usual),
		Optional:   true,
		Validators: []validator.String{stringvalidator.OneOf(onErrorFail, onErrorWarn)},
	}
}

// failedKeysAttribute is a bulk read's failed_<noun>s, keyed as keyed
// says; a gate over the attribute gate should read it too.
func failedKeysAttribute(noun, keyed, gate string) schema.MapAttribute {
	return schema.MapAttribute{
		MarkdownDescription: fmt.Sprintf("The %[1]ss that could not be read, %[2]s, each with a one-line "+
			"reason (the status, Partner Center's code and description; the warning adds the attempts and request ids, "+
			"which change on every run and so stay out of state). Empty when every %[1]s was read; only "+
			"`on_%[1]s_error = \"warn\"` can return a non-empty one. These %[1]ss are in no other "+
			"attribute: a gate over `%[3]s` should also look here.", noun, keyed, gate),
		ElementType: types.StringType,
		Computed:    true,
	}
}

func idAttribute(what string) schema.StringAttribute {
	return schema.StringAttribute{
		MarkdownDescription: "Identifies this read: " + what + ". Always the same for the same arguments.",
		Computed:            true,
	}
}

func totalCountAttribute() schema.Int64Attribute {
	return schema.Int64Attribute{
		MarkdownDescription: "The number of items Partner Center reported: its `totalCount`, summed over the pages " +
			"should an answer come in pages (each page's `totalCount` counts that page).",
		Computed: true,
	}
}

// readID builds a data source id from its arguments, so equal arguments give
// equal ids on every run: the parts joined by "/", then the licence groups
// actually requested.
func readID(groups []client.LicenseGroup, parts ...string) string {
	names := make([]string, len(groups))
	for i, g := range groups {
		names[i] = string(g)
	}
	return strings.Join(append(parts, strings.Join(names, ",")), "/")
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
