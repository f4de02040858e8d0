package emulator

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"
)

// FaultList.pagedOnlyWithPageSize says which lists answer in one page
// unless Options.PageSize pages them; the route table says the same by
// serving them with onePage rather than seekPaged. This holds the two
// together by behavior: asked for size=1 without a page size, a list the
// route table seeks by pages, and a one-page list answers every item at
// once.
func TestOnePageListsAreTheRouteTablesOnePageRoutes(t *testing.T) {
	// A request of each list that has at least two items in the default
	// fixture; a route added without one fails here.
	samples := map[FaultList]string{
		ListCustomers:      "/v1/customers",
		ListUsers:          "/v1/customers/" + contoso + "/users",
		ListSubscribedSkus: skusPath(contoso) + "?licenseGroupIds=Group1&licenseGroupIds=Group2",
		ListLicenses:       "/v1/customers/" + contoso + "/users/" + adeleID + "/licenses?licenseGroupIds=Group1&licenseGroupIds=Group2",
		ListSubscriptions:  "/v1/customers/" + contoso + "/subscriptions",
	}
	e, srv := newServer(t, Options{})
	var routed []FaultList
	for _, rt := range e.routeTable() {
		routed = append(routed, rt.list)
		sample, ok := samples[rt.list]
		if !ok {
			t.Errorf("route %s (list %q) has no sample request here", rt.pattern, rt.list)
			continue
		}
		sep := "?"
		if strings.Contains(sample, "?") {
			sep = "&"
		}
		r := do(t, srv, http.MethodGet, sample+sep+"size=1", authed())
		var page struct {
			TotalCount int `json:"totalCount"`
			Links      struct {
				Next *json.RawMessage `json:"next"`
			} `json:"links"`
		}
		if r.status != http.StatusOK || json.Unmarshal([]byte(strings.TrimPrefix(string(r.body), "\ufeff")), &page) != nil {
			t.Fatalf("%s: HTTP %d %s", sample, r.status, r.body)
		}
		paged := page.Links.Next != nil
		if paged == rt.list.pagedOnlyWithPageSize() {
			t.Errorf("list %s: served with links.next at size=1: %v; one page by pagedOnlyWithPageSize: %v; exactly one must hold", rt.list, paged, rt.list.pagedOnlyWithPageSize())
		}
		if !paged && page.TotalCount < 2 {
			t.Errorf("list %s: the sample %s has %d items; it needs two to show paging", rt.list, sample, page.TotalCount)
		}
	}
	// The names a fault's list= takes are the route table's, in its order.
	if !slices.Equal(routed, faultLists) {
		t.Errorf("the route table serves lists %v, but faultLists names %v", routed, faultLists)
	}
}
