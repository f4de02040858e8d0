package provider

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/partnercenter-terraform/terraform-provider-partnercenter/internal/client"
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
