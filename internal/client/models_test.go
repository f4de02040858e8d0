package client

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func readTestdata(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// The printed seed differs from what the service sends only in "04"; with
// that fixed, every figure must decode.
func TestDecodeSeedSubscribedSKUs(t *testing.T) {
	body := strings.Replace(readTestdata(t, "seed_004_as_printed.json"), `"totalCount": 04`, `"totalCount": 4`, 1)
	c := newTestClient(t, respond(200, "application/json; charset=utf-8", body))
	got, err := c.ListSubscribedSKUs(context.Background(), seedCustomerID, AllLicenseGroups)
	if err != nil {
		t.Fatal(err)
	}
	if got.TotalCount != 4 || len(got.Items) != 4 {
		t.Fatalf("totalCount %d, %d items; want 4 and 4", got.TotalCount, len(got.Items))
	}
	e5 := got.Items[3]
	units := []struct {
		name string
		got  *int64
		want int64
	}{
		{"available", e5.AvailableUnits, 71}, {"active", e5.ActiveUnits, 112}, {"consumed", e5.ConsumedUnits, 41},
		{"suspended", e5.SuspendedUnits, 0}, {"total", e5.TotalUnits, 112}, {"warning", e5.WarningUnits, 0},
	}
	for _, u := range units {
		if u.got == nil || *u.got != u.want {
			t.Errorf("WIN_ENT_E5 %s units = %v, want %d", u.name, u.got, u.want)
		}
	}
	if *e5.ProductSKU.Value.SKUPartNumber != "WIN_ENT_E5" || *e5.ProductSKU.Value.LicenseGroupID != "group1" || *e5.CapabilityStatus != "Enabled" {
		t.Errorf("WIN_ENT_E5 product = %+v", e5.ProductSKU.Value)
	}
	if len(e5.ServicePlans) != 2 || *e5.ServicePlans[0].ServiceName != "WINDEFATP" {
		t.Errorf("WIN_ENT_E5 service plans = %+v", e5.ServicePlans)
	}
	if plans := got.Items[1].ServicePlans; plans == nil || len(plans) != 0 {
		t.Errorf("AX_TASK_USER service plans = %#v, want an empty, non-nil list", plans)
	}
}

func TestDecodeKeepsAbsentFieldsAbsentAndIgnoresUnknownOnes(t *testing.T) {
	body := `{"totalCount":1,"futureField":{"x":1},"items":[{"availableUnits":2,"capabilityStatus":"LockedOut",
		"productSku":{"id":"p","skuPartNumber":"NEW_SKU","somethingNew":true},"attributes":{"objectType":"SubscribedSku"}}]}`
	c := newTestClient(t, respond(200, "application/json", body))
	got, err := c.ListSubscribedSKUs(context.Background(), seedCustomerID, nil)
	if err != nil {
		t.Fatal(err)
	}
	item := got.Items[0]
	if item.ConsumedUnits != nil || item.ProductSKU.Value.TargetType != nil || item.ProductSKU.Value.Name != nil {
		t.Errorf("absent fields decoded as present: %+v %+v", item, item.ProductSKU.Value)
	}
	if item.ServicePlans != nil {
		t.Errorf("absent servicePlans = %#v, want nil", item.ServicePlans)
	}
	if *item.CapabilityStatus != "LockedOut" {
		t.Errorf("capabilityStatus = %q, want the open-text value kept", *item.CapabilityStatus)
	}
}

func TestNullItemsBecomeEmptyList(t *testing.T) {
	c := newTestClient(t, respond(200, "application/json", `{"totalCount":0,"items":null}`))
	got, err := c.ListUserLicenses(context.Background(), seedCustomerID, "adele.vance@contoso.onmicrosoft.com", nil)
	if err != nil {
		t.Fatal(err)
	}
	if got.Items == nil || len(got.Items) != 0 {
		t.Errorf("items = %#v, want an empty list", got.Items)
	}
}

// An item or a body that is not an object at all is described in JSON's
// terms, not by the Go type the provider decodes into.
func TestAValueOfTheWrongKindIsDescribedInJSONTerms(t *testing.T) {
	for body, want := range map[string]string{
		`{"totalCount": 1, "items": [5]}`: "items[0]: the value is a JSON number, which the provider cannot read as an object",
		`["x"]`:                           "the value is a JSON array, which the provider cannot read as an object",
		`{"totalCount": 0, "items": [], "links": {"next": 5}}`: `the field "links.next" holds a JSON number`,
		// A field inside an Object[T] is named with the object's own.
		`{"totalCount": 1, "items": [{"skuId": "s", "productSku": {"name": 5}}]}`: `"productSku.name" holds a JSON number`,
	} {
		_, err := newTestClient(t, respond(200, "application/json", body)).ListSubscribedSKUs(context.Background(), seedCustomerID, nil)
		if err == nil || !strings.Contains(err.Error(), want) || strings.Contains(err.Error(), "client.") {
			t.Errorf("%s: got %v, want %q", body, err, want)
		}
	}
}
