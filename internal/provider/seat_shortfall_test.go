package provider

import (
	"math/big"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzSeatShortfall holds seatShortfall, which matches part numbers by a
// folded key, to the plainest reading of its rules: for each requirement,
// the sum of every free-seat figure whose part number strings.EqualFold
// finds equal, a null one as 0, and short by the difference when that is
// less than needed.
func FuzzSeatShortfall(f *testing.F) {
	f.Add("WIN_ENT_E5", "win_ent_e5", "Win_Ent_E5", int64(71), int64(5), int64(80), false)
	f.Add("AAD_PREMIUM", "WIN_ENT_E5", "WIN_ENT_E55", int64(3), int64(71), int64(1), true)
	f.Add("\u212a", "k", "K", int64(1), int64(2), int64(4), false) // the Kelvin sign folds to k
	f.Add("\u017f", "s", "S", int64(1), int64(2), int64(4), false) // the long s folds to s
	f.Add("\u03c2", "\u03c3", "\u03a3", int64(1), int64(-2), int64(0), false)
	f.Fuzz(func(t *testing.T, a, b, want string, na, nb, need int64, bNull bool) {
		// Terraform's strings are UTF-8; Go's case mappings read other
		// bytes as U+FFFD, so that two different invalid strings fold
		// alike.
		if !utf8.ValidString(a) || !utf8.ValidString(b) || !utf8.ValidString(want) {
			t.Skip()
		}
		if need < 0 {
			need = -need
		}
		available := map[string]*big.Float{a: big.NewFloat(float64(na))}
		if _, same := available[b]; !same {
			available[b] = big.NewFloat(float64(nb))
			if bNull {
				available[b] = nil
			}
		}
		got := seatShortfall(available, map[string]*big.Float{want: big.NewFloat(float64(need))})

		free := new(big.Float)
		for part, n := range available {
			if n != nil && strings.EqualFold(part, want) {
				free.Add(free, n)
			}
		}
		missing := new(big.Float).Sub(big.NewFloat(float64(need)), free)
		if missing.Sign() <= 0 {
			if len(got) != 0 {
				t.Fatalf("%q of %v: got %v, want nothing short", want, available, got)
			}
			return
		}
		if len(got) != 1 || got[want] == nil || got[want].Cmp(missing) != 0 {
			t.Fatalf("%q of %v: got %v, want %s short", want, available, got, missing.Text('g', -1))
		}
	})
}
