package provider

import (
	"context"
	"math/big"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// runFunction calls f's Run as the framework does: the result starts as an
// unknown value of the function's return type.
func runFunction(t *testing.T, f function.Function, args ...attr.Value) (attr.Value, *function.FuncError) {
	t.Helper()
	ctx := context.Background()
	var def function.DefinitionResponse
	f.Definition(ctx, function.DefinitionRequest{}, &def)
	resultType := def.Definition.Return.GetType()
	resp := function.RunResponse{Result: function.NewResultData(unknownOf(t, resultType))}
	f.Run(ctx, function.RunRequest{Arguments: function.NewArgumentsData(args)}, &resp)
	return resp.Result.Value(), resp.Error
}

func unknownOf(t *testing.T, typ attr.Type) attr.Value {
	t.Helper()
	m, ok := typ.(types.MapType)
	if !ok {
		t.Fatalf("the functions return maps, not %s", typ)
	}
	return types.MapUnknown(m.ElemType)
}

// seatMap is a map(number) of n, with nil for a null element.
func seatMap(n map[string]*int64) types.Map {
	elems := map[string]attr.Value{}
	for k, v := range n {
		if v == nil {
			elems[k] = types.NumberNull()
			continue
		}
		elems[k] = types.NumberValue(big.NewFloat(float64(*v)))
	}
	return types.MapValueMust(types.NumberType, elems)
}

func num(n int64) *int64 { return &n }

func TestSeatShortfallRun(t *testing.T) {
	contoso := seatMap(map[string]*int64{"WIN_ENT_E5": num(71), "AAD_PREMIUM": num(3), "Intro_SKU": num(2), "INTRO_SKU": num(5), "UNREPORTED": nil})
	for _, tc := range []struct {
		name      string
		available types.Map
		required  types.Map
		want      types.Map
	}{
		{"none short", contoso, seatMap(map[string]*int64{"WIN_ENT_E5": num(71), "AAD_PREMIUM": num(0)}), seatMap(nil)},
		{"short by the seats missing", contoso, seatMap(map[string]*int64{"WIN_ENT_E5": num(100), "AAD_PREMIUM": num(3)}),
			seatMap(map[string]*int64{"WIN_ENT_E5": num(29)})},
		{"any case, keyed as written in required", contoso, seatMap(map[string]*int64{"win_ent_e5": num(80)}),
			seatMap(map[string]*int64{"win_ent_e5": num(9)})},
		{"a misspelled part number is short by all it asks", contoso, seatMap(map[string]*int64{"WIN_ENT_E55": num(1)}),
			seatMap(map[string]*int64{"WIN_ENT_E55": num(1)})},
		{"a misspelled part number asking for 0 is not short", contoso, seatMap(map[string]*int64{"WIN_ENT_E55": num(0)}), seatMap(nil)},
		{"keys that differ only in case are summed", contoso, seatMap(map[string]*int64{"intro_sku": num(8)}),
			seatMap(map[string]*int64{"intro_sku": num(1)})},
		{"keys that differ only in case are summed, enough", contoso, seatMap(map[string]*int64{"intro_sku": num(7)}), seatMap(nil)},
		{"a null figure counts as 0", contoso, seatMap(map[string]*int64{"UNREPORTED": num(2)}),
			seatMap(map[string]*int64{"UNREPORTED": num(2)})},
		{"over-assigned seats are negative free seats", seatMap(map[string]*int64{"A": num(-3)}), seatMap(map[string]*int64{"A": num(1)}),
			seatMap(map[string]*int64{"A": num(4)})},
		{"no SKUs at all", seatMap(nil), seatMap(map[string]*int64{"A": num(2), "B": num(0)}), seatMap(map[string]*int64{"A": num(2)})},
		{"nothing required", contoso, seatMap(nil), seatMap(nil)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := runFunction(t, NewSeatShortfallFunction(), tc.available, tc.required)
			if err != nil {
				t.Fatal(err)
			}
			if !got.Equal(tc.want) {
				t.Fatalf("got %s, want %s", got, tc.want)
			}
		})
	}
}

// A requirement no seat count can be is an error that names the argument
// (required, index 1) and the part number.
func TestSeatShortfallRejectsImpossibleRequirements(t *testing.T) {
	available := seatMap(map[string]*int64{"WIN_ENT_E5": num(71)})
	fraction := types.MapValueMust(types.NumberType, map[string]attr.Value{"WIN_ENT_E5": types.NumberValue(big.NewFloat(1.5))})
	for _, tc := range []struct {
		name     string
		required types.Map
		message  string
	}{
		{"negative", seatMap(map[string]*int64{"WIN_ENT_E5": num(-1)}), `required["WIN_ENT_E5"] is -1: a requirement is a whole number of seats, 0 or more`},
		{"fractional", fraction, `required["WIN_ENT_E5"] is 1.5: a requirement is a whole number of seats, 0 or more`},
		{"null", seatMap(map[string]*int64{"WIN_ENT_E5": nil}), `required["WIN_ENT_E5"] is null`},
		{"one SKU twice", seatMap(map[string]*int64{"WIN_ENT_E5": num(1), "win_ent_e5": num(2)}),
			`required has both "WIN_ENT_E5" and "win_ent_e5": part numbers match in any case`},
	} {
		for name, f := range map[string]function.Function{"seat_shortfall": NewSeatShortfallFunction(), "seat_shortfalls": NewSeatShortfallsFunction()} {
			t.Run(name+"/"+tc.name, func(t *testing.T) {
				first := attr.Value(available)
				if name == "seat_shortfalls" {
					first = types.MapValueMust(customerSeatsType, map[string]attr.Value{seedCustomer: available})
				}
				_, err := runFunction(t, f, first, tc.required)
				if err == nil {
					t.Fatal("no error")
				}
				if err.FunctionArgument == nil || *err.FunctionArgument != 1 {
					t.Errorf("the error names argument %v, not 1 (required)", err.FunctionArgument)
				}
				if !strings.Contains(err.Text, tc.message) {
					t.Errorf("the error is %q, without %q", err.Text, tc.message)
				}
			})
		}
	}
}

// Terraform calls a function only once its arguments are known, as neither
// parameter allows unknown values; Run still answers an unknown element
// with an unknown result, never an error.
func TestSeatShortfallUnknownIsNeverAnError(t *testing.T) {
	unknownSeat := types.MapValueMust(types.NumberType, map[string]attr.Value{"WIN_ENT_E5": types.NumberUnknown()})
	known := seatMap(map[string]*int64{"WIN_ENT_E5": num(1)})
	for _, args := range [][2]types.Map{{unknownSeat, known}, {known, unknownSeat}} {
		got, err := runFunction(t, NewSeatShortfallFunction(), args[0], args[1])
		if err != nil {
			t.Fatal(err)
		}
		if !got.IsUnknown() {
			t.Errorf("got %s, want unknown", got)
		}
	}
	var def function.DefinitionResponse
	NewSeatShortfallFunction().Definition(context.Background(), function.DefinitionRequest{}, &def)
	for _, p := range def.Definition.Parameters {
		if p.GetAllowUnknownValues() || p.GetAllowNullValue() {
			t.Errorf("%s allows unknown or null values: Run would have to handle them", p.GetName())
		}
	}
}
