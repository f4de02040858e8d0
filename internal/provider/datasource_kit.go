package provider

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/partnercenter-terraform/terraform-provider-partnercenter/internal/auth"
	"github.com/partnercenter-terraform/terraform-provider-partnercenter/internal/client"
)

// The read kit: what every data source shares, so that a data source file
// holds its schema, its model and one read function (a dataSourceSpec), in
// the manner of terraform-provider-aws's internal/framework.

// dataSourceSpec is a data source: its name, its schema, what its errors
// say, and how it validates and reads. M is its model, a struct with
// tfsdk tags.
type dataSourceSpec[M any] struct {
	// name follows the provider's: "subscribed_skus" is
	// partnercenter_subscribed_skus.
	name string
	// summary heads the error of a failed read, e.g. "Unable to Read
	// Subscribed SKUs".
	summary string
	// hints are the next steps of its failures; their GDAP roles are also
	// written into the schema's description, and so into the docs.
	hints  readHints
	schema func() schema.Schema
	// validate checks the configuration at plan time, when any value may
	// still be unknown; nil when the schema's validators are enough.
	validate func(ctx context.Context, config *M, diags *diag.Diagnostics)
	// read fills model, which holds the configuration, from Partner Center.
	read func(ctx context.Context, call *readCall, model *M)
}

// newDataSource returns a constructor for the provider's DataSources list.
func newDataSource[M any](spec dataSourceSpec[M]) func() datasource.DataSource {
	fields := fieldsOf[M]()
	schemaOnce := sync.OnceValue(func() schema.Schema {
		s := spec.schema()
		s.MarkdownDescription += spec.hints.rolesNote()
		return s
	})
	return func() datasource.DataSource {
		return &dataSource[M]{spec: &spec, fields: fields, schemaOnce: schemaOnce}
	}
}

type dataSource[M any] struct {
	spec   *dataSourceSpec[M]
	fields modelFields
	// schemaOnce is the spec's schema with its roles, built once: the
	// framework and readProtocol ask for it on every read.
	schemaOnce func() schema.Schema
	pd         *providerData
}

var (
	_ datasource.DataSourceWithConfigure      = &dataSource[struct{}]{}
	_ datasource.DataSourceWithValidateConfig = &dataSource[struct{}]{}
)

func (d *dataSource[M]) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_" + d.spec.name
}

func (d *dataSource[M]) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = d.schemaOnce()
}

// Configure takes the provider's client. ProviderData is nil while
// Terraform validates configuration before the provider is configured;
// that is not an error.
func (d *dataSource[M]) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	if req.ProviderData == nil {
		return
	}
	pd, ok := req.ProviderData.(*providerData)
	if !ok {
		resp.Diagnostics.AddError("Unexpected Provider Data",
			fmt.Sprintf("Expected *providerData, got %T. This is a bug in the provider; please report it.", req.ProviderData))
		return
	}
	d.pd = pd
}

func (d *dataSource[M]) ValidateConfig(ctx context.Context, req datasource.ValidateConfigRequest, resp *datasource.ValidateConfigResponse) {
	if d.spec.validate == nil {
		return
	}
	var config M
	if !d.fields.get(ctx, req.Config, &config, &resp.Diagnostics) {
		return
	}
	d.spec.validate(ctx, &config, &resp.Diagnostics)
}

// Read is Config.Get, the spec's read, State.Set, with the model moved in
// and out of the framework's object values by modelFields instead of the
// framework's reflection (see there). ProtocolServer answers reads through
// readProtocol instead; this is the framework's path, which the tests
// compare with it.
func (d *dataSource[M]) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	state, ok := d.run(ctx, d.pd, req.Config, &resp.Diagnostics)
	if !ok {
		return
	}
	raw, err := state.ToTerraformValue(ctx)
	if err != nil {
		resp.Diagnostics.AddError("Unwritable State", "The provider could not write the state: "+err.Error()+
			". This is a bug in the provider; please report it.")
		return
	}
	resp.State.Raw = raw
}

