package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/partnercenter-terraform/terraform-provider-partnercenter/internal/client"
)

// NewSubscribedSKUsByCustomerDataSource reads many customers' subscribed
// SKUs in one data source, so that Terraform handles one value instead of
// one data source per customer.
var NewSubscribedSKUsByCustomerDataSource = newDataSource(dataSourceSpec[skusByCustomerModel]{
	name:    "subscribed_skus_by_customer",
	summary: "Unable to Read Subscribed SKUs by Customer",
	hints:   subscribedSKUsHints,
	schema:  skusByCustomerSchema,
	read:    readSKUsByCustomer,
})

type skusByCustomerModel struct {
	ID                  types.String `tfsdk:"id"`
	CustomerIDs         types.List   `tfsdk:"customer_ids"`
	LicenseGroupIDs     types.List   `tfsdk:"license_group_ids"`
	SKUPartNumbers      types.Set    `tfsdk:"sku_part_numbers"`
	ProductSKUIDs       types.Set    `tfsdk:"product_sku_ids"`
	IncludeServicePlans types.Bool   `tfsdk:"include_service_plans"`
	OnCustomerError     types.String `tfsdk:"on_customer_error"`
	// Customers and AvailableUnits are encodedMaps once read: thousands of
	// customers' values are encoded as each is read, not held as trees.
	Customers       attr.Value `tfsdk:"customers"`
	AvailableUnits  attr.Value `tfsdk:"available_units"`
	FailedCustomers types.Map  `tfsdk:"failed_customers"`
}

// customerSKUsObject is one customer's entry in customers: the same shapes
// and meaning as on partnercenter_subscribed_skus.
func customerSKUsObject() schema.NestedAttributeObject {
	return withType(schema.NestedAttributeObject{
		Attributes: map[string]schema.Attribute{
			"subscribed_skus": schema.ListNestedAttribute{
				MarkdownDescription: "The customer's subscribed SKUs that pass the filters, in Partner Center's order, as " +
					"`subscribed_skus` of `partnercenter_subscribed_skus`; `service_plans` is null unless " +
					"`include_service_plans` is `true`.",
				Computed:     true,
				NestedObject: subscribedSKUObject(),
			},
			"available_units_by_part_number": schema.MapAttribute{
				MarkdownDescription: "Free seats by part number, summed over the SKUs that share one, as on " +
					"`partnercenter_subscribed_skus`.",
				ElementType: types.Int64Type,
				Computed:    true,
			},
			"duplicate_part_numbers": schema.ListAttribute{
				MarkdownDescription: "The part numbers that more than one of the customer's SKUs shares, sorted. " +
					"Unlike `partnercenter_subscribed_skus`, this data source raises no warning for them, which over " +
					"thousands of customers would be noise on every plan: policy code reads this list.",
				ElementType: types.StringType,
				Computed:    true,
			},
		},
	})
}

// customerSKUsType is derived from the schema, so the two cannot drift.
var customerSKUsType = customerSKUsObject().Type().(types.ObjectType) //nolint:forcetypeassert // a nested object's type is an ObjectType

// availableUnitsType is available_units: customer id to part number to seats.
var availableUnitsType = types.MapType{ElemType: types.MapType{ElemType: types.Int64Type}}

func skusByCustomerSchema() schema.Schema {
	sku := subscribedSKUsSchema().Attributes
	return schema.Schema{
		MarkdownDescription: "Reads the subscribed SKUs of many customers at once, from Partner Center's " +
			"`subscribedskus` endpoint, one request per customer, with as many in flight as `max_concurrent_requests` " +
			"allows. One data source over thousands of customers plans in seconds, where one " +
			"`partnercenter_subscribed_skus` per customer costs Terraform time for every data source (BENCHMARKS.md). " +
			"A customer that a `partnercenter_subscribed_skus` of the same plan reads at the same time, or has read before, " +
			"is not requested again.\n\n" +
			memoryAndSizeNote("customer", "a SKU takes about 330 bytes, and about 160 more per service plan with "+
				"`include_service_plans`", "With `sku_part_numbers` of two part numbers, a read of 10,000 customers of "+
				"80 SKUs of 20 service plans each peaked at 77 MiB in the provider; a read without filters peaks at "+
				"about twice its state plus 40 MiB (166 MiB for 64 MiB of state).", "`sku_part_numbers` or `product_sku_ids`, "+
				"`include_service_plans = false`, or several data sources over "+
				"`chunklist(data.partnercenter_customers.all.customer_ids, K)` with `count` or `for_each`, as the guide "+
				"\"Check seats across every customer\" shows"),
		Attributes: map[string]schema.Attribute{
			"id": idAttribute("the customers, the licence groups read and any filters"),
			"customer_ids": schema.ListAttribute{
				MarkdownDescription: "The customers to read: tenant ids (GUIDs), in any case; one given twice is read " +
					"once; an empty list reads none. **When omitted, every customer of the partner is read**, listed as " +
					"`partnercenter_customers` lists them. A value not known until apply (such as another resource's output) " +
					"defers the read to apply, as for any argument; it is never read as omitted. A list, not a set: " +
					"Terraform compares a set's elements pairwise, which cost seconds at a thousand ids.",
				ElementType: types.StringType,
				Optional:    true,
				Validators:  []validator.List{listvalidator.ValueStringsAre(customerIDValidator())},
			},
			"license_group_ids": licenseGroupIDsAttribute(),
			"sku_part_numbers":  sku["sku_part_numbers"],
			"product_sku_ids":   sku["product_sku_ids"],
			"include_service_plans": schema.BoolAttribute{
				MarkdownDescription: "Keep each SKU's `service_plans`. Default `false`, which keeps state small at " +
					"thousands of customers; `service_plans` is then null.",
				Optional: true,
			},
			"on_customer_error": onErrorAttribute("customer", "A customer your partner tenant no longer resells to or "+
				"advises (403, code 20002: no commerce relationship), as happens when customers leave, is the usual case for `warn`."),
			"customers": schema.MapNestedAttribute{
				MarkdownDescription: "Each customer read, keyed by its id in lower case.",
				Computed:            true,
				NestedObject:        customerSKUsObject(),
			},
			"available_units": schema.MapAttribute{
				MarkdownDescription: "Free seats by customer id (lower case), then by part number: " +
					"`available_units[\"<customer id>\"][\"AAD_PREMIUM\"]`. Flat maps, which policy code reads " +
					"directly and `terraform test`'s `mock_provider` can fill. Negative where more seats are assigned " +
					"than the customer owns.",
				ElementType: types.MapType{ElemType: types.Int64Type},
				Computed:    true,
			},
			"failed_customers": failedKeysAttribute("customer", "by id (lower case), or, for a listed customer without an id, which is "+
				"never read, by `#` and its place in the list (`#2` for the second)", "available_units"),
		},
	}
}

