package client

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
)

// pageServer answers GET /v1/customers pages by continuation token: "" is
// the first page. It records each request's query and token.
type pageServer struct {
	mu    sync.Mutex
	pages map[string]string // token -> body
	seen  []string          // "query|token" per request
}

func (s *pageServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	token := r.Header.Get("MS-ContinuationToken")
	s.mu.Lock()
	s.seen = append(s.seen, r.URL.Path+"?"+r.URL.RawQuery+"|"+token)
	body, ok := s.pages[token]
	s.mu.Unlock()
	if !ok {
		respond(400, "application/json", `{"code": 2000, "description": "Invalid continuation token"}`)(w, r)
		return
	}
	respond(200, "application/json", body)(w, r)
}

type customerID struct {
	ID string `json:"id"`
}

// customersPaging pages as ListCustomers does.
var customersPaging = Paging{StaleTokenEnds: true}

func customersRequest() Request {
	return Request{Path: []string{"customers"}, Query: url.Values{"size": {"2"}}}
}

func TestListAllFollowsLinksNextWithItsHeaders(t *testing.T) {
	srv := &pageServer{pages: map[string]string{
		"": readTestdata(t, "customers-page-1.json"),
		"eyJwYWdlIjoxfQ==,0b2f6a51-9c3e-4e7a-8d44-2f1c5e7a9b10_Zm9v": readTestdata(t, "customers-page-2.json"),
	}}
	c := newTestClient(t, srv)
	got, err := ListAll[customerID](context.Background(), c, customersRequest(), customersPaging)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Items) != 3 || got.Pages != 2 || got.TotalCount != 3 {
		t.Fatalf("%d customers over %d pages (totalCount %d), want 3 over two: %v", len(got.Items), got.Pages, got.TotalCount, got.Items)
	}
	want := []string{
		"/v1/customers?size=2|",
		"/v1/customers?seekOperation=Next&size=2|eyJwYWdlIjoxfQ==,0b2f6a51-9c3e-4e7a-8d44-2f1c5e7a9b10_Zm9v",
	}
	if strings.Join(srv.seen, "\n") != strings.Join(want, "\n") {
		t.Errorf("requests:\n%s\nwant:\n%s", strings.Join(srv.seen, "\n"), strings.Join(want, "\n"))
	}
}

// A page with only the body's continuationToken: the first request's path
// again, with seekOperation=Next and the token in MS-ContinuationToken.
func TestListAllFallsBackToTheContinuationToken(t *testing.T) {
	srv := &pageServer{pages: map[string]string{
		"":   `{"totalCount": 2, "items": [{"id": "a"}, {"id": "b"}], "continuationToken": "t1"}`,
		"t1": `{"totalCount": 2, "items": [{"id": "c"}, {"id": "d"}], "continuationToken": "t2"}`,
		"t2": `{"totalCount": 1, "items": [{"id": "e"}]}`,
	}}
	c := newTestClient(t, srv)
	got, err := ListAll[customerID](context.Background(), c, customersRequest(), customersPaging)
	if err != nil {
		t.Fatal(err)
	}
	if ids := fmt.Sprint(got.Items); ids != "[{a} {b} {c} {d} {e}]" || got.EndedByStaleToken {
		t.Errorf("items %s, want a to e in order", ids)
	}
	if srv.seen[2] != "/v1/customers?seekOperation=Next&size=2|t2" {
		t.Errorf("third request %q", srv.seen[2])
	}
}