// run reads config into a model, runs the spec's read with pd, and gives
// the state's object. Terraform defers a read whose configuration is not
// wholly known, so the model holds known values.
func (d *dataSource[M]) run(ctx context.Context, pd *providerData, config tfsdk.Config, diags *diag.Diagnostics) (types.Object, bool) {
	objectType, ok := config.Schema.Type().(types.ObjectType)
	if !ok {
		diags.AddError("Unexpected Schema Type", "A data source schema is not an object. This is a bug in the provider; please report it.")
		return types.Object{}, false
	}
	var model M
	if !d.fields.get(ctx, config, &model, diags) {
		return types.Object{}, false
	}
	if pd == nil {
		diags.AddError("Provider Not Configured",
			"The Partner Center provider was not configured before a read. This is a bug in the provider; please report it.")
		return types.Object{}, false
	}
	d.spec.read(ctx, &readCall{providerData: pd, summary: d.spec.summary, hints: d.spec.hints, diags: diags}, &model)
	if diags.HasError() {
		return types.Object{}, false
	}
	state, toDiags := d.fields.toObject(objectType, &model)
	diags.Append(toDiags...)
	return state, !diags.HasError()
}

// readProtocol answers ReadDataSource for ProtocolServer: the same run as
// Read, with the state encoded attribute by attribute (encodeState), so
// that no whole-state value tree is copied and walked after the read.
func (d *dataSource[M]) readProtocol(ctx context.Context, pd *providerData, req *tfprotov6.ReadDataSourceRequest) *tfprotov6.ReadDataSourceResponse {
	var diags diag.Diagnostics
	resp := &tfprotov6.ReadDataSourceResponse{}
	defer func() {
		resp.Diagnostics = protocolDiagnostics(ctx, diags)
		if resp.State == nil {
			resp.State = req.Config // what the framework returns from a failed read
		}
	}()
	schema := d.schemaOnce()
	if req.Config == nil {
		diags.AddError("Missing Configuration", "Terraform sent a read without a configuration. This is a bug; please report it.")
		return resp
	}
	raw, err := req.Config.Unmarshal(schema.Type().TerraformType(ctx))
	if err != nil {
		diags.AddError("Unreadable Configuration", "The provider could not read the configuration: "+err.Error()+
			". This is a bug in the provider; please report it.")
		return resp
	}
	state, ok := d.run(ctx, pd, tfsdk.Config{Raw: raw, Schema: schema}, &diags)
	if !ok {
		return resp
	}
	encoded, err := encodeState(ctx, schema.Type().(types.ObjectType), state.Attributes()) //nolint:forcetypeassert // run checked it
	if err != nil {
		diags.AddError("Unwritable State", "The provider could not write the state: "+err.Error()+
			". This is a bug in the provider; please report it.")
		return resp
	}
	if !checkStateSize(&diags, int64(len(encoded)), pd.maxReadBytes) {
		return resp
	}
	resp.State = &tfprotov6.DynamicValue{MsgPack: encoded}
	releaseEncoded(state.Attributes(), len(encoded))
	return resp
}

// modelFields moves a model struct's fields, by their tfsdk tags, in and
// out of the framework's object values. Every field is a framework value
// type (types.String, types.List, ...), so a field is set or read as it is.
// The framework's own reflection (Config.Get, State.Set) does the same
// work, but walks the struct and parses its tags on every call, a share of
// the provider's CPU per data source that grows with the plan (BENCHMARKS.md,
// "Every customer in one plan (issue 12), as measured above", has the
// profile); this walks it once per model type.
type modelFields struct {
	names []string
	index []int
}

func fieldsOf[M any]() modelFields {
	t := reflect.TypeFor[M]()
	var f modelFields
	for i := range t.NumField() {
		if name := t.Field(i).Tag.Get("tfsdk"); name != "" {
			f.names, f.index = append(f.names, name), append(f.index, i)
		}
	}
	return f
}

// get is Config.Get: it reads config into model, and reports whether it
// could.
func (f modelFields) get(ctx context.Context, config tfsdk.Config, model any, diags *diag.Diagnostics) bool {
	objectType, ok := config.Schema.Type().(types.ObjectType)
	if !ok {
		diags.AddError("Unexpected Schema Type", "A data source schema is not an object. This is a bug in the provider; please report it.")
		return false
	}
	value, err := objectType.ValueFromTerraform(ctx, config.Raw)
	if err != nil {
		diags.AddError("Unreadable Configuration", "The provider could not read the configuration: "+err.Error()+
			". This is a bug in the provider; please report it.")
		return false
	}
	diags.Append(f.fromObject(value.(types.Object), model)...) //nolint:forcetypeassert // an ObjectType's value is an Object
	return !diags.HasError()
}

