package rpcserver

import (
	"context"
	"runtime"
	"testing"
	"weak"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/partnercenter-terraform/terraform-provider-partnercenter/internal/provider"
)

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
		// The requests carry no configuration; the framework answers with
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
// this package corrects. If it starts failing, the framework no longer
// keeps request contexts, and releasingServer can go.
func TestFrameworkKeepsEveryRequestContext(t *testing.T) {
	server := providerserver.NewProtocol6(provider.New("test")())()
	if got := retainedAfterCalls(t, server); got == 0 {
		t.Fatal("terraform-plugin-framework no longer keeps request contexts: remove internal/rpcserver's workaround")
	}
}

func TestReleasingServerLetsRequestContextsGo(t *testing.T) {
	server := New(provider.ProtocolServer("test"))()
	if got := retainedAfterCalls(t, server); got != 0 {
		t.Fatalf("%d of 8 request contexts are still reachable after their calls returned", got)
	}
}
