package provider

import (
	"context"
	"net/http/httptest"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
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
// data source and every case above.
func TestProtocolReadsMatchTheFramework(t *testing.T) {
	ctx := context.Background()
	em, err := emulator.New(emulator.Options{AccessToken: testAccessToken})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(em)
	t.Cleanup(srv.Close)
	ours := configuredServer(t, srv.URL)
	framework, err := providerserver.NewProtocol6WithError(New("test")())()
	if err != nil {
		t.Fatal(err)
	}
	framework = configure(t, framework, srv.URL)
	schemas, err := ours.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}

	cases := protocolReadCases
	for name := range schemas.DataSourceSchemas {
		cases = append(cases, struct {
			name, dataSource string
			arguments        map[string]tftypes.Value
		}{"required arguments only", name, nil})
	}
	for _, tc := range cases {
		t.Run(tc.dataSource+"/"+tc.name, func(t *testing.T) {
			objectType := schemas.DataSourceSchemas[tc.dataSource].ValueType().(tftypes.Object) //nolint:forcetypeassert // a schema's value is an object
			config := map[string]tftypes.Value{}
			for _, a := range schemas.DataSourceSchemas[tc.dataSource].Block.Attributes {
				config[a.Name] = tftypes.NewValue(objectType.AttributeTypes[a.Name], nil)
				if v, ok := sampleArguments[a.Name]; ok && a.Required {
					config[a.Name] = v
				}
			}
			for name, v := range tc.arguments {
				config[name] = v
			}
			dv, err := tfprotov6.NewDynamicValue(objectType, tftypes.NewValue(objectType, config))
			if err != nil {
				t.Fatal(err)
			}
			req := &tfprotov6.ReadDataSourceRequest{TypeName: tc.dataSource, Config: &dv}
			want, err := framework.ReadDataSource(ctx, req)
			if err != nil {
				t.Fatal(err)
			}
			got, err := ours.ReadDataSource(ctx, req)
			if err != nil {
				t.Fatal(err)
			}
			requireSameDiagnostics(t, got.Diagnostics, want.Diagnostics)
			if hasError(want.Diagnostics) {
				return // Terraform ignores the state of a failed read
			}
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

func hasError(diags []*tfprotov6.Diagnostic) bool {
	for _, d := range diags {
		if d.Severity == tfprotov6.DiagnosticSeverityError {
			return true
		}
	}
	return false
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
