package emulator

import (
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"
)

// pageRequest is one page of a list as a client asks for it: the first
// page's path, or links.next's with its token.
type pageRequest struct {
	path   string
	header map[string]string
}

// walkPages reads every page of a list from its first, fault-free, and
// returns the request for each: pages[0] is page 1. Tokens stay good
// across SetFaults, so a test can then fail one page and ask for any.
func walkPages(t *testing.T, srv *httptest.Server, first string) []pageRequest {
	t.Helper()
	pages := []pageRequest{{first, authed()}}
	for {
		last := pages[len(pages)-1]
		_, next, token := usersPage(t, do(t, srv, http.MethodGet, last.path, last.header))
		if next == "" {
			return pages
		}
		header := authed()
		header["MS-ContinuationToken"] = token
		pages = append(pages, pageRequest{"/v1" + next, header})
		if len(pages) > 20 {
			t.Fatal("more than 20 pages")
		}
	}
}

// pageStatuses asks for each page in order and returns the statuses.
func pageStatuses(t *testing.T, srv *httptest.Server, pages ...pageRequest) []int {
	t.Helper()
	out := make([]int, len(pages))
	for i, p := range pages {
		out[i] = do(t, srv, http.MethodGet, p.path, p.header).status
	}
	return out
}

func setFaults(t *testing.T, em *Emulator, faults ...Fault) {
	t.Helper()
	if err := em.SetFaults(faults); err != nil {
		t.Fatalf("SetFaults: %v", err)
	}
}

// A users list whose second page answers 404 every time, as PowerShell
// #384 met for days, while its first page and its later ones answer as
// usual; with count, only the first N asks for that page fail.
func TestFaultFailsOnePageOfAList(t *testing.T) {
	em, srv := newServer(t, Options{})
	pages := walkPages(t, srv, usersPath(contoso)+"?size=1")
	if len(pages) != 4 {
		t.Fatalf("%d pages of contoso's users, want 4", len(pages))
	}
	setFaults(t, em, Fault{Kind: FaultError, Status: 404, Description: "Resource not found", List: ListUsers, Page: 2})
	p1, p2, p3 := pages[0], pages[1], pages[2]
	want := []int{200, 404, 404, 200, 404, 200, 200}
	if got := pageStatuses(t, srv, p1, p2, p2, p1, p2, p3, pages[3]); !reflect.DeepEqual(got, want) {
		t.Errorf("statuses of pages 1, 2, 2, 1, 2, 3, 4: %v, want %v", got, want)
	}
	r := do(t, srv, http.MethodGet, p2.path, p2.header)
	if r.status != 404 || !strings.Contains(string(r.body), "Resource not found") {
		t.Errorf("page 2: HTTP %d %s, want the gateway's 404", r.status, r.body)
	}
	checkInjected(t, em, map[FaultKind]int64{FaultError: 4})

	setFaults(t, em, Fault{Kind: FaultServerError, List: ListUsers, Page: 2, Count: 1})
	want = []int{200, 503, 200, 200}
	if got := pageStatuses(t, srv, p1, p2, p2, p3); !reflect.DeepEqual(got, want) {
		t.Errorf("count=1: statuses of pages 1, 2, 2, 3: %v, want %v", got, want)
	}

	// Page 1 is the request without seekOperation=Next, whatever its size.
	setFaults(t, em, Fault{Kind: FaultThrottle, List: ListUsers, Page: 1})
	want = []int{429, 429, 200, 200}
	if got := pageStatuses(t, srv, p1, pageRequest{usersPath(contoso), authed()}, p2, p3); !reflect.DeepEqual(got, want) {
		t.Errorf("page=1: statuses of pages 1, 1 unsized, 2, 3: %v, want %v", got, want)
	}
}

// A next page whose token is missing or not the emulator's is no page of
// the list: it gets the pager's 400 with code 2000, not the page's fault.
func TestFaultPageSkipsRefusedTokens(t *testing.T) {
	em, srv := newServer(t, Options{})
	pages := walkPages(t, srv, "/v1/customers?size=1")
	setFaults(t, em, Fault{Kind: FaultServerError, List: ListCustomers, Page: 2})
	for name, header := range map[string]map[string]string{
		"no token":      authed(),
		"forged token":  {"Authorization": bearerTest, "MS-ContinuationToken": "x.y"},
		"another list":  {"Authorization": bearerTest, "MS-ContinuationToken": em.writeToken(cursor{Path: usersPath(contoso), Page: 2})},
		"page 2 itself": pages[1].header,
	} {
		r := do(t, srv, http.MethodGet, "/v1/customers?size=1&seekOperation=Next", header)
		want := 400
		if name == "page 2 itself" {
			want = 503
		}
		if r.status != want {
			t.Errorf("%s: HTTP %d %s, want %d", name, r.status, r.body, want)
		}
	}
}

