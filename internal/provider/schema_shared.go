package provider

import (
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/partnercenter-terraform/terraform-provider-partnercenter/internal/client"
)

// Schema pieces both data sources share, so a product SKU reads the same way
// wherever it appears.

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

func idAttribute(what string) schema.StringAttribute {
	return schema.StringAttribute{
		MarkdownDescription: "Identifies this read: " + what + ". Always the same for the same arguments.",
		Computed:            true,
	}
}

func totalCountAttribute() schema.Int64Attribute {
	return schema.Int64Attribute{
		MarkdownDescription: "The number of items Partner Center reported (`totalCount`).",
		Computed:            true,
	}
}

func computedString(description string) schema.StringAttribute {
	return schema.StringAttribute{MarkdownDescription: description, Computed: true}
}

func computedInt64(description string) schema.Int64Attribute {
	return schema.Int64Attribute{MarkdownDescription: description, Computed: true}
}

const openTextNote = " Open text: Partner Center adds new values without notice, so compare with care."

func productSKUAttribute() schema.SingleNestedAttribute {
	return schema.SingleNestedAttribute{
		MarkdownDescription: "The product this entry is for. Null if Partner Center left it out, or sent `null` or `\"\"`.",
		Computed:            true,
		Attributes: map[string]schema.Attribute{
			"id":               computedString("The product SKU id, a GUID."),
			"name":             computedString("The product's display name, e.g. `Azure Active Directory Premium P1`."),
			"sku_part_number":  computedString("The SKU part number, e.g. `AAD_PREMIUM`; the stable name to match on."),
			"target_type":      computedString("What the product is assigned to, e.g. `User`." + openTextNote),
			"license_group_id": computedString("The licence group, as Partner Center spells it: `group1` or `group2`."),
		},
	}
}

func servicePlansAttribute() schema.ListNestedAttribute {
	return schema.ListNestedAttribute{
		MarkdownDescription: "The services the product includes, in Partner Center's order. Empty (`[]`) when it lists " +
			"none; null when Partner Center left the field out, or sent `null` or `\"\"` in its place.",
		Computed: true,
		NestedObject: schema.NestedAttributeObject{
			Attributes: map[string]schema.Attribute{
				"id":                computedString("The service plan id, a GUID."),
				"display_name":      computedString("The service plan's display name, e.g. `Exchange Foundation`."),
				"service_name":      computedString("The service plan's name, e.g. `EXCHANGE_S_FOUNDATION`."),
				"capability_status": computedString("The service plan's status, e.g. `Enabled`." + openTextNote),
				"target_type":       computedString("What the service plan applies to, e.g. `User` or `Tenant`." + openTextNote),
			},
		},
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
