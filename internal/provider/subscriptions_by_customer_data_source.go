package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/partnercenter-terraform/terraform-provider-partnercenter/internal/client"
)

// NewSubscriptionsByCustomerDataSource reads many customers' subscriptions
// in one data source, on the bulk fan-out that
// partnercenter_subscribed_skus_by_customer uses.
var NewSubscriptionsByCustomerDataSource = newDataSource(dataSourceSpec[subscriptionsByCustomerModel]{
	name:    "subscriptions_by_customer",
	summary: "Unable to Read Subscriptions by Customer",
	hints:   subscriptionsByCustomerHints,
	schema:  subscriptionsByCustomerSchema,
	read:    readSubscriptionsByCustomer,
})

var subscriptionsByCustomerHints = readHints{
	notFound: subscriptionsHints.notFound,
	rolesSource: subscriptionsHints.rolesSource + " Without `customer_ids`, the customers are listed first, which " +
		"takes one of the Partner Center roles Admin agent, Sales agent or Helpdesk agent, app-only too.",
	appOnlyToo: true,
	list:       subscriptionsHints.list,
}

type subscriptionsByCustomerModel struct {
	ID              types.String `tfsdk:"id"`
	CustomerIDs     types.List   `tfsdk:"customer_ids"`
	Statuses        types.Set    `tfsdk:"statuses"`
	OnCustomerError types.String `tfsdk:"on_customer_error"`
	// Customers and the flat maps are encodedMaps once read: thousands of
	// customers' values are encoded as each is read, not held as trees.
	Customers              attr.Value `tfsdk:"customers"`
	EndingWithoutAutoRenew attr.Value `tfsdk:"ending_without_auto_renew"`
	CancellableUntil       attr.Value `tfsdk:"cancellable_until"`
	Quantities             attr.Value `tfsdk:"quantities"`
	FailedCustomers        types.Map  `tfsdk:"failed_customers"`
}

func customerSubscriptionsObject() schema.NestedAttributeObject {
	return withType(schema.NestedAttributeObject{
		Attributes: map[string]schema.Attribute{
			"subscriptions": schema.ListNestedAttribute{
				MarkdownDescription: "The customer's subscriptions that pass `statuses`, in Partner Center's order, as " +
					"`subscriptions` of `partnercenter_customer_subscriptions`.",
				Computed:     true,
				NestedObject: subscriptionObject(),
			},
		},
	})
}

// customerSubscriptionsType is derived from the schema, so the two cannot
// drift.
var customerSubscriptionsType = customerSubscriptionsObject().Type().(types.ObjectType) //nolint:forcetypeassert // a nested object's type is an ObjectType

// The flat maps' elements: subscription id to a date, or to seats.
var (
	datesBySubscription      = types.MapType{ElemType: types.StringType}
	quantitiesBySubscription = types.MapType{ElemType: types.Int64Type}
)

func subscriptionsByCustomerSchema() schema.Schema {
	skus := skusByCustomerSchema().Attributes
	flat := " Keyed by customer id (lower case), then by subscription id; subscriptions without an id are left out. A " +
		"flat map, which policy code reads directly and `terraform test`'s `mock_provider` can fill."
	return schema.Schema{
		MarkdownDescription: "Reads the subscriptions of many customers at once, from Partner Center's `subscriptions` " +
			"endpoint, one request per customer, with as many in flight as `max_concurrent_requests` allows. A customer " +
			"that a `partnercenter_customer_subscriptions` of the same plan reads at the same time, or has read before, is " +
			"not requested again.\n\n" +
			"**Rate limit.** Microsoft documents the Subscription resource's limit as 500 requests per minute per tenant: " +
			"5,000 customers take at least 10 minutes, whatever `max_concurrent_requests` is; the provider waits out " +
			"each 429 (BENCHMARKS.md, \"Every customer's subscriptions\").\n\n" +
			"**Memory and size.** Each customer's answer is decoded, filtered, encoded and dropped as it arrives, and none " +
			"is kept for later reads, so the provider's memory follows the state this data source returns, not what " +
			"Partner Center sends. That state reaches Terraform in one message, which Terraform caps at 256 MiB. In state, " +
			"a subscription takes about 0.5 KiB in `customers` and 0.2 KiB more in the flat maps. Past " + fmt.Sprint(largeReadWarningMiB) + " MiB the read warns; at the " +
			"provider's `max_read_size_mib` (default " + fmt.Sprint(defaultMaxReadSizeMiB) + ") it stops at once and fails, " +
			"naming how many customers it read and what to change: `statuses`, or several data sources over " +
			"`chunklist(data.partnercenter_customers.all.customer_ids, K)` with `for_each`.",
		Attributes: map[string]schema.Attribute{
			"id": idAttribute("the customers read and any statuses kept"),
			"customer_ids": schema.ListAttribute{
				MarkdownDescription: skus["customer_ids"].GetMarkdownDescription(),
				ElementType:         types.StringType,
				Optional:            true,
				Validators:          []validator.List{listvalidator.ValueStringsAre(customerIDValidator())},
			},
			"statuses": statusesAttribute(),
			"on_customer_error": onErrorAttribute("customer", "A customer your partner tenant no longer resells to or "+
				"advises (403, code 20002: no commerce relationship), as happens when customers leave, is the usual case for `warn`."),
			"customers": schema.MapNestedAttribute{
				MarkdownDescription: "Each customer read, keyed by its id in lower case.",
				Computed:            true,
				NestedObject:        customerSubscriptionsObject(),
			},
			"ending_without_auto_renew": schema.MapAttribute{
				MarkdownDescription: "The `commitment_end_date` of each subscription that will not renew itself " +
					"(`auto_renew_enabled` is `false`) and has an end date: the subscriptions whose seats go at the end of " +
					"their term unless someone acts. A gate over the next N days is one expression: " +
					"`timecmp(end, timeadd(plantimestamp(), \"720h\")) <= 0`." + flat,
				ElementType: datesBySubscription,
				Computed:    true,
			},
			"cancellable_until": schema.MapAttribute{
				MarkdownDescription: "The `cancellation_allowed_until_date` of each subscription that has one: until then " +
					"its seats can still be reduced or cancelled; a date in the past means the window has closed. " +
					"`timecmp(until, plantimestamp()) > 0` keeps those still inside their window." + flat,
				ElementType: datesBySubscription,
				Computed:    true,
			},
			"quantities": schema.MapAttribute{
				MarkdownDescription: "The `quantity` (seats bought) of each subscription that has one." + flat,
				ElementType:         quantitiesBySubscription,
				Computed:            true,
			},
			"failed_customers": failedKeysAttribute("customer", "by id (lower case)", "customers"),
		},
	}
}

