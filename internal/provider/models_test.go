package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/partnercenter-terraform/terraform-provider-partnercenter/internal/client"
)

func ptr[T any](v T) *T { return &v }

func TestSubscribedSKUsFromAPIMapsEveryField(t *testing.T) {
	in := []client.SubscribedSKU{{
		AvailableUnits: ptr[int64](71), ActiveUnits: ptr[int64](112), ConsumedUnits: ptr[int64](41),
		SuspendedUnits: ptr[int64](0), TotalUnits: ptr[int64](112), WarningUnits: ptr[int64](2),
		CapabilityStatus: ptr("Enabled"),
		ProductSKU: &client.ProductSKU{ID: ptr("1e7e1070-8ccb-4aca-b470-d7cb538cb07e"), Name: ptr("Windows 10 Enterprise E5"),
			SKUPartNumber: ptr("WIN_ENT_E5"), TargetType: ptr("User"), LicenseGroupID: ptr("group1")},
		ServicePlans: []client.ServicePlan{{ID: ptr("871d91ec"), DisplayName: ptr("Windows Defender Advanced Threat Protection"),
			ServiceName: ptr("WINDEFATP"), CapabilityStatus: ptr("Enabled"), TargetType: ptr("User")}},
	}}
	got := subscribedSKUsFromAPI(in)
	want := subscribedSKUModel{
		AvailableUnits: types.Int64Value(71), ActiveUnits: types.Int64Value(112), ConsumedUnits: types.Int64Value(41),
		SuspendedUnits: types.Int64Value(0), TotalUnits: types.Int64Value(112), WarningUnits: types.Int64Value(2),
		CapabilityStatus: types.StringValue("Enabled"),
		ProductSKU: &productSKUModel{ID: types.StringValue("1e7e1070-8ccb-4aca-b470-d7cb538cb07e"), Name: types.StringValue("Windows 10 Enterprise E5"),
			SKUPartNumber: types.StringValue("WIN_ENT_E5"), TargetType: types.StringValue("User"), LicenseGroupID: types.StringValue("group1")},
		ServicePlans: []servicePlanModel{{ID: types.StringValue("871d91ec"), DisplayName: types.StringValue("Windows Defender Advanced Threat Protection"),
			ServiceName: types.StringValue("WINDEFATP"), CapabilityStatus: types.StringValue("Enabled"), TargetType: types.StringValue("User")}},
	}
	if len(got) != 1 {
		t.Fatalf("got %d items", len(got))
	}
	g := got[0]
	for name, pair := range map[string][2]types.Int64{
		"available": {g.AvailableUnits, want.AvailableUnits}, "active": {g.ActiveUnits, want.ActiveUnits},
		"consumed": {g.ConsumedUnits, want.ConsumedUnits}, "suspended": {g.SuspendedUnits, want.SuspendedUnits},
		"total": {g.TotalUnits, want.TotalUnits}, "warning": {g.WarningUnits, want.WarningUnits},
	} {
		if !pair[0].Equal(pair[1]) {
			t.Errorf("%s units = %s, want %s", name, pair[0], pair[1])
		}
	}
	if !g.CapabilityStatus.Equal(want.CapabilityStatus) || *g.ProductSKU != *want.ProductSKU {
		t.Errorf("got %+v / %+v", g.CapabilityStatus, g.ProductSKU)
	}
	if len(g.ServicePlans) != 1 || g.ServicePlans[0] != want.ServicePlans[0] {
		t.Errorf("service plans = %+v", g.ServicePlans)
	}
}

func TestMappingKeepsAbsentApartFromEmpty(t *testing.T) {
	got := subscribedSKUsFromAPI([]client.SubscribedSKU{{}, {ServicePlans: []client.ServicePlan{}}})
	absent, empty := got[0], got[1]
	if !absent.AvailableUnits.IsNull() || !absent.CapabilityStatus.IsNull() {
		t.Errorf("absent numbers/strings must be null: %+v", absent)
	}
	if absent.ProductSKU != nil || absent.ServicePlans != nil {
		t.Errorf("absent product/plans must be nil (null): %+v", absent)
	}
	if empty.ServicePlans == nil || len(empty.ServicePlans) != 0 {
		t.Errorf("empty plans must stay an empty, non-nil list: %#v", empty.ServicePlans)
	}
	sparse := productSKUFromAPI(&client.ProductSKU{SKUPartNumber: ptr("X")})
	if !sparse.TargetType.IsNull() || sparse.SKUPartNumber.ValueString() != "X" {
		t.Errorf("sparse product = %+v", sparse)
	}
	if got := subscribedSKUsFromAPI([]client.SubscribedSKU{}); got == nil || len(got) != 0 {
		t.Errorf("no items must map to an empty list, got %#v", got)
	}
}

func TestLicensesFromAPI(t *testing.T) {
	got := licensesFromAPI([]client.License{{ProductSKU: &client.ProductSKU{SKUPartNumber: ptr("WIN_ENT_E5")}, ServicePlans: []client.ServicePlan{}}})
	if len(got) != 1 || got[0].ProductSKU.SKUPartNumber.ValueString() != "WIN_ENT_E5" || got[0].ServicePlans == nil {
		t.Errorf("licensesFromAPI = %+v", got)
	}
	if got := licensesFromAPI([]client.License{}); got == nil || len(got) != 0 {
		t.Errorf("no licences must map to an empty list, got %#v", got)
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
