package client

import (
	"fmt"
	"strings"
)

// PageError is a later page of a list that failed after the pages before it
// were read: Partner Center has answered a list's second page with 404 for
// days while its first page was fine (docs/development/partner-center-api.md,
// "Errors and throttling"). It says which page and what came before, so that
// the error does not blame the endpoint the earlier pages were read at, and
// it carries the previous page's request, whose ids support can set beside
// the failed page's. ListAll returns it in place of the list: never a
// partial list.
type PageError struct {
	// List names the list by its path, such as "customers" or
	// "customers/{id}/users".
	List string
	// Page is the failed page, from 2.
	Page int
	// ItemsBefore is how many items the pages before it held.
	ItemsBefore int
	// Previous is the request of the page before, which succeeded, as it
	// was sent (a page another read fetched first, through the read cache,
	// keeps that read's request).
	Previous RequestRecord
	// Err is the page's own error: *APIError, *ResponseError or
	// *TransportError.
	Err error
}

func (e *PageError) Error() string {
	return fmt.Sprintf("page %d of %s, after %d items on the pages before (page %d: %s): %v",
		e.Page, e.List, e.ItemsBefore, e.Page-1, e.Previous.Trace, e.Err)
}

func (e *PageError) Unwrap() error { return e.Err }

// pageRecorder is an answer that keeps the request it came from: a list's
// page, whose request the next page's error names. Get fills it in.
type pageRecorder interface {
	recordRequest(RequestRecord)
}

// recordRequest keeps the request the page came from.
func (c *Collection[T]) recordRequest(r RequestRecord) { c.request = r }

// listName is how a PageError names the list: its path, without the
// query, which holds nothing that tells one list from another.
func listName(first Request) string { return strings.Join(first.Path, "/") }
