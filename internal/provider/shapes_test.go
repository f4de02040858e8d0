package provider

import (
	"reflect"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/partnercenter-terraform/terraform-provider-partnercenter/internal/client"
)

func ptr[T any](v T) *T { return &v }

func attrOf(t *testing.T, obj types.Object, name string) attr.Value {
	t.Helper()
	v, ok := obj.Attributes()[name]
	if !ok {
		t.Fatalf("no attribute %q in %s", name, obj)
	}
	return v
}

func TestSubscribedSKUValuesMapEveryField(t *testing.T) {
	var v values
	got := v.subscribedSKUs([]client.SubscribedSKU{{
		AvailableUnits: ptr[int64](71), ActiveUnits: ptr[int64](112), ConsumedUnits: ptr[int64](41),
		SuspendedUnits: ptr[int64](0), TotalUnits: ptr[int64](112), WarningUnits: ptr[int64](2),
		CapabilityStatus: ptr("Enabled"),
		ProductSKU: client.Object[client.ProductSKU]{Value: &client.ProductSKU{ID: ptr("1e7e1070-8ccb-4aca-b470-d7cb538cb07e"),
			Name: ptr("Windows 10 Enterprise E5"), SKUPartNumber: ptr("WIN_ENT_E5"), TargetType: ptr("User"), LicenseGroupID: ptr("group1")}},
		ServicePlans: []client.ServicePlan{{ID: ptr("871d91ec"), DisplayName: ptr("Windows Defender Advanced Threat Protection"),
			ServiceName: ptr("WINDEFATP"), CapabilityStatus: ptr("Enabled"), TargetType: ptr("User")}},
	}})
	if v.diags.HasError() {
		t.Fatal(v.diags)
	}
	sku, ok := got.list.Elements()[0].(types.Object)
	if !ok || len(got.list.Elements()) != 1 {
		t.Fatalf("list = %s", got.list)
	}
	want := map[string]attr.Value{
		"available_units": types.Int64Value(71), "active_units": types.Int64Value(112), "consumed_units": types.Int64Value(41),
		"suspended_units": types.Int64Value(0), "total_units": types.Int64Value(112), "warning_units": types.Int64Value(2),
		"capability_status": types.StringValue("Enabled"),
	}
	for name, value := range want {
		if got := attrOf(t, sku, name); !got.Equal(value) {
			t.Errorf("%s = %s, want %s", name, got, value)
		}
	}
	product, _ := attrOf(t, sku, "product_sku").(types.Object)
	for name, value := range map[string]string{"id": "1e7e1070-8ccb-4aca-b470-d7cb538cb07e", "name": "Windows 10 Enterprise E5",
		"sku_part_number": "WIN_ENT_E5", "target_type": "User", "license_group_id": "group1"} {
		if got := attrOf(t, product, name); !got.Equal(types.StringValue(value)) {
			t.Errorf("product_sku.%s = %s, want %q", name, got, value)
		}
	}
	plans, _ := attrOf(t, sku, "service_plans").(types.List)
	plan, _ := plans.Elements()[0].(types.Object)
	for name, value := range map[string]string{"id": "871d91ec", "display_name": "Windows Defender Advanced Threat Protection",
		"service_name": "WINDEFATP", "capability_status": "Enabled", "target_type": "User"} {
		if got := attrOf(t, plan, name); !got.Equal(types.StringValue(value)) {
			t.Errorf("service_plans[0].%s = %s, want %q", name, got, value)
		}
	}
	if !got.byPart.Elements()["WIN_ENT_E5"].Equal(sku) || !got.freeSeats.Elements()["WIN_ENT_E5"].Equal(types.Int64Value(71)) {
		t.Errorf("by part number: %s / %s", got.byPart, got.freeSeats)
	}
}

func TestValuesKeepAbsentApartFromEmpty(t *testing.T) {
	var v values
	got := v.subscribedSKUs([]client.SubscribedSKU{{}, {ServicePlans: []client.ServicePlan{}}})
	absent, _ := got.list.Elements()[0].(types.Object)
	empty, _ := got.list.Elements()[1].(types.Object)
	for _, name := range []string{"available_units", "capability_status", "product_sku", "service_plans"} {
		if !attrOf(t, absent, name).IsNull() {
			t.Errorf("absent %s must be null", name)
		}
	}
	plans, _ := attrOf(t, empty, "service_plans").(types.List)
	if plans.IsNull() || len(plans.Elements()) != 0 {
		t.Errorf("empty service plans must stay an empty list: %s", plans)
	}
	if len(got.byPart.Elements()) != 0 {
		t.Errorf("SKUs without a part number must stay out of the maps: %s", got.byPart)
	}
	none := v.subscribedSKUs([]client.SubscribedSKU{})
	if none.list.IsNull() || len(none.list.Elements()) != 0 || none.byPart.IsNull() {
		t.Errorf("no items must give empty, not null, collections: %s %s", none.list, none.byPart)
	}
	if v.diags.HasError() {
		t.Fatal(v.diags)
	}
}

