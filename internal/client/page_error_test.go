package client

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
)

// A later page that fails is an error that names the page, the items
// before it and both pages' requests, and no partial list comes with it:
// Partner Center has answered a list's second page with 404 for days while
// its first page was fine.
func TestListAllLaterPageFailureNamesThePage(t *testing.T) {
	page1 := readTestdata(t, "customers-page-1.json")
	c := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("MS-ContinuationToken") == "" {
			respond(200, "application/json", page1)(w, r)
			return
		}
		respond(404, "application/json", `{"code": 1000, "description": "Not found"}`)(w, r)
	}))
	got, err := ListAll[customerID](context.Background(), c, customersRequest(), customersPaging)
	if got != nil {
		t.Errorf("a partial list came back with the error: %d items", len(got.Items))
	}
	var pageErr *PageError
	if !errors.As(err, &pageErr) {
		t.Fatalf("err = %v (%T), want a *PageError", err, err)
	}
	if pageErr.List != "customers" || pageErr.Page != 2 || pageErr.ItemsBefore != 2 {
		t.Errorf("PageError = list %q page %d after %d items, want customers, 2, 2", pageErr.List, pageErr.Page, pageErr.ItemsBefore)
	}
	apiErr, ok := AsRequestError(err)
	if !ok || apiErr.Record().RequestID == "" || pageErr.Previous.RequestID == "" || apiErr.Record().RequestID == pageErr.Previous.RequestID {
		t.Errorf("want two different request ids, got failed %v and previous %q", apiErr, pageErr.Previous.RequestID)
	}
	if !strings.Contains(pageErr.Previous.URL, "/v1/customers?size=2") || pageErr.Previous.Attempts != 1 {
		t.Errorf("previous request = %+v, want the first page's", pageErr.Previous)
	}
	if msg := err.Error(); !strings.Contains(msg, "page 2 of customers") || !strings.Contains(msg, pageErr.Previous.RequestID) {
		t.Errorf("message %q names neither the page nor the first page's request id", msg)
	}
}

// The first page's failure is the request's own error: there is no page
// before it to clear the endpoint.
func TestListAllFirstPageFailureIsNotAPageError(t *testing.T) {
	c := newTestClient(t, respond(404, "application/json", `{"code": 1000, "description": "Not found"}`))
	_, err := ListAll[customerID](context.Background(), c, customersRequest(), customersPaging)
	var pageErr *PageError
	if errors.As(err, &pageErr) {
		t.Fatalf("err = %v, a PageError for page 1", err)
	}
	if _, ok := err.(*APIError); !ok { //nolint:errorlint // page 1's error must be the APIError itself, not wrapped
		t.Fatalf("err = %T, want *APIError", err)
	}
}
