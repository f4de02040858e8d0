package emulator

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"strings"
	"testing"
)

type wirePage struct {
	TotalCount int `json:"totalCount"`
	Items      []struct {
		ID             string `json:"id"`
		CompanyProfile struct {
			TenantID    string `json:"tenantId"`
			Domain      string `json:"domain"`
			CompanyName string `json:"companyName"`
		} `json:"companyProfile"`
		RelationshipToPartner string `json:"relationshipToPartner"`
	} `json:"items"`
	Links struct {
		Next *struct {
			URI     string `json:"uri"`
			Method  string `json:"method"`
			Headers []struct {
				Key, Value string
			} `json:"headers"`
		} `json:"next"`
	} `json:"links"`
	ContinuationToken string `json:"continuationToken"`
}

func customersServer(t *testing.T, n, pageSize int) *httptest.Server {
	t.Helper()
	_, srv := newServer(t, Options{Fixture: &Fixture{Customers: GeneratedCustomers(n)}, PageSize: pageSize})
	return srv
}

func decodePage(t *testing.T, r response) wirePage {
	t.Helper()
	if r.status != http.StatusOK {
		t.Fatalf("HTTP %d %s", r.status, r.body)
	}
	var p wirePage
	if err := json.Unmarshal(r.body, &p); err != nil {
		t.Fatal(err)
	}
	if p.TotalCount != len(p.Items) {
		t.Errorf("totalCount %d on a page of %d: it counts the page's items", p.TotalCount, len(p.Items))
	}
	return p
}

// Following links.next, with its headers, reads every customer once, in
// order; the body's continuationToken is the same token.
func TestCustomersListPagesByLinksNext(t *testing.T) {
	srv := customersServer(t, 7, 3)
	var ids []string
	path, header := "/v1/customers?size=5", authed()
	for pages := 0; ; pages++ {
		if pages > 5 {
			t.Fatal("more pages than customers")
		}
		p := decodePage(t, do(t, srv, http.MethodGet, path, header))
		for _, it := range p.Items {
			ids = append(ids, it.ID)
		}
		if p.Links.Next == nil {
			if p.ContinuationToken != "" {
				t.Error("the last page has a continuationToken")
			}
			break
		}
		if p.Links.Next.Method != "GET" || !strings.HasPrefix(p.Links.Next.URI, "/customers?") || len(p.Links.Next.Headers) != 1 ||
			p.Links.Next.Headers[0].Key != "MS-ContinuationToken" || p.Links.Next.Headers[0].Value != p.ContinuationToken {
			t.Fatalf("links.next %+v, continuationToken %q", p.Links.Next, p.ContinuationToken)
		}
		path = "/v1" + p.Links.Next.URI
		header = authed()
		header["MS-ContinuationToken"] = p.Links.Next.Headers[0].Value
	}
	var want []string
	for i := range 7 {
		want = append(want, GeneratedCustomerID(i))
	}
	if fmt.Sprint(ids) != fmt.Sprint(want) {
		t.Errorf("customers %v, want %v", ids, want)
	}
}

// Under PagingEndsWith2000 the last page links on, as the other ending
// seen at the service does, and the link answers 400 with code 2000.
func TestCustomersListCanEndWith2000(t *testing.T) {
	_, srv := newServer(t, Options{Fixture: &Fixture{Customers: GeneratedCustomers(4)}, PageSize: 2, PagingEndsWith2000: true})
	path, header, read := "/v1/customers", authed(), 0
	for page := 1; page <= 2; page++ {
		p := decodePage(t, do(t, srv, http.MethodGet, path, header))
		read += len(p.Items)
		if p.Links.Next == nil || p.ContinuationToken == "" {
			t.Fatalf("page %d has no links.next or continuationToken", page)
		}
		path, header = "/v1"+p.Links.Next.URI, authed()
		header["MS-ContinuationToken"] = p.ContinuationToken
	}
	r := do(t, srv, http.MethodGet, path, header)
	if e := decodeError(t, r.body); r.status != 400 || e.Code != float64(CodeInvalidContinuation) {
		t.Errorf("after the last page: HTTP %d %s, want 400 with code 2000", r.status, r.body)
	}
	if read != 4 {
		t.Errorf("%d customers before the 400, want 4", read)
	}
}

