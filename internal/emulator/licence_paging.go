package emulator

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
)

// writeLicenceItems answers a licence read (subscribed SKUs, a user's
// licences) with items: in one page, as the service has always been seen
// to answer, or, under Options.LicencePageSize, in pages linked by
// links.next with an MS-ContinuationToken header and the body's
// continuationToken, as the REST reference declares the collection and as
// the customers list pages (PARTNER_CENTER_API.md, "Responses": "follow
// links.next if it ever appears"). A token is bound to the path it was
// issued for; any other answers 400 with code 2000.
func (e *Emulator) writeLicenceItems(w http.ResponseWriter, r *http.Request, items []json.RawMessage) {
	if e.licencePageSize == 0 {
		writeCollection(w, items)
		return
	}
	q := r.URL.Query()
	offset := 0
	if strings.EqualFold(q.Get("seekOperation"), "Next") {
		c, ok := e.readToken(r.Header.Get("MS-ContinuationToken"))
		if !ok || c.Path != r.URL.EscapedPath() {
			writeError(w, http.StatusBadRequest, CodeInvalidContinuation,
				"The continuation token is missing or not valid for this request: send the MS-ContinuationToken header of links.next.")
			return
		}
		offset = min(c.Offset, len(items))
	}
	end := min(offset+e.licencePageSize, len(items))
	page := pagedCollection{TotalCount: end - offset, Items: items[offset:end], Attributes: objectAttributes{ObjectType: "Collection"}}
	if page.Items == nil {
		page.Items = []json.RawMessage{}
	}
	if end < len(items) {
		token := e.writeToken(cursor{Offset: end, Size: e.licencePageSize, Path: r.URL.EscapedPath()})
		next := url.Values{}
		for k, vs := range q {
			if !strings.EqualFold(k, "seekOperation") {
				next[k] = vs
			}
		}
		next.Set("seekOperation", "Next")
		page.ContinuationToken = token
		page.Links.Next = &link{URI: strings.TrimPrefix(r.URL.EscapedPath(), "/v1") + "?" + next.Encode(), Method: http.MethodGet,
			Headers: []header{{Key: "MS-ContinuationToken", Value: token}}}
	}
	writeJSON(w, http.StatusOK, page)
}
