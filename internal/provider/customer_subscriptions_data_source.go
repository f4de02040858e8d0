package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// NewCustomerSubscriptionsDataSource reads a customer's subscriptions: the
// term, renewal and cancellation window that seat counts alone lack.
var NewCustomerSubscriptionsDataSource = newDataSource(dataSourceSpec[customerSubscriptionsModel]{
	name:    "customer_subscriptions",
	summary: "Unable to Read Customer Subscriptions",
	hints:   subscriptionsHints,
	schema:  customerSubscriptionsSchema,
	read:    readCustomerSubscriptions,
})

// subscriptionsHints: a subscription is the partner's commerce record, so
// Partner Center takes app-only tokens and asks for no GDAP role
// (docs/development/partner-center-api.md, "A customer's subscriptions").
var subscriptionsHints = readHints{
	notFound: subscribedSKUsHints.notFound,
	rolesSource: "Partner Center answers this read for app-only tokens (`auth_method = \"client_credentials\"`) as well " +
		"as App+User ones, and it needs no GDAP role: subscriptions are the partner's own commerce records (\"Get a list " +
		"of a customer's subscriptions\").",
	appOnlyToo: true,
	list:       "the subscriptions",
}

type customerSubscriptionsModel struct {
	ID            types.String `tfsdk:"id"`
	CustomerID    types.String `tfsdk:"customer_id"`
	Statuses      types.Set    `tfsdk:"statuses"`
	TotalCount    types.Int64  `tfsdk:"total_count"`
	Subscriptions types.List   `tfsdk:"subscriptions"`
}

func customerSubscriptionsSchema() schema.Schema {
	return schema.Schema{
		MarkdownDescription: "Reads a customer's subscriptions from Partner Center's `subscriptions` endpoint: each one's " +
			"seats, status, term, billing cycle, auto-renewal, commitment end date and cancellation window, so that a " +
			"seat count can be read beside whether the seats will still be there next month.\n\n" +
			"A subscription carries no product SKU id, so nothing Partner Center returns joins a subscription to a " +
			"subscribed SKU of `partnercenter_subscribed_skus`; offer names and part numbers differ.",
		Attributes: map[string]schema.Attribute{
			"id":          idAttribute("the customer id and any statuses kept"),
			"customer_id": customerIDAttribute(),
			"statuses":    statusesAttribute(),
			"total_count": schema.Int64Attribute{
				MarkdownDescription: "The number of subscriptions Partner Center reported (`totalCount`), before the " +
					"`statuses` filter.",
				Computed: true,
			},
			"subscriptions": schema.ListNestedAttribute{
				MarkdownDescription: "The customer's subscriptions that pass the filter, in Partner Center's order, add-ons " +
					"among them. Empty when none match.",
				Computed:     true,
				NestedObject: subscriptionObject(),
			},
		},
	}
}

func readCustomerSubscriptions(ctx context.Context, call *readCall, data *customerSubscriptionsModel) {
	customerID := data.CustomerID.ValueString()
	filter := newStatusFilter(stringValues(data.Statuses.Elements()))
	tflog.Debug(ctx, "Reading customer subscriptions", map[string]any{"customer_id": customerID})

	got, err := call.client(ctx).ListSubscriptions(ctx, customerID)
	if err != nil {
		call.failed(err)
		return
	}
	var v values
	kept := filter.apply(got.Items)
	data.Subscriptions = v.list(subscriptionType, subscriptionElems(&v, kept))
	call.diags.Append(v.diags...)
	if call.diags.HasError() {
		return
	}
	data.ID = types.StringValue(customerID + filter.idSuffix())
	data.TotalCount = types.Int64Value(got.TotalCount)
}
