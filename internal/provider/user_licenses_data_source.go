package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/partnercenter-terraform/terraform-provider-partnercenter/internal/auth"
)

// NewUserLicensesDataSource reads the licences assigned to one user.
var NewUserLicensesDataSource = newDataSource(dataSourceSpec[userLicensesModel]{
	name:    "user_licenses",
	summary: "Unable to Read User Licenses",
	hints:   userLicensesHints,
	schema:  userLicensesSchema,
	read:    readUserLicenses,
})

var userLicensesHints = readHints{
	notFound: "Partner Center does not know this customer or this user. Check that customer_id is the customer's " +
		"tenant id, that user_id is the user's object id or user principal name in that tenant, and that the " +
		"customer belongs to your partner tenant.",
	userNotFound: "Partner Center does not know this user in this customer's tenant. Check that user_id is the " +
		"user's object id or user principal name there; a guest's looks like bob_fabrikam.com#EXT#@contoso.onmicrosoft.com.",
	gdapRoles:   []string{"Directory Readers", "License Administrator", "User Administrator", "Directory Writers"},
	rolesSource: "Microsoft lists these for \"Check which licenses are assigned to a user\".",
	list:        "the user's licences",
}

type userLicensesModel struct {
	ID              types.String `tfsdk:"id"`
	CustomerID      types.String `tfsdk:"customer_id"`
	UserID          types.String `tfsdk:"user_id"`
	LicenseGroupIDs types.List   `tfsdk:"license_group_ids"` // a framework value, so it may be unknown at plan time
	TotalCount      types.Int64  `tfsdk:"total_count"`
	Licenses        types.List   `tfsdk:"licenses"`
	SKUPartNumbers  types.List   `tfsdk:"sku_part_numbers"`
}

func userLicensesSchema() schema.Schema {
	return schema.Schema{
		MarkdownDescription: "Reads the licences assigned to one user of a customer, from Partner Center's " +
			"`users/{user-id}/licenses` endpoint.",
		Attributes: map[string]schema.Attribute{
			"id":          idAttribute("the customer id, the user id and the licence groups read"),
			"customer_id": customerIDAttribute(),
			"user_id": schema.StringAttribute{
				MarkdownDescription: "The user's object id (a GUID) or user principal name, e.g. " +
					"`adele.vance@contoso.onmicrosoft.com` or a guest's `bob_fabrikam.com#EXT#@contoso.onmicrosoft.com`. " +
					"Characters that could change the request path (`/`, `\\`, `%`, `?`, whitespace) are refused.",
				Required:   true,
				Validators: []validator.String{userIDValidator()},
			},
			"license_group_ids": licenseGroupIDsAttribute(),
			"total_count":       totalCountAttribute(),
			"sku_part_numbers": schema.ListAttribute{
				MarkdownDescription: "The part numbers of the user's licences, sorted and without repeats, so that " +
					"`contains(data.partnercenter_user_licenses.u.sku_part_numbers, \"WIN_ENT_E5\")` answers " +
					"\"does this user have E5?\". Empty when the user has none in the groups read.",
				ElementType: types.StringType,
				Computed:    true,
			},
			"licenses": schema.ListNestedAttribute{
				MarkdownDescription: "The user's licences, in Partner Center's order. Empty when the user has none in the groups read.",
				Computed:            true,
				NestedObject:        licenseObject(),
			},
		},
	}
}

func readUserLicenses(ctx context.Context, call *readCall, data *userLicensesModel) {
	groups, ok := licenseGroups(data.LicenseGroupIDs, call.diags)
	if !ok {
		return
	}
	if !licensesAvailable(call) {
		return
	}
	customerID, userID := data.CustomerID.ValueString(), data.UserID.ValueString()
	tflog.Debug(ctx, "Reading user licences", map[string]any{"customer_id": customerID, "user_id": userID, "license_groups": groups})

	got, err := call.client(ctx).ListUserLicenses(ctx, customerID, userID, groups)
	if err != nil {
		call.failed(err)
		return
	}
	data.ID = types.StringValue(readID(groups, customerID, userID))
	data.TotalCount = types.Int64Value(got.TotalCount)
	var v values
	data.Licenses = v.licenses(got.Items)
	data.SKUPartNumbers = v.sortedPartNumbers(got.Items)
	call.diags.Append(v.diags...)
}

// licensesAvailable refuses, before any request, a read of users' licences
// where Partner Center does not serve them.
func licensesAvailable(call *readCall) bool {
	if call.cloud.Name != auth.ChinaCloud.Name {
		return true
	}
	call.diags.AddError("User Licenses Not Available in This Environment",
		"Microsoft documents the License resource, which this data source reads, as not supported on Partner "+
			"Center operated by 21Vianet (environment = \"china\"), so no request was sent. Read the customer's "+
			"seats with partnercenter_subscribed_skus instead.")
	return false
}
