package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// ProtocolServer returns the provider's plugin protocol 6 server:
// terraform-plugin-framework's, except that the read kit answers
// ReadDataSource itself once the provider is configured.
//
// After a data source's Read, the framework (v1.19.0) copies the whole
// state's value tree twice, walks it for semantic equality and for null
// blocks, and converts it to tftypes and then MessagePack. None of that
// changes this provider's states (it has no blocks and no types with
// semantic equality), but for one partnercenter_subscribed_skus_by_customer
// over 5000 customers those trees took the heap past 500 MB for a 6 MB
// state (BENCHMARKS.md). readProtocol runs the same read and writes the
// state attribute by attribute instead; TestProtocolReadsMatchTheFramework
// holds the two paths to the same states and diagnostics. Everything else,
// validation included, is the framework's. Terraform's StopProvider still
// cancels a read: terraform-plugin-go's server cancels the context it
// passes down.
func ProtocolServer(version string) func() tfprotov6.ProviderServer {
	return func() tfprotov6.ProviderServer {
		ctx := context.Background()
		p := &partnerCenterProvider{version: version}
		var providerMeta provider.MetadataResponse
		p.Metadata(ctx, provider.MetadataRequest{}, &providerMeta)
		readers := map[string]protocolReader{}
		for _, newDataSource := range p.DataSources(ctx) {
			ds := newDataSource()
			var meta datasource.MetadataResponse
			ds.Metadata(ctx, datasource.MetadataRequest{ProviderTypeName: providerMeta.TypeName}, &meta)
			if r, ok := ds.(protocolReader); ok {
				readers[meta.TypeName] = r
			}
		}
		return &protocolServer{ProviderServer: providerserver.NewProtocol6(p)(), provider: p, readers: readers}
	}
}

// protocolReader is a data source that can answer ReadDataSource without
// the framework: the read kit's dataSource.
type protocolReader interface {
	readProtocol(ctx context.Context, pd *providerData, req *tfprotov6.ReadDataSourceRequest) *tfprotov6.ReadDataSourceResponse
}

type protocolServer struct {
	tfprotov6.ProviderServer
	provider *partnerCenterProvider
	readers  map[string]protocolReader
}

// ReadDataSource leaves the framework what it does before a provider is
// configured (an error) and any data source outside the read kit.
func (s *protocolServer) ReadDataSource(ctx context.Context, req *tfprotov6.ReadDataSourceRequest) (*tfprotov6.ReadDataSourceResponse, error) {
	reader, ok := s.readers[req.TypeName]
	pd := s.provider.configured.Load()
	if !ok || pd == nil {
		return s.ProviderServer.ReadDataSource(ctx, req)
	}
	return reader.readProtocol(ctx, pd, req), nil
}

// protocolDiagnostics converts diagnostics as the framework's toproto6 does:
// severity, summary, detail, and the attribute path when there is one; a
// path that cannot be converted is dropped, with an error that says so.
func protocolDiagnostics(ctx context.Context, diags diag.Diagnostics) []*tfprotov6.Diagnostic {
	out := make([]*tfprotov6.Diagnostic, 0, len(diags))
	for _, d := range diags {
		pd := &tfprotov6.Diagnostic{Summary: d.Summary(), Detail: d.Detail(), Severity: tfprotov6.DiagnosticSeverityInvalid}
		switch d.Severity() {
		case diag.SeverityError:
			pd.Severity = tfprotov6.DiagnosticSeverityError
		case diag.SeverityWarning:
			pd.Severity = tfprotov6.DiagnosticSeverityWarning
		case diag.SeverityInvalid:
		}
		if withPath, ok := d.(diag.DiagnosticWithPath); ok {
			attribute, err := attributePath(ctx, withPath.Path())
			if err != nil {
				out = append(out, &tfprotov6.Diagnostic{Severity: tfprotov6.DiagnosticSeverityError,
					Summary: "Unable to Convert Attribute Path",
					Detail: "An unexpected error occurred while trying to convert an attribute path. This is a bug in the " +
						"provider; please report it.\n\nAttribute Path: " + withPath.Path().String() + "\nOriginal Error: " + err.Error()})
			}
			pd.Attribute = attribute
		}
		out = append(out, pd)
	}
	return out
}

// attributePath is p in the protocol's terms, as the framework's totftypes
// converts it.
func attributePath(ctx context.Context, p path.Path) (*tftypes.AttributePath, error) {
	var steps []tftypes.AttributePathStep
	for _, step := range p.Steps() {
		switch step := step.(type) {
		case path.PathStepAttributeName:
			steps = append(steps, tftypes.AttributeName(string(step)))
		case path.PathStepElementKeyInt:
			steps = append(steps, tftypes.ElementKeyInt(int64(step)))
		case path.PathStepElementKeyString:
			steps = append(steps, tftypes.ElementKeyString(string(step)))
		case path.PathStepElementKeyValue:
			value, err := step.ToTerraformValue(ctx)
			if err != nil {
				return nil, fmt.Errorf("unable to convert attr.Value (%s) to tftypes.Value: %w", step.String(), err)
			}
			steps = append(steps, tftypes.ElementKeyValue(value))
		default:
			return nil, fmt.Errorf("unknown path.PathStep: %#v", step)
		}
	}
	return tftypes.NewAttributePathWithSteps(steps), nil
}
