package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// customers is a map(map(number)) of customer id to seats.
func customers(m map[string]types.Map) types.Map {
	elems := map[string]attr.Value{}
	for k, v := range m {
		elems[k] = v
	}
	return types.MapValueMust(customerSeatsType, elems)
}

func TestSeatShortfallsRun(t *testing.T) {
	fleet := customers(map[string]types.Map{
		seedCustomer:  seatMap(map[string]*int64{"WIN_ENT_E5": num(71), "AAD_PREMIUM": num(3)}),
		emptyCustomer: seatMap(nil),
		"generated":   seatMap(map[string]*int64{"win_ent_e5": num(50), "WIN_ENT_E5": num(50)}),
		"unreported":  types.MapNull(types.NumberType),
	})
	for _, tc := range []struct {
		name     string
		required types.Map
		want     types.Map
	}{
		{"customers without the SKU are short, the others not", seatMap(map[string]*int64{"win_ent_e5": num(10)}), customers(map[string]types.Map{
			emptyCustomer: seatMap(map[string]*int64{"win_ent_e5": num(10)}),
			"unreported":  seatMap(map[string]*int64{"win_ent_e5": num(10)}),
		})},
		{"each customer's missing seats", seatMap(map[string]*int64{"WIN_ENT_E5": num(100), "AAD_PREMIUM": num(1)}), customers(map[string]types.Map{
			seedCustomer:  seatMap(map[string]*int64{"WIN_ENT_E5": num(29)}),
			emptyCustomer: seatMap(map[string]*int64{"WIN_ENT_E5": num(100), "AAD_PREMIUM": num(1)}),
			"generated":   seatMap(map[string]*int64{"AAD_PREMIUM": num(1)}),
			"unreported":  seatMap(map[string]*int64{"WIN_ENT_E5": num(100), "AAD_PREMIUM": num(1)}),
		})},
		{"nothing required", seatMap(nil), customers(nil)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := runFunction(t, NewSeatShortfallsFunction(), fleet, tc.required)
			if err != nil {
				t.Fatal(err)
			}
			if !got.Equal(tc.want) {
				t.Fatalf("got %s, want %s", got, tc.want)
			}
		})
	}
	t.Run("no customers", func(t *testing.T) {
		got, err := runFunction(t, NewSeatShortfallsFunction(), customers(nil), seatMap(map[string]*int64{"A": num(1)}))
		if err != nil || !got.Equal(customers(nil)) {
			t.Fatalf("got %s, %v; want an empty map", got, err)
		}
	})
}

func TestSeatShortfallsUnknownIsNeverAnError(t *testing.T) {
	known := seatMap(map[string]*int64{"WIN_ENT_E5": num(1)})
	for name, available := range map[string]types.Map{
		"an unknown customer":    customers(map[string]types.Map{"a": known, "b": types.MapUnknown(types.NumberType)}),
		"an unknown seat figure": customers(map[string]types.Map{"a": types.MapValueMust(types.NumberType, map[string]attr.Value{"X": types.NumberUnknown()})}),
	} {
		t.Run(name, func(t *testing.T) {
			got, err := runFunction(t, NewSeatShortfallsFunction(), available, known)
			if err != nil {
				t.Fatal(err)
			}
			if !got.IsUnknown() {
				t.Errorf("got %s, want unknown", got)
			}
		})
	}
}
