package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/partnercenter-terraform/terraform-provider-partnercenter/internal/client"
)

// The service plan shape: the services a product includes.

func servicePlansAttribute() schema.ListNestedAttribute {
	return schema.ListNestedAttribute{
		MarkdownDescription: "The services the product includes, in Partner Center's order. Empty (`[]`) when it lists " +
			"none; null when Partner Center left the field out, or sent `null` or `\"\"` in its place.",
		Computed: true,
		NestedObject: withType(schema.NestedAttributeObject{
			Attributes: map[string]schema.Attribute{
				"id":                computedString("The service plan id, a GUID."),
				"display_name":      computedString("The service plan's display name, e.g. `Exchange Foundation`."),
				"service_name":      computedString("The service plan's name, e.g. `EXCHANGE_S_FOUNDATION`."),
				"capability_status": computedString("The service plan's status, e.g. `Enabled`." + openTextNote),
				"target_type":       computedString("What the service plan applies to, e.g. `User` or `Tenant`." + openTextNote),
			},
		}),
	}
}

// servicePlanType is derived from the schema, so the two cannot drift.
var servicePlanType = servicePlansAttribute().NestedObject.Type().(types.ObjectType) //nolint:forcetypeassert // a nested object's type is an ObjectType

// servicePlans keeps nil (absent, so null) apart from empty ([]).
func (v *values) servicePlans(plans []client.ServicePlan) types.List {
	if plans == nil {
		return types.ListNull(servicePlanType)
	}
	elems := make([]attr.Value, len(plans))
	for i, p := range plans {
		elems[i] = v.object(servicePlanType, map[string]attr.Value{
			"id":                types.StringPointerValue(p.ID),
			"display_name":      types.StringPointerValue(p.DisplayName),
			"service_name":      types.StringPointerValue(p.ServiceName),
			"capability_status": types.StringPointerValue(p.CapabilityStatus),
			"target_type":       types.StringPointerValue(p.TargetType),
		})
	}
	return v.list(servicePlanType, elems)
}
