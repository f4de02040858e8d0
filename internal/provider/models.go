package provider

import (
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
	duplicates []string   // part numbers seen more than once; the first is kept
}

func (v *values) subscribedSKUs(items []client.SubscribedSKU) skuValues {
	elems := make([]attr.Value, len(items))
	byPart := make(map[string]attr.Value, len(items))
	free := make(map[string]attr.Value, len(items))
	var duplicates []string
	for i, s := range items {
		elems[i] = v.subscribedSKU(s)
		if s.ProductSKU == nil || s.ProductSKU.SKUPartNumber == nil {
			continue
		}
		part := *s.ProductSKU.SKUPartNumber
		if _, taken := byPart[part]; taken {
			duplicates = append(duplicates, part)
			continue
		}
		byPart[part] = elems[i]
		free[part] = types.Int64PointerValue(s.AvailableUnits)
	}
	out := skuValues{list: v.list(subscribedSKUType, elems), duplicates: duplicates}
	var diags diag.Diagnostics
	out.byPart, diags = types.MapValue(subscribedSKUType, byPart)
	v.diags.Append(diags...)
	out.freeSeats, diags = types.MapValue(types.Int64Type, free)
	v.diags.Append(diags...)
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

// sortedPartNumbers lists the distinct part numbers of licences, sorted.
func sortedPartNumbers(licenses []client.License) []types.String {
	seen := map[string]bool{}
	names := []string{}
	for _, l := range licenses {
		if l.ProductSKU == nil || l.ProductSKU.SKUPartNumber == nil {
			continue
		}
		if name := *l.ProductSKU.SKUPartNumber; !seen[name] {
			seen[name] = true
			names = append(names, name)
		}
	}
	sort.Strings(names)
	out := make([]types.String, len(names))
	for i, n := range names {
		out[i] = types.StringValue(n)
	}
	return out
}
