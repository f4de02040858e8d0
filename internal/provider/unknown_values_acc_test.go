package provider

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/partnercenter-terraform/terraform-provider-partnercenter/internal/acctest"
)

// Terraform's validate walk, which plan runs first, treats every variable as
// unknown, and a resource's outputs are unknown until it is created. Every
// argument of every data source must take an unknown value, whole or element
// by element: checks skip it, and the read waits for apply. The data sources
// and their arguments come from the provider and its schemas, so a new data
// source is covered here, or fails here for want of a sample value.

const unknownUser = "adele.vance@contoso.onmicrosoft.com"

// argumentSamples give every argument of every data source a value the
// default fixture answers, by argument name: a list for the collections.
var argumentSamples = map[string]any{
	"customer_id":           seedCustomer,
	"customer_ids":          []string{seedCustomer},
	"user_id":               unknownUser,
	"user_ids":              []string{unknownUser, "bob_fabrikam.com#EXT#@contoso.onmicrosoft.com"},
	"on_user_error":         "warn",
	"license_group_ids":     []string{"Group1", "Group2"},
	"sku_part_numbers":      []string{"AAD_PREMIUM", "WIN_ENT_E5"},
	"product_sku_ids":       []string{"078d2b04-f1bd-4111-bbd4-b4b1b354cef4"},
	"require_all_skus":      true,
	"include_service_plans": true,
	"on_customer_error":     "warn",
	"company_name_prefix":   "Contoso",
	"domain_prefix":         "contoso.",
	"statuses":              []string{"active", "Suspended"},
}

// argumentsApart are arguments a data source refuses together; each gets a
// block of its own.
var argumentsApart = [][]string{{"company_name_prefix", "domain_prefix"}}

// argumentBlock is one block of a data source: a name suffix and the
// arguments it sets.
type argumentBlock struct {
	suffix    string
	arguments []string
}

// dataSourceArguments are a data source's configurable arguments, in
// blocks that can hold them together, and their types.
type dataSourceArguments struct {
	typeName string
	blocks   []argumentBlock
	types    map[string]attr.Type
}

// everyDataSourceArgument is the arguments of each data source the provider
// registers, in type name order.
func everyDataSourceArgument(t *testing.T) []dataSourceArguments {
	t.Helper()
	ctx := context.Background()
	var all []dataSourceArguments
	dataSources := registeredDataSources(t)
	for _, typeName := range slices.Sorted(maps.Keys(dataSources)) {
		var resp datasource.SchemaResponse
		dataSources[typeName].Schema(ctx, datasource.SchemaRequest{}, &resp)
		if _, ok := resp.Schema.Attributes["id"]; !ok {
			t.Fatalf("%s has no id attribute to see a deferred read by", typeName)
		}
		d := dataSourceArguments{typeName: typeName, types: map[string]attr.Type{}}
		var arguments []string
		for name, a := range resp.Schema.Attributes {
			if !a.IsRequired() && !a.IsOptional() {
				continue
			}
			if _, ok := argumentSamples[name]; !ok {
				t.Fatalf("no sample value for %s's argument %s: add one to argumentSamples", typeName, name)
			}
			arguments = append(arguments, name)
			d.types[name] = a.GetType()
		}
		if len(arguments) == 0 {
			continue
		}
		slices.Sort(arguments)
		d.blocks = apart(arguments)
		all = append(all, d)
	}
	return all
}

// apart splits arguments into blocks: one with all of them but the second
// and later of each argumentsApart group, then one for each of those.
func apart(arguments []string) []argumentBlock {
	base := slices.Clone(arguments)
	var variants []argumentBlock
	for _, group := range argumentsApart {
		present := slices.DeleteFunc(slices.Clone(group), func(a string) bool { return !slices.Contains(arguments, a) })
		if len(present) < 2 {
			continue
		}
		for _, later := range present[1:] {
			base = slices.DeleteFunc(base, func(a string) bool { return a == later })
			variant := slices.DeleteFunc(slices.Clone(arguments), func(a string) bool { return slices.Contains(present, a) && a != later })
			variants = append(variants, argumentBlock{suffix: "_" + later, arguments: variant})
		}
	}
	return append([]argumentBlock{{arguments: base}}, variants...)
}

// isCollection tells a list or set argument, whose elements can be unknown
// one by one.
func isCollection(t attr.Type) bool {
	switch t.(type) {
	case types.ListType, types.SetType:
		return true
	}
	return false
}

// variableType is the type of a variable that holds an argument:
// list(string) for the collections, as in the report.
func variableType(t *testing.T, typ attr.Type) string {
	t.Helper()
	switch {
	case isCollection(typ):
		return "list(string)"
	case typ.Equal(types.StringType):
		return "string"
	case typ.Equal(types.BoolType):
		return "bool"
	case typ.Equal(types.Int64Type):
		return "number"
	}
	t.Fatalf("no variable type for %s", typ)
	return ""
}

