package provider

import (
	"context"
	"fmt"
	"log"
	"os"
	"sync/atomic"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// This file is where the provider deviates from terraform-plugin-framework
// (v1.19.0), and the only place: a wrapper over the framework's protocol 6
// server that changes two RPCs and forwards every other one as it is.
// docs/development/framework-deviations.md says what each deviation works
// around upstream, which test guards it, and how to delete it.
//
//  1. ValidateDataResourceConfig and ReadDataSource, the RPCs Terraform
//     sends once per data source, get a context that lets go of the
//     request's when the call returns (releasableContext): the framework
//     keeps every RPC's cancel function, and so the request's context, until
//     StopProvider, which a plan never sends. Guarded by
//     TestFrameworkKeepsEveryRequestContext and
//     TestReleasingServerLetsRequestContextsGo.
//  2. ReadDataSource is answered by the read kit (readProtocol) once the
//     provider is configured, without the framework's copies and walks of
//     the whole state after the read. Guarded by
//     TestProtocolReadsMatchTheFramework, TestReadBypassAssumptionsHold and
//     the deferral tests.
//  3. Serve quiets the plugin SDK's own logs when Terraform would discard
//     them (quietSDKLogsTerraformDiscards).
//
// Schemas, validation, configuration and every other RPC are the
// framework's, the provider functions' GetFunctions and CallFunction among
// them (TestProtocolServerServesFunctions). BENCHMARKS.md has the measurements: "What dominates, and
// what was done" for the first; "Every customer in one plan (issue 12), as
// measured above" for the other two. TestProtocolServerForwardsEveryRPC
// guards the wrapper itself.

// Serve serves the provider under address until Terraform stops it: what
// providerserver.Serve does, with the wrapper above in between. debug
// starts it for a debugger such as delve.
func Serve(address, version string, debug bool) error {
	quietSDKLogsTerraformDiscards()
	var opts []tf6server.ServeOpt
	if debug {
		opts = append(opts, tf6server.WithManagedDebug())
	}
	return tf6server.Serve(address, ProtocolServer(version), opts...)
}

// quietSDKLogsTerraformDiscards turns off the plugin SDK's own logging when
// Terraform will throw the lines away anyway: Terraform keeps a provider's
// log only when TF_LOG or TF_LOG_PROVIDER is set, but the SDK logs at TRACE
// by default, formatting a dozen JSON lines per read into a discarded pipe
// (BENCHMARKS.md, "Every customer in one plan (issue 12), as measured
// above", has its share of the provider's CPU). Any of the variables set by
// the user leaves everything as it was.
func quietSDKLogsTerraformDiscards() {
	for _, v := range []string{"TF_LOG", "TF_LOG_PROVIDER", "TF_LOG_SDK", "TF_LOG_SDK_FRAMEWORK", "TF_LOG_SDK_PROTO"} {
		if os.Getenv(v) != "" {
			return
		}
	}
	// Each SDK subsystem reads its own variable, and without one it
	// formats every line's fields before its logger drops them.
	for _, v := range []string{"TF_LOG_SDK", "TF_LOG_SDK_FRAMEWORK", "TF_LOG_SDK_PROTO"} {
		_ = os.Setenv(v, "off")
	}
}

// frameworkServer is every RPC the framework's server answers: the
// ProviderServer interface and the optional ones tf6server looks for by type
// assertion. The wrapper embeds this rather than tfprotov6.ProviderServer,
// which would hide the optional ones from tf6server: Terraform would be told
// that the provider has no list resources, actions or state stores even
// where the framework serves them. TestProtocolServerForwardsEveryRPC fails
// when the framework answers an RPC that this leaves out.
type frameworkServer interface {
	tfprotov6.ProviderServer
	tfprotov6.ListResourceServer // tf6server asks for ProviderServerWithListResource
	tfprotov6.ActionServer       // ProviderServerWithActions
	tfprotov6.StateStoreServer   // ProviderServerWithStateStores
}

// ProtocolServer returns the provider's plugin protocol 6 server, as Serve
// serves it and the tests drive it: the framework's, with the two
// deviations above.
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
		server := providerserver.NewProtocol6(p)()
		framework, ok := server.(frameworkServer)
		if !ok {
			// A framework that answers fewer RPCs than frameworkServer
			// names: serve it without the deviations, which are savings,
			// not behavior. TestProtocolServerForwardsEveryRPC fails
			// first, so this is never released.
			log.Printf("[WARN] terraform-plugin-framework's %T does not answer every RPC of frameworkServer; "+
				"serving it without the provider's deviations", server)
			return server
		}
		return &protocolServer{frameworkServer: framework, provider: p, readers: readers}
	}
}

// protocolReader is a data source that can answer ReadDataSource without
// the framework: the read kit's dataSource.
type protocolReader interface {
	readProtocol(ctx context.Context, pd *providerData, req *tfprotov6.ReadDataSourceRequest) *tfprotov6.ReadDataSourceResponse
}

// protocolServer is the framework's server with the deviations above. The
// RPCs it does not define are the framework's, unchanged.
type protocolServer struct {
	frameworkServer
	provider *partnerCenterProvider
	readers  map[string]protocolReader
	// deferralAllowed is set when Terraform configured the provider with
	// deferral allowed. Only then may the framework defer the provider's
	// reads (when Configure sets resp.Deferred; this provider's does not,
	// TestConfigureNeverDefers), and it answers each of them with the
	// deferral itself, before any Read. readProtocol knows nothing of
	// deferral, so such runs' reads stay the framework's.
	deferralAllowed atomic.Bool
}

var _ frameworkServer = &protocolServer{}

// ConfigureProvider is the framework's; it notes whether Terraform allows
// deferral (see deferralAllowed).
func (s *protocolServer) ConfigureProvider(ctx context.Context, req *tfprotov6.ConfigureProviderRequest) (*tfprotov6.ConfigureProviderResponse, error) {
	if req != nil && req.ClientCapabilities != nil && req.ClientCapabilities.DeferralAllowed {
		s.deferralAllowed.Store(true)
	}
	return s.frameworkServer.ConfigureProvider(ctx, req)
}

// ValidateDataResourceConfig is the framework's, with a context it cannot
// keep (deviation 1).
func (s *protocolServer) ValidateDataResourceConfig(ctx context.Context, req *tfprotov6.ValidateDataResourceConfigRequest) (*tfprotov6.ValidateDataResourceConfigResponse, error) {
	rctx, release := newReleasableContext(ctx)
	defer release()
	return s.frameworkServer.ValidateDataResourceConfig(rctx, req)
}

// ReadDataSource is the read kit's (deviation 2), with a context the
// framework cannot keep (deviation 1) when the framework answers: before
// the provider is configured (with an error), when Terraform allows
// deferral, and for any data source outside the read kit. Terraform's
// StopProvider still cancels a read the kit answers: terraform-plugin-go's
// server cancels the context it passes down.
func (s *protocolServer) ReadDataSource(ctx context.Context, req *tfprotov6.ReadDataSourceRequest) (*tfprotov6.ReadDataSourceResponse, error) {
	rctx, release := newReleasableContext(ctx)
	defer release()
	reader, ok := s.readers[req.TypeName]
	pd := s.provider.configured.Load()
	if !ok || pd == nil || s.deferralAllowed.Load() {
		return s.frameworkServer.ReadDataSource(rctx, req)
	}
	return reader.readProtocol(rctx, pd, req), nil
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
