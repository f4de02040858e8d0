package emulator

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// The pager answers every list the emulator serves, with Partner Center's
// seek paging (docs/development/partner-center-api.md, "The customers
// list"): a page with more to come carries links.next, whose uri is
// relative to /v1 and whose headers hold an MS-ContinuationToken, and the
// same token as the body's continuationToken; the next page is asked for
// with seekOperation=Next and that header. A list only finds its items
// (a listFunc); the pager does the rest, so a new list is one function.

// MaxPageSize is the largest page the service returns, whatever size asks.
const MaxPageSize = 500

// defaultPageSize is the page size when size is not given.
const defaultPageSize = 200

// CodeInvalidContinuation is the 400's code for a next page asked for
// without a continuation token, with one the emulator did not issue, or
// past the last page under PagingEndsWith2000: Partner Center's 2000, seen
// at the end of customer paging with a stale token.
const CodeInvalidContinuation = 2000

// listFunc does a list's own checks on a request, in the service's order,
// and returns every item of the list, in the service's order. query is the
// raw query that selects the items: the request's on a first page, the
// first page's on a next one (the continuation token carries it), so a
// list sees one selection on every page. On a failed check it has written
// the answer and returns false.
type listFunc func(w http.ResponseWriter, r *http.Request, query string) (listItems, bool)

// listItems is a list's items, of which the pager serves one page. A list
// built ahead is heldItems; a generated one builds only the page asked for,
// so that paging over 10,000 users does not build all of them on every
// request.
type listItems interface {
	len() int
	// page is the items from start to end, 0 <= start <= end <= len().
	page(start, end int) []json.RawMessage
}

// heldItems is a list whose items are all at hand.
type heldItems []json.RawMessage

func (h heldItems) len() int                              { return len(h) }
func (h heldItems) page(start, end int) []json.RawMessage { return h[start:end] }

// listEnding is how a seek-paged list's last page ends.
type listEnding bool

const (
	// endsAtLastPage: the last page has neither links.next nor a
	// continuationToken, as the .NET SDK expects of every list.
	endsAtLastPage listEnding = false
	// mayEndWith2000: the customers list, the one list seen to end the
	// other way too (docs/development/partner-center-api.md, "The customers
	// list"): under Options.PagingEndsWith2000 its last page still links
	// on, and that link answers 400 with code 2000.
	mayEndWith2000 listEnding = true
)

// seekPaged serves a list that the service pages by seek: size=N asks for
// up to N items a page (200 when absent, never more than MaxPageSize or
// Options.PageSize), as the customers list does, ending as ending says.
func (e *Emulator) seekPaged(list listFunc, ending listEnding) http.HandlerFunc {
	return e.pager(list, true, ending)
}

// onePage serves a list that the service has only been seen to answer in
// one page, as the licence reads: under Options.PageSize it pages by seek,
// linked by links.next as the REST reference declares their collection
// (docs/development/partner-center-api.md, "Responses"), so that a client
// is tested for following it.
func (e *Emulator) onePage(list listFunc) http.HandlerFunc {
	return e.pager(list, false, endsAtLastPage)
}

// cursor is what a continuation token stands for: where the next page
// starts, in which list and for which selection. It travels in the token
// itself, signed, so the emulator keeps no state per listing.
type cursor struct {
	Offset int `json:"o"`
	// Path binds the token to the list it pages.
	Path string `json:"p"`
	// Query is the first page's raw query, size and filters included.
	Query string `json:"q,omitempty"`
	// End marks the token a last page carries under PagingEndsWith2000:
	// following it answers 400 with code 2000.
	End bool `json:"e,omitempty"`
	// Page is the number of the page the token asks for, 2 for the first
	// page's token, so that a fault can fail one page (Fault.Page). 0 on a
	// first page, which has no token.
	Page int `json:"n,omitempty"`
}

// number is the page the cursor stands for: 1 for a first page.
func (c cursor) number() int { return max(c.Page, 1) }

