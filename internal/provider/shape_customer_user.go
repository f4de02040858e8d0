package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/partnercenter-terraform/terraform-provider-partnercenter/internal/client"
)

// The customer user shape: a user of a customer, as the users list shows
// it. A field Partner Center leaves out is null.

func customerUserObject() schema.NestedAttributeObject {
	return withType(schema.NestedAttributeObject{
		Attributes: map[string]schema.Attribute{
			"id":                  computedString("The user's object id in the customer's Microsoft Entra tenant, a GUID."),
			"user_principal_name": computedString("The user's principal name, e.g. `adele.vance@contoso.onmicrosoft.com`, or a guest's `bob_fabrikam.com#EXT#@contoso.onmicrosoft.com`."),
			"display_name":        computedString("The user's display name."),
			"first_name":          computedString("The user's first name."),
			"last_name":           computedString("The user's last name."),
			"usage_location":      computedString("The user's usage location, a two-letter country code such as `US`. Partner Center leaves it out for some users; it is then null."),
			"user_domain_type": computedString("The type of the user's domain, e.g. `none`, `managed` or `federated`." +
				openTextNote),
			"state": computedString("The user's state, e.g. `active`." + openTextNote),
			"last_directory_sync_time": computedString("When the user was last synced from an on-premises directory, as Partner " +
				"Center writes it (an ISO 8601 date and time); null for a user who is not synced."),
		},
	})
}

// customerUserType is derived from the schema, so the two cannot drift.
var customerUserType = customerUserObject().Type().(types.ObjectType) //nolint:forcetypeassert // a nested object's type is an ObjectType

func (v *values) customerUser(u client.CustomerUser) types.Object {
	return v.object(customerUserType, map[string]attr.Value{
		"id":                       types.StringPointerValue(u.ID),
		"user_principal_name":      types.StringPointerValue(u.UserPrincipalName),
		"display_name":             types.StringPointerValue(u.DisplayName),
		"first_name":               types.StringPointerValue(u.FirstName),
		"last_name":                types.StringPointerValue(u.LastName),
		"usage_location":           types.StringPointerValue(u.UsageLocation),
		"user_domain_type":         types.StringPointerValue(u.UserDomainType),
		"state":                    types.StringPointerValue(u.State),
		"last_directory_sync_time": types.StringPointerValue(u.LastDirectorySyncTime),
	})
}

// customerUsers builds the users list and the list of their object ids, in
// Partner Center's order.
func (v *values) customerUsers(items []client.CustomerUser) (list, ids types.List) {
	return listWithIDs(v, customerUserType, items, v.customerUser, func(u client.CustomerUser) *string { return u.ID })
}