// Every argument from a variable.
func TestAccEveryArgumentFromAVariable(t *testing.T) {
	em := startEmulator(t, nil)
	config := em.Provider(nil)
	variables := map[string]string{}
	var addresses []string
	for _, d := range everyDataSourceArgument(t) {
		for _, b := range d.blocks {
			args := acctest.Args{}
			for _, name := range b.arguments {
				variables[name] = variableType(t, d.types[name])
				args[name] = acctest.Expr("var." + name)
			}
			config += acctest.Data(d.typeName, "test"+b.suffix, args)
			addresses = append(addresses, "data."+d.typeName+".test"+b.suffix)
		}
	}
	for name, typ := range variables {
		config += acctest.Block(fmt.Sprintf("variable %q", name), acctest.Args{"type": acctest.Expr(typ), "default": argumentSamples[name]})
	}
	checks := []statecheck.StateCheck{
		expectValue(skusAddress, "subscribed_skus", partNumbersOf("AAD_PREMIUM", "WIN_ENT_E5")),
		statecheck.ExpectKnownValue("data.partnercenter_user_licenses.test", tfjsonpath.New("sku_part_numbers"),
			knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("CFQ7TTC0K5DR/0002"), knownvalue.StringExact("WIN_ENT_E5")})),
	}
	for _, address := range addresses {
		checks = append(checks, expectValue(address, "id", knownvalue.NotNull()))
	}
	testSteps(t, resource.TestStep{Config: config, ConfigStateChecks: checks})
}

// Every argument from a resource's output, whole and element by element:
// the plan shows the reads as known after apply, and apply reads them. The
// element form is the sample with its first element unknown, so that a
// read which lost that element would select something else.
func TestAccEveryArgumentFromAResourceOutput(t *testing.T) {
	em := startEmulator(t, nil)
	input := acctest.Args{}
	var blocks string
	var addresses []string
	for _, d := range everyDataSourceArgument(t) {
		for _, b := range d.blocks {
			whole, elements, collections := acctest.Args{}, acctest.Args{}, false
			for _, name := range b.arguments {
				input[name] = argumentSamples[name]
				output := "terraform_data.in.output." + name
				whole[name] = acctest.Expr(output)
				elements[name] = argumentSamples[name]
				if isCollection(d.types[name]) {
					sample := argumentSamples[name].([]string) //nolint:forcetypeassert // a collection's sample is a []string
					list := []any{acctest.Expr(output + "[0]")}
					for _, known := range sample[1:] {
						list = append(list, known)
					}
					elements[name] = list
					collections = true
				}
			}
			blocks += acctest.Data(d.typeName, "whole"+b.suffix, whole)
			addresses = append(addresses, "data."+d.typeName+".whole"+b.suffix)
			if collections {
				blocks += acctest.Data(d.typeName, "elements"+b.suffix, elements)
				addresses = append(addresses, "data."+d.typeName+".elements"+b.suffix)
			}
		}
	}
	config := em.Provider(nil) + acctest.Block(`resource "terraform_data" "in"`, acctest.Args{"input": acctest.Object(input)}) + blocks
	deferred := make([]plancheck.PlanCheck, 0, len(addresses))
	checks := []statecheck.StateCheck{
		expectValue("data.partnercenter_subscribed_skus.whole", "subscribed_skus", partNumbersOf("AAD_PREMIUM", "WIN_ENT_E5")),
		expectValue("data.partnercenter_subscribed_skus.elements", "subscribed_skus", partNumbersOf("AAD_PREMIUM", "WIN_ENT_E5")),
		expectValue("data.partnercenter_user_licenses.whole", "licenses", knownvalue.ListSizeExact(2)),
		// Group1, unknown until apply, and Group2: a read that lost the
		// unknown group would have Minecraft's licence alone.
		statecheck.ExpectKnownValue("data.partnercenter_user_licenses.elements", tfjsonpath.New("sku_part_numbers"),
			knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("CFQ7TTC0K5DR/0002"), knownvalue.StringExact("WIN_ENT_E5")})),
	}
	for _, address := range addresses {
		deferred = append(deferred, plancheck.ExpectUnknownValue(address, tfjsonpath.New("id")))
		checks = append(checks, expectValue(address, "id", knownvalue.NotNull()))
	}
	testSteps(t, resource.TestStep{
		Config:            config,
		ConfigPlanChecks:  resource.ConfigPlanChecks{PreApply: deferred},
		ConfigStateChecks: checks,
	})
}
