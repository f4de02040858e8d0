package emulator

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
)

// The customers list, GET /v1/customers (PARTNER_CENTER_API.md, "The
// customers list"): ?size=N pages, a starts_with filter on CompanyName or
// Domain, and paging by links.next with an MS-ContinuationToken header, or
// ?seekOperation=Next with the same header.

// MaxPageSize is the largest page the service returns, whatever size asks.
const MaxPageSize = 500

// defaultPageSize is the page size when size is not given.
const defaultPageSize = 200

// CodeInvalidContinuation is the 400's code for a next page asked for
// without a continuation token, with one the emulator did not issue, or
// past the last page under PagingEndsWith2000: Partner Center's 2000, seen
// at the end of customer paging with a stale token.
const CodeInvalidContinuation = 2000

// customerFilter is Partner Center's filter parameter, URL-encoded JSON.
type customerFilter struct {
	Field    string `json:"Field"`
	Value    string `json:"Value"`
	Operator string `json:"Operator"`
}

// cursor is what a continuation token stands for: where the next page
// starts, for which filter and page size. It travels in the token itself,
// signed, so the emulator keeps no state per listing.
type cursor struct {
	Offset int            `json:"o"`
	Size   int            `json:"s"`
	Filter customerFilter `json:"f"`
	// End marks the token a last page carries under PagingEndsWith2000:
	// following it answers 400 with code 2000.
	End bool `json:"e,omitempty"`
	// Path binds a licence read's token to the path it pages.
	Path string `json:"p,omitempty"`
}

func (e *Emulator) handleCustomers(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet {
		writeMethodNotAllowed(w, r)
		return
	}
	q := r.URL.Query()
	var cur cursor
	if strings.EqualFold(q.Get("seekOperation"), "Next") {
		token := r.Header.Get("MS-ContinuationToken")
		c, ok := e.readToken(token)
		if !ok {
			writeError(w, http.StatusBadRequest, CodeInvalidContinuation,
				"The continuation token is missing or not valid: send the MS-ContinuationToken header of links.next.")
			return
		}
		if c.End {
			writeError(w, http.StatusBadRequest, CodeInvalidContinuation, "The continuation token is no longer valid.")
			return
		}
		cur = c
	} else {
		size, problem := pageSize(q.Get("size"))
		if problem != "" {
			writeError(w, http.StatusBadRequest, CodeInvalidInput, problem)
			return
		}
		filter, problem := parseCustomerFilter(q.Get("filter"))
		if problem != "" {
			writeError(w, http.StatusBadRequest, CodeInvalidInput, problem)
			return
		}
		cur = cursor{Size: size, Filter: filter}
	}

	matching := e.data.order
	if cur.Filter.Field != "" {
		matching = make([]*customerData, 0, len(e.data.order))
		for _, c := range e.data.order {
			if cur.Filter.matches(c) {
				matching = append(matching, c)
			}
		}
	}
	start := min(cur.Offset, len(matching))
	end := min(start+min(cur.Size, e.pageSize), len(matching))
	items := make([]json.RawMessage, 0, end-start)
	for _, c := range matching[start:end] {
		items = append(items, c.listed)
	}
	page := pagedCollection{TotalCount: len(items), Items: items, Attributes: objectAttributes{ObjectType: "Collection"}}
	page.Links.Self = &link{URI: "/customers?size=" + strconv.Itoa(cur.Size), Method: http.MethodGet, Headers: []header{}}
	if end < len(matching) || e.pagingEndsWith2000 {
		next := cur
		next.Offset, next.End = end, end >= len(matching)
		token := e.writeToken(next)
		page.ContinuationToken = token
		page.Links.Next = &link{URI: "/customers?size=" + strconv.Itoa(cur.Size) + "&seekOperation=Next", Method: http.MethodGet,
			Headers: []header{{Key: "MS-ContinuationToken", Value: token}}}
	}
	writeJSON(w, http.StatusOK, page)
}

// pagedCollection is one page of a paged list, with links.next and the body's
// continuationToken when more are to come.
type pagedCollection struct {
	TotalCount int               `json:"totalCount"`
	Items      []json.RawMessage `json:"items"`
	Links      struct {
		Self *link `json:"self,omitempty"`
		Next *link `json:"next,omitempty"`
	} `json:"links"`
	ContinuationToken string           `json:"continuationToken,omitempty"`
	Attributes        objectAttributes `json:"attributes"`
}

