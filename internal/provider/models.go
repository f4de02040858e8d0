package provider

import (
	"sort"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/partnercenter-terraform/terraform-provider-partnercenter/internal/client"
)

// Terraform-side models and the pure functions that fill them from the
// client's wire types. A field Partner Center leaves out becomes null; an
// empty list stays an empty list.

type productSKUModel struct {
	ID             types.String `tfsdk:"id"`
	Name           types.String `tfsdk:"name"`
	SKUPartNumber  types.String `tfsdk:"sku_part_number"`
	TargetType     types.String `tfsdk:"target_type"`
	LicenseGroupID types.String `tfsdk:"license_group_id"`
}

type servicePlanModel struct {
	ID               types.String `tfsdk:"id"`
	DisplayName      types.String `tfsdk:"display_name"`
	ServiceName      types.String `tfsdk:"service_name"`
	CapabilityStatus types.String `tfsdk:"capability_status"`
	TargetType       types.String `tfsdk:"target_type"`
}

type subscribedSKUModel struct {
	AvailableUnits   types.Int64        `tfsdk:"available_units"`
	ActiveUnits      types.Int64        `tfsdk:"active_units"`
	ConsumedUnits    types.Int64        `tfsdk:"consumed_units"`
	SuspendedUnits   types.Int64        `tfsdk:"suspended_units"`
	TotalUnits       types.Int64        `tfsdk:"total_units"`
	WarningUnits     types.Int64        `tfsdk:"warning_units"`
	CapabilityStatus types.String       `tfsdk:"capability_status"`
	ProductSKU       *productSKUModel   `tfsdk:"product_sku"`
	ServicePlans     []servicePlanModel `tfsdk:"service_plans"`
}

type licenseModel struct {
	ProductSKU   *productSKUModel   `tfsdk:"product_sku"`
	ServicePlans []servicePlanModel `tfsdk:"service_plans"`
}

func productSKUFromAPI(p *client.ProductSKU) *productSKUModel {
	if p == nil {
		return nil
	}
	return &productSKUModel{
		ID:             types.StringPointerValue(p.ID),
		Name:           types.StringPointerValue(p.Name),
		SKUPartNumber:  types.StringPointerValue(p.SKUPartNumber),
		TargetType:     types.StringPointerValue(p.TargetType),
		LicenseGroupID: types.StringPointerValue(p.LicenseGroupID),
	}
}

// servicePlansFromAPI keeps nil (absent) apart from empty: the framework
// stores a nil slice as null and an empty one as [].
func servicePlansFromAPI(plans []client.ServicePlan) []servicePlanModel {
	if plans == nil {
		return nil
	}
	out := make([]servicePlanModel, len(plans))
	for i, p := range plans {
		out[i] = servicePlanModel{
			ID:               types.StringPointerValue(p.ID),
			DisplayName:      types.StringPointerValue(p.DisplayName),
			ServiceName:      types.StringPointerValue(p.ServiceName),
			CapabilityStatus: types.StringPointerValue(p.CapabilityStatus),
			TargetType:       types.StringPointerValue(p.TargetType),
		}
	}
	return out
}

func subscribedSKUsFromAPI(items []client.SubscribedSKU) []subscribedSKUModel {
	out := make([]subscribedSKUModel, len(items))
	for i, s := range items {
		out[i] = subscribedSKUModel{
			AvailableUnits:   types.Int64PointerValue(s.AvailableUnits),
			ActiveUnits:      types.Int64PointerValue(s.ActiveUnits),
			ConsumedUnits:    types.Int64PointerValue(s.ConsumedUnits),
			SuspendedUnits:   types.Int64PointerValue(s.SuspendedUnits),
			TotalUnits:       types.Int64PointerValue(s.TotalUnits),
			WarningUnits:     types.Int64PointerValue(s.WarningUnits),
			CapabilityStatus: types.StringPointerValue(s.CapabilityStatus),
			ProductSKU:       productSKUFromAPI(s.ProductSKU),
			ServicePlans:     servicePlansFromAPI(s.ServicePlans),
		}
	}
	return out
}

// sortedPartNumbers lists the distinct part numbers of licences, sorted.
func sortedPartNumbers(licenses []licenseModel) []types.String {
	seen := map[string]bool{}
	names := []string{}
	for _, l := range licenses {
		if l.ProductSKU == nil || l.ProductSKU.SKUPartNumber.IsNull() {
			continue
		}
		if name := l.ProductSKU.SKUPartNumber.ValueString(); !seen[name] {
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

func licensesFromAPI(items []client.License) []licenseModel {
	out := make([]licenseModel, len(items))
	for i, l := range items {
		out[i] = licenseModel{
			ProductSKU:   productSKUFromAPI(l.ProductSKU),
			ServicePlans: servicePlansFromAPI(l.ServicePlans),
		}
	}
	return out
}
