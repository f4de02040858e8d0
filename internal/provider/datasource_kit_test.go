package provider

import (
	"context"
	"maps"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/partnercenter-terraform/terraform-provider-partnercenter/internal/acctest"
	"github.com/partnercenter-terraform/terraform-provider-partnercenter/internal/emulator"
)

// sampleArguments give every required argument of every data source a
// value the default fixture answers. A new data source with a new required
// argument adds its value here, and is then covered by the table test below.
var sampleArguments = map[string]tftypes.Value{
	"customer_id": tftypes.NewValue(tftypes.String, seedCustomer),
	"user_id":     tftypes.NewValue(tftypes.String, "adele.vance@contoso.onmicrosoft.com"),
}

// TestSchemaOfEveryDataSource covers each registered data source, without
// a test of its own: every attribute is described for the docs, and a read
// of the default fixture through the plugin protocol gives a state of the
// schema's type, which catches a value builder that drifted from its shape.
func TestSchemaOfEveryDataSource(t *testing.T) {
	rig := newProtocolRig(t, emulator.Options{AccessToken: testAccessToken})
	forEveryDataSource(t, func(t *testing.T, typeName string, s schema.Schema) {
		if s.MarkdownDescription == "" {
			t.Error("the data source has no MarkdownDescription")
		}
		for name, a := range s.Attributes {
			requireDescriptions(t, name, a)
		}

		objectType := rig.objectType(typeName)
		read := rig.read(t, typeName, nil)
		for _, d := range read.Diagnostics {
			if d.Severity == tfprotov6.DiagnosticSeverityError {
				t.Errorf("reading the default fixture: %s: %s", d.Summary, d.Detail)
			}
		}
		if read.State == nil {
			t.Fatal("the read returned no state")
		}
		state, err := read.State.Unmarshal(objectType)
		if err != nil {
			t.Fatalf("the state is not of the schema's type: %v", err)
		}
		if !state.IsFullyKnown() {
			t.Error("the state has unknown values after a read")
		}
	})
}

// requireDescriptions fails for every attribute under name, nested ones
// too, without a MarkdownDescription.
func requireDescriptions(t *testing.T, name string, a schema.Attribute) {
	t.Helper()
	if a.GetMarkdownDescription() == "" {
		t.Errorf("attribute %s has no MarkdownDescription", name)
	}
	nested, ok := a.(schema.NestedAttribute)
	if !ok {
		return
	}
	for child, c := range nested.GetNestedObject().GetAttributes() {
		requireDescriptions(t, name+"."+child, c.(schema.Attribute)) //nolint:forcetypeassert // a data source's nested attributes are schema.Attribute
	}
}

// protocolRig is the provider behind the plugin protocol, as main serves
// it, configured for its own emulator, with the schemas Terraform would
// ask for first.
type protocolRig struct {
	server  tfprotov6.ProviderServer
	schemas *tfprotov6.GetProviderSchemaResponse
	url     string
}

func newProtocolRig(t testing.TB, opts emulator.Options) *protocolRig {
	t.Helper()
	em := acctest.StartEmulator(t, opts)
	return rigFor(t, configuredServer(t, em.URL), em.URL)
}

