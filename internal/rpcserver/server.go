// Package rpcserver serves the provider over Terraform's plugin protocol 6:
// the provider's protocol server (terraform-plugin-framework's, with the
// provider's own reads), with one correction for plans over thousands of
// data sources.
//
// terraform-plugin-framework (v1.19.0 and before) derives a cancellable
// context from every RPC's context and keeps its cancel function until
// Terraform calls StopProvider, which a plan never does. Each kept function
// holds its RPC's context alive, and with it terraform-plugin-go's
// per-request loggers and gRPC's stream state: about 13 KB per
// ValidateDataResourceConfig and per ReadDataSource, so a provider process
// grows by some 26 KB per data source for the whole plan (306 MiB at 5000
// data sources). The framework's own StopProvider handling is unchanged;
// the two per-data-source RPCs just hand it a context that lets go of the
// request's once the call returns (see releasableContext).
package rpcserver

import (
	"context"
	"os"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"
)

// Serve serves the server that newServer returns under address until
// Terraform stops it. tf6server.Serve is what providerserver.Serve calls;
// this puts the correction above in between. debug starts it for a
// debugger such as delve.
func Serve(address string, newServer func() tfprotov6.ProviderServer, debug bool) error {
	quietSDKLogsTerraformDiscards()
	var opts []tf6server.ServeOpt
	if debug {
		opts = append(opts, tf6server.WithManagedDebug())
	}
	return tf6server.Serve(address, New(newServer), opts...)
}

// quietSDKLogsTerraformDiscards turns off the plugin SDK's own logging when
// Terraform will throw the lines away anyway: Terraform keeps a provider's
// log only when TF_LOG or TF_LOG_PROVIDER is set, but the SDK logs at TRACE
// by default, formatting a dozen JSON lines per read into a discarded pipe
// (BENCHMARKS.md has its share of the provider's CPU). Any of the variables
// set by the user leaves everything as it was.
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

// New returns the protocol 6 server factory for tf6server.Serve: each
// server newServer returns, corrected.
func New(newServer func() tfprotov6.ProviderServer) func() tfprotov6.ProviderServer {
	return func() tfprotov6.ProviderServer {
		return releasingServer{ProviderServer: newServer()}
	}
}

// releasingServer is the framework's server; the RPCs Terraform sends once
// per data source get a releasable context. The others run once or a few
// times per process and are passed through unchanged.
type releasingServer struct {
	tfprotov6.ProviderServer
}

func (s releasingServer) ValidateDataResourceConfig(ctx context.Context, req *tfprotov6.ValidateDataResourceConfigRequest) (*tfprotov6.ValidateDataResourceConfigResponse, error) {
	rctx, release := newReleasableContext(ctx)
	defer release()
	return s.ProviderServer.ValidateDataResourceConfig(rctx, req)
}

func (s releasingServer) ReadDataSource(ctx context.Context, req *tfprotov6.ReadDataSourceRequest) (*tfprotov6.ReadDataSourceResponse, error) {
	rctx, release := newReleasableContext(ctx)
	defer release()
	return s.ProviderServer.ReadDataSource(rctx, req)
}