type link struct {
	URI     string   `json:"uri"`
	Method  string   `json:"method"`
	Headers []header `json:"headers"`
}

type header struct {
	Key   string `json:"key"`
	Value string `json:"value"`
}

// listedCustomer is a customer as the list shows it: no billingProfile or
// allowDelegatedAccess, which only GET /v1/customers/{id} returns.
func listedCustomer(id, companyName, domain, relationship string) json.RawMessage {
	self := func(uri string) map[string]any {
		return map[string]any{"self": link{URI: uri, Method: http.MethodGet, Headers: []header{}}}
	}
	b, _ := json.Marshal(map[string]any{ // maps of strings always marshal
		"id": id,
		"companyProfile": map[string]any{
			"tenantId": id, "domain": domain, "companyName": companyName,
			"links": self("/customers/" + id + "/profiles/company"), "attributes": objectAttributes{ObjectType: "CustomerCompanyProfile"},
		},
		"relationshipToPartner": relationship,
		"links":                 self("/customers/" + id),
		"attributes":            objectAttributes{ObjectType: "Customer"},
	})
	return b
}

// pageSize reads size: 1 or more; the service answers at most MaxPageSize.
func pageSize(raw string) (int, string) {
	if raw == "" {
		return defaultPageSize, ""
	}
	n, err := strconv.Atoi(raw)
	if err != nil || n < 1 {
		return 0, fmt.Sprintf("The size %q is not valid; it must be a whole number of at least 1.", raw)
	}
	return n, ""
}

// parseCustomerFilter reads the filter parameter: CompanyName or Domain
// with starts_with, which the service matches ignoring case.
func parseCustomerFilter(raw string) (customerFilter, string) {
	if raw == "" {
		return customerFilter{}, ""
	}
	var f customerFilter
	if err := json.Unmarshal([]byte(raw), &f); err != nil {
		return f, fmt.Sprintf("The filter %q is not valid JSON: %v.", raw, err)
	}
	switch {
	case !strings.EqualFold(f.Field, "CompanyName") && !strings.EqualFold(f.Field, "Domain"):
		return f, fmt.Sprintf("The filter field %q is not supported by the emulator; use CompanyName or Domain.", f.Field)
	case !strings.EqualFold(f.Operator, "starts_with"):
		return f, fmt.Sprintf("The filter operator %q is not supported; starts_with is the only one.", f.Operator)
	}
	return f, ""
}

func (f customerFilter) matches(c *customerData) bool {
	value := c.companyName
	if strings.EqualFold(f.Field, "Domain") {
		value = c.domain
	}
	return strings.HasPrefix(strings.ToLower(value), strings.ToLower(f.Value))
}

// writeToken signs a cursor into an opaque continuation token.
func (e *Emulator) writeToken(c cursor) string {
	b, _ := json.Marshal(c) // a struct of strings and ints always marshals
	mac := hmac.New(sha256.New, e.tokenKey)
	mac.Write(b)
	return base64.RawURLEncoding.EncodeToString(b) + "." + base64.RawURLEncoding.EncodeToString(mac.Sum(nil))
}

// readToken is the cursor of a token writeToken made; false for any other.
func (e *Emulator) readToken(token string) (cursor, bool) {
	payload, sig, ok := strings.Cut(token, ".")
	if !ok {
		return cursor{}, false
	}
	b, err1 := base64.RawURLEncoding.DecodeString(payload)
	got, err2 := base64.RawURLEncoding.DecodeString(sig)
	if err1 != nil || err2 != nil {
		return cursor{}, false
	}
	mac := hmac.New(sha256.New, e.tokenKey)
	mac.Write(b)
	var c cursor
	if !hmac.Equal(got, mac.Sum(nil)) || json.Unmarshal(b, &c) != nil || c.Size < 1 {
		return cursor{}, false
	}
	return c, true
}

// newTokenKey is a fresh key per emulator: its tokens mean nothing to
// another.
func newTokenKey() []byte {
	key := make([]byte, 32)
	_, _ = rand.Read(key) // crypto/rand.Read never fails on supported platforms
	return key
}
