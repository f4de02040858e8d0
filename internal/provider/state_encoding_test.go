package provider

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

var seatsType = types.MapType{ElemType: types.MapType{ElemType: types.Int64Type}}

func freeSeatsMap(n int64) types.Map {
	return types.MapValueMust(types.Int64Type, map[string]attr.Value{"SPE_E5": types.Int64Value(n), "AAD_PREMIUM": types.Int64Null()})
}

// An encodedMap in a state encodes to the value the same types.Map gives
// through tftypes, whichever order its elements were added in, and decodes
// back to it.
func TestEncodedMapIsTheMapTFTypesWrites(t *testing.T) {
	ctx := context.Background()
	objectType := types.ObjectType{AttrTypes: map[string]attr.Type{"id": types.StringType, "available_units": seatsType}}
	for _, keys := range [][]string{{}, {"b", "a", "c"}, {"c", "a", "b"}} {
		plain := map[string]attr.Value{}
		encoded := newEncodedMap(seatsType.ElemType, len(keys))
		for i, k := range keys {
			plain[k] = freeSeatsMap(int64(i))
			e, err := encodeElement(ctx, seatsType.ElemType, freeSeatsMap(int64(i)))
			if err != nil {
				t.Fatal(err)
			}
			encoded.add(k, e)
		}
		want := types.ObjectValueMust(objectType.AttrTypes, map[string]attr.Value{
			"id": types.StringValue("x"), "available_units": types.MapValueMust(seatsType.ElemType, plain),
		})
		got, err := encodeState(ctx, objectType, map[string]attr.Value{"id": types.StringValue("x"), "available_units": encoded})
		if err != nil {
			t.Fatal(err)
		}
		gotValue, err := (&tfprotov6.DynamicValue{MsgPack: got}).Unmarshal(objectType.TerraformType(ctx))
		if err != nil {
			t.Fatal(err)
		}
		wantValue, err := want.ToTerraformValue(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if !gotValue.Equal(wantValue) {
			t.Errorf("keys %v: encoded %v, want %v", keys, gotValue, wantValue)
		}
		decoded, err := encoded.ToTerraformValue(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if wantMap, _ := want.Attributes()["available_units"].ToTerraformValue(ctx); !decoded.Equal(wantMap) {
			t.Errorf("keys %v: decoded %v, want %v", keys, decoded, wantMap)
		}
	}
}

// Equal compares values, not bytes: maps of many elements, whose nested
// maps tftypes writes in Go's random order, added in different orders,
// are equal; a different value is not.
func TestEncodedMapEqualComparesValues(t *testing.T) {
	ctx := context.Background()
	wide := func(n int64) types.Map {
		elems := map[string]attr.Value{}
		for i := range 12 {
			elems[fmt.Sprintf("SKU_%d", i)] = types.Int64Value(n + int64(i))
		}
		return types.MapValueMust(types.Int64Type, elems)
	}
	build := func(keys []string, last int64) encodedMap {
		m := newEncodedMap(seatsType.ElemType, len(keys))
		for i, k := range keys {
			n := int64(i)
			if i == len(keys)-1 {
				n = last
			}
			e, err := encodeElement(ctx, seatsType.ElemType, wide(n))
			if err != nil {
				t.Fatal(err)
			}
			m.add(k, e)
		}
		return m
	}
	for range 20 {
		a, b := build([]string{"x", "y", "z"}, 2), build([]string{"x", "y", "z"}, 2)
		if !a.Equal(b) {
			t.Fatal("equal maps compare unequal")
		}
		if a.Equal(build([]string{"x", "y", "z"}, 3)) || a.Equal(newEncodedMap(seatsType.ElemType, 0)) {
			t.Fatal("different maps compare equal")
		}
	}
}

// A value that does not match the schema is an error, never a state
// Terraform would refuse.
func TestEncodeStateRefusesAValueOffTheSchema(t *testing.T) {
	ctx := context.Background()
	objectType := types.ObjectType{AttrTypes: map[string]attr.Type{"id": types.StringType, "count": types.Int64Type}}
	for name, attrs := range map[string]map[string]attr.Value{
		"count: no value set":                  {"id": types.StringValue("x")},
		"count: a value of type":               {"id": types.StringValue("x"), "count": types.StringValue("1")},
		"count: a value of type types.MapType": {"id": types.StringValue("x"), "count": newEncodedMap(types.Int64Type, 0)},
	} {
		if _, err := encodeState(ctx, objectType, attrs); err == nil || !strings.HasPrefix(err.Error(), name) {
			t.Errorf("err = %v, want one starting %q", err, name)
		}
	}
	if _, err := encodeElement(ctx, types.Int64Type, types.StringValue("1")); err == nil {
		t.Error("encodeElement took a string for a map of numbers")
	}
}