// customersSizeAdvice is what a read of many customers' SKUs can change
// to read less.
func customersSizeAdvice(withPlans bool) sizeAdvice {
	a := sizeAdvice{noun: "customer",
		filters: []string{"keep only the SKUs the check needs, with sku_part_numbers or product_sku_ids"},
		chunked: "data.partnercenter_customers.all.customer_ids", guide: "Check seats across every customer"}
	if withPlans {
		a.filters = append(a.filters, "set include_service_plans = false: service plans are most of a SKU's state")
	}
	return a
}

func readSKUsByCustomer(ctx context.Context, call *readCall, data *skusByCustomerModel) {
	groups, ok := licenseGroups(data.LicenseGroupIDs, call.diags)
	if !ok {
		return
	}
	filter := newSKUFilter(stringValues(data.SKUPartNumbers.Elements()), stringValues(data.ProductSKUIDs.Elements()))
	withPlans := data.IncludeServicePlans.ValueBool()

	api := call.client(ctx)
	ids, unkeyed, listed, ok := customerKeys(ctx, call, api, data.CustomerIDs)
	if !ok {
		return
	}
	tflog.Debug(ctx, "Reading subscribed SKUs by customer", map[string]any{"customers": len(ids), "license_groups": groups})

	bulk := bulkRead{
		maps:     []attr.Type{customerSKUsType, availableUnitsType.ElemType},
		advice:   customersSizeAdvice(withPlans),
		warnOnly: data.OnCustomerError.ValueString() == onErrorWarn,
	}
	maps, failed, ok := bulk.run(ctx, call, len(ids), func(ctx context.Context, i int) bulkItem {
		if unkeyed[ids[i]] {
			return bulkItem{key: ids[i], missed: &listedWithoutKeyError{noun: "customer", lacks: "an id"}}
		}
		return bulk.customerSKUs(ctx, api, ids[i], groups, filter, withPlans)
	})
	if !ok {
		return
	}
	data.Customers, data.AvailableUnits, data.FailedCustomers = maps[0], maps[1], failed
	data.ID = types.StringValue(readID(groups, keysDigest("customer", ids, listed)) + filter.idSuffix())
}

// customerSKUs reads one customer, through the client's read cache, and
// builds and encodes its entries.
func (b bulkRead) customerSKUs(ctx context.Context, c *client.Client, id string, groups []client.LicenseGroup, filter skuFilter, withPlans bool) bulkItem {
	got, err := c.ListSubscribedSKUs(ctx, id, groups)
	if err != nil {
		return bulkItem{key: id, missed: err}
	}
	kept, _ := filter.apply(got.Items)
	if !withPlans {
		plain := make([]client.SubscribedSKU, len(kept))
		for i, s := range kept {
			s.ServicePlans = nil
			plain[i] = s
		}
		kept = plain
	}
	var v values
	skus := v.subscribedSKUs(kept)
	entry := v.object(customerSKUsType, map[string]attr.Value{
		"subscribed_skus":                skus.list,
		"available_units_by_part_number": skus.freeSeats,
		"duplicate_part_numbers":         skus.duplicates,
	})
	return b.item(ctx, id, &v, entry, skus.freeSeats)
}

// customerKeys are the customers a bulk read of customers reads, as keys:
// those given, or, when customer_ids is omitted (listed), every customer
// as partnercenter_customers lists them. A customer listed without an id
// is keyed by its place in the list, so that two such customers stay two
// failures, and is in unkeyed: nothing else can read it.
func customerKeys(ctx context.Context, call *readCall, api *client.Client, given types.List) (ids []string, unkeyed map[string]bool, listed, ok bool) {
	unkeyed = map[string]bool{}
	if !given.IsNull() {
		ids, _ = distinctKeys(stringValues(given.Elements()))
		return ids, unkeyed, false, true
	}
	customers, err := api.ListCustomers(ctx, nil)
	if err != nil {
		addReadError(call.diags, "Unable to List Customers", err, customersHints, call.facts())
		return nil, unkeyed, true, false
	}
	warnIfListEndedBy2000(call.diags, customers)
	all := make([]string, len(customers.Items))
	for i, c := range customers.Items {
		if c.ID == nil || *c.ID == "" {
			all[i] = unkeyedKey(i)
			unkeyed[all[i]] = true
			continue
		}
		all[i] = *c.ID
	}
	ids, _ = distinctKeys(all)
	return ids, unkeyed, true, true
}
