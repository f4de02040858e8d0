package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/partnercenter-terraform/terraform-provider-partnercenter/internal/client"
)

// The user licences shape: one user's entry in a bulk read of many users'
// licences, with the same licences and part numbers as
// partnercenter_user_licenses.

func userLicensesObject() schema.NestedAttributeObject {
	single := userLicensesSchema().Attributes
	return withType(schema.NestedAttributeObject{
		Attributes: map[string]schema.Attribute{
			"user_principal_name": computedString("The user's principal name, from the users list; null when `user_ids` " +
				"are given, as no list is read then."),
			"licenses":         single["licenses"],
			"sku_part_numbers": single["sku_part_numbers"],
		},
	})
}

// userLicensesType is derived from the schema, so the two cannot drift.
var userLicensesType = userLicensesObject().Type().(types.ObjectType) //nolint:forcetypeassert // a nested object's type is an ObjectType

// userLicenses builds one user's entry, and the sorted part numbers of its
// licences, which the entry holds too.
func (v *values) userLicenses(upn *string, items []client.License) (entry types.Object, partNumbers types.List) {
	partNumbers = v.sortedPartNumbers(items)
	return v.object(userLicensesType, map[string]attr.Value{
		"user_principal_name": types.StringPointerValue(upn),
		"licenses":            v.licenses(items),
		"sku_part_numbers":    partNumbers,
	}), partNumbers
}