// subscriptionsSizeAdvice is what a read of many customers' subscriptions
// can change to read less.
var subscriptionsSizeAdvice = sizeAdvice{noun: "customer",
	filters: []string{"keep only the subscriptions the check needs, with statuses = [\"active\"]"},
	chunked: "data.partnercenter_customers.all.customer_ids", guide: "Seats in context"}

func readSubscriptionsByCustomer(ctx context.Context, call *readCall, data *subscriptionsByCustomerModel) {
	filter := newStatusFilter(stringValues(data.Statuses.Elements()))
	api := call.client(ctx)
	ids, unkeyed, listed, ok := customerKeys(ctx, call, api, data.CustomerIDs)
	if !ok {
		return
	}
	tflog.Debug(ctx, "Reading subscriptions by customer", map[string]any{"customers": len(ids)})

	bulk := bulkRead{
		maps:     []attr.Type{customerSubscriptionsType, datesBySubscription, datesBySubscription, quantitiesBySubscription},
		advice:   subscriptionsSizeAdvice,
		warnOnly: data.OnCustomerError.ValueString() == onErrorWarn,
	}
	maps, failed, ok := bulk.run(ctx, call, len(ids), func(ctx context.Context, i int) bulkItem {
		if unkeyed[ids[i]] {
			return bulkItem{key: ids[i], missed: &listedWithoutKeyError{noun: "customer", lacks: "an id"}}
		}
		return bulk.customerSubscriptions(ctx, api, ids[i], filter)
	})
	if !ok {
		return
	}
	data.Customers, data.EndingWithoutAutoRenew, data.CancellableUntil, data.Quantities = maps[0], maps[1], maps[2], maps[3]
	data.FailedCustomers = failed
	data.ID = types.StringValue(keysDigest("customer", ids, listed) + filter.idSuffix())
}

// customerSubscriptions reads one customer, through the client's read
// cache, and builds and encodes its entries.
func (b bulkRead) customerSubscriptions(ctx context.Context, c *client.Client, id string, filter statusFilter) bulkItem {
	got, err := c.ListSubscriptions(ctx, id)
	if err != nil {
		return bulkItem{key: id, missed: err}
	}
	kept := filter.apply(got.Items)
	var v values
	ending := make(map[string]attr.Value)
	cancellable := make(map[string]attr.Value)
	quantities := make(map[string]attr.Value)
	for _, s := range kept {
		if s.ID == nil {
			continue
		}
		if end := rfc3339(s.CommitmentEndDate); end != nil && s.AutoRenewEnabled != nil && !*s.AutoRenewEnabled {
			ending[*s.ID] = types.StringValue(*end)
		}
		if until := rfc3339(s.CancellationAllowedUntilDate); until != nil {
			cancellable[*s.ID] = types.StringValue(*until)
		}
		if s.Quantity != nil {
			quantities[*s.ID] = types.Int64Value(*s.Quantity)
		}
	}
	entry := v.object(customerSubscriptionsType, map[string]attr.Value{
		"subscriptions": v.list(subscriptionType, subscriptionElems(&v, kept)),
	})
	return b.item(ctx, id, &v, entry,
		v.mapOf(types.StringType, ending), v.mapOf(types.StringType, cancellable), v.mapOf(types.Int64Type, quantities))
}
