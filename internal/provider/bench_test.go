package provider

import (
	"context"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/partnercenter-terraform/terraform-provider-partnercenter/internal/client"
	"github.com/partnercenter-terraform/terraform-provider-partnercenter/internal/emulator"
)

// BenchmarkMapSeed maps the decoded sample response into the Terraform
// model, with the by-part-number maps, as every read does.
func BenchmarkMapSeed(b *testing.B) {
	raw, err := os.ReadFile("../client/testdata/seed_004_as_printed.json")
	if err != nil {
		b.Fatal(err)
	}
	var seed client.Collection[client.SubscribedSKU]
	if err := json.Unmarshal([]byte(strings.Replace(string(raw), `"totalCount": 04`, `"totalCount": 4`, 1)), &seed); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		var v values
		if skus := v.subscribedSKUs(seed.Items); len(skus.byPart.Elements()) != 4 || v.diags.HasError() {
			b.Fatal("wrong mapping")
		}
	}
}

// BenchmarkEveryCustomerRead reads every customer of a 1000-customer
// emulator through the plugin protocol, as Terraform drives one
// partnercenter_subscribed_skus_by_customer, without latency: the
// provider's own cost of a bulk read (make bench measures it with
// Terraform and latency).
func BenchmarkEveryCustomerRead(b *testing.B) {
	ctx := context.Background()
	em := startEmulatorWith(b, emulator.Options{Fixture: &emulator.Fixture{Customers: emulator.GeneratedCustomers(1000)}})
	for b.Loop() {
		rig := rigFor(b, configuredServer(b, em.URL), em.URL)
		dv := rig.config(b, "partnercenter_subscribed_skus_by_customer", nil)
		read, err := rig.server.ReadDataSource(ctx, &tfprotov6.ReadDataSourceRequest{TypeName: "partnercenter_subscribed_skus_by_customer", Config: dv})
		if err != nil || len(read.Diagnostics) > 0 {
			b.Fatal(err, read.Diagnostics)
		}
	}
}