// A part number is not a key: the figures keyed by it are sums over every
// SKU that has it, in whatever order Partner Center lists them.
func TestSharedPartNumbersAreSummedInAnyOrder(t *testing.T) {
	sku := func(id string, available, total int64) client.SubscribedSKU {
		return client.SubscribedSKU{AvailableUnits: &available, TotalUnits: &total, CapabilityStatus: ptr("Enabled"),
			ProductSKU: client.Object[client.ProductSKU]{Value: &client.ProductSKU{ID: ptr(id), Name: ptr("Microsoft Teams Premium"),
				SKUPartNumber: ptr("Microsoft_Teams_Premium")}}}
	}
	intro, full := sku("intro", 0, 10), sku("full", 25, 30)
	for _, order := range [][]client.SubscribedSKU{{intro, full}, {full, intro}} {
		var v values
		got := v.subscribedSKUs(order)
		if v.diags.HasError() {
			t.Fatal(v.diags)
		}
		if free := got.freeSeats.Elements()["Microsoft_Teams_Premium"]; !free.Equal(types.Int64Value(25)) {
			t.Errorf("available_units_by_part_number = %s, want 25, the sum", free)
		}
		merged := got.byPart.Elements()["Microsoft_Teams_Premium"].(types.Object).Attributes()
		if !merged["available_units"].Equal(types.Int64Value(25)) || !merged["total_units"].Equal(types.Int64Value(40)) ||
			!merged["capability_status"].Equal(types.StringValue("Enabled")) {
			t.Errorf("skus_by_part_number: %s", merged)
		}
		product := merged["product_sku"].(types.Object).Attributes()
		if !product["id"].IsNull() || !product["name"].Equal(types.StringValue("Microsoft Teams Premium")) {
			t.Errorf("product_sku: the ids differ, so null; the names agree, so kept: %s", product)
		}
		if !reflect.DeepEqual(got.duplicateNames, []string{"Microsoft_Teams_Premium"}) || len(got.duplicates.Elements()) != 1 {
			t.Errorf("duplicates %v, %s", got.duplicateNames, got.duplicates)
		}
		if len(got.list.Elements()) != 2 {
			t.Errorf("subscribed_skus has %d SKUs, want both", len(got.list.Elements()))
		}
	}
	var v values
	if unique := v.subscribedSKUs([]client.SubscribedSKU{full}); unique.duplicates.IsNull() || len(unique.duplicates.Elements()) != 0 {
		t.Errorf("duplicate_part_numbers must be empty, not null, without duplicates: %s", unique.duplicates)
	}
}

func TestLicenseValuesAndPartNumbers(t *testing.T) {
	var v values
	items := []client.License{
		{ProductSKU: client.Object[client.ProductSKU]{Value: &client.ProductSKU{SKUPartNumber: ptr("WIN_ENT_E5")}}, ServicePlans: []client.ServicePlan{}},
		{ProductSKU: client.Object[client.ProductSKU]{Value: &client.ProductSKU{SKUPartNumber: ptr("AAD_PREMIUM")}}},
		{ProductSKU: client.Object[client.ProductSKU]{Value: &client.ProductSKU{SKUPartNumber: ptr("WIN_ENT_E5")}}},
		{},
	}
	list := v.licenses(items)
	if v.diags.HasError() || len(list.Elements()) != 4 {
		t.Fatalf("licenses = %s, %v", list, v.diags)
	}
	got := v.sortedPartNumbers(items)
	want := types.ListValueMust(types.StringType, []attr.Value{types.StringValue("AAD_PREMIUM"), types.StringValue("WIN_ENT_E5")})
	if !got.Equal(want) {
		t.Errorf("part numbers = %v", got)
	}
	if got := v.sortedPartNumbers(nil); got.IsNull() || len(got.Elements()) != 0 {
		t.Errorf("no licenses must give an empty list, got %#v", got)
	}
}

func TestReadID(t *testing.T) {
	if got := readID(client.AllLicenseGroups, "c", "u@x.com"); got != "c/u@x.com/Group1,Group2" {
		t.Errorf("readID = %q", got)
	}
	if got := readID([]client.LicenseGroup{client.LicenseGroup2}, "c"); got != "c/Group2" {
		t.Errorf("readID = %q", got)
	}
}
