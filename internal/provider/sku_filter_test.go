package provider

import (
	"reflect"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/partnercenter-terraform/terraform-provider-partnercenter/internal/client"
)

func skuWith(part, id string) client.SubscribedSKU {
	return client.SubscribedSKU{ProductSKU: &client.ProductSKU{SKUPartNumber: &part, ID: &id}}
}

func TestSKUFilter(t *testing.T) {
	items := []client.SubscribedSKU{skuWith("AAD_PREMIUM", "a1"), skuWith("WIN_ENT_E5", "b2"), {}, skuWith("SPE_E5", "c3")}
	kept, missing := newSKUFilter([]string{"spe_e5", "E5", "aad_premium"}, []string{"B2", "zz"}).apply(items)
	var parts []string
	for _, k := range kept {
		parts = append(parts, *k.ProductSKU.SKUPartNumber)
	}
	if !reflect.DeepEqual(parts, []string{"AAD_PREMIUM", "WIN_ENT_E5", "SPE_E5"}) {
		t.Errorf("kept %v", parts)
	}
	if !reflect.DeepEqual(missing, []string{"sku_part_number E5", "product_sku_id zz"}) {
		t.Errorf("missing %v", missing)
	}
	if kept, missing := newSKUFilter(nil, nil).apply(items); len(kept) != 4 || missing != nil {
		t.Errorf("no filter: %d kept, missing %v", len(kept), missing)
	}
	if a, b := newSKUFilter([]string{"b", "A"}, nil).idSuffix(), newSKUFilter([]string{"a", "B"}, nil).idSuffix(); a != b {
		t.Errorf("id suffixes differ for the same filter: %q %q", a, b)
	}
}

func TestByPartNumberKeepsTheFirstAndReportsDuplicates(t *testing.T) {
	sku := func(part string, available int64) subscribedSKUModel {
		return subscribedSKUModel{AvailableUnits: types.Int64Value(available), ProductSKU: &productSKUModel{SKUPartNumber: types.StringValue(part)}}
	}
	byPart, duplicates := byPartNumber([]subscribedSKUModel{sku("X", 1), sku("Y", 2), sku("X", 3), {}})
	if len(byPart) != 2 || byPart["X"].AvailableUnits.ValueInt64() != 1 || !reflect.DeepEqual(duplicates, []string{"X"}) {
		t.Errorf("byPart %v, duplicates %v", byPart, duplicates)
	}
	var diags diag.Diagnostics
	addDuplicatePartNumbersWarning(&diags, duplicates)
	if diags.WarningsCount() != 1 || diags.HasError() {
		t.Errorf("diags %v", diags)
	}
}
