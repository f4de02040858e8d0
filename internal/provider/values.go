package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// Terraform values are built directly from the client's wire types rather
// than by reflecting over tagged structs: reflection over every SKU and
// service plan was a large share of the provider's CPU per read
// (BENCHMARKS.md, "What dominates, and what was done", has the profile). A
// field Partner Center leaves out becomes null; an empty list stays an
// empty list. Each nested shape keeps its schema, its type (derived from
// the schema) and its builder in one shape_*.go file.

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

// listWithIDs builds the two lists of a list data source: an object of t
// for each item, and the items' ids, both in the items' order (Partner
// Center's).
func listWithIDs[T any](v *values, t types.ObjectType, items []T, object func(T) types.Object, id func(T) *string) (list, ids types.List) {
	elems := make([]attr.Value, len(items))
	idElems := make([]attr.Value, len(items))
	for i, item := range items {
		elems[i] = object(item)
		// An item listed without an id has a null one, in its place, so
		// that the ids stay aligned with the items.
		idElems[i] = types.StringPointerValue(id(item))
	}
	return v.list(t, elems), v.list(types.StringType, idElems)
}

// mapOf builds a map of elem values.
func (v *values) mapOf(elem attr.Type, elems map[string]attr.Value) types.Map {
	m, diags := types.MapValue(elem, elems)
	v.diags.Append(diags...)
	return m
}

func stringElems(values []string) []attr.Value {
	out := make([]attr.Value, len(values))
	for i, s := range values {
		out[i] = types.StringValue(s)
	}
	return out
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

// withType fixes a nested object's type to the one derived from its own
// attributes, once, when the schema is built. Without it the framework
// derives the type again for every value it walks (after a read on its own
// path: ReifyNullCollectionBlocks, semantic equality), allocating its
// attribute maps each time, which for thousands of customers was the
// largest share of the provider's memory and much of its CPU before
// ProtocolServer took reads off that path (BENCHMARKS.md, "Every customer
// in one plan (issue 12), as measured above"). The type is the
// same plain object type; only when it is computed changes.
func withType(o schema.NestedAttributeObject) schema.NestedAttributeObject {
	o.CustomType = o.Type().(types.ObjectType) //nolint:forcetypeassert // a nested object's type is an ObjectType
	return o
}

// computedString and computedInt64 are the leaves of the nested shapes.
func computedString(description string) schema.StringAttribute {
	return schema.StringAttribute{MarkdownDescription: description, Computed: true}
}

func computedInt64(description string) schema.Int64Attribute {
	return schema.Int64Attribute{MarkdownDescription: description, Computed: true}
}

// openTextNote ends the description of every status and type string.
const openTextNote = " Open text: Partner Center adds new values without notice, so compare with care."
