package provider

import (
	"fmt"
	"slices"
	"sort"
	"strings"

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
		if p := item.ProductSKU.Value; p != nil {
			part, id = deref(p.SKUPartNumber), deref(p.ID)
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
