package provider

import (
	"context"
	"math/big"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// TestProtocolServerServesFunctions: Terraform learns of the functions
// from GetFunctions and from the provider schema, and calls them with
// CallFunction, all through the wrapper ProtocolServer serves, without
// configuring the provider (Terraform may call a function first).
func TestProtocolServerServesFunctions(t *testing.T) {
	ctx := context.Background()
	server := ProtocolServer("test")()

	functions, err := server.GetFunctions(ctx, &tfprotov6.GetFunctionsRequest{})
	if err != nil || len(functions.Diagnostics) > 0 {
		t.Fatalf("GetFunctions: %v %v", err, functions.Diagnostics)
	}
	schema, err := server.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil || len(schema.Diagnostics) > 0 {
		t.Fatalf("GetProviderSchema: %v %v", err, schema.Diagnostics)
	}
	for _, name := range []string{"seat_shortfall", "seat_shortfalls"} {
		if functions.Functions[name] == nil {
			t.Errorf("GetFunctions has no %s", name)
		}
		if schema.Functions[name] == nil {
			t.Errorf("the provider schema has no %s", name)
		}
	}

	seatsType := tftypes.Map{ElementType: tftypes.Number}
	number := func(n float64) tftypes.Value { return tftypes.NewValue(tftypes.Number, big.NewFloat(n)) }
	argument := func(v tftypes.Value) *tfprotov6.DynamicValue {
		dv, err := tfprotov6.NewDynamicValue(v.Type(), v)
		if err != nil {
			t.Fatal(err)
		}
		return &dv
	}
	call := func(name string, args ...tftypes.Value) *tfprotov6.CallFunctionResponse {
		t.Helper()
		req := &tfprotov6.CallFunctionRequest{Name: name}
		for _, a := range args {
			req.Arguments = append(req.Arguments, argument(a))
		}
		resp, err := server.CallFunction(ctx, req)
		if err != nil {
			t.Fatal(err)
		}
		return resp
	}
	available := tftypes.NewValue(seatsType, map[string]tftypes.Value{"WIN_ENT_E5": number(71)})
	required := tftypes.NewValue(seatsType, map[string]tftypes.Value{"win_ent_e5": number(100)})

	resp := call("seat_shortfall", available, required)
	if resp.Error != nil {
		t.Fatalf("seat_shortfall: %s", resp.Error.Text)
	}
	got, err := resp.Result.Unmarshal(seatsType)
	if err != nil {
		t.Fatal(err)
	}
	if want := tftypes.NewValue(seatsType, map[string]tftypes.Value{"win_ent_e5": number(29)}); !got.Equal(want) {
		t.Errorf("seat_shortfall gave %s, want %s", got, want)
	}

	customersType := tftypes.Map{ElementType: seatsType}
	resp = call("seat_shortfalls", tftypes.NewValue(customersType, map[string]tftypes.Value{seedCustomer: available}), required)
	if resp.Error != nil {
		t.Fatalf("seat_shortfalls: %s", resp.Error.Text)
	}
	if got, err = resp.Result.Unmarshal(customersType); err != nil {
		t.Fatal(err)
	}
	if want := tftypes.NewValue(customersType, map[string]tftypes.Value{seedCustomer: tftypes.NewValue(seatsType,
		map[string]tftypes.Value{"win_ent_e5": number(29)})}); !got.Equal(want) {
		t.Errorf("seat_shortfalls gave %s, want %s", got, want)
	}

	resp = call("seat_shortfall", available, tftypes.NewValue(seatsType, map[string]tftypes.Value{"WIN_ENT_E5": number(-1)}))
	if resp.Error == nil || resp.Error.FunctionArgument == nil || *resp.Error.FunctionArgument != 1 {
		t.Errorf("a negative requirement: got %+v, want an error naming argument 1", resp.Error)
	}
}