func (e *Emulator) pager(list listFunc, sized bool, ending listEnding) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet {
			writeMethodNotAllowed(w, r)
			return
		}
		path := r.URL.EscapedPath()
		if !sized && e.pageSize == 0 {
			// One page, as the service answers: seekOperation means nothing here.
			if items, ok := list(w, r, r.URL.RawQuery); ok {
				writeCollection(w, items.page(0, items.len()))
			}
			return
		}
		seek := strings.EqualFold(r.URL.Query().Get("seekOperation"), "Next")
		cur, valid := cursor{Path: path, Query: r.URL.RawQuery}, true
		if seek {
			cur, valid = e.readToken(r.Header.Get("MS-ContinuationToken"))
			valid = valid && cur.Path == path
			if !valid {
				cur = cursor{Path: path, Query: r.URL.RawQuery}
			}
		}
		// A list paged by size, as the customers list, answers a bad token
		// before it looks at anything else of the request, since the token
		// stands for the whole selection; a licence read checks its path
		// first, as the service does for every request.
		if sized && !e.acceptedToken(w, seek, valid, cur) {
			return
		}
		selection, _ := url.ParseQuery(cur.Query) // lenient, as ASP.NET binding is
		limit := e.pageSize
		if sized {
			size, problem := pageSize(selection.Get("size"))
			if problem != "" {
				writeError(w, http.StatusBadRequest, CodeInvalidInput, problem)
				return
			}
			limit = min(size, e.pageSizeOr(MaxPageSize))
			selection = url.Values{"size": {strconv.Itoa(size)}}
		}
		items, ok := list(w, r, cur.Query)
		if !ok || (!sized && !e.acceptedToken(w, seek, valid, cur)) {
			return
		}
		n := items.len()
		start := min(cur.Offset, n)
		end := min(start+limit, n)
		page := pagedCollection{TotalCount: end - start, Items: items.page(start, end), Attributes: objectAttributes{ObjectType: "Collection"}}
		if page.Items == nil {
			page.Items = []json.RawMessage{}
		}
		uri := strings.TrimPrefix(path, "/v1") + "?"
		if sized {
			page.Links.Self = &link{URI: uri + selection.Encode(), Method: http.MethodGet, Headers: []header{}}
		}
		if end < n || (ending == mayEndWith2000 && e.pagingEndsWith2000) {
			next := cur
			next.Offset, next.End, next.Page = end, end >= n, cur.number()+1
			token := e.writeToken(next)
			page.ContinuationToken = token
			page.Links.Next = &link{URI: uri + nextQuery(selection), Method: http.MethodGet,
				Headers: []header{{Key: "MS-ContinuationToken", Value: token}}}
		}
		writeJSON(w, http.StatusOK, page)
	}
}

// requestedPage is the number of the page r asks for: 1 for a first page,
// and for every request to a list that onePage says the pager answers in
// one page; for a next page, the page its continuation token stands for.
// ok is false for a next page whose token the pager will refuse, as that
// request is no page of the list.
func (e *Emulator) requestedPage(r *http.Request, onePage bool) (page int, ok bool) {
	if onePage || !strings.EqualFold(r.URL.Query().Get("seekOperation"), "Next") {
		return 1, true
	}
	cur, valid := e.readToken(r.Header.Get("MS-ContinuationToken"))
	if !valid || cur.Path != r.URL.EscapedPath() {
		return 0, false
	}
	return cur.number(), true
}

// acceptedToken answers 400 with code 2000, and reports false, when a
// request for a next page has a continuation token that is missing, not
// the emulator's, for another list, or past the last page.
func (e *Emulator) acceptedToken(w http.ResponseWriter, seek, valid bool, cur cursor) bool {
	switch {
	case seek && !valid:
		writeError(w, http.StatusBadRequest, CodeInvalidContinuation,
			"The continuation token is missing or not valid for this request: send the MS-ContinuationToken header of links.next.")
		return false
	case seek && cur.End:
		writeError(w, http.StatusBadRequest, CodeInvalidContinuation, "The continuation token is no longer valid.")
		return false
	}
	return true
}

// pageSizeOr is Options.PageSize, or def when it is 0.
func (e *Emulator) pageSizeOr(def int) int {
	if e.pageSize == 0 {
		return def
	}
	return e.pageSize
}

// nextQuery is links.next's query: the selection and seekOperation=Next
// last, as in Microsoft's "/customers?size=500&seekOperation=Next".
func nextQuery(selection url.Values) string {
	q := url.Values{}
	for k, vs := range selection {
		if !strings.EqualFold(k, "seekOperation") {
			q[k] = vs
		}
	}
	if len(q) == 0 {
		return "seekOperation=Next"
	}
	return q.Encode() + "&seekOperation=Next"
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
	if !hmac.Equal(got, mac.Sum(nil)) || json.Unmarshal(b, &c) != nil || c.Path == "" {
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
