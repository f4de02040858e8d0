package provider

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/partnercenter-terraform/terraform-provider-partnercenter/internal/client"
)

// skuFilter keeps the SKUs whose part number or product SKU id was asked
// for. Matching is exact and case-insensitive: a gate on "E5" must not pass
// on "WIN_ENT_E5".
type skuFilter struct {
	partNumbers []string // as the user wrote them, sorted
	ids         []string
}

func newSKUFilter(partNumbers, ids []string) skuFilter {
	f := skuFilter{partNumbers: append([]string(nil), partNumbers...), ids: append([]string(nil), ids...)}
	sort.Strings(f.partNumbers)
	sort.Strings(f.ids)
	return f
}

func (f skuFilter) active() bool { return len(f.partNumbers) > 0 || len(f.ids) > 0 }

// apply returns the SKUs that match either list, in their order, and the
// requested part numbers and ids that matched nothing.
func (f skuFilter) apply(items []client.SubscribedSKU) (kept []client.SubscribedSKU, missing []string) {
	if !f.active() {
		return items, nil
	}
	seenPart := make(map[string]bool, len(f.partNumbers))
	seenID := make(map[string]bool, len(f.ids))
	kept = []client.SubscribedSKU{}
	for _, item := range items {
		part, id := "", ""
		if item.ProductSKU != nil {
			part, id = deref(item.ProductSKU.SKUPartNumber), deref(item.ProductSKU.ID)
		}
		matched := false
		for _, want := range f.partNumbers {
			if part != "" && strings.EqualFold(part, want) {
				seenPart[want], matched = true, true
			}
		}
		for _, want := range f.ids {
			if id != "" && strings.EqualFold(id, want) {
				seenID[want], matched = true, true
			}
		}
		if matched {
			kept = append(kept, item)
		}
	}
	for _, want := range f.partNumbers {
		if !seenPart[want] {
			missing = append(missing, "sku_part_number "+want)
		}
	}
	for _, want := range f.ids {
		if !seenID[want] {
			missing = append(missing, "product_sku_id "+want)
		}
	}
	return kept, missing
}

// idSuffix makes the data source id differ when the filters do, and stay
// the same for the same filters in any order or case.
func (f skuFilter) idSuffix() string {
	if !f.active() {
		return ""
	}
	upper := func(values []string) string {
		out := make([]string, len(values))
		for i, v := range values {
			out[i] = strings.ToUpper(v)
		}
		sort.Strings(out)
		return strings.Join(slices.Compact(out), ",") // AAD_PREMIUM and aad_premium are one filter
	}
	return fmt.Sprintf("?sku_part_numbers=%s&product_sku_ids=%s", upper(f.partNumbers), upper(f.ids))
}

// addMissingSKUsError names what was asked for and is missing, and what the
// customer does have, so a typo shows beside the right spelling.
func addMissingSKUsError(diags *diag.Diagnostics, customerID string, groups []client.LicenseGroup, missing []string, items []client.SubscribedSKU) {
	products := make([]*client.ProductSKU, len(items))
	for i, item := range items {
		products[i] = item.ProductSKU
	}
	have := "none"
	if names := distinctPartNumbers(products); len(names) > 0 {
		have = strings.Join(names, ", ")
	}
	diags.AddAttributeError(path.Root("require_all_skus"), "Required SKUs Not Found",
		fmt.Sprintf("Customer %s has no subscribed SKU with %s in licence groups %s. Its part numbers there: %s.\n\n"+
			"Check the spelling (matching is exact, not a substring match), the licence groups read, and that the "+
			"customer still has the subscription. Set require_all_skus = false to read what is there instead.",
			customerID, strings.Join(missing, ", "), readID(groups), have))
}

func addDuplicatePartNumbersWarning(diags *diag.Diagnostics, duplicates []string) {
	diags.AddAttributeWarning(path.Root("skus_by_part_number"), "Duplicate SKU Part Numbers",
		fmt.Sprintf("More than one subscribed SKU has the part number %s (Partner Center lists an introductory-price "+
			"SKU beside the full one under one part number). skus_by_part_number and available_units_by_part_number "+
			"sum their seats; subscribed_skus lists each SKU; duplicate_part_numbers names them.", strings.Join(duplicates, ", ")))
}

// stringValues reads the elements of a known list or set of strings, as Read
// gets them: Terraform defers a read whose configuration is not wholly known.
// A null or unknown collection has no elements.
func stringValues(values []attr.Value) []string {
	out := make([]string, 0, len(values))
	for _, v := range values {
		if s, ok := v.(types.String); ok {
			out = append(out, s.ValueString())
		}
	}
	return out
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
