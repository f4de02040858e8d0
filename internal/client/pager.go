package client

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// DefaultMaxPages bounds how many pages ListAll follows: at Partner
// Center's largest page of 500, half a million items. A list that goes on
// past it is a paging loop, not a partner.
const DefaultMaxPages = 1000

// maxPageSize is the largest page Microsoft's own clients ask a seek-paged
// list for; the service may answer fewer.
const maxPageSize = 500

// firstPage is the query of a seek-paged list's first page (the customers
// list, a customer's users): the largest page, which the pages after it
// keep.
func firstPage() url.Values {
	return url.Values{"size": {strconv.Itoa(maxPageSize)}}
}

// continuationHeader carries a next page's token
// (docs/development/partner-center-api.md, "The customers list").
const continuationHeader = "MS-ContinuationToken"

// Paging says how ListAll pages.
type Paging struct {
	// MaxPages bounds the pages followed; 0 means DefaultMaxPages.
	MaxPages int
	// StaleTokenEnds takes a next page answered with 400 and code 2000 (the
	// continuation token is not valid) for the end of the list. Only the
	// customers list has been seen to end that way
	// (docs/development/partner-center-api.md, "The customers list" and
	// "Errors and throttling": observed, not documented): Microsoft's NCE
	// bulk migration tool takes it for "all records fetched". Elsewhere,
	// and on the first page, it is an error.
	StaleTokenEnds bool
}

// Listing is every page of a collection.
type Listing[T any] struct {
	// Items are the items of all pages, in Partner Center's order; never
	// nil.
	Items []T
	// TotalCount is the sum of the pages' totalCount, each of which counts
	// its own page.
	TotalCount int64
	// Pages is the number of pages read.
	Pages int
	// EndedByStaleToken is set when the list ended with a 400 and code 2000
	// on a next page (Paging.StaleTokenEnds): the client cannot tell that
	// ending from a token that went stale midway, so callers should say so.
	EndedByStaleToken bool
}

// ListAll reads every page of a paged collection, from first on. Each page
// is one Get, so pages are cached and shared like any read.
//
// The next page is what links.next says: its uri, relative to /v1 (and given
// it when it lacks it), with its headers, MS-ContinuationToken among them,
// as Microsoft's .NET SDK follows it. A page without links.next but with a
// continuationToken is followed by asking the first request's path again
// with seekOperation=Next and the token in MS-ContinuationToken. The last
// page has neither. A next page already asked for (the same token twice)
// and a list longer than the page cap are errors, never a loop.
func ListAll[T any](ctx context.Context, c *Client, first Request, paging Paging) (*Listing[T], error) {
	maxPages := paging.MaxPages
	if maxPages <= 0 {
		maxPages = DefaultMaxPages
	}
	all := &Listing[T]{Items: []T{}}
	seen := map[string]bool{}
	req := first
	var previous RequestRecord // the last page read, for a PageError
	for page := 1; ; page++ {
		if page > maxPages {
			return nil, fmt.Errorf("GET %s: Partner Center still had more pages after %d; the provider stops there rather than loop", first.escapedPath(), maxPages)
		}
		seen[req.CacheKey()] = true
		got, err := Get[Collection[T]](ctx, c, req)
		if err != nil {
			if page > 1 && paging.StaleTokenEnds && isStaleContinuation(err) {
				all.EndedByStaleToken = true
				return all, nil
			}
			if page > 1 {
				return nil, &PageError{List: listName(first), Page: page, ItemsBefore: len(all.Items), Previous: previous, Err: err}
			}
			return nil, err
		}
		previous = got.request
		all.Items = append(all.Items, got.Items...)
		all.TotalCount += got.TotalCount
		all.Pages = page
		next, ok, err := nextPage(first, got)
		if err != nil {
			return nil, err
		}
		if !ok {
			return all, nil
		}
		if seen[next.CacheKey()] {
			return nil, fmt.Errorf("GET %s: page %d links to a page already read (the same continuation token twice); the provider stops rather than loop", first.escapedPath(), page)
		}
		req = next
	}
}

// codeInvalidContinuation is Partner Center's code for a continuation token
// it does not take (docs/development/partner-center-api.md, "Errors and
// throttling").
const codeInvalidContinuation = "2000"

// isStaleContinuation reports whether err is the 400 with code 2000 that a
// next page's token can meet at the end of a list.
func isStaleContinuation(err error) bool {
	var apiErr *APIError
	return errors.As(err, &apiErr) && apiErr.StatusCode == http.StatusBadRequest && apiErr.Code == codeInvalidContinuation
}

// nextPage is the request for the page after page, or false on the last.
func nextPage[T any](first Request, page *Collection[T]) (Request, bool, error) {
	if page.Next != nil && page.Next.URI != "" {
		next, err := followLink(*page.Next)
		if err != nil {
			return Request{}, false, err
		}
		next.AppUser = first.AppUser
		return next, true, nil
	}
	if page.ContinuationToken == "" {
		return Request{}, false, nil
	}
	query := url.Values{}
	for k, vs := range first.Query {
		query[k] = append([]string(nil), vs...)
	}
	query.Set("seekOperation", "Next")
	return Request{Path: first.Path, Query: query, AppUser: first.AppUser,
		Header: http.Header{continuationHeader: {page.ContinuationToken}}}, true, nil
}

// followLink turns links.next into a Request. The uri must stay on Partner
// Center: a link with a scheme or host of its own is refused, so that no
// answer can send the bearer token elsewhere.
func followLink(link Link) (Request, error) {
	u, err := url.Parse(link.URI)
	if err != nil {
		return Request{}, fmt.Errorf("links.next.uri %q is not a URI: %w", link.URI, err)
	}
	if u.Scheme != "" || u.Host != "" || u.Opaque != "" {
		return Request{}, fmt.Errorf("links.next.uri %q is not relative to the API root; the provider does not follow it", link.URI)
	}
	if link.Method != "" && !strings.EqualFold(link.Method, http.MethodGet) {
		return Request{}, fmt.Errorf("links.next asks for %s, not GET; the provider does not follow it", link.Method)
	}
	segments := strings.Split(strings.Trim(u.Path, "/"), "/")
	if len(segments) > 0 && strings.EqualFold(segments[0], "v1") {
		segments = segments[1:]
	}
	for i, s := range segments {
		if s == "" || s == "." || s == ".." {
			return Request{}, fmt.Errorf("links.next.uri %q has an empty or dot segment; the provider does not follow it", link.URI)
		}
		segments[i] = s
	}
	req := Request{Path: segments, Query: u.Query()}
	for _, h := range link.Headers {
		if h.Key == "" {
			continue
		}
		if req.Header == nil {
			req.Header = http.Header{}
		}
		req.Header.Add(h.Key, h.Value)
	}
	return req, nil
}
