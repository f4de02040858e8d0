package provider

import (
	"fmt"
	"maps"
	"math/big"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// The seat gate shared by the seat_shortfall and seat_shortfalls
// functions: what a customer's free seats lack against what a rollout
// needs. Pure Go over big.Float, so that the functions only convert
// Terraform values and the fuzz test can call it directly.
//
// The rules, each closing a trap the every-customer guide describes:
//   - part numbers match in any case, as the data sources' filters do, so
//     "win_ent_e5" finds Partner Center's "WIN_ENT_E5";
//   - a part number the customer does not have counts as 0 free seats, so
//     a misspelled one is short by everything it asks for, and blocks;
//   - a free-seat figure Partner Center left out (null) counts as 0:
//     seats nobody can show are free do not clear a rollout;
//   - keys of the free seats that differ only in case are one SKU, and
//     their seats are summed, as the data sources already sum the SKUs
//     Partner Center lists under one part number (an intro SKU beside the
//     full one).

// seatShortfall returns each part number of required whose free seats in
// available are fewer than required asks for, keyed as written in
// required, with the seats missing. A nil value in available is a null
// figure. The map is empty, not nil, when nothing is short.
func seatShortfall(available, required map[string]*big.Float) map[string]*big.Float {
	free := make(map[string]*big.Float, len(available))
	for part, n := range available {
		key := foldPartNumber(part)
		sum, ok := free[key]
		if !ok {
			sum = new(big.Float)
			free[key] = sum
		}
		if n != nil {
			sum.Add(sum, n)
		}
	}
	short := map[string]*big.Float{}
	for part, need := range required {
		have, ok := free[foldPartNumber(part)]
		if !ok {
			have = new(big.Float)
		}
		if have.Cmp(need) < 0 {
			short[part] = new(big.Float).Sub(need, have)
		}
	}
	return short
}

// foldPartNumber is the key under which two part numbers that differ only
// in case meet. Upper then lower case, so that letters whose upper case
// has no single lower case (the Kelvin sign, the long s) still meet their
// ASCII twins, as strings.EqualFold has them; FuzzSeatShortfall holds the
// two to each other.
func foldPartNumber(part string) string {
	return strings.ToLower(strings.ToUpper(part))
}

// requiredSeats converts the required argument, which is at index
// argument, and refuses what no seat count can be: a negative, fractional
// or null requirement, and two part numbers that differ only in case,
// which name one SKU twice. Each error names the argument and the part
// number. ok is false when an element is unknown: the function's result
// is then unknown, never an error.
func requiredSeats(argument int64, required map[string]types.Number) (seats map[string]*big.Float, ok bool, err *function.FuncError) {
	seats = make(map[string]*big.Float, len(required))
	written := make(map[string]string, len(required))
	// In order, so that of several bad requirements the error always
	// names the same one.
	for _, part := range slices.Sorted(maps.Keys(required)) {
		n := required[part]
		if n.IsUnknown() {
			return nil, false, nil
		}
		if n.IsNull() {
			return nil, true, function.NewArgumentFuncError(argument, fmt.Sprintf(
				"required[%q] is null: give the seats the rollout needs of %s, 0 or more", part, part))
		}
		need := n.ValueBigFloat()
		if need.Sign() < 0 || !need.IsInt() {
			return nil, true, function.NewArgumentFuncError(argument, fmt.Sprintf(
				"required[%q] is %s: a requirement is a whole number of seats, 0 or more", part, need.Text('g', -1)))
		}
		key := foldPartNumber(part)
		if other, dup := written[key]; dup {
			return nil, true, function.NewArgumentFuncError(argument, fmt.Sprintf(
				"required has both %q and %q: part numbers match in any case, so they name one SKU; keep one", other, part))
		}
		written[key] = part
		seats[part] = need
	}
	return seats, true, nil
}

// freeSeats converts one customer's free seats by part number: a null
// figure stays nil (seatShortfall counts it as 0), and ok is false when
// one is unknown.
func freeSeats(available map[string]types.Number) (seats map[string]*big.Float, ok bool) {
	seats = make(map[string]*big.Float, len(available))
	for part, n := range available {
		switch {
		case n.IsUnknown():
			return nil, false
		case n.IsNull():
			seats[part] = nil
		default:
			seats[part] = n.ValueBigFloat()
		}
	}
	return seats, true
}

// numberMap is short as the functions return it: a map(number).
func numberMap(short map[string]*big.Float) types.Map {
	elems := make(map[string]attr.Value, len(short))
	for part, n := range short {
		elems[part] = types.NumberValue(n)
	}
	return types.MapValueMust(types.NumberType, elems)
}
