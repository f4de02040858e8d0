package provider

import (
	"context"
	"errors"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/partnercenter-terraform/terraform-provider-partnercenter/internal/emulator"
)

// protocolReadCases are configurations that reach every kind of state and
// diagnostic a read gives: each data source with only its required
// arguments (TestProtocolReadsMatchTheFramework adds those), filters,
// service plans, failed customers in both modes, and read-time attribute
// errors.
var protocolReadCases = []struct {
	name, dataSource string
	arguments        map[string]tftypes.Value
}{
	{"shared part numbers filtered", "partnercenter_subscribed_skus", map[string]tftypes.Value{
		"sku_part_numbers": stringSet("spe_e5", "AAD_PREMIUM"),
	}},
	{"required SKU missing", "partnercenter_subscribed_skus", map[string]tftypes.Value{
		"sku_part_numbers": stringSet("NOT_SUBSCRIBED"), "require_all_skus": tftypes.NewValue(tftypes.Bool, true),
	}},
	{"unknown customer", "partnercenter_subscribed_skus", map[string]tftypes.Value{
		"customer_id": tftypes.NewValue(tftypes.String, unknownCustomer),
	}},
	{"a company name prefix", "partnercenter_customers", map[string]tftypes.Value{
		"company_name_prefix": tftypes.NewValue(tftypes.String, "Contoso"),
	}},
	{"customers with service plans, one failing, warn", "partnercenter_subscribed_skus_by_customer", map[string]tftypes.Value{
		"customer_ids":          stringList(seedCustomer, emptyCustomer, unknownCustomer, seedCustomer),
		"include_service_plans": tftypes.NewValue(tftypes.Bool, true),
		"on_customer_error":     tftypes.NewValue(tftypes.String, "warn"),
	}},
	{"customers, one failing, fail", "partnercenter_subscribed_skus_by_customer", map[string]tftypes.Value{
		"customer_ids": stringList(seedCustomer, unknownCustomer),
	}},
	{"no customers", "partnercenter_subscribed_skus_by_customer", map[string]tftypes.Value{
		"customer_ids": stringList(),
	}},
}

// TestProtocolReadsMatchTheFramework holds ProtocolServer's reads, which
// write the state attribute by attribute, to the framework's own read path:
// the same state, value for value, and the same diagnostics, for every
// data source and every case above. Both paths run the same read function,
// so for the bulk data source, whose read already encodes each customer,
// this checks the state around those entries; the acceptance tests check
// the entries' values through Terraform.
func TestProtocolReadsMatchTheFramework(t *testing.T) {
	ours := newProtocolRig(t, emulator.Options{AccessToken: testAccessToken})
	frameworkServer, err := providerserver.NewProtocol6WithError(New("test")())()
	if err != nil {
		t.Fatal(err)
	}
	framework := rigFor(t, configure(t, frameworkServer, ours.url), ours.url)

	cases := protocolReadCases
	for name := range ours.schemas.DataSourceSchemas {
		cases = append(cases, struct {
			name, dataSource string
			arguments        map[string]tftypes.Value
		}{"required arguments only", name, nil})
	}
	for _, tc := range cases {
		t.Run(tc.dataSource+"/"+tc.name, func(t *testing.T) {
			objectType := ours.objectType(tc.dataSource)
			want := framework.read(t, tc.dataSource, tc.arguments)
			got := ours.read(t, tc.dataSource, tc.arguments)
			requireSameDiagnostics(t, got.Diagnostics, want.Diagnostics)
			// A failed read's state is its configuration on both paths;
			// Terraform ignores it.
			if got.State == nil {
				t.Fatal("no state")
			}
			gotState, err := got.State.Unmarshal(objectType)
			if err != nil {
				t.Fatalf("the state is not of the schema's type: %v", err)
			}
			wantState, err := want.State.Unmarshal(objectType)
			if err != nil {
				t.Fatal(err)
			}
			if diff, err := wantState.Diff(gotState); err != nil || len(diff) > 0 {
				t.Fatalf("the states differ (%v): %v", err, diff)
			}
		})
	}
}

