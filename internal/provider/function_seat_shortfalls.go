package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var _ function.Function = &seatShortfallsFunction{}

// seatShortfallsFunction is provider::partnercenter::seat_shortfalls:
// seat_shortfall for every customer of a bulk read at once, over the
// customer to part number to free seats map that
// partnercenter_subscribed_skus_by_customer reads.
type seatShortfallsFunction struct{}

// NewSeatShortfallsFunction returns the seat_shortfalls function.
func NewSeatShortfallsFunction() function.Function {
	return &seatShortfallsFunction{}
}

func (f *seatShortfallsFunction) Metadata(_ context.Context, _ function.MetadataRequest, resp *function.MetadataResponse) {
	resp.Name = "seat_shortfalls"
}

// customerSeatsType is available_units: customer to part number to seats.
var customerSeatsType = types.MapType{ElemType: types.NumberType}

func (f *seatShortfallsFunction) Definition(_ context.Context, _ function.DefinitionRequest, resp *function.DefinitionResponse) {
	resp.Definition = function.Definition{
		Summary: "The part numbers each customer has too few free seats of, with the seats missing",
		MarkdownDescription: "`seat_shortfall` for every customer of a bulk read: compares each customer's free seats, " +
			"as `partnercenter_subscribed_skus_by_customer` gives them in `available_units`, with the seats a rollout " +
			"needs in every customer, and returns customer to part number to seats missing, leaving out the customers " +
			"with no shortfall. Customers are keyed as in `available_units`, part numbers as written in `required`. " +
			"The map is empty when no customer is short, so a gate is " +
			"`length(provider::partnercenter::seat_shortfalls(...)) == 0`.\n\n" +
			seatShortfallRules +
			"\n- **A customer whose seats are null** counts as a customer with no SKUs.\n" +
			"\nA customer that could not be read is in the data source's `failed_customers`, not in `available_units`, " +
			"so this function cannot see it: gate on `failed_customers` too.\n\n" +
			"The function is pure: it makes no request to Partner Center, and needs no configured provider. It needs " +
			"Terraform 1.8 or later, or OpenTofu 1.7 or later.",
		Parameters: []function.Parameter{
			function.MapParameter{
				Name:        "available_units",
				ElementType: customerSeatsType,
				MarkdownDescription: "Free seats by customer, then part number: `available_units` of " +
					"`partnercenter_subscribed_skus_by_customer`, or any `map(map(number))`.",
			},
			function.MapParameter{
				Name:        "required",
				ElementType: types.NumberType,
				MarkdownDescription: "Seats needed in every customer, by part number, in any case: whole numbers, 0 " +
					"or more.",
			},
		},
		Return: function.MapReturn{ElementType: customerSeatsType},
	}
}

func (f *seatShortfallsFunction) Run(ctx context.Context, req function.RunRequest, resp *function.RunResponse) {
	var available map[string]types.Map
	var required map[string]types.Number
	resp.Error = req.Arguments.Get(ctx, &available, &required)
	if resp.Error != nil {
		return
	}
	need, known, err := requiredSeats(1, required)
	if err != nil {
		resp.Error = err
		return
	}
	customers := make(map[string]attr.Value, len(available))
	for customer, seats := range available {
		if seats.IsUnknown() {
			known = false
			break
		}
		// A null customer's seats have no elements: a customer with no
		// SKUs, short of everything required.
		elems := make(map[string]types.Number, len(seats.Elements()))
		for part, n := range seats.Elements() {
			number, ok := n.(types.Number)
			if !ok {
				resp.Error = function.NewArgumentFuncError(0, "available_units must be a map(map(number)); this is a "+
					"bug in the provider, please report it.")
				return
			}
			elems[part] = number
		}
		free, freeKnown := freeSeats(elems)
		if !freeKnown {
			known = false
			break
		}
		if short := seatShortfall(free, need); len(short) > 0 {
			customers[customer] = numberMap(short)
		}
	}
	if !known {
		resp.Error = resp.Result.Set(ctx, types.MapUnknown(customerSeatsType))
		return
	}
	resp.Error = resp.Result.Set(ctx, types.MapValueMust(customerSeatsType, customers))
}
