package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/partnercenter-terraform/terraform-provider-partnercenter/internal/client"
)

// NewSubscribedSKUsDataSource reads a customer's subscribed SKUs.
var NewSubscribedSKUsDataSource = newDataSource(dataSourceSpec[subscribedSKUsModel]{
	name:     "subscribed_skus",
	summary:  "Unable to Read Subscribed SKUs",
	hints:    subscribedSKUsHints,
	schema:   subscribedSKUsSchema,
	validate: validateSubscribedSKUs,
	read:     readSubscribedSKUs,
})

var subscribedSKUsHints = readHints{
	notFound: "Partner Center does not know this customer. Check that customer_id is the customer's tenant id " +
		"(Microsoft ID) and that the customer belongs to your partner tenant.",
	gdapRoles: []string{"Directory Readers", "Global Reader"},
	rolesSource: "Microsoft lists these for the call the provider makes, which always names its licence groups " +
		"(\"Get a list of available licenses by license group\"); the call without `licenseGroupIds` also admits " +
		"User Administrator and License Administrator, but the provider never makes it.",
	list: "the subscribed SKUs",
}

type subscribedSKUsModel struct {
	ID         types.String `tfsdk:"id"`
	CustomerID types.String `tfsdk:"customer_id"`
	// Arguments that take a collection are framework values, not Go
	// slices, so that a collection unknown at plan time (a variable during
	// validate, a resource's output) can be held at all.
	LicenseGroupIDs  types.List  `tfsdk:"license_group_ids"`
	SKUPartNumbers   types.Set   `tfsdk:"sku_part_numbers"`
	ProductSKUIDs    types.Set   `tfsdk:"product_sku_ids"`
	RequireAllSKUs   types.Bool  `tfsdk:"require_all_skus"`
	TotalCount       types.Int64 `tfsdk:"total_count"`
	SubscribedSKUs   types.List  `tfsdk:"subscribed_skus"`
	SKUsByPartNumber types.Map   `tfsdk:"skus_by_part_number"`
	FreeSeats        types.Map   `tfsdk:"available_units_by_part_number"`
	DuplicateParts   types.List  `tfsdk:"duplicate_part_numbers"`
}

func subscribedSKUsSchema() schema.Schema {
	return schema.Schema{
		MarkdownDescription: "Reads the products a customer has bought and how many seats of each are available, " +
			"active, consumed, suspended or in warning, from Partner Center's `subscribedskus` endpoint.",
		Attributes: map[string]schema.Attribute{
			"id":                idAttribute("the customer id, the licence groups read and any filters"),
			"customer_id":       customerIDAttribute(),
			"license_group_ids": licenseGroupIDsAttribute(),
			"sku_part_numbers": schema.SetAttribute{
				MarkdownDescription: "Keep only the SKUs with these part numbers, e.g. `[\"AAD_PREMIUM\"]`. Matching is " +
					"exact and case-insensitive, never a substring match: `aad_premium` keeps `AAD_PREMIUM`. With " +
					"`product_sku_ids` also set, a SKU that matches either list is kept. The keys of " +
					"`skus_by_part_number` and `available_units_by_part_number` keep Partner Center's spelling whatever " +
					"case you filter in.",
				ElementType: types.StringType,
				Optional:    true,
				Validators: []validator.Set{setvalidator.SizeAtLeast(1),
					setvalidator.ValueStringsAre(stringvalidator.LengthAtLeast(1))},
			},
			"product_sku_ids": schema.SetAttribute{
				MarkdownDescription: "Keep only the SKUs with these product SKU ids (GUIDs). Matching is exact and " +
					"case-insensitive. With `sku_part_numbers` also set, a SKU that matches either list is kept.",
				ElementType: types.StringType,
				Optional:    true,
				Validators: []validator.Set{setvalidator.SizeAtLeast(1),
					setvalidator.ValueStringsAre(guidValidator("Product SKU ID", "part numbers such as AAD_PREMIUM go in sku_part_numbers"))},
			},
			"require_all_skus": schema.BoolAttribute{
				MarkdownDescription: "Fail the read, naming what is missing, when a SKU asked for in `sku_part_numbers` " +
					"or `product_sku_ids` is not among the customer's subscribed SKUs, so a gate cannot pass " +
					"silently on a typo or a lapsed subscription. Default `false`.",
				Optional: true,
			},
			"total_count": schema.Int64Attribute{
				MarkdownDescription: "The number of SKUs Partner Center reported (`totalCount`, summed over the pages " +
					"should the answer come in pages), before the `sku_part_numbers` and `product_sku_ids` filters.",
				Computed: true,
			},
			"subscribed_skus": schema.ListNestedAttribute{
				MarkdownDescription: "The customer's subscribed SKUs that pass the filters, in Partner Center's order. " +
					"Empty when none match.",
				Computed:     true,
				NestedObject: subscribedSKUObject(),
			},
			"skus_by_part_number": schema.MapNestedAttribute{
				MarkdownDescription: "The same SKUs as `subscribed_skus`, keyed by `sku_part_number` as Partner Center " +
					"spells it, so that `skus_by_part_number[\"AAD_PREMIUM\"].available_units` reads a product's free " +
					"seats. A part number is not a key in Partner Center: it lists an introductory-price SKU and the full " +
					"SKU under one part number. The value for a part number that several SKUs share (see " +
					"`duplicate_part_numbers`) combines them, whatever their order: each seat count is the **sum** over " +
					"those SKUs (null if any of them lacks it), and every other field is kept where they all agree and " +
					"null where they differ (their product SKU ids, say). `subscribed_skus` holds each of them. SKUs " +
					"without a part number are left out.",
				Computed:     true,
				NestedObject: subscribedSKUObject(),
			},
			"available_units_by_part_number": schema.MapAttribute{
				MarkdownDescription: "Free seats (`available_units`) keyed by `sku_part_number`, for the same SKUs as " +
					"`skus_by_part_number`: the free seats of a part number are the sum over every SKU that has it, " +
					"negative where more seats are assigned than owned. " +
					"A flat map: policy code reads it directly, and `terraform test`'s `mock_provider` can fill it, " +
					"which it cannot do for nested attributes.",
				ElementType: types.Int64Type,
				Computed:    true,
			},
			"duplicate_part_numbers": schema.ListAttribute{
				MarkdownDescription: "The part numbers that more than one of the SKUs read shares, sorted, such as " +
					"`Microsoft_Teams_Premium` for an introductory-price SKU beside the full one. Their figures in " +
					"`skus_by_part_number` and `available_units_by_part_number` are sums. Empty when every part number " +
					"is unique; in the plan JSON, so policy code can see it. The read also warns.",
				ElementType: types.StringType,
				Computed:    true,
			},
		},
	}
}