// fromObject sets model's fields from obj's attributes.
func (f modelFields) fromObject(obj types.Object, model any) diag.Diagnostics {
	var diags diag.Diagnostics
	attrs := obj.Attributes()
	v := reflect.ValueOf(model).Elem()
	for i, name := range f.names {
		value, ok := attrs[name]
		field := v.Field(f.index[i])
		rv := reflect.ValueOf(value)
		if !ok || !rv.Type().AssignableTo(field.Type()) {
			diags.AddError("Model Does Not Match the Schema", fmt.Sprintf("The attribute %s cannot be read into the model's %s. "+
				"This is a bug in the provider; please report it.", name, field.Type()))
			continue
		}
		field.Set(rv)
	}
	return diags
}

// toObject builds an object of objectType from model's fields.
func (f modelFields) toObject(objectType types.ObjectType, model any) (types.Object, diag.Diagnostics) {
	v := reflect.ValueOf(model).Elem()
	attrs := make(map[string]attr.Value, len(f.names))
	for i, name := range f.names {
		value, ok := v.Field(f.index[i]).Interface().(attr.Value)
		if !ok {
			var diags diag.Diagnostics
			diags.AddError("Model Does Not Match the Schema", fmt.Sprintf("The model's field for %s is not a framework value. "+
				"This is a bug in the provider; please report it.", name))
			return types.ObjectNull(objectType.AttrTypes), diags
		}
		attrs[name] = value
	}
	return types.ObjectValue(objectType.AttrTypes, attrs)
}

// readCall is what a read function gets: the provider's configuration,
// the client through client(), and the read's diagnostics.
type readCall struct {
	*providerData
	summary string
	hints   readHints
	diags   *diag.Diagnostics
}

// client is the Partner Center client, after the checks that go before a
// read's first request (the once-per-run MFA warning). The method hides
// providerData's client field, so a read cannot reach the client without
// them; a read that refuses its configuration before calling it (a bad
// license group, an environment without the service) sends nothing and
// checks nothing.
func (c *readCall) client(ctx context.Context) *client.Client {
	c.checkToken(ctx, c.diags)
	return c.providerData.client
}

// failed reports a client error with the data source's summary and hints.
func (c *readCall) failed(err error) { addReadError(c.diags, c.summary, err, c.hints, c.facts()) }

// providerData is what the provider's Configure hands every data source:
// the client, and what the diagnostics need to know of the configuration.
type providerData struct {
	client *client.Client
	// tokens is the client's token source, which the MFA warning peeks at.
	tokens *auth.Source
	// signIn is the sign-in method, for the next step of an MFA refusal.
	signIn auth.Method
	// cloud is the Partner Center environment, whose services differ.
	cloud auth.Cloud
	// maxConcurrent is max_concurrent_requests, for reads that fan out.
	maxConcurrent int
	// maxReadBytes is max_read_size_mib in bytes: the largest encoded
	// state a read may return (read_size.go).
	maxReadBytes int64
	// locale is sent as X-Locale with every request.
	locale string
	// tokenChecked makes checkToken a once-per-run check.
	tokenChecked sync.Once
	// appOnlyToken is set when the token's claims show no signed-in user.
	appOnlyToken atomic.Bool
}

// checkToken reads the token's claims once per run, before the first
// call: it keeps whether the token is app-only, for the diagnostics
// (facts), and warns when the amr claim shows a sign-in without MFA, which
// Partner Center refuses with 401 and code 900421. The token is the one the
// call will use: the source caches it. A failure to get one is left to the
// call, which reports it in full.
func (pd *providerData) checkToken(ctx context.Context, diags *diag.Diagnostics) {
	pd.tokenChecked.Do(func() {
		token, err := pd.tokens.Token(ctx)
		if err != nil {
			return
		}
		// VerifyAppUser refuses exactly the tokens whose claims show no
		// signed-in user; an opaque token cannot tell, and counts as App+User.
		pd.appOnlyToken.Store(pd.tokens.VerifyAppUser(token) != nil)
		if !auth.LacksMFA(token) {
			return
		}
		diags.AddWarning("Access Token Without MFA",
			"The access token's amr claim shows a sign-in without multifactor authentication (MFA). Partner Center "+
				"refuses such App+User tokens with HTTP 401 and code 900421.\n\n"+mfaNextStep(pd.signIn))
	})
}

// rolesNote is the sentence the docs give a data source's GDAP roles.
func (h readHints) rolesNote() string {
	if len(h.gdapRoles) == 0 {
		if h.rolesSource == "" {
			return ""
		}
		return "\n\n" + h.rolesSource
	}
	return "\n\nThe signed-in user needs one of these GDAP roles for the customer: " + strings.Join(h.gdapRoles, ", ") +
		". " + h.rolesSource
}
