package provider

import (
	"reflect"
	"sort"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/partnercenter-terraform/terraform-provider-partnercenter/internal/client"
)

// Terraform values built from the client's wire types. A field Partner
// Center leaves out becomes null; an empty list stays an empty list.
//
// The values are built directly rather than by reflecting over tagged
// structs: the framework's reflection compiles a regular expression for
// every struct field it visits, and for a few SKUs with their service plans
// that was half of the provider's CPU per read in make bench's profile.

var (
	productSKUAttrTypes = map[string]attr.Type{
		"id": types.StringType, "name": types.StringType, "sku_part_number": types.StringType,
		"target_type": types.StringType, "license_group_id": types.StringType,
	}
	servicePlanAttrTypes = map[string]attr.Type{
		"id": types.StringType, "display_name": types.StringType, "service_name": types.StringType,
		"capability_status": types.StringType, "target_type": types.StringType,
	}
	productSKUType   = types.ObjectType{AttrTypes: productSKUAttrTypes}
	servicePlanType  = types.ObjectType{AttrTypes: servicePlanAttrTypes}
	servicePlansType = types.ListType{ElemType: servicePlanType}

	subscribedSKUType = types.ObjectType{AttrTypes: map[string]attr.Type{
		"available_units": types.Int64Type, "active_units": types.Int64Type, "consumed_units": types.Int64Type,
		"suspended_units": types.Int64Type, "total_units": types.Int64Type, "warning_units": types.Int64Type,
		"capability_status": types.StringType, "product_sku": productSKUType, "service_plans": servicePlansType,
	}}
	licenseType = types.ObjectType{AttrTypes: map[string]attr.Type{
		"product_sku": productSKUType, "service_plans": servicePlansType,
	}}
)

// values builds framework values and collects any diagnostics, which only a
// mismatch between these types and the schema could cause.
type values struct {
	diags diag.Diagnostics
}

func (v *values) object(t types.ObjectType, attrs map[string]attr.Value) types.Object {
	obj, diags := types.ObjectValue(t.AttrTypes, attrs)
	v.diags.Append(diags...)
	return obj
}

func (v *values) list(elem attr.Type, elems []attr.Value) types.List {
	list, diags := types.ListValue(elem, elems)
	v.diags.Append(diags...)
	return list
}

func (v *values) productSKU(p *client.ProductSKU) types.Object {
	if p == nil {
		return types.ObjectNull(productSKUAttrTypes)
	}
	return v.object(productSKUType, map[string]attr.Value{
		"id":               types.StringPointerValue(p.ID),
		"name":             types.StringPointerValue(p.Name),
		"sku_part_number":  types.StringPointerValue(p.SKUPartNumber),
		"target_type":      types.StringPointerValue(p.TargetType),
		"license_group_id": types.StringPointerValue(p.LicenseGroupID),
	})
}

// servicePlans keeps nil (absent, so null) apart from empty ([]).
func (v *values) servicePlans(plans []client.ServicePlan) types.List {
	if plans == nil {
		return types.ListNull(servicePlanType)
	}
	elems := make([]attr.Value, len(plans))
	for i, p := range plans {
		elems[i] = v.object(servicePlanType, map[string]attr.Value{
			"id":                types.StringPointerValue(p.ID),
			"display_name":      types.StringPointerValue(p.DisplayName),
			"service_name":      types.StringPointerValue(p.ServiceName),
			"capability_status": types.StringPointerValue(p.CapabilityStatus),
			"target_type":       types.StringPointerValue(p.TargetType),
		})
	}
	return v.list(servicePlanType, elems)
}

func (v *values) subscribedSKU(s client.SubscribedSKU) types.Object {
	return v.object(subscribedSKUType, map[string]attr.Value{
		"available_units":   types.Int64PointerValue(s.AvailableUnits),
		"active_units":      types.Int64PointerValue(s.ActiveUnits),
		"consumed_units":    types.Int64PointerValue(s.ConsumedUnits),
		"suspended_units":   types.Int64PointerValue(s.SuspendedUnits),
		"total_units":       types.Int64PointerValue(s.TotalUnits),
		"warning_units":     types.Int64PointerValue(s.WarningUnits),
		"capability_status": types.StringPointerValue(s.CapabilityStatus),
		"product_sku":       v.productSKU(s.ProductSKU),
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
		if s.ProductSKU != nil && s.ProductSKU.SKUPartNumber != nil {
			part := *s.ProductSKU.SKUPartNumber
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
		return text(func(s client.SubscribedSKU) *string { return f(s.ProductSKU) })
	}
	merged := client.SubscribedSKU{
		AvailableUnits:   units(func(s client.SubscribedSKU) *int64 { return s.AvailableUnits }),
		ActiveUnits:      units(func(s client.SubscribedSKU) *int64 { return s.ActiveUnits }),
		ConsumedUnits:    units(func(s client.SubscribedSKU) *int64 { return s.ConsumedUnits }),
		SuspendedUnits:   units(func(s client.SubscribedSKU) *int64 { return s.SuspendedUnits }),
		TotalUnits:       units(func(s client.SubscribedSKU) *int64 { return s.TotalUnits }),
		WarningUnits:     units(func(s client.SubscribedSKU) *int64 { return s.WarningUnits }),
		CapabilityStatus: text(func(s client.SubscribedSKU) *string { return s.CapabilityStatus }),
		ProductSKU: &client.ProductSKU{ // every SKU here has one: they share its part number
			ID:             product(func(p *client.ProductSKU) *string { return p.ID }),
			Name:           product(func(p *client.ProductSKU) *string { return p.Name }),
			SKUPartNumber:  product(func(p *client.ProductSKU) *string { return p.SKUPartNumber }),
			TargetType:     product(func(p *client.ProductSKU) *string { return p.TargetType }),
			LicenseGroupID: product(func(p *client.ProductSKU) *string { return p.LicenseGroupID }),
		},
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

func stringElems(values []string) []attr.Value {
	out := make([]attr.Value, len(values))
	for i, s := range values {
		out[i] = types.StringValue(s)
	}
	return out
}

func (v *values) licenses(items []client.License) types.List {
	elems := make([]attr.Value, len(items))
	for i, l := range items {
		elems[i] = v.object(licenseType, map[string]attr.Value{
			"product_sku":   v.productSKU(l.ProductSKU),
			"service_plans": v.servicePlans(l.ServicePlans),
		})
	}
	return v.list(licenseType, elems)
}

// distinctPartNumbers lists the distinct part numbers of products, sorted;
// products without one are skipped.
func distinctPartNumbers(products []*client.ProductSKU) []string {
	seen := map[string]bool{}
	names := []string{}
	for _, p := range products {
		if p == nil || p.SKUPartNumber == nil || seen[*p.SKUPartNumber] {
			continue
		}
		seen[*p.SKUPartNumber] = true
		names = append(names, *p.SKUPartNumber)
	}
	sort.Strings(names)
	return names
}

// sortedPartNumbers lists the distinct part numbers of licences, sorted.
func sortedPartNumbers(licenses []client.License) []types.String {
	products := make([]*client.ProductSKU, len(licenses))
	for i, l := range licenses {
		products[i] = l.ProductSKU
	}
	names := distinctPartNumbers(products)
	out := make([]types.String, len(names))
	for i, n := range names {
		out[i] = types.StringValue(n)
	}
	return out
}
