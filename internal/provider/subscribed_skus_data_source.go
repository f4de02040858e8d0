package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/partnercenter-terraform/terraform-provider-partnercenter/internal/client"
)

var _ datasource.DataSourceWithConfigure = &subscribedSKUsDataSource{}

// NewSubscribedSKUsDataSource reads a customer's subscribed SKUs.
func NewSubscribedSKUsDataSource() datasource.DataSource {
	return &subscribedSKUsDataSource{}
}

type subscribedSKUsDataSource struct {
	client *client.Client
}

type subscribedSKUsModel struct {
	ID              types.String         `tfsdk:"id"`
	CustomerID      types.String         `tfsdk:"customer_id"`
	LicenseGroupIDs []types.String       `tfsdk:"license_group_ids"`
	TotalCount      types.Int64          `tfsdk:"total_count"`
	SubscribedSKUs  []subscribedSKUModel `tfsdk:"subscribed_skus"`
}

var subscribedSKUsHints = readHints{
	notFound: "Partner Center does not know this customer. Check that customer_id is the customer's tenant id " +
		"(Microsoft ID) and that the customer belongs to your partner tenant.",
	gdapRoles: []string{"Directory Readers", "Global Reader", "User Administrator", "License Administrator"},
}

func (d *subscribedSKUsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_subscribed_skus"
}

func (d *subscribedSKUsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads the products a customer has bought and how many seats of each are available, " +
			"active, consumed, suspended or in warning, from Partner Center's `subscribedskus` endpoint.",
		Attributes: map[string]schema.Attribute{
			"id":                idAttribute("the customer id and the licence groups read"),
			"customer_id":       customerIDAttribute(),
			"license_group_ids": licenseGroupIDsAttribute(),
			"total_count":       totalCountAttribute(),
			"subscribed_skus": schema.ListNestedAttribute{
				MarkdownDescription: "The customer's subscribed SKUs, in Partner Center's order. Empty when none match.",
				Computed:            true,
				NestedObject: schema.NestedAttributeObject{
					Attributes: map[string]schema.Attribute{
						"available_units":   computedInt64("Seats that can still be assigned."),
						"active_units":      computedInt64("Seats the customer has paid for and that are active."),
						"consumed_units":    computedInt64("Seats assigned to users."),
						"suspended_units":   computedInt64("Seats that are suspended."),
						"total_units":       computedInt64("All seats of the subscription."),
						"warning_units":     computedInt64("Seats in the warning (grace) state."),
						"capability_status": computedString("The SKU's status, e.g. `Enabled`." + openTextNote),
						"product_sku":       productSKUAttribute(),
						"service_plans":     servicePlansAttribute(),
					},
				},
			},
		},
	}
}

func (d *subscribedSKUsDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = clientFromProviderData(req.ProviderData, &resp.Diagnostics)
}

func (d *subscribedSKUsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var data subscribedSKUsModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &data)...)
	if resp.Diagnostics.HasError() || !requireClient(d.client, &resp.Diagnostics) {
		return
	}
	groups, ok := licenseGroups(data.LicenseGroupIDs, &resp.Diagnostics)
	if !ok {
		return
	}
	customerID := data.CustomerID.ValueString()
	tflog.Debug(ctx, "Reading subscribed SKUs", map[string]any{"customer_id": customerID, "license_groups": groups})

	got, err := d.client.ListSubscribedSKUs(ctx, customerID, groups)
	if err != nil {
		addReadError(&resp.Diagnostics, "Unable to Read Subscribed SKUs", err, subscribedSKUsHints)
		return
	}
	data.ID = types.StringValue(readID(groups, customerID))
	data.TotalCount = types.Int64Value(got.TotalCount)
	data.SubscribedSKUs = subscribedSKUsFromAPI(got.Items)
	resp.Diagnostics.Append(resp.State.Set(ctx, &data)...)
}
