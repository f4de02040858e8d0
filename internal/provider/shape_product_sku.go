package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/partnercenter-terraform/terraform-provider-partnercenter/internal/client"
)

// The product SKU shape: a product as every licence read shows it.

func productSKUAttribute() schema.SingleNestedAttribute {
	a := schema.SingleNestedAttribute{
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
	a.CustomType = a.GetType().(types.ObjectType) //nolint:forcetypeassert // see withType
	return a
}

// productSKUType is derived from the schema, so the two cannot drift.
var productSKUType = productSKUAttribute().GetType().(types.ObjectType) //nolint:forcetypeassert // a SingleNestedAttribute's type is an ObjectType

func (v *values) productSKU(p *client.ProductSKU) types.Object {
	if p == nil {
		return types.ObjectNull(productSKUType.AttrTypes)
	}
	return v.object(productSKUType, map[string]attr.Value{
		"id":               types.StringPointerValue(p.ID),
		"name":             types.StringPointerValue(p.Name),
		"sku_part_number":  types.StringPointerValue(p.SKUPartNumber),
		"target_type":      types.StringPointerValue(p.TargetType),
		"license_group_id": types.StringPointerValue(p.LicenseGroupID),
	})
}
