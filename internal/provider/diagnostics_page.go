package provider

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/partnercenter-terraform/terraform-provider-partnercenter/internal/client"
)

// laterPageStep is the next step of a later page that failed where the
// endpoint would otherwise be blamed: a 404, or no answer. Partner Center
// has answered a list's second page with 404 for about two weeks while the
// first page worked (docs/development/partner-center-api.md, "Errors and
// throttling").
const laterPageStep = "The pages before it were read moments earlier at the same endpoint with the same credentials, so " +
	"the endpoint is not the suspect, nor is the sign-in: Partner Center failed to serve a later page of the list. It " +
	"has done so for days before recovering. Run the plan again later; if it persists, report it to " +
	"Microsoft support with both pages' request ids below."

// tellLaterPage adds to f what a later page's failure tells: which page of
// which list, how much came before, and the previous page's request. The
// provider returns no partial list, and says so.
func (f *failure) tellLaterPage(e *client.PageError, hints readHints) {
	list := hints.list
	if list == "" {
		list = "the list"
	}
	before := "page 1"
	if e.Page > 2 {
		before = fmt.Sprintf("pages 1 to %d", e.Page-1)
	}
	f.answer = fmt.Sprintf("Page %d of %s failed; %s, with %s, had been read just before at the same endpoint. %s\n\n"+
		"The provider returns no partial list, so the read stored nothing.", e.Page, list, before,
		countOf(e.ItemsBefore, "item"), f.answer)
	f.head = fmt.Sprintf("%s on page %d", f.head, e.Page)
	if blamesEndpoint(e.Err) {
		f.step = laterPageStep
		f.brief = laterPageStep
	}
	f.previous, f.previousPage = &e.Previous, e.Page-1
}

// blamesEndpoint reports whether the usual next step of err would suspect
// the endpoint: a 404, or a request without an answer that was neither
// cancelled nor timed out.
func blamesEndpoint(err error) bool {
	reqErr, ok := client.AsRequestError(err)
	if !ok {
		return false
	}
	switch e := reqErr.(type) {
	case *client.APIError:
		return e.StatusCode == 404
	case *client.TransportError:
		return !e.NotSent && !errors.Is(err, context.Canceled) && !errors.Is(err, context.DeadlineExceeded) && !isTimeout(err)
	}
	return false
}

// writePreviousPage adds the request of the page before a failed later
// page, which support needs beside the failed page's.
func writePreviousPage(b *strings.Builder, f failure) {
	if f.previous == nil {
		return
	}
	fmt.Fprintf(b, "Page %d, read: %s %s\nMS-RequestId: %s\n\nPage %d, failed:\n", f.previousPage, f.previous.Method,
		f.previous.URL, f.previous.RequestID, f.previousPage+1)
}
