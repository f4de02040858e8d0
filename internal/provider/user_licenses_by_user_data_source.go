package provider

import (
	"context"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/partnercenter-terraform/terraform-provider-partnercenter/internal/client"
)

// NewUserLicensesByUserDataSource reads many users' licences in one data
// source, so that Terraform handles one value instead of one data source
// per user.
var NewUserLicensesByUserDataSource = newDataSource(dataSourceSpec[licensesByUserModel]{
	name:    "user_licenses_by_user",
	summary: "Unable to Read User Licenses by User",
	hints:   licensesByUserHints,
	schema:  licensesByUserSchema,
	read:    readLicensesByUser,
})

var licensesByUserHints = readHints{
	notFound: userLicensesHints.notFound,
	// A user listed a moment before can be deleted by the time its
	// licences are asked for (docs/development/partner-center-api.md, "A
	// customer's users").
	userNotFound: "Partner Center does not know this user in this customer's tenant: a user deleted since the " +
		"users list was read (deleted users leave the list), or, in user_ids, a value that is not the user's object " +
		"id or user principal name there; a guest's looks like bob_fabrikam.com#EXT#@contoso.onmicrosoft.com.",
	gdapRoles: userLicensesHints.gdapRoles,
	rolesSource: userLicensesHints.rolesSource + " Without `user_ids`, the users are listed first, which takes " +
		"Directory Readers, Global Reader or User Administrator (\"Get a list of all user accounts for a customer\"): " +
		"Directory Readers or User Administrator allows both.",
}

type licensesByUserModel struct {
	ID              types.String `tfsdk:"id"`
	CustomerID      types.String `tfsdk:"customer_id"`
	UserIDs         types.List   `tfsdk:"user_ids"`
	LicenseGroupIDs types.List   `tfsdk:"license_group_ids"`
	OnUserError     types.String `tfsdk:"on_user_error"`
	// Users and SKUPartNumbers are encodedMaps once read: thousands of
	// users' values are encoded as each is read, not held as trees.
	Users          attr.Value `tfsdk:"users"`
	SKUPartNumbers attr.Value `tfsdk:"sku_part_numbers"`
	FailedUsers    types.Map  `tfsdk:"failed_users"`
}

// partNumbersByUserType is sku_part_numbers: user to sorted part numbers.
var partNumbersByUserType = types.MapType{ElemType: types.ListType{ElemType: types.StringType}}

func licensesByUserSchema() schema.Schema {
	return schema.Schema{
		MarkdownDescription: "Reads the licences of many users of one customer at once, from Partner Center's " +
			"`users/{user-id}/licenses` endpoint, one request per user, with as many in flight as " +
			"`max_concurrent_requests` allows: the users given in `user_ids`, or every user of the customer. One data " +
			"source over thousands of users plans in seconds, where one `partnercenter_user_licenses` per user under " +
			"`for_each` costs Terraform time for every data source. A user that a `partnercenter_user_licenses` of the same plan reads at the same time, or has " +
			"read before, with the same spelling and licence groups, is not requested again.\n\n" +
			"**Cost.** Each user is one request however the read is written: N users cost N licence reads, plus the users " +
			"list's pages (500 users a page) when `user_ids` is omitted. What one data source saves is Terraform's work per " +
			"data source: at 2,000 users, 20 ms latency and `max_concurrent_requests = 10`, a plan of this one data source " +
			"took 5.2 s, 4.5 s of it in requests, against a floor of 4.1 s; `partnercenter_customer_users` and 2,000 " +
			"`partnercenter_user_licenses` under `for_each` took 143 s (99 to 191 s), 131 s of it Terraform's CPU " +
			"(BENCHMARKS.md, \"Every user of a customer\").\n\n" +
			memoryAndSizeNote("user", "a licence takes about 0.7 KiB with its service plans (a user of two licences "+
				"about 1.4 KiB)", "A read of 10,000 users peaked at 85.5 MiB in the provider.", "fewer `user_ids`, "+
				"`license_group_ids`, or several data sources over "+
				"`chunklist(data.partnercenter_customer_users.all.user_ids, K)` with `count` or `for_each`"),
		Attributes: map[string]schema.Attribute{
			"id":          idAttribute("the customer id, the users and the licence groups read"),
			"customer_id": customerIDAttribute(),
			"user_ids": schema.ListAttribute{
				MarkdownDescription: "The users to read: object ids (GUIDs) or user principal names, such as a guest's " +
					"`bob_fabrikam.com#EXT#@contoso.onmicrosoft.com`, validated as `user_id` of `partnercenter_user_licenses`. " +
					"Keys are compared in lower case: two spellings of one user are read once, with the first spelling. " +
					"An object id and a principal name of the same user are two keys and two requests: give one form. " +
					"An empty list reads none. **When omitted, every user of the customer is read**, listed as " +
					"`partnercenter_customer_users` lists them, and keyed by object id; a user listed without an object id is " +
					"read by its principal name and keyed by it in lower case, and one listed without either is not read " +
					"but failed (see `failed_users`). A value not known until apply " +
					"defers the read to apply, as for any argument; it is never read as omitted.",
				ElementType: types.StringType,
				Optional:    true,
				Validators:  []validator.List{listvalidator.ValueStringsAre(userIDValidator())},
			},
			"license_group_ids": licenseGroupIDsAttribute(),
			"on_user_error": onErrorAttribute("user", "A user deleted after the users list was read (404, code "+
				"60002) is the usual case for `warn`."),
			"users": schema.MapNestedAttribute{
				MarkdownDescription: "Each user read, keyed by the user as given in `user_ids`, in lower case, or by " +
					"object id when the users were listed (by principal name in lower case for a user listed without an " +
					"object id).",
				Computed:     true,
				NestedObject: userLicensesObject(),
			},
			"sku_part_numbers": schema.MapAttribute{
				MarkdownDescription: "The sorted part numbers of each user's licences, keyed as `users` is: " +
					"`contains(sku_part_numbers[\"<user>\"], \"WIN_ENT_E5\")`. A user without licences maps to `[]`. " +
					"A flat map, which policy code reads directly and `terraform test`'s `mock_provider` can fill.",
				ElementType: partNumbersByUserType.ElemType,
				Computed:    true,
			},
			"failed_users": failedKeysAttribute("user", "keyed as `users` is, or, for a listed user without an object id or a "+
				"principal name, which is never read, by `#` and its place in the list (`#3` for the third)", "sku_part_numbers"),
		},
	}
}

