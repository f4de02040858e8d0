package provider

import (
	"sort"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/partnercenter-terraform/terraform-provider-partnercenter/internal/client"
)

// The licence shape: a licence assigned to a user, and the part numbers of
// a user's licences.

// licenseObject is one licence.
func licenseObject() schema.NestedAttributeObject {
	return withType(schema.NestedAttributeObject{
		Attributes: map[string]schema.Attribute{
			"product_sku":   productSKUAttribute(),
			"service_plans": servicePlansAttribute(),
		},
	})
}

// licenseType is derived from the schema, so the two cannot drift.
var licenseType = licenseObject().Type().(types.ObjectType) //nolint:forcetypeassert // a nested object's type is an ObjectType

func (v *values) licenses(items []client.License) types.List {
	elems := make([]attr.Value, len(items))
	for i, l := range items {
		elems[i] = v.object(licenseType, map[string]attr.Value{
			"product_sku":   v.productSKU(l.ProductSKU.Value),
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
func (v *values) sortedPartNumbers(licenses []client.License) types.List {
	products := make([]*client.ProductSKU, len(licenses))
	for i, l := range licenses {
		products[i] = l.ProductSKU.Value
	}
	return v.list(types.StringType, stringElems(distinctPartNumbers(products)))
}
