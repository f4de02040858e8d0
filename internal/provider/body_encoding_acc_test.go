package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/partnercenter-terraform/terraform-provider-partnercenter/internal/emulator"
)

// Bodies the provider cannot read, through real terraform: an encoding it
// never asks for is named, from the header or, without one, the magic
// bytes; a size past the cap after decompression says so, with the cap.
// gzip, with or without its header, is read.

func TestAccBodyEncodingsItReads(t *testing.T) {
	for _, encoding := range []emulator.BodyEncoding{emulator.EncodingGzip, emulator.EncodingGzipWithoutHeader} {
		t.Run(string(encoding), func(t *testing.T) {
			em := startFaultyEmulator(t, emulator.Fault{Kind: emulator.FaultEncoding, Encoding: encoding})
			testSteps(t, resource.TestStep{
				Config:            faultConfig(em, 1),
				ConfigStateChecks: []statecheck.StateCheck{expectInt("data.partnercenter_subscribed_skus.r0", "total_count", 4)},
			})
			if em.FaultsInjected()[emulator.FaultEncoding] == 0 {
				t.Error("the emulator injected no fault; the case proves nothing")
			}
		})
	}
}

func TestAccBodiesItCannotReadAreNamed(t *testing.T) {
	// The answer names the encoding; the next step says where it comes from
	// and what to change, in this order.
	named := func(answer, onTheWay string) []string {
		return []string{answer, "Accept-Encoding: gzip", "will not change what comes back", onTheWay, "NO_PROXY"}
	}
	cases := map[string]struct {
		fault emulator.Fault
		want  []string
	}{
		"br": {emulator.Fault{Kind: emulator.FaultEncoding, Encoding: emulator.EncodingBrotli},
			named(`Content-Encoding "br", which the provider did not ask for`, "compressed the answer with br")},
		"deflate": {emulator.Fault{Kind: emulator.FaultEncoding, Encoding: emulator.EncodingDeflate},
			named(`Content-Encoding "deflate"`, "compressed the answer with deflate")},
		"zstd": {emulator.Fault{Kind: emulator.FaultEncoding, Encoding: emulator.EncodingZstd},
			named(`Content-Encoding "zstd"`, "compressed the answer with zstd")},
		"zstd without a header": {emulator.Fault{Kind: emulator.FaultEncoding, Encoding: emulator.EncodingZstdWithoutHeader},
			named("zstd-compressed data (it starts with zstd's magic bytes) sent without a Content-Encoding header",
				"compressed the answer with zstd and dropped the Content-Encoding header")},
		"past the cap after decompression": {emulator.Fault{Kind: emulator.FaultOversizedGzip},
			[]string{"the body, decompressed from gzip, is larger than the 8388608-byte (8 MiB) cap on a response body",
				"will not help", "endpoint argument", "large compressed body"}},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			em := startFaultyEmulator(t, tc.fault)
			want := append([]string{"Partner Center answered HTTP 200", "but the provider could not read the response"}, tc.want...)
			want = append(want, "Request: GET "+em.URL+"/v1/customers/"+seedCustomer+"/subscribedskus", "MS-RequestId:", "MS-CorrelationId:")
			testSteps(t, resource.TestStep{Config: faultConfig(em, 1), ExpectError: errorNaming(want...)})
			if em.FaultsInjected()[tc.fault.Kind] == 0 {
				t.Error("the emulator injected no fault; the case proves nothing")
			}
		})
	}
}
