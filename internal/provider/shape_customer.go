package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/partnercenter-terraform/terraform-provider-partnercenter/internal/client"
)

// The customer shape: a customer of the partner, as the customers list
// shows it.

func customerObject() schema.NestedAttributeObject {
	return withType(schema.NestedAttributeObject{
		Attributes: map[string]schema.Attribute{
			"id":           computedString("The customer's id, which is its tenant id, a GUID."),
			"tenant_id":    computedString("The customer's Microsoft Entra tenant id (`companyProfile.tenantId`), the same GUID as `id` in every sample Microsoft documents."),
			"company_name": computedString("The customer's company name (`companyProfile.companyName`)."),
			"domain":       computedString("The customer's default domain (`companyProfile.domain`), e.g. `contoso.onmicrosoft.com`."),
			"relationship_to_partner": computedString("How the customer is related to your partner tenant, e.g. `reseller` or `advisor`." +
				openTextNote),
		},
	})
}

// customerType is derived from the schema, so the two cannot drift.
var customerType = customerObject().Type().(types.ObjectType) //nolint:forcetypeassert // a nested object's type is an ObjectType

func (v *values) customer(c client.Customer) types.Object {
	var p client.CompanyProfile
	if c.CompanyProfile.Value != nil {
		p = *c.CompanyProfile.Value
	}
	return v.object(customerType, map[string]attr.Value{
		"id":                      types.StringPointerValue(c.ID),
		"tenant_id":               types.StringPointerValue(p.TenantID),
		"company_name":            types.StringPointerValue(p.CompanyName),
		"domain":                  types.StringPointerValue(p.Domain),
		"relationship_to_partner": types.StringPointerValue(c.RelationshipToPartner),
	})
}

// customers builds the customers list and the list of their ids, in
// Partner Center's order.
func (v *values) customers(items []client.Customer) (list, ids types.List) {
	return listWithIDs(v, customerType, items, v.customer, func(c client.Customer) *string { return c.ID })
}