// ProtocolServer answers the read of every registered data source itself:
// a data source it did not know would silently take the framework's path,
// with the same results and all of its memory.
func TestProtocolServerAnswersEveryRead(t *testing.T) {
	server, ok := ProtocolServer("test")().(*protocolServer)
	if !ok {
		t.Fatal("ProtocolServer is not a *protocolServer")
	}
	schemas, err := server.GetProviderSchema(context.Background(), &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	if len(schemas.DataSourceSchemas) == 0 {
		t.Fatal("no data sources")
	}
	for name := range schemas.DataSourceSchemas {
		if server.readers[name] == nil {
			t.Errorf("%s is read by the framework, not by ProtocolServer", name)
		}
	}
	if len(server.readers) != len(schemas.DataSourceSchemas) {
		t.Errorf("%d readers for %d data sources", len(server.readers), len(schemas.DataSourceSchemas))
	}
}

// unconvertible is a set element whose value cannot become a tftypes value.
type unconvertible struct{ basetypes.StringValue }

func (unconvertible) ToTerraformValue(context.Context) (tftypes.Value, error) {
	return tftypes.Value{}, errors.New("no terraform value")
}

// Diagnostics keep their attribute paths, and a path that cannot be
// converted is dropped with an error, as the framework does.
func TestProtocolDiagnosticsKeepPaths(t *testing.T) {
	ctx := context.Background()
	var diags diag.Diagnostics
	diags.AddAttributeError(path.Root("customer_ids").AtListIndex(2), "Bad", "detail")
	diags.AddAttributeWarning(path.Root("customers").AtMapKey("k").AtName("subscribed_skus"), "Odd", "detail")
	diags.AddAttributeError(path.Root("sku_part_numbers").AtSetValue(unconvertible{types.StringValue("x")}), "Lost", "detail")
	got := protocolDiagnostics(ctx, diags)
	if len(got) != 4 {
		t.Fatalf("%d diagnostics, want the 3 and one about the path: %v", len(got), got)
	}
	want := []*tftypes.AttributePath{
		tftypes.NewAttributePath().WithAttributeName("customer_ids").WithElementKeyInt(2),
		tftypes.NewAttributePath().WithAttributeName("customers").WithElementKeyString("k").WithAttributeName("subscribed_skus"),
	}
	for i, w := range want {
		if got[i].Attribute == nil || !got[i].Attribute.Equal(w) {
			t.Errorf("diagnostic %d on %v, want %v", i, got[i].Attribute, w)
		}
	}
	if got[1].Severity != tfprotov6.DiagnosticSeverityWarning {
		t.Errorf("the warning became %s", got[1].Severity)
	}
	if got[2].Summary != "Unable to Convert Attribute Path" || got[3].Summary != "Lost" || got[3].Attribute != nil {
		t.Errorf("an unconvertible path gave %+v then %+v", got[2], got[3])
	}
}

// requestIDs are the parts of a diagnostic that differ on every request.
var requestIDs = regexp.MustCompile(`MS-(RequestId|CorrelationId):? [0-9a-f-]+`)

func requireSameDiagnostics(t *testing.T, got, want []*tfprotov6.Diagnostic) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%d diagnostics, the framework gives %d: %v", len(got), len(want), want)
	}
	for i := range want {
		g, w := got[i], want[i]
		if g.Severity != w.Severity || g.Summary != w.Summary ||
			requestIDs.ReplaceAllString(g.Detail, "") != requestIDs.ReplaceAllString(w.Detail, "") {
			t.Errorf("diagnostic %d:\n got %s %q: %s\nwant %s %q: %s", i, g.Severity, g.Summary, g.Detail, w.Severity, w.Summary, w.Detail)
		}
		if (g.Attribute == nil) != (w.Attribute == nil) || (w.Attribute != nil && !g.Attribute.Equal(w.Attribute)) {
			t.Errorf("diagnostic %d is on %v, the framework's on %v", i, g.Attribute, w.Attribute)
		}
	}
}

func stringList(values ...string) tftypes.Value {
	return tftypes.NewValue(tftypes.List{ElementType: tftypes.String}, stringValuesOf(values))
}

func stringSet(values ...string) tftypes.Value {
	return tftypes.NewValue(tftypes.Set{ElementType: tftypes.String}, stringValuesOf(values))
}

func stringValuesOf(values []string) []tftypes.Value {
	out := make([]tftypes.Value, len(values))
	for i, v := range values {
		out[i] = tftypes.NewValue(tftypes.String, v)
	}
	return out
}