// usersSizeAdvice is what a read of many users' licences can change to
// read less.
var usersSizeAdvice = sizeAdvice{noun: "user",
	filters: []string{
		"read only the users the check needs, listed in user_ids",
		"read one licence group with license_group_ids: Group1 holds the licences managed in Microsoft Entra ID",
	},
	chunked: "data.partnercenter_customer_users.all.user_ids", guide: "Check the licences of every user"}

// usersToRead are the users a bulk read requests: each key, the user as
// the request names it, and, when the users were listed, the principal
// name.
type usersToRead struct {
	keys, given []string
	upns        []*string // nil unless listed
	// unkeyed are the listed users that came without an id or a principal
	// name, by key: not requested, reported as failed.
	unkeyed map[string]bool
}

func readLicensesByUser(ctx context.Context, call *readCall, data *licensesByUserModel) {
	groups, ok := licenseGroups(data.LicenseGroupIDs, call.diags)
	if !ok || !licensesAvailable(call) {
		return
	}
	customerID := data.CustomerID.ValueString()
	api := call.client(ctx)
	listed := data.UserIDs.IsNull()
	var users usersToRead
	if listed {
		if users, ok = listUsersToRead(ctx, call, api, customerID); !ok {
			return
		}
	} else {
		users.keys, users.given = distinctKeys(stringValues(data.UserIDs.Elements()))
	}
	tflog.Debug(ctx, "Reading user licences by user", map[string]any{"customer_id": customerID, "users": len(users.keys), "license_groups": groups})

	bulk := bulkRead{
		maps:     []attr.Type{userLicensesType, partNumbersByUserType.ElemType},
		advice:   usersSizeAdvice,
		warnOnly: data.OnUserError.ValueString() == onErrorWarn,
	}
	maps, failed, ok := bulk.run(ctx, call, len(users.keys), func(ctx context.Context, i int) bulkItem {
		if users.unkeyed[users.keys[i]] {
			return bulkItem{key: users.keys[i], missed: &listedWithoutKeyError{noun: "user", lacks: "an id or a principal name"}}
		}
		var upn *string
		if users.upns != nil {
			upn = users.upns[i]
		}
		got, err := api.ListUserLicenses(ctx, customerID, users.given[i], groups)
		if err != nil {
			return bulkItem{key: users.keys[i], missed: err}
		}
		var v values
		entry, partNumbers := v.userLicenses(upn, got.Items)
		return bulk.item(ctx, users.keys[i], &v, entry, partNumbers)
	})
	if !ok {
		return
	}
	data.Users, data.SKUPartNumbers, data.FailedUsers = maps[0], maps[1], failed
	data.ID = types.StringValue(readID(groups, customerID, keysDigest("user", users.keys, listed)))
}

// listUsersToRead lists every user of the customer, as
// partnercenter_customer_users does, and keeps of each only its object id
// and principal name. A user listed without an object id is read by its
// principal name, which the licences call takes as well, and keyed by it in
// lower case; one without either cannot be read and is keyed by its place
// in the list (unkeyedKey), so that two such users stay two failures.
func listUsersToRead(ctx context.Context, call *readCall, api *client.Client, customerID string) (usersToRead, bool) {
	listing, err := api.ListCustomerUsers(ctx, customerID)
	if err != nil {
		addReadError(call.diags, "Unable to List Customer Users", err, customerUsersHints, call.facts())
		return usersToRead{}, false
	}
	users := usersToRead{
		keys:  make([]string, 0, len(listing.Items)),
		given: make([]string, 0, len(listing.Items)),
		upns:  make([]*string, 0, len(listing.Items)),
	}
	seen := make(map[string]bool, len(listing.Items))
	for i, u := range listing.Items {
		var given string
		switch {
		case u.ID != nil && *u.ID != "":
			given = *u.ID
		case u.UserPrincipalName != nil && *u.UserPrincipalName != "":
			given = *u.UserPrincipalName
		default:
			if users.unkeyed == nil {
				users.unkeyed = make(map[string]bool)
			}
			users.unkeyed[unkeyedKey(i)] = true
			given = unkeyedKey(i)
		}
		key := strings.ToLower(given)
		if seen[key] {
			continue // a user a page boundary showed twice
		}
		seen[key] = true
		users.keys, users.given, users.upns = append(users.keys, key), append(users.given, given), append(users.upns, u.UserPrincipalName)
	}
	return users, true
}
