package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var _ function.Function = &seatShortfallFunction{}

// seatShortfallFunction is provider::partnercenter::seat_shortfall: one
// customer's seat gate in one expression, over the free seats
// partnercenter_subscribed_skus reads. The rules are seatShortfall's.
type seatShortfallFunction struct{}

// NewSeatShortfallFunction returns the seat_shortfall function.
func NewSeatShortfallFunction() function.Function {
	return &seatShortfallFunction{}
}

func (f *seatShortfallFunction) Metadata(_ context.Context, _ function.MetadataRequest, resp *function.MetadataResponse) {
	resp.Name = "seat_shortfall"
}

func (f *seatShortfallFunction) Definition(_ context.Context, _ function.DefinitionRequest, resp *function.DefinitionResponse) {
	resp.Definition = function.Definition{
		Summary: "The part numbers one customer has too few free seats of, with the seats missing",
		MarkdownDescription: "Compares one customer's free seats, as `partnercenter_subscribed_skus` gives them in " +
			"`available_units_by_part_number`, with the seats a rollout needs, and returns the part numbers whose free " +
			"seats are fewer than needed, each with the number of seats missing, keyed as written in `required`. The " +
			"map is empty when none is short, so a gate is `length(provider::partnercenter::seat_shortfall(...)) == 0`.\n\n" +
			seatShortfallRules +
			"\n\nThe function is pure: it makes no request to Partner Center, and needs no configured provider. It " +
			"needs Terraform 1.8 or later, or OpenTofu 1.7 or later.",
		Parameters: []function.Parameter{
			function.MapParameter{
				Name:        "available_units_by_part_number",
				ElementType: types.NumberType,
				MarkdownDescription: "Free seats by part number: `available_units_by_part_number` of " +
					"`partnercenter_subscribed_skus`, or any `map(number)`.",
			},
			function.MapParameter{
				Name:                "required",
				ElementType:         types.NumberType,
				MarkdownDescription: "Seats needed by part number, in any case: whole numbers, 0 or more.",
			},
		},
		Return: function.MapReturn{ElementType: types.NumberType},
	}
}

func (f *seatShortfallFunction) Run(ctx context.Context, req function.RunRequest, resp *function.RunResponse) {
	var available, required map[string]types.Number
	resp.Error = req.Arguments.Get(ctx, &available, &required)
	if resp.Error != nil {
		return
	}
	need, known, err := requiredSeats(1, required)
	if err != nil {
		resp.Error = err
		return
	}
	free, freeKnown := freeSeats(available)
	if !known || !freeKnown {
		resp.Error = resp.Result.Set(ctx, types.MapUnknown(types.NumberType))
		return
	}
	resp.Error = resp.Result.Set(ctx, numberMap(seatShortfall(free, need)))
}

// seatShortfallRules is the rules both functions' pages state, as
// seatShortfall applies them.
const seatShortfallRules = "- **Part numbers match in any case**: `win_ent_e5` in `required` finds Partner Center's `WIN_ENT_E5`, " +
	"and is returned as `win_ent_e5`.\n" +
	"- **A part number the customer does not have counts as 0 free seats**, so a misspelled part number is short by " +
	"all it asks for and blocks the gate instead of passing it.\n" +
	"- **A null free-seat figure** (one Partner Center left out) **counts as 0**: seats nobody can show are free do " +
	"not clear a rollout.\n" +
	"- **Free-seat keys that differ only in case are one SKU**, and their seats are summed.\n" +
	"- **A requirement must be a whole number, 0 or more**: a negative, fractional or null one is an error naming " +
	"the argument and the part number, as are two part numbers in `required` that differ only in case.\n" +
	"- **A value unknown at plan time is never an error**: the result is then unknown, and known at apply."
