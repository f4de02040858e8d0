package provider

import (
	"context"
	"errors"
	"reflect"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"weak"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
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

// TestProtocolServerForwardsEveryRPC: the wrapper answers every RPC the
// framework's server answers. tf6server finds the optional RPCs (list
// resources, actions, state stores, and whatever terraform-plugin-go adds
// next) by type assertion, so a wrapper that only embedded
// tfprotov6.ProviderServer would hide them; this compares the two servers'
// method sets, so a method the framework gains and frameworkServer lacks
// fails here.
func TestProtocolServerForwardsEveryRPC(t *testing.T) {
	framework := reflect.TypeOf(providerserver.NewProtocol6(New("test")())())
	server := ProtocolServer("test")()
	if _, ok := server.(*protocolServer); !ok {
		t.Fatalf("ProtocolServer serves %T, not the wrapper: the framework's server no longer answers every RPC of frameworkServer", server)
	}
	ours := reflect.TypeOf(server)
	if framework.NumMethod() < 30 {
		t.Fatalf("the framework's %s answers %d RPCs; is this its server?", framework, framework.NumMethod())
	}
	for i := range framework.NumMethod() {
		want := framework.Method(i)
		got, ok := ours.MethodByName(want.Name)
		if !ok {
			t.Errorf("%s is answered by the framework's server and not by ProtocolServer: add its interface to frameworkServer", want.Name)
			continue
		}
		// Method types include the receiver; compare the rest.
		if !sameSignatureAfterReceiver(got.Type, want.Type) {
			t.Errorf("%s is %s on ProtocolServer and %s on the framework's server", want.Name, got.Type, want.Type)
		}
	}
}

func sameSignatureAfterReceiver(a, b reflect.Type) bool {
	if a.NumIn() != b.NumIn() || a.NumOut() != b.NumOut() {
		return false
	}
	for i := 1; i < a.NumIn(); i++ {
		if a.In(i) != b.In(i) {
			return false
		}
	}
	for i := range a.NumOut() {
		if a.Out(i) != b.Out(i) {
			return false
		}
	}
	return true
}

// TestReadBypassAssumptionsHold checks, over every data source the provider
// registers, what readProtocol takes for granted when it skips the
// framework's work after a read (framework-deviations.md lists it):
//   - no blocks, so the framework's NullifyCollectionBlocks and
//     ReifyNullCollectionBlocks would change nothing;
//   - only the framework's own attribute types (no custom types, whose
//     values the framework builds through ValueFromTerraform and which
//     encodeState does not know), and no value type with semantic equality,
//     which SchemaSemanticEquality would apply;
//   - no provider meta schema, which the framework would read into every
//     read's ProviderMeta and readProtocol ignores.
//
// Deferral is the other assumption: TestConfigureNeverDefers and
// TestReadsAreTheFrameworksWhenDeferralIsAllowed.
func TestReadBypassAssumptionsHold(t *testing.T) {
	ctx := context.Background()
	p := New("test")()
	if _, ok := p.(provider.ProviderWithMetaSchema); ok {
		t.Error("the provider has a meta schema, which readProtocol would ignore")
	}
	forEveryDataSource(t, func(t *testing.T, _ string, s schema.Schema) {
		if len(s.GetBlocks()) > 0 {
			t.Errorf("the schema has blocks %v: readProtocol does not nullify or reify them as the framework does", keys(s.GetBlocks()))
		}
		for name, a := range s.Attributes {
			requirePlainAttribute(ctx, t, name, a)
		}
	})
}

// requirePlainAttribute fails for every attribute under name, nested ones
// too, whose type is not one of the framework's own, or whose values have
// semantic equality.
func requirePlainAttribute(ctx context.Context, t *testing.T, name string, a schema.Attribute) {
	t.Helper()
	requirePlainType(ctx, t, name, a.GetType())
	nested, ok := a.(schema.NestedAttribute)
	if !ok {
		return
	}
	for child, c := range nested.GetNestedObject().GetAttributes() {
		requirePlainAttribute(ctx, t, name+"."+child, c.(schema.Attribute)) //nolint:forcetypeassert // a data source's nested attributes are schema.Attribute
	}
}

func requirePlainType(ctx context.Context, t *testing.T, name string, typ attr.Type) {
	t.Helper()
	if value := reflect.TypeOf(typ.ValueType(ctx)); value != nil {
		for i := range value.NumMethod() {
			if m := value.Method(i).Name; strings.HasSuffix(m, "SemanticEquals") {
				t.Errorf("attribute %s: its values (%s) have %s, which readProtocol does not apply", name, value, m)
			}
		}
	}
	switch typ := typ.(type) {
	case basetypes.StringType, basetypes.BoolType, basetypes.Int64Type, basetypes.Int32Type,
		basetypes.Float64Type, basetypes.Float32Type, basetypes.NumberType:
	case basetypes.ListType:
		requirePlainType(ctx, t, name+"[*]", typ.ElemType)
	case basetypes.SetType:
		requirePlainType(ctx, t, name+"[*]", typ.ElemType)
	case basetypes.MapType:
		requirePlainType(ctx, t, name+"[*]", typ.ElemType)
	case basetypes.ObjectType:
		for child, c := range typ.AttrTypes {
			requirePlainType(ctx, t, name+"."+child, c)
		}
	default:
		t.Errorf("attribute %s is of type %T, not one of the framework's own that readProtocol expects", name, typ)
	}
}

func keys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

// TestConfigureNeverDefers: the provider's Configure defers nothing, even
// where Terraform allows it and every argument is unknown. Were it to, the
// framework would answer reads with a deferral, which readProtocol does not
// give; ProtocolServer leaves runs that allow deferral to the framework,
// and this keeps that fallback a safeguard rather than a path in use.
func TestConfigureNeverDefers(t *testing.T) {
	ctx := context.Background()
	p := New("test")()
	var schemaResp provider.SchemaResponse
	p.Schema(ctx, provider.SchemaRequest{}, &schemaResp)
	objectType := schemaResp.Schema.Type().TerraformType(ctx).(tftypes.Object) //nolint:forcetypeassert // a schema's type is an object
	unknown, null := map[string]tftypes.Value{}, map[string]tftypes.Value{}
	for name, typ := range objectType.AttributeTypes {
		unknown[name] = tftypes.NewValue(typ, tftypes.UnknownValue)
		null[name] = tftypes.NewValue(typ, nil)
	}
	null["endpoint"] = tftypes.NewValue(tftypes.String, "https://127.0.0.1:1")
	null["access_token"] = tftypes.NewValue(tftypes.String, testAccessToken)
	for name, values := range map[string]map[string]tftypes.Value{"every argument unknown": unknown, "a token": null} {
		t.Run(name, func(t *testing.T) {
			var resp provider.ConfigureResponse
			p.Configure(ctx, provider.ConfigureRequest{
				Config:             tfsdk.Config{Raw: tftypes.NewValue(objectType, values), Schema: schemaResp.Schema},
				ClientCapabilities: provider.ConfigureProviderClientCapabilities{DeferralAllowed: true},
			}, &resp)
			if resp.Deferred != nil {
				t.Fatalf("Configure deferred (%s): readProtocol would answer reads the framework defers", resp.Deferred.Reason)
			}
		})
	}
}

// deferringFramework stands for the framework's server: it records which
// reads reach it.
type deferringFramework struct {
	frameworkServer
	reads int
}

func (f *deferringFramework) ConfigureProvider(context.Context, *tfprotov6.ConfigureProviderRequest) (*tfprotov6.ConfigureProviderResponse, error) {
	return &tfprotov6.ConfigureProviderResponse{}, nil
}

func (f *deferringFramework) ReadDataSource(context.Context, *tfprotov6.ReadDataSourceRequest) (*tfprotov6.ReadDataSourceResponse, error) {
	f.reads++
	return &tfprotov6.ReadDataSourceResponse{Deferred: &tfprotov6.Deferred{Reason: tfprotov6.DeferredReasonProviderConfigUnknown}}, nil
}

// TestReadsAreTheFrameworksWhenDeferralIsAllowed: in a run that allows
// deferral, the framework, which knows whether the provider deferred,
// answers every read; in any other run the read kit does.
func TestReadsAreTheFrameworksWhenDeferralIsAllowed(t *testing.T) {
	ctx := context.Background()
	for _, allowed := range []bool{false, true} {
		ours, ok := ProtocolServer("test")().(*protocolServer)
		if !ok {
			t.Fatal("ProtocolServer is not a *protocolServer")
		}
		framework := &deferringFramework{}
		ours.frameworkServer = framework
		ours.provider.configured.Store(&providerData{})
		if _, err := ours.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{
			ClientCapabilities: &tfprotov6.ConfigureProviderClientCapabilities{DeferralAllowed: allowed},
		}); err != nil {
			t.Fatal(err)
		}
		for name := range ours.readers {
			resp, err := ours.ReadDataSource(ctx, &tfprotov6.ReadDataSourceRequest{TypeName: name})
			if err != nil {
				t.Fatal(err)
			}
			if deferred := resp.Deferred != nil; deferred != allowed {
				t.Errorf("deferral allowed %v: %s deferred %v", allowed, name, deferred)
			}
		}
		if want := map[bool]int{false: 0, true: len(ours.readers)}[allowed]; framework.reads != want {
			t.Errorf("deferral allowed %v: the framework answered %d of %d reads, want %d", allowed, framework.reads, len(ours.readers), want)
		}
	}
}

