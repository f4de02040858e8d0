package provider

import (
	"reflect"
	"sort"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/partnercenter-terraform/terraform-provider-partnercenter/internal/client"
)

// The subscribed SKU shape: a product a customer has bought, with its seat
// counts, and the maps keyed by part number that are built from a read's
// SKUs.

func subscribedSKUObject() schema.NestedAttributeObject {
	return withType(schema.NestedAttributeObject{
		Attributes: map[string]schema.Attribute{
			"available_units": computedInt64("Seats that can still be assigned: `total_units` - `consumed_units`. " +
				"**Negative** when more seats are assigned than owned, as after seats were reduced or suspended while " +
				"still assigned: `-3` means three users hold seats the customer no longer owns."),
			"active_units":      computedInt64("Seats the customer has paid for and that are active."),
			"consumed_units":    computedInt64("Seats assigned to users."),
			"suspended_units":   computedInt64("Seats that are suspended. They are not in `total_units`, so they are not available."),
			"total_units":       computedInt64("The seats that count as owned: `active_units` + `warning_units`. Suspended seats are not counted."),
			"warning_units":     computedInt64("Seats in the warning (grace) state."),
			"capability_status": computedString("The SKU's status, e.g. `Enabled`." + openTextNote),
			"product_sku":       productSKUAttribute(),
			"service_plans":     servicePlansAttribute(),
		},
	})
}

// subscribedSKUType is derived from the schema, so the two cannot drift.
var subscribedSKUType = subscribedSKUObject().Type().(types.ObjectType) //nolint:forcetypeassert // a nested object's type is an ObjectType

func (v *values) subscribedSKU(s client.SubscribedSKU) types.Object {
	return v.object(subscribedSKUType, map[string]attr.Value{
		"available_units":   types.Int64PointerValue(s.AvailableUnits),
		"active_units":      types.Int64PointerValue(s.ActiveUnits),
		"consumed_units":    types.Int64PointerValue(s.ConsumedUnits),
		"suspended_units":   types.Int64PointerValue(s.SuspendedUnits),
		"total_units":       types.Int64PointerValue(s.TotalUnits),
		"warning_units":     types.Int64PointerValue(s.WarningUnits),
		"capability_status": types.StringPointerValue(s.CapabilityStatus),
		"product_sku":       v.productSKU(s.ProductSKU.Value),
		"service_plans":     v.servicePlans(s.ServicePlans),
	})
}

// skuValues are the values of one read of subscribed SKUs.
type skuValues struct {
	list       types.List // subscribed_skus
	byPart     types.Map  // skus_by_part_number
	freeSeats  types.Map  // available_units_by_part_number
	duplicates types.List // duplicate_part_numbers
	// duplicateNames are the part numbers that more than one SKU shares,
	// sorted, for the warning.
	duplicateNames []string
}

// subscribedSKUs builds the values of a read. A part number is not a key:
// Partner Center lists an introductory-price SKU and the full SKU under one
// (seen with Microsoft_Teams_Premium). So the figures keyed by part number
// are built from every SKU that shares it, never from whichever comes first
// (see mergeSKUs), and the shared part numbers are listed in state.
func (v *values) subscribedSKUs(items []client.SubscribedSKU) skuValues {
	elems := make([]attr.Value, len(items))
	byName := make(map[string][]client.SubscribedSKU, len(items))
	for i, s := range items {
		elems[i] = v.subscribedSKU(s)
		if p := s.ProductSKU.Value; p != nil && p.SKUPartNumber != nil {
			part := *p.SKUPartNumber
			byName[part] = append(byName[part], s)
		}
	}
	byPart := make(map[string]attr.Value, len(byName))
	free := make(map[string]attr.Value, len(byName))
	out := skuValues{duplicateNames: []string{}}
	for part, skus := range byName {
		merged := skus[0]
		if len(skus) > 1 {
			merged = mergeSKUs(skus)
			out.duplicateNames = append(out.duplicateNames, part)
		}
		byPart[part] = v.subscribedSKU(merged)
		free[part] = types.Int64PointerValue(merged.AvailableUnits)
	}
	sort.Strings(out.duplicateNames)
	out.list = v.list(subscribedSKUType, elems)
	var diags diag.Diagnostics
	out.byPart, diags = types.MapValue(subscribedSKUType, byPart)
	v.diags.Append(diags...)
	out.freeSeats, diags = types.MapValue(types.Int64Type, free)
	v.diags.Append(diags...)
	out.duplicates = v.list(types.StringType, stringElems(out.duplicateNames))
	return out
}

// mergeSKUs combines SKUs that share a part number into one, in a way that
// does not depend on their order: each seat count is the sum of theirs
// (absent if any of them lacks it), and every other field is kept where all
// of them agree and absent where they differ. So the free seats of a part
// number are all of its free seats, and a product SKU id that differs
// between them reads as null rather than as one of them.
func mergeSKUs(skus []client.SubscribedSKU) client.SubscribedSKU {
	units := func(f func(client.SubscribedSKU) *int64) *int64 {
		var total int64
		for _, s := range skus {
			n := f(s)
			if n == nil {
				return nil
			}
			total += *n
		}
		return &total
	}
	text := func(f func(client.SubscribedSKU) *string) *string {
		first := f(skus[0])
		for _, s := range skus[1:] {
			if other := f(s); first == nil || other == nil || *first != *other {
				return nil
			}
		}
		return first
	}
	product := func(f func(*client.ProductSKU) *string) *string {
		return text(func(s client.SubscribedSKU) *string { return f(s.ProductSKU.Value) })
	}
	merged := client.SubscribedSKU{
		AvailableUnits:   units(func(s client.SubscribedSKU) *int64 { return s.AvailableUnits }),
		ActiveUnits:      units(func(s client.SubscribedSKU) *int64 { return s.ActiveUnits }),
		ConsumedUnits:    units(func(s client.SubscribedSKU) *int64 { return s.ConsumedUnits }),
		SuspendedUnits:   units(func(s client.SubscribedSKU) *int64 { return s.SuspendedUnits }),
		TotalUnits:       units(func(s client.SubscribedSKU) *int64 { return s.TotalUnits }),
		WarningUnits:     units(func(s client.SubscribedSKU) *int64 { return s.WarningUnits }),
		CapabilityStatus: text(func(s client.SubscribedSKU) *string { return s.CapabilityStatus }),
		ProductSKU: client.Object[client.ProductSKU]{Value: &client.ProductSKU{ // every SKU here has one: they share its part number
			ID:             product(func(p *client.ProductSKU) *string { return p.ID }),
			Name:           product(func(p *client.ProductSKU) *string { return p.Name }),
			SKUPartNumber:  product(func(p *client.ProductSKU) *string { return p.SKUPartNumber }),
			TargetType:     product(func(p *client.ProductSKU) *string { return p.TargetType }),
			LicenseGroupID: product(func(p *client.ProductSKU) *string { return p.LicenseGroupID }),
		}},
	}
	merged.ServicePlans = skus[0].ServicePlans
	for _, s := range skus[1:] {
		if !reflect.DeepEqual(s.ServicePlans, merged.ServicePlans) {
			merged.ServicePlans = nil
			break
		}
	}
	return merged
}