// The other ending seen at the service: the last page links on, and the
// link answers 400 with code 2000. The list ends there, with every item
// read; the same answer to the first page, or another 400 on a next page,
// is an error.
func TestListAllTakes2000OnANextPageAsTheEnd(t *testing.T) {
	srv := &pageServer{pages: map[string]string{
		"":   `{"totalCount": 2, "items": [{"id": "a"}, {"id": "b"}], "continuationToken": "t1"}`,
		"t1": `{"totalCount": 1, "items": [{"id": "c"}], "continuationToken": "stale"}`,
	}}
	c := newTestClient(t, srv)
	got, err := ListAll[customerID](context.Background(), c, customersRequest(), customersPaging)
	if err != nil {
		t.Fatal(err)
	}
	if ids := fmt.Sprint(got.Items); ids != "[{a} {b} {c}]" || !got.EndedByStaleToken || got.Pages != 2 {
		t.Errorf("items %s over %d pages, ended by 2000 %t; want a, b and c over 2, true", ids, got.Pages, got.EndedByStaleToken)
	}
	if len(srv.seen) != 3 {
		t.Errorf("%d requests, want 3: two pages and the 400", len(srv.seen))
	}

	first := newTestClient(t, &pageServer{pages: map[string]string{}})
	if _, err := ListAll[customerID](context.Background(), first, customersRequest(), customersPaging); !isStaleContinuation(err) {
		t.Errorf("400/2000 on the first page gave %v, want the error", err)
	}
	other := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("MS-ContinuationToken") == "" {
			respond(200, "application/json", `{"totalCount": 1, "items": [{"id": "a"}], "continuationToken": "t1"}`)(w, r)
			return
		}
		respond(400, "application/json", `{"code": 2001, "description": "Something else"}`)(w, r)
	}))
	if _, err := ListAll[customerID](context.Background(), other, customersRequest(), customersPaging); err == nil {
		t.Error("a 400 with another code on a next page ended the list silently")
	}
	// Only the customers list is documented to end this way.
	strict := newTestClient(t, &pageServer{pages: srv.pages})
	if _, err := ListAll[customerID](context.Background(), strict, customersRequest(), Paging{}); !isStaleContinuation(err) {
		t.Errorf("without StaleTokenEnds, 400/2000 on a next page gave %v, want the error", err)
	}
}

// The licence reads follow links.next too, should it ever come: the REST
// reference declares it (docs/development/partner-center-api.md,
// "Responses"), and a seat on page two counts like one on page one.
func TestLicenseReadsFollowLinksNext(t *testing.T) {
	ctx := context.Background()
	page := func(items, next string) string {
		body := `{"totalCount": 1, "items": [` + items + `]`
		if next != "" {
			body += `, "links": {"next": {"uri": "` + next + `", "method": "GET", "headers": [{"key": "MS-ContinuationToken", "value": "t1"}]}}`
		}
		return body + `}`
	}
	sku := func(part string) string {
		return `{"availableUnits": 1, "productSku": {"skuPartNumber": "` + part + `"}}`
	}
	skuPath := "/customers/" + seedCustomerID + "/subscribedskus?licenseGroupIds=Group1&seekOperation=Next"
	srv := &pageServer{pages: map[string]string{"": page(sku("A"), skuPath), "t1": page(sku("B"), "")}}
	skus, err := newTestClient(t, srv).ListSubscribedSKUs(ctx, seedCustomerID, []LicenseGroup{LicenseGroup1})
	if err != nil {
		t.Fatal(err)
	}
	if len(skus.Items) != 2 || *skus.Items[1].ProductSKU.Value.SKUPartNumber != "B" || skus.TotalCount != 2 {
		t.Fatalf("%d SKUs (totalCount %d), want A and B", len(skus.Items), skus.TotalCount)
	}
	if srv.seen[1] != "/v1"+skuPath+"|t1" {
		t.Errorf("second request %q", srv.seen[1])
	}

	licensePath := "/customers/" + seedCustomerID + "/users/adele%40contoso.com/licenses?licenseGroupIds=Group1&seekOperation=Next"
	licenses := &pageServer{pages: map[string]string{"": page(`{"productSku": {"skuPartNumber": "A"}}`, licensePath),
		"t1": page(`{"productSku": {"skuPartNumber": "B"}}`, "")}}
	got, err := newTestClient(t, licenses).ListUserLicenses(ctx, seedCustomerID, "adele@contoso.com", []LicenseGroup{LicenseGroup1})
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Items) != 2 {
		t.Fatalf("%d licences, want 2 over two pages", len(got.Items))
	}
}

