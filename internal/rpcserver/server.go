// Package rpcserver serves the provider over Terraform's plugin protocol 6:
// terraform-plugin-framework's server, with one correction for plans over
// thousands of data sources.
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

	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

// New returns the protocol 6 server factory for tf6server.Serve.
func New(p func() provider.Provider) func() tfprotov6.ProviderServer {
	return func() tfprotov6.ProviderServer {
		return releasingServer{ProviderServer: providerserver.NewProtocol6(p())()}
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
