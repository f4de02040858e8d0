package emulator

import (
	"encoding/json"
	"net/http"
	"testing"
)

// One PageSize pages every list; the 400/2000 ending is the seek-paged
// lists' (the licence reads have never been seen to end that way); and a
// token pages only the list it came from.
func TestPageSizePagesEveryList(t *testing.T) {
	_, srv := newServer(t, Options{PageSize: 1, PagingEndsWith2000: true})
	skus := "/v1/customers/" + contoso + "/subscribedskus?licenseGroupIds=Group1&licenseGroupIds=Group2"
	for path, wantPages := range map[string]int{"/v1/customers": 2, skus: 4} {
		next, header, pages := path, authed(), 0
		for ; next != ""; pages++ {
			if pages > wantPages {
				t.Fatalf("%s: more than %d pages", path, wantPages)
			}
			r := do(t, srv, http.MethodGet, next, header)
			if r.status != http.StatusOK {
				if e := decodeError(t, r.body); path != "/v1/customers" || r.status != 400 || e.Code != float64(CodeInvalidContinuation) {
					t.Fatalf("%s page %d: HTTP %d %s", path, pages+1, r.status, r.body)
				}
				break
			}
			var p struct {
				wirePage
				Items []json.RawMessage `json:"items"`
			}
			if err := json.Unmarshal(r.body, &p); err != nil || len(p.Items) != 1 {
				t.Fatalf("%s page %d: %s", path, pages+1, r.body)
			}
			next = ""
			if p.Links.Next != nil {
				next, header = "/v1"+p.Links.Next.URI, authed()
				header["MS-ContinuationToken"] = p.ContinuationToken
			}
		}
		if pages != wantPages {
			t.Errorf("%s: %d pages, want %d", path, pages, wantPages)
		}
	}

	var first wirePage
	if err := json.Unmarshal(do(t, srv, http.MethodGet, skus, authed()).body, &first); err != nil || first.ContinuationToken == "" {
		t.Fatalf("no continuation token on a first page of subscribed SKUs: %v", err)
	}
	header := authed()
	header["MS-ContinuationToken"] = first.ContinuationToken
	r := do(t, srv, http.MethodGet, "/v1/customers?seekOperation=Next", header)
	if e := decodeError(t, r.body); r.status != 400 || e.Code != float64(CodeInvalidContinuation) {
		t.Errorf("a subscribed SKUs token on the customers list: HTTP %d %s, want 400 with code 2000", r.status, r.body)
	}
}
