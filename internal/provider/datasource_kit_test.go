package provider

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
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
	ctx := context.Background()
	rig := newProtocolRig(t, emulator.Options{AccessToken: testAccessToken})

	constructors := New("test")().DataSources(ctx)
	if len(constructors) == 0 {
		t.Fatal("no data sources are registered")
	}
	for _, newDataSource := range constructors {
		ds := newDataSource()
		var meta datasource.MetadataResponse
		ds.Metadata(ctx, datasource.MetadataRequest{ProviderTypeName: "partnercenter"}, &meta)
		t.Run(meta.TypeName, func(t *testing.T) {
			var resp datasource.SchemaResponse
			ds.Schema(ctx, datasource.SchemaRequest{}, &resp)
			if resp.Schema.MarkdownDescription == "" {
				t.Error("the data source has no MarkdownDescription")
			}
			for name, a := range resp.Schema.Attributes {
				requireDescriptions(t, name, a)
			}

			objectType := rig.objectType(meta.TypeName)
			read := rig.read(t, meta.TypeName, nil)
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
	values["endpoint"] = tftypes.NewValue(tftypes.String, endpoint)
	values["access_token"] = tftypes.NewValue(tftypes.String, testAccessToken)
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