func TestListAllRefusesATokenSeenTwice(t *testing.T) {
	srv := &pageServer{pages: map[string]string{
		"":   `{"totalCount": 1, "items": [{"id": "a"}], "continuationToken": "t1"}`,
		"t1": `{"totalCount": 1, "items": [{"id": "b"}], "continuationToken": "t1"}`,
	}}
	c := newTestClient(t, srv)
	_, err := ListAll[customerID](context.Background(), c, customersRequest(), customersPaging)
	if err == nil || !strings.Contains(err.Error(), "already read") {
		t.Fatalf("got %v, want the loop refused", err)
	}
	if len(srv.seen) != 2 {
		t.Errorf("%d requests, want 2", len(srv.seen))
	}
}

func TestListAllCapsThePages(t *testing.T) {
	pages := map[string]string{}
	for i := range 10 {
		token := ""
		if i > 0 {
			token = fmt.Sprintf("t%d", i)
		}
		pages[token] = fmt.Sprintf(`{"totalCount": 1, "items": [{"id": "%d"}], "continuationToken": "t%d"}`, i, i+1)
	}
	c := newTestClient(t, &pageServer{pages: pages})
	_, err := ListAll[customerID](context.Background(), c, customersRequest(), Paging{MaxPages: 3})
	if err == nil || !strings.Contains(err.Error(), "after 3") {
		t.Fatalf("got %v, want the page cap", err)
	}
}

func TestListAllRefusesALinkOffTheAPI(t *testing.T) {
	for _, uri := range []string{"https://elsewhere.example/v1/customers", "//elsewhere.example/customers", "/customers/../../x"} {
		srv := &pageServer{pages: map[string]string{
			"": `{"totalCount": 1, "items": [{"id": "a"}], "links": {"next": {"uri": "` + uri + `", "method": "GET", "headers": []}}}`,
		}}
		c := newTestClient(t, srv)
		if _, err := ListAll[customerID](context.Background(), c, customersRequest(), customersPaging); err == nil {
			t.Errorf("links.next %q was followed", uri)
		}
		if len(srv.seen) != 1 {
			t.Errorf("links.next %q: %d requests, want 1", uri, len(srv.seen))
		}
	}
}

func TestCacheKeyTellsPagesApart(t *testing.T) {
	a := Request{Path: []string{"customers"}, Query: url.Values{"seekOperation": {"Next"}}, Header: http.Header{"Ms-Continuationtoken": {"t1"}}}
	b := Request{Path: []string{"customers"}, Query: url.Values{"seekOperation": {"Next"}}, Header: http.Header{"MS-ContinuationToken": {"t2"}}}
	if a.CacheKey() == b.CacheKey() {
		t.Errorf("two continuation tokens share the cache key %q", a.CacheKey())
	}
	if got := (Request{Path: []string{"customers", "x y"}, Query: url.Values{"b": {"2"}, "a": {"1"}}}).CacheKey(); got != "/v1/customers/x%20y?a=1&b=2" {
		t.Errorf("cache key %q", got)
	}
}

// appOnlyTokens is a token source whose every token is app-only.
type appOnlyTokens struct{}

func (appOnlyTokens) Token(context.Context) (string, error) { return "app-only-token", nil }
func (appOnlyTokens) VerifyAppUser(string) error            { return errors.New("app-only") }

// App+User is a property of the call: an app-only token is refused before
// sending a licence read, and sent on a call that takes it.
func TestAppUserIsAPropertyOfTheCall(t *testing.T) {
	srv := &pageServer{pages: map[string]string{"": `{"totalCount": 0, "items": []}`}}
	c := newTestClient(t, srv, func(cfg *Config) { cfg.Tokens = appOnlyTokens{} })
	if _, err := ListAll[customerID](context.Background(), c, customersRequest(), customersPaging); err != nil {
		t.Errorf("a call that takes app-only tokens: %v", err)
	}
	_, err := c.ListSubscribedSKUs(context.Background(), seedCustomerID, nil)
	var te *TransportError
	if !errors.As(err, &te) || !te.NotSent {
		t.Errorf("an App+User call with an app-only token: %v, want it refused before sending", err)
	}
	if len(srv.seen) != 1 {
		t.Errorf("%d requests, want only the one that takes app-only tokens", len(srv.seen))
	}
}