func TestCustomersListRefusesABadContinuation(t *testing.T) {
	srv := customersServer(t, 5, 2)
	first := decodePage(t, do(t, srv, http.MethodGet, "/v1/customers?size=2", authed()))
	for name, token := range map[string]string{
		"missing": "", "garbled": "not-a-token", "forged": strings.Replace(first.ContinuationToken, "e", "f", 1) + "x",
	} {
		h := authed()
		if token != "" {
			h["MS-ContinuationToken"] = token
		}
		// The token is answered first: a bad size or filter beside it
		// still gets code 2000, not 400056.
		for _, query := range []string{"seekOperation=Next", "size=abc&seekOperation=Next", "filter=x&seekOperation=Next"} {
			r := do(t, srv, http.MethodGet, "/v1/customers?"+query, h)
			if e := decodeError(t, r.body); r.status != 400 || e.Code != float64(CodeInvalidContinuation) {
				t.Errorf("%s token, %s: HTTP %d %s, want 400 with code 2000", name, query, r.status, r.body)
			}
		}
	}
	// A token is good for the list that issued it only.
	licensePage := "/v1/customers/" + GeneratedCustomers(1)[0].ID + "/subscribedskus?licenseGroupIds=Group1&licenseGroupIds=Group2"
	licenses := decodePage(t, do(t, srv, http.MethodGet, licensePage, authed()))
	h := authed()
	h["MS-ContinuationToken"] = licenses.ContinuationToken
	r := do(t, srv, http.MethodGet, "/v1/customers?seekOperation=Next", h)
	if e := decodeError(t, r.body); licenses.ContinuationToken == "" || r.status != 400 || e.Code != float64(CodeInvalidContinuation) {
		t.Errorf("a licence read's token %q on the customers list: HTTP %d %s, want 400 with code 2000", licenses.ContinuationToken, r.status, r.body)
	}
}

func TestCustomersListFiltersByPrefixInAnyCase(t *testing.T) {
	_, srv := newTestServer(t, nil)
	for filter, want := range map[string]string{
		`{"Field": "CompanyName", "Value": "CONT", "Operator": "starts_with"}`: "Contoso",
		`{"Field": "Domain", "Value": "fabrikam.", "Operator": "starts_with"}`: "Fabrikam",
		`{"Field": "CompanyName", "Value": "zzz", "Operator": "starts_with"}`:  "",
	} {
		p := decodePage(t, do(t, srv, http.MethodGet, "/v1/customers?filter="+url.QueryEscape(filter), authed()))
		got := ""
		for _, it := range p.Items {
			got += it.CompanyProfile.CompanyName
		}
		if got != want {
			t.Errorf("filter %s: %q, want %q", filter, got, want)
		}
	}
	r := do(t, srv, http.MethodGet, "/v1/customers?filter="+url.QueryEscape(`{"Field": "Country", "Value": "x", "Operator": "starts_with"}`), authed())
	if r.status != 400 {
		t.Errorf("an unknown filter field: HTTP %d", r.status)
	}
}

func TestCustomersListShowsTheProfile(t *testing.T) {
	_, srv := newTestServer(t, nil)
	p := decodePage(t, do(t, srv, http.MethodGet, "/v1/customers", authed()))
	if len(p.Items) != 2 {
		t.Fatalf("%d customers, want the default fixture's 2", len(p.Items))
	}
	c := p.Items[0]
	if c.ID != contoso || c.CompanyProfile.TenantID != contoso || c.CompanyProfile.Domain != "contoso.onmicrosoft.com" ||
		c.CompanyProfile.CompanyName != "Contoso" || c.RelationshipToPartner != "reseller" {
		t.Errorf("first customer %+v", c)
	}
}

// The service answers at most 500 a page, whatever size asks.
func TestCustomersListCapsPagesAt500(t *testing.T) {
	srv := customersServer(t, 600, 0)
	if p := decodePage(t, do(t, srv, http.MethodGet, "/v1/customers?size=1000", authed())); len(p.Items) != MaxPageSize || p.Links.Next == nil {
		t.Errorf("%d customers on the first page, want %d and a next page", len(p.Items), MaxPageSize)
	}
}

// The customers list is a partner-level call: app-only tokens are accepted
// there, and refused on the licence reads.
func TestCustomersListTakesAppOnlyTokens(t *testing.T) {
	token := jwtWith(t, map[string]any{"idtyp": "app", "roles": []string{"x"}})
	_, srv := newServer(t, Options{AccessToken: token})
	h := map[string]string{"Authorization": "Bearer " + token}
	if r := do(t, srv, http.MethodGet, "/v1/customers", h); r.status != 200 {
		t.Errorf("customers list with an app-only token: HTTP %d", r.status)
	}
	if r := do(t, srv, http.MethodGet, skusPath(contoso), h); r.status != 403 {
		t.Errorf("subscribed SKUs with an app-only token: HTTP %d", r.status)
	}
}

