package client

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strings"
)

// Request describes one Partner Center GET: everything that selects the
// answer, and what the call accepts. An endpoint file builds one; Get and
// ListAll send it.
type Request struct {
	// Path holds the segments after /v1, each escaped on its own, so that a
	// value such as a guest UPN (bob_fabrikam.com#EXT#@contoso.onmicrosoft.com)
	// stays one segment and no value adds or leaves one.
	Path []string
	// Query is sent as is; repeated keys stay repeated (licenseGroupIds).
	Query url.Values
	// Header holds the call's own headers, such as a next page's
	// MS-ContinuationToken, sent beside the ones every call carries.
	Header http.Header
	// AppUser marks a call Partner Center answers for App+User tokens only,
	// such as the licence reads; an app-only token is then refused before
	// it is sent. The customers list takes both.
	AppUser bool
}

// customerRequest is a request for one customer's resource,
// /v1/customers/{customer-id}/{path...}, which Partner Center answers for
// App+User tokens only. Tenant ids are GUIDs, which Partner Center matches
// in any case; one spelling makes one cache key, so every data source that
// reads a customer shares its request.
func customerRequest(customerID string, query url.Values, path ...string) (Request, error) {
	if err := ValidateCustomerID(customerID); err != nil {
		return Request{}, fmt.Errorf("customer id %w", err)
	}
	return Request{Path: append([]string{"customers", strings.ToLower(customerID)}, path...), Query: query, AppUser: true}, nil
}

// escapedPath is the request's path from the API root: /v1 and each
// segment escaped on its own.
func (r Request) escapedPath() string {
	var b bytes.Buffer
	b.WriteString("/v1")
	for _, s := range r.Path {
		b.WriteByte('/')
		b.WriteString(url.PathEscape(s))
	}
	return b.String()
}

// pathAndQuery is what follows the base URL.
func (r Request) pathAndQuery() string {
	if len(r.Query) == 0 {
		return r.escapedPath()
	}
	return r.escapedPath() + "?" + r.Query.Encode()
}

// CacheKey identifies the answer: the path, the query (sorted by key, as
// url.Values.Encode sorts it) and the call's own headers, sorted, so that
// two pages that share a URI but not a continuation token are two answers.
// A user id in another case is another path: Partner Center matches user
// principal names case-insensitively, but the provider does not guess at
// its rules.
func (r Request) CacheKey() string {
	key := r.pathAndQuery()
	if len(r.Header) == 0 {
		return key
	}
	names := make([]string, 0, len(r.Header))
	for name := range r.Header {
		names = append(names, name)
	}
	sort.Strings(names)
	var b strings.Builder
	b.WriteString(key)
	for _, name := range names {
		for _, v := range r.Header[name] {
			b.WriteString("\n" + http.CanonicalHeaderKey(name) + ": " + v)
		}
	}
	return b.String()
}