// list= selects one read and leaves the others alone, alone or with a
// customer and a page.
func TestFaultListSelectsOneRead(t *testing.T) {
	user := DefaultFixture().Customers[0].Users[0].ID
	paths := map[FaultList]string{
		ListCustomers:      "/v1/customers",
		ListUsers:          usersPath(contoso),
		ListSubscribedSkus: skusPath(contoso),
		ListLicenses:       licensesPath(contoso, user),
	}
	em, srv := newServer(t, Options{})
	for _, list := range faultLists {
		setFaults(t, em, Fault{Kind: FaultThrottle, List: list})
		for other, path := range paths {
			want := 200
			if other == list {
				want = 429
			}
			if got := do(t, srv, http.MethodGet, path, authed()).status; got != want {
				t.Errorf("list=%s: %s answered %d, want %d", list, other, got, want)
			}
		}
	}

	// With a customer: contoso's users fail on page 1, fabrikam's do not,
	// and contoso's other reads do not.
	pages := walkPages(t, srv, usersPath(contoso)+"?size=2")
	setFaults(t, em, Fault{Kind: FaultServerError, List: ListUsers, Page: 1, Customer: strings.ToUpper(contoso)})
	want := []int{503, 200, 200, 200}
	got := pageStatuses(t, srv, pages[0], pages[1], pageRequest{usersPath(fabrikam), authed()}, pageRequest{skusPath(contoso), authed()})
	if !reflect.DeepEqual(got, want) {
		t.Errorf("contoso's users page 1, page 2, fabrikam's users, contoso's SKUs: %v, want %v", got, want)
	}
	setFaults(t, em, Fault{Kind: FaultServerError, List: ListUsers, Page: 2, Customer: fabrikam})
	if got := pageStatuses(t, srv, pages...); !reflect.DeepEqual(got, []int{200, 200}) {
		t.Errorf("a page fault for fabrikam on contoso's pages: %v, want 200s", got)
	}
}

// The licence reads are one page unless a page size pages them: page 1
// is then every request, and a later page cannot come, so asking for one
// is refused; under a page size it is the page the token says.
func TestFaultPageOnOnePageLists(t *testing.T) {
	em, srv := newServer(t, Options{})
	setFaults(t, em, Fault{Kind: FaultThrottle, List: ListSubscribedSkus, Page: 1})
	next := authed()
	next["MS-ContinuationToken"] = "anything"
	if got := pageStatuses(t, srv, pageRequest{skusPath(contoso), authed()}, pageRequest{skusPath(contoso) + "?seekOperation=Next", next}); !reflect.DeepEqual(got, []int{429, 429}) {
		t.Errorf("page=1 on one-page SKUs: %v, want every request to fail", got)
	}
	for _, list := range []FaultList{ListSubscribedSkus, ListLicenses} {
		err := em.SetFaults([]Fault{{Kind: FaultThrottle, List: list, Page: 2}})
		if err == nil || !strings.Contains(err.Error(), "page 2 never comes") || !strings.Contains(err.Error(), "-page-size") {
			t.Errorf("page 2 of %s without a page size: SetFaults = %v", list, err)
		}
		_, err = New(Options{AccessToken: testToken, Faults: []Fault{{Kind: FaultThrottle, List: list, Page: 3}}})
		if err == nil || !strings.Contains(err.Error(), "Options.Faults[0]") {
			t.Errorf("page 3 of %s without a page size: New = %v", list, err)
		}
	}
	f := DefaultFixture()
	f.Faults = []Fault{{Kind: FaultThrottle, List: ListLicenses, Page: 2}}
	if _, err := New(Options{AccessToken: testToken, Fixture: f}); err == nil || !strings.Contains(err.Error(), "invalid fixture: faults[0]") {
		t.Errorf("a fixture's page 2 of licenses without a page size: New = %v", err)
	}
	if _, err := New(Options{AccessToken: testToken, Fixture: f, PageSize: 1}); err != nil {
		t.Errorf("the same with a page size: New = %v", err)
	}

	em, srv = newServer(t, Options{PageSize: 1})
	pages := walkPages(t, srv, skusPath(contoso))
	if len(pages) < 3 {
		t.Fatalf("%d pages of SKUs under PageSize 1", len(pages))
	}
	setFaults(t, em, Fault{Kind: FaultThrottle, List: ListSubscribedSkus, Page: 2})
	if got := pageStatuses(t, srv, pages[:3]...); !reflect.DeepEqual(got, []int{200, 429, 200}) {
		t.Errorf("page 2 of SKUs under PageSize 1: %v, want 200, 429, 200", got)
	}
}