// validateSubscribedSKUs lets unknown values pass: the check runs again, on
// known values, when the read does.
func validateSubscribedSKUs(_ context.Context, data *subscribedSKUsModel, diags *diag.Diagnostics) {
	if data.RequireAllSKUs.ValueBool() && data.SKUPartNumbers.IsNull() && data.ProductSKUIDs.IsNull() {
		diags.AddAttributeError(path.Root("require_all_skus"), "Nothing Required",
			"Attribute require_all_skus needs sku_part_numbers or product_sku_ids to say which SKUs must be present.")
	}
}

func readSubscribedSKUs(ctx context.Context, call *readCall, data *subscribedSKUsModel) {
	groups, ok := licenseGroups(data.LicenseGroupIDs, call.diags)
	if !ok {
		return
	}
	customerID := data.CustomerID.ValueString()
	filter := newSKUFilter(stringValues(data.SKUPartNumbers.Elements()), stringValues(data.ProductSKUIDs.Elements()))
	tflog.Debug(ctx, "Reading subscribed SKUs", map[string]any{"customer_id": customerID, "license_groups": groups})

	got, err := call.client(ctx).ListSubscribedSKUs(ctx, customerID, groups)
	if err != nil {
		call.failed(err)
		return
	}
	kept, missing := filter.apply(got.Items)
	if data.RequireAllSKUs.ValueBool() && len(missing) > 0 {
		addMissingSKUsError(call.diags, customerID, groups, missing, got.Items)
		return
	}
	var v values
	skus := v.subscribedSKUs(kept)
	call.diags.Append(v.diags...)
	if call.diags.HasError() {
		return
	}
	data.ID = types.StringValue(readID(groups, customerID) + filter.idSuffix())
	data.TotalCount = types.Int64Value(got.TotalCount)
	data.SubscribedSKUs, data.SKUsByPartNumber, data.FreeSeats = skus.list, skus.byPart, skus.freeSeats
	data.DuplicateParts = skus.duplicates
	if len(skus.duplicateNames) > 0 {
		addDuplicatePartNumbersWarning(call.diags, skus.duplicateNames)
	}
}

// addMissingSKUsError names what was asked for and is missing, and what the
// customer does have, so a typo shows beside the right spelling.
func addMissingSKUsError(diags *diag.Diagnostics, customerID string, groups []client.LicenseGroup, missing []string, items []client.SubscribedSKU) {
	products := make([]*client.ProductSKU, len(items))
	for i, item := range items {
		products[i] = item.ProductSKU.Value
	}
	have := "none"
	if names := distinctPartNumbers(products); len(names) > 0 {
		have = strings.Join(names, ", ")
	}
	diags.AddAttributeError(path.Root("require_all_skus"), "Required SKUs Not Found",
		fmt.Sprintf("Customer %s has no subscribed SKU with %s in licence groups %s. Its part numbers there: %s.\n\n"+
			"Check the spelling (matching is exact, not a substring match), the licence groups read, and that the "+
			"customer still has the subscription. Set require_all_skus = false to read what is there instead.",
			customerID, strings.Join(missing, ", "), readID(groups), have))
}

func addDuplicatePartNumbersWarning(diags *diag.Diagnostics, duplicates []string) {
	diags.AddAttributeWarning(path.Root("skus_by_part_number"), "Duplicate SKU Part Numbers",
		fmt.Sprintf("More than one subscribed SKU has the part number %s (Partner Center lists an introductory-price "+
			"SKU beside the full one under one part number). skus_by_part_number and available_units_by_part_number "+
			"sum their seats; subscribed_skus lists each SKU; duplicate_part_numbers names them.", strings.Join(duplicates, ", ")))
}
