package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// NewCustomerUsersDataSource lists the users of one customer.
var NewCustomerUsersDataSource = newDataSource(dataSourceSpec[customerUsersModel]{
	name:    "customer_users",
	summary: "Unable to List Customer Users",
	hints:   customerUsersHints,
	schema:  customerUsersSchema,
	read:    readCustomerUsers,
})

var customerUsersHints = readHints{
	notFound: "Partner Center does not know this customer. Check that customer_id is the customer's tenant id " +
		"(Microsoft ID) and that the customer belongs to your partner tenant.",
	gdapRoles:   []string{"Directory Readers", "Global Reader", "User Administrator"},
	rolesSource: "Microsoft lists these for \"Get a list of all user accounts for a customer\".",
	list:        "the customer's users list",
}

type customerUsersModel struct {
	ID         types.String `tfsdk:"id"`
	CustomerID types.String `tfsdk:"customer_id"`
	TotalCount types.Int64  `tfsdk:"total_count"`
	UserIDs    types.List   `tfsdk:"user_ids"`
	Users      types.List   `tfsdk:"users"`
}

func customerUsersSchema() schema.Schema {
	return schema.Schema{
		MarkdownDescription: "Lists the users of one customer, from Partner Center's " +
			"`GET /v1/customers/{customer-id}/users`, following every page (Partner Center answers at most 500 a page). " +
			"Deleted users are not listed. Unlike `partnercenter_customers`, whose list a next page answered with " +
			"HTTP 400 and code 2000 ends, the users list fails on such a page: only the customers list has been seen to " +
			"end that way, and a short list of users would let a check over every user pass on users it never saw. " +
			"Partner Center answers this read for App+User tokens only: an app-only token " +
			"(`auth_method = \"client_credentials\"`) is refused before any request is sent. Feed `user_ids` to " +
			"`partnercenter_user_licenses` to read each user's licences.",
		Attributes: map[string]schema.Attribute{
			"id":          idAttribute("the customer id"),
			"customer_id": customerIDAttribute(),
			"total_count": schema.Int64Attribute{
				MarkdownDescription: "The number of users returned, across all pages. (Partner Center's own " +
					"`totalCount` counts one page.)",
				Computed: true,
			},
			"user_ids": schema.ListAttribute{
				MarkdownDescription: "The users' object ids, in Partner Center's order. A user Partner Center lists without an id has a " +
					"null entry in its place (and a null `id` in `users`); the read warns, naming such users by principal " +
					"name, as they cannot be read by id. In `for_each`, `customer_id` " +
					"must be known at plan time: Terraform cannot plan `for_each` over a list it learns only at apply.",
				ElementType: types.StringType,
				Computed:    true,
			},
			"users": schema.ListNestedAttribute{
				MarkdownDescription: "The users, in the same order as `user_ids`. A field Partner Center leaves out is null.",
				Computed:            true,
				NestedObject:        customerUserObject(),
			},
		},
	}
}

func readCustomerUsers(ctx context.Context, call *readCall, data *customerUsersModel) {
	customerID := data.CustomerID.ValueString()
	tflog.Debug(ctx, "Listing customer users", map[string]any{"customer_id": customerID})

	listing, err := call.client(ctx).ListCustomerUsers(ctx, customerID)
	if err != nil {
		call.failed(err)
		return
	}
	var withoutID []string
	for _, u := range listing.Items {
		if u.ID == nil {
			withoutID = append(withoutID, deref(u.UserPrincipalName))
		}
	}
	warnListedWithoutIDs(call.diags, "user", len(listing.Items), withoutID, "principal name",
		"their id in users and their entry in user_ids are null (the other entries keep their places), and "+
			"they cannot be read by id; partnercenter_user_licenses reads a user by principal name too")
	var v values
	data.Users, data.UserIDs = v.customerUsers(listing.Items)
	call.diags.Append(v.diags...)
	data.ID = types.StringValue(customerID)
	data.TotalCount = types.Int64Value(int64(len(listing.Items)))
}