// rigFor is server, configured for url, with its schemas.
func rigFor(t testing.TB, server tfprotov6.ProviderServer, url string) *protocolRig {
	t.Helper()
	schemas, err := server.GetProviderSchema(context.Background(), &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	return &protocolRig{server: server, schemas: schemas, url: url}
}

// objectType is dataSource's value type.
func (r *protocolRig) objectType(dataSource string) tftypes.Object {
	return r.schemas.DataSourceSchemas[dataSource].ValueType().(tftypes.Object) //nolint:forcetypeassert // a schema's value is an object
}

// config is a configuration of dataSource as Terraform sends it: every
// argument null, each required one from sampleArguments, then arguments.
func (r *protocolRig) config(t testing.TB, dataSource string, arguments map[string]tftypes.Value) *tfprotov6.DynamicValue {
	t.Helper()
	objectType := r.objectType(dataSource)
	config := map[string]tftypes.Value{}
	for _, a := range r.schemas.DataSourceSchemas[dataSource].Block.Attributes {
		config[a.Name] = tftypes.NewValue(objectType.AttributeTypes[a.Name], nil)
		if v, given := arguments[a.Name]; given {
			config[a.Name] = v
		} else if a.Required {
			v, ok := sampleArguments[a.Name]
			if !ok {
				t.Fatalf("no sample value for the required argument %s: add one to sampleArguments", a.Name)
			}
			config[a.Name] = v
		}
	}
	dv, err := tfprotov6.NewDynamicValue(objectType, tftypes.NewValue(objectType, config))
	if err != nil {
		t.Fatal(err)
	}
	return &dv
}

// read reads dataSource with that configuration.
func (r *protocolRig) read(t testing.TB, dataSource string, arguments map[string]tftypes.Value) *tfprotov6.ReadDataSourceResponse {
	t.Helper()
	resp, err := r.server.ReadDataSource(context.Background(),
		&tfprotov6.ReadDataSourceRequest{TypeName: dataSource, Config: r.config(t, dataSource, arguments)})
	if err != nil {
		t.Fatal(err)
	}
	return resp
}

// configuredServer is the provider behind the plugin protocol, as main
// serves it, configured for the emulator at endpoint, as Terraform would
// drive it.
func configuredServer(t testing.TB, endpoint string) tfprotov6.ProviderServer {
	t.Helper()
	return configure(t, ProtocolServer("test")(), endpoint)
}

// configure configures server for the emulator at endpoint.
func configure(t testing.TB, server tfprotov6.ProviderServer, endpoint string) tfprotov6.ProviderServer {
	t.Helper()
	return configureWith(t, server, map[string]tftypes.Value{
		"endpoint":     tftypes.NewValue(tftypes.String, endpoint),
		"access_token": tftypes.NewValue(tftypes.String, testAccessToken),
	})
}

// configureWith configures server with arguments, every other one null.
func configureWith(t testing.TB, server tfprotov6.ProviderServer, arguments map[string]tftypes.Value) tfprotov6.ProviderServer {
	t.Helper()
	ctx := context.Background()
	schemas, err := server.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	providerType := schemas.Provider.ValueType().(tftypes.Object) //nolint:forcetypeassert // a schema's value is an object
	values := map[string]tftypes.Value{}
	for name, typ := range providerType.AttributeTypes {
		values[name] = tftypes.NewValue(typ, nil)
	}
	maps.Copy(values, arguments)
	config, err := tfprotov6.NewDynamicValue(providerType, tftypes.NewValue(providerType, values))
	if err != nil {
		t.Fatal(err)
	}
	resp, err := server.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{Config: &config, TerraformVersion: "test"})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range resp.Diagnostics {
		if d.Severity == tfprotov6.DiagnosticSeverityError {
			t.Fatalf("configuring the provider: %s: %s", d.Summary, d.Detail)
		}
	}
	return server
}

// The read kit hands a read its client only after the MFA check
// (readCall.client), so every data source warns of a token without MFA
// before its first request, with no line of its own for it.
func TestEveryReadWarnsOfATokenWithoutMFA(t *testing.T) {
	token := acctest.UserTokenWithoutMFA(t)
	for name := range dataSourceSchemas(t) {
		t.Run(name, func(t *testing.T) {
			rig, _ := rigWithToken(t, token, nil)
			if !hasWarning(rig.read(t, name, nil).Diagnostics, "Access Token Without MFA") {
				t.Error("no MFA warning before the read's first request")
			}
		})
	}
}