type payloadKey struct{}

// retainedAfterCalls sends ValidateDataResourceConfig and ReadDataSource
// to server with a context carrying a 1 MiB payload each, and reports how
// many payloads are still reachable after the calls and a collection.
func retainedAfterCalls(t *testing.T, server tfprotov6.ProviderServer) int {
	t.Helper()
	const calls = 8
	var payloads []weak.Pointer[[1 << 20]byte]
	for i := range calls {
		payload := new([1 << 20]byte)
		payloads = append(payloads, weak.Make(payload))
		ctx := context.WithValue(context.Background(), payloadKey{}, payload)
		// The requests carry no configuration; the server answers with
		// diagnostics, after it has taken the context.
		if i%2 == 0 {
			_, _ = server.ValidateDataResourceConfig(ctx, &tfprotov6.ValidateDataResourceConfigRequest{TypeName: "partnercenter_subscribed_skus"})
		} else {
			_, _ = server.ReadDataSource(ctx, &tfprotov6.ReadDataSourceRequest{TypeName: "partnercenter_subscribed_skus"})
		}
	}
	runtime.GC()
	runtime.GC()
	retained := 0
	for _, p := range payloads {
		if p.Value() != nil {
			retained++
		}
	}
	// The server lives as long as the provider process does.
	runtime.KeepAlive(server)
	return retained
}

// TestFrameworkKeepsEveryRequestContext documents the framework behavior
// that ProtocolServer's releasable contexts correct. If it starts failing,
// the framework no longer keeps request contexts, and releasableContext can
// go (framework-deviations.md says how).
func TestFrameworkKeepsEveryRequestContext(t *testing.T) {
	server := providerserver.NewProtocol6(New("test")())()
	if got := retainedAfterCalls(t, server); got == 0 {
		t.Fatal("terraform-plugin-framework no longer keeps request contexts: remove releasableContext from ProtocolServer")
	}
}

// TestReleasingServerLetsRequestContextsGo: ProtocolServer keeps no request
// context, on the framework's read path (before Configure) or on the read
// kit's (after).
func TestReleasingServerLetsRequestContextsGo(t *testing.T) {
	unconfigured := ProtocolServer("test")()
	if got := retainedAfterCalls(t, unconfigured); got != 0 {
		t.Fatalf("%d of 8 request contexts are still reachable after their calls returned", got)
	}
	configured := newProtocolRig(t, emulator.Options{AccessToken: testAccessToken}).server
	if got := retainedAfterCalls(t, configured); got != 0 {
		t.Fatalf("configured: %d of 8 request contexts are still reachable after their calls returned", got)
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