// Under PageSize the licence reads page as the customers list does,
// each token good only for the path it pages; the items over all pages are
// the one page's, in order.
func TestLicenseReadsCanBePaged(t *testing.T) {
	_, one := newTestServer(t, nil)
	path := "/v1/customers/" + contoso + "/subscribedskus?licenseGroupIds=Group1&licenseGroupIds=Group2"
	whole := decodePage(t, do(t, one, http.MethodGet, path, authed()))
	if whole.Links.Next != nil || len(whole.Items) < 2 {
		t.Fatalf("unpaged: %d items, next %v", len(whole.Items), whole.Links.Next)
	}

	_, srv := newServer(t, Options{PageSize: 1})
	var pages []json.RawMessage
	next, header, token := path, authed(), ""
	for range len(whole.Items) + 1 {
		r := do(t, srv, http.MethodGet, next, header)
		var p struct {
			wirePage
			Items []json.RawMessage `json:"items"`
		}
		if r.status != http.StatusOK || json.Unmarshal(r.body, &p) != nil || len(p.Items) != 1 {
			t.Fatalf("GET %s: HTTP %d %s", next, r.status, r.body)
		}
		pages = append(pages, p.Items...)
		if p.Links.Next == nil {
			break
		}
		token = p.Links.Next.Headers[0].Value
		next, header = "/v1"+p.Links.Next.URI, authed()
		header["MS-ContinuationToken"] = token
	}
	if len(pages) != len(whole.Items) {
		t.Errorf("%d items over the pages, want %d", len(pages), len(whole.Items))
	}
	// A token is refused on another path.
	header = authed()
	header["MS-ContinuationToken"] = token
	r := do(t, srv, http.MethodGet, "/v1/customers/7d1a3b2c-4e5f-4a6b-8c7d-9e0f1a2b3c4d/subscribedskus?seekOperation=Next", header)
	if e := decodeError(t, r.body); r.status != 400 || e.Code != float64(CodeInvalidContinuation) {
		t.Errorf("another customer's token: HTTP %d %s, want 400 with code 2000", r.status, r.body)
	}
}

// A customer's "listed" object is served as written, a field the emulator
// does not know included, and filtered by the profile in it.
func TestCustomersListServesTheFixturesObject(t *testing.T) {
	listed := `{"id":"` + contoso + `","companyProfile":{"tenantId":"` + contoso + `","domain":"contoso.onmicrosoft.com","companyName":"Contoso",` +
		`"newProfileField":["x"]},"relationshipToPartner":"advisor","associatedPartnerId":"p1","attributes":{"objectType":"Customer"}}`
	f, err := ParseFixture([]byte(`{"customers": [{"id": "` + contoso + `", "listed": ` + listed + `}, {"id": "` + fabrikam + `"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	_, srv := newTestServer(t, f)
	var p struct {
		Items []json.RawMessage `json:"items"`
	}
	filter := url.QueryEscape(`{"Field": "Domain", "Value": "CONTOSO.", "Operator": "starts_with"}`)
	if err := json.Unmarshal(do(t, srv, http.MethodGet, "/v1/customers?filter="+filter, authed()).body, &p); err != nil {
		t.Fatal(err)
	}
	if len(p.Items) != 1 || string(p.Items[0]) != listed {
		t.Errorf("items %s, want only\n%s", p.Items, listed)
	}
}

// The default fixture writes its customers out as the list shows them, and
// they read as the shorthand fields would build them.
func TestDefaultFixtureListsCustomersAsBuilt(t *testing.T) {
	for _, c := range DefaultFixture().Customers {
		var profile struct {
			CompanyProfile        struct{ CompanyName, Domain string }
			RelationshipToPartner string
		}
		if err := json.Unmarshal(c.Listed, &profile); err != nil {
			t.Fatalf("customer %s: %v", c.ID, err)
		}
		built := listedCustomer(c.ID, profile.CompanyProfile.CompanyName, profile.CompanyProfile.Domain, profile.RelationshipToPartner)
		var got, want any
		_ = json.Unmarshal(c.Listed, &got)
		_ = json.Unmarshal(built, &want)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("customer %s lists as\n%s\nwant\n%s", c.ID, c.Listed, built)
		}
	}
}