// A read that refuses its configuration does so before it takes the
// client: it sends nothing, and so checks nothing either.
func TestRefusedReadsSendNothing(t *testing.T) {
	token := acctest.UserTokenWithoutMFA(t)
	badGroup := map[string]tftypes.Value{"license_group_ids": stringList("Group9")}
	cases := []struct {
		name, dataSource string
		provider         map[string]tftypes.Value
		arguments        map[string]tftypes.Value
		wantError        string
	}{
		{"user licenses on 21Vianet", "partnercenter_user_licenses",
			map[string]tftypes.Value{"environment": tftypes.NewValue(tftypes.String, "china")}, nil,
			"User Licenses Not Available in This Environment"},
	}
	for name, s := range dataSourceSchemas(t) {
		for _, a := range s.Block.Attributes {
			if a.Name == "license_group_ids" {
				cases = append(cases, struct {
					name, dataSource string
					provider         map[string]tftypes.Value
					arguments        map[string]tftypes.Value
					wantError        string
				}{"an unknown license group", name, nil, badGroup, "Invalid License Group"})
			}
		}
	}
	if len(cases) < 3 {
		t.Fatalf("only %d cases: which data sources take license_group_ids?", len(cases))
	}
	for _, tc := range cases {
		t.Run(tc.dataSource+"/"+tc.name, func(t *testing.T) {
			rig, em := rigWithToken(t, token, tc.provider)
			diags := rig.read(t, tc.dataSource, tc.arguments).Diagnostics
			if !hasDiagnostic(diags, tfprotov6.DiagnosticSeverityError, tc.wantError) {
				t.Errorf("no %q error: %v", tc.wantError, diags)
			}
			if hasWarning(diags, "Access Token Without MFA") {
				t.Error("the MFA check ran for a read that sends nothing")
			}
			if n := len(em.Requests()); n != 0 {
				t.Errorf("%d requests reached Partner Center", n)
			}
		})
	}
}

// rigWithToken is a protocol rig whose provider signs in with token, and
// whose emulator accepts it, with further provider arguments.
func rigWithToken(t *testing.T, token string, arguments map[string]tftypes.Value) (*protocolRig, *acctest.Server) {
	t.Helper()
	em := acctest.StartEmulator(t, emulator.Options{AccessToken: token})
	values := map[string]tftypes.Value{
		"endpoint":     tftypes.NewValue(tftypes.String, em.URL),
		"access_token": tftypes.NewValue(tftypes.String, token),
	}
	maps.Copy(values, arguments)
	return rigFor(t, configureWith(t, ProtocolServer("test")(), values), em.URL), em
}

// dataSourceSchemas are the provider's data sources, as Terraform sees them.
func dataSourceSchemas(t *testing.T) map[string]*tfprotov6.Schema {
	t.Helper()
	schemas, err := ProtocolServer("test")().GetProviderSchema(context.Background(), &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	return schemas.DataSourceSchemas
}

func hasWarning(diags []*tfprotov6.Diagnostic, summary string) bool {
	return hasDiagnostic(diags, tfprotov6.DiagnosticSeverityWarning, summary)
}

func hasDiagnostic(diags []*tfprotov6.Diagnostic, severity tfprotov6.DiagnosticSeverity, summary string) bool {
	for _, d := range diags {
		if d.Severity == severity && d.Summary == summary {
			return true
		}
	}
	return false
}

// modelFields moves values between a model and an object as they are, and
// refuses a field whose type cannot hold its attribute.
func TestModelFields(t *testing.T) {
	objectType := types.ObjectType{AttrTypes: map[string]attr.Type{"id": types.StringType, "names": types.ListType{ElemType: types.StringType}}}
	obj := types.ObjectValueMust(objectType.AttrTypes, map[string]attr.Value{
		"id": types.StringValue("x"), "names": types.ListUnknown(types.StringType),
	})
	type good struct {
		ID    types.String `tfsdk:"id"`
		Names types.List   `tfsdk:"names"`
	}
	var m good
	if diags := fieldsOf[good]().fromObject(obj, &m); diags.HasError() || m.ID.ValueString() != "x" || !m.Names.IsUnknown() {
		t.Fatalf("fromObject: %+v, %v", m, diags)
	}
	back, diags := fieldsOf[good]().toObject(objectType, &m)
	if diags.HasError() || !back.Equal(obj) {
		t.Errorf("toObject: %s, %v", back, diags)
	}
	type bad struct {
		ID    types.String   `tfsdk:"id"`
		Names []types.String `tfsdk:"names"`
	}
	var b bad
	if diags := fieldsOf[bad]().fromObject(obj, &b); !diags.HasError() {
		t.Error("a []types.String field took a list, unknown at that")
	}
}
