package provider

import (
	"fmt"

	"github.com/partnercenter-terraform/terraform-provider-partnercenter/internal/client"
)

// The next steps of a 2xx answer whose body the provider cannot read
// because of how it came, not what it says: an encoding it never asks for,
// or a size past the client's cap. Neither is transient, so neither says
// to run the plan again.

// encodingBrief is the short next step of a body in an encoding the
// provider does not read.
const encodingBrief = "An answer came in an encoding the provider does not ask for; make the proxy or gateway on the way honor " +
	"Accept-Encoding: gzip, or bypass it for the endpoint."

// encodingNextStep says where an encoding the provider never asked for
// comes from: the provider sends Accept-Encoding: gzip, so the server, or
// a proxy or gateway between it and the provider, ignored that.
func encodingNextStep(e *client.EncodingError) string {
	what := fmt.Sprintf("compressed the answer with %s", e.Encoding)
	if e.Headerless {
		what = fmt.Sprintf("compressed the answer with %s and dropped the Content-Encoding header that names it", e.Encoding)
	}
	return "The provider asks for gzip or an uncompressed answer (Accept-Encoding: gzip), and running the plan again " +
		"will not change what comes back. Something on the way " + what + ": usually a proxy, gateway or TLS-inspecting " +
		"appliance. Configure it to honor Accept-Encoding or to pass the endpoint's answers through unchanged, or bypass it " +
		"for the endpoint (NO_PROXY). If nothing stands between the provider and the endpoint, report it to Microsoft " +
		"support with the ids below."
}

// sizeCapBrief is the short next step of a body past the size cap.
const sizeCapBrief = "An answer was larger than the provider reads; check the endpoint and anything on the way that could " +
	"expand or replace answers."

// sizeCapNextStep says why a body past the cap is not Partner Center's
// answer: one page of the largest list the provider reads, 500 customers
// (docs/development/partner-center-api.md, "The customers list"), is a
// small fraction of client.DefaultMaxBodyBytes.
func sizeCapNextStep(e *client.SizeCapError) string {
	step := "No answer the provider reads comes near this size, so it stopped reading rather than hold the rest in " +
		"memory, and running the plan again will not help. Check that the endpoint argument (PARTNERCENTER_ENDPOINT) is " +
		"Partner Center's API root or your emulator"
	if e.Decompressed {
		step += ", and that no proxy or gateway on the way replaces answers with a large compressed body"
	}
	return step + ". If both are right, report it to the provider's developers with the ids below."
}
