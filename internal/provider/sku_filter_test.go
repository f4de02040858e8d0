package provider

import (
	"reflect"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/partnercenter-terraform/terraform-provider-partnercenter/internal/client"
)

func skuWith(part, id string) client.SubscribedSKU {
	return client.SubscribedSKU{ProductSKU: client.Object[client.ProductSKU]{Value: &client.ProductSKU{SKUPartNumber: &part, ID: &id}}}
}

func TestSKUFilter(t *testing.T) {
	items := []client.SubscribedSKU{skuWith("AAD_PREMIUM", "a1"), skuWith("WIN_ENT_E5", "b2"), {}, skuWith("SPE_E5", "c3")}
	kept, missing := newSKUFilter([]string{"spe_e5", "E5", "aad_premium"}, []string{"B2", "zz"}).apply(items)
	var parts []string
	for _, k := range kept {
		parts = append(parts, *k.ProductSKU.Value.SKUPartNumber)
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

func TestDuplicatePartNumbersWarning(t *testing.T) {
	var diags diag.Diagnostics
	addDuplicatePartNumbersWarning(&diags, []string{"X"})
	if diags.WarningsCount() != 1 || diags.HasError() {
		t.Errorf("diags %v", diags)
	}
}

func TestIDSuffixIsTheSameForTheSameFilter(t *testing.T) {
	if a, b := newSKUFilter([]string{"AAD_PREMIUM", "aad_premium"}, nil).idSuffix(), newSKUFilter([]string{"AAD_PREMIUM"}, nil).idSuffix(); a != b {
		t.Errorf("a part number given twice in two cases changed the id: %q, %q", a, b)
	}
}
