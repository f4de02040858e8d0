package emulator

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/google/uuid"
)

func skusPath(customer string) string { return "/v1/customers/" + customer + "/subscribedskus" }

func licensesPath(customer, escapedUser string) string {
	return "/v1/customers/" + customer + "/users/" + escapedUser + "/licenses"
}

var (
	group1Skus = []string{"AAD_PREMIUM", "AX_TASK_USER", "WIN_ENT_E5"}
	allSkus    = []string{"AAD_PREMIUM", "AX_TASK_USER", "CFQ7TTC0K5DR/0002", "WIN_ENT_E5"}
	minecraft  = []string{"CFQ7TTC0K5DR/0002"}
	none       = []string{}
)

func TestSubscribedSkus(t *testing.T) {
	_, srv := newTestServer(t, nil)
	tests := []struct {
		name string
		path string
		want []string
	}{
		{"no parameter is group1 only", skusPath(contoso), group1Skus},
		{"Group1", skusPath(contoso) + "?licenseGroupIds=Group1", group1Skus},
		{"Group2", skusPath(contoso) + "?licenseGroupIds=Group2", minecraft},
		{"both groups keep fixture order", skusPath(contoso) + "?licenseGroupIds=Group1&licenseGroupIds=Group2", allSkus},
		{"both groups reversed and any case", skusPath(contoso) + "?licenseGroupIds=group2&licenseGroupIds=GROUP1", allSkus},
		{"repeated group", skusPath(contoso) + "?licenseGroupIds=Group1&licenseGroupIds=Group1", group1Skus},
		{"parameter name is case-insensitive", skusPath(contoso) + "?licensegroupids=Group2", minecraft},
		{"other parameters are ignored", skusPath(contoso) + "?foo=bar&licenseGroupIds=Group2", minecraft},
		{"customer id in upper case", skusPath(strings.ToUpper(contoso)), group1Skus},
		{"customer without SKUs", skusPath(fabrikam) + "?licenseGroupIds=Group1&licenseGroupIds=Group2", none},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := do(t, srv, http.MethodGet, tt.path, authed())
			if r.status != http.StatusOK {
				t.Fatalf("status %d, body %s", r.status, r.body)
			}
			if got := skuPartNumbers(t, r.body); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("SKUs %v, want %v", got, tt.want)
			}
		})
	}
}

func TestSubscribedSkusNoMatchIsEmptyArray(t *testing.T) {
	f := DefaultFixture()
	f.Customers[0].SubscribedSkus = f.Customers[0].SubscribedSkus[:2] // group1 only
	_, srv := newTestServer(t, f)
	r := do(t, srv, http.MethodGet, skusPath(contoso)+"?licenseGroupIds=Group2", authed())
	if r.status != http.StatusOK {
		t.Fatalf("status %d, body %s", r.status, r.body)
	}
	want := `{"totalCount":0,"items":[],"attributes":{"objectType":"Collection"}}`
	if got := strings.TrimSpace(string(r.body)); got != want {
		t.Errorf("body %s, want %s", got, want)
	}
}

func TestUserLicenses(t *testing.T) {
	_, srv := newTestServer(t, nil)
	const both = "?licenseGroupIds=Group1&licenseGroupIds=Group2"
	tests := []struct {
		name     string
		customer string
		user     string // as sent on the wire
		query    string
		want     []string
	}{
		{"UPN, no parameter is group1 only", contoso, "adele.vance@contoso.onmicrosoft.com", "", []string{"WIN_ENT_E5"}},
		{"UPN, both groups", contoso, "adele.vance@contoso.onmicrosoft.com", both, []string{"WIN_ENT_E5", "CFQ7TTC0K5DR/0002"}},
		{"UPN, Group2", contoso, "adele.vance@contoso.onmicrosoft.com", "?licenseGroupIds=Group2", minecraft},
		{"UPN in other case", contoso, "Adele.Vance@CONTOSO.onmicrosoft.com", "", []string{"WIN_ENT_E5"}},
		{"object id", contoso, adeleID, both, []string{"WIN_ENT_E5", "CFQ7TTC0K5DR/0002"}},
		{"object id in upper case", contoso, strings.ToUpper(adeleID), "", []string{"WIN_ENT_E5"}},
		{"guest UPN with escaped #EXT#", contoso, "bob_fabrikam.com%23EXT%23@contoso.onmicrosoft.com", both, []string{"WIN_ENT_E5"}},
		{"guest object id", contoso, "9f3c2a77-1d4e-4f0b-8a55-2e6b7c9d0e12", "", []string{"WIN_ENT_E5"}},
		{"UPN with ' + & fully escaped", contoso, "o%27brien%2Btest%26co@contoso.onmicrosoft.com", "?licenseGroupIds=Group2", minecraft},
		{"UPN with ' + & as PathEscape sends it", contoso, "o%27brien+test&co@contoso.onmicrosoft.com", both, minecraft},
		{"group2-only user asked for group1", contoso, "o%27brien%2Btest%26co@contoso.onmicrosoft.com", "", none},
		{"user without licences", contoso, "no.licenses@contoso.onmicrosoft.com", both, none},
		{"user of the second customer", fabrikam, "new.hire@fabrikam.onmicrosoft.com", both, none},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := do(t, srv, http.MethodGet, licensesPath(tt.customer, tt.user)+tt.query, authed())
			if r.status != http.StatusOK {
				t.Fatalf("status %d, body %s", r.status, r.body)
			}
			if got := skuPartNumbers(t, r.body); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("licences %v, want %v", got, tt.want)
			}
		})
	}
}

// gatewayRoute stands for the gateway's answer to a path without a route.
const gatewayRoute = "gateway: no route"

func TestErrors(t *testing.T) {
	_, srv := newTestServer(t, nil)
	adele := licensesPath(contoso, "adele.vance@contoso.onmicrosoft.com")
	tests := []struct {
		name       string
		method     string
		path       string
		auth       string // Authorization header; "" sends none
		status     int
		code       any
		descHas    []string
		wantHeader map[string]string
	}{
		{"missing token", "GET", skusPath(contoso), "", 401, CodeInvalidToken, []string{"bearer token is required"}, map[string]string{"WWW-Authenticate": `Bearer realm="PartnerCenterEmulator"`}},
		{"wrong token", "GET", skusPath(contoso), "Bearer nope", 401, CodeInvalidToken, []string{"not valid"}, nil},
		{"token with another scheme", "GET", skusPath(contoso), "Basic " + testToken, 401, CodeInvalidToken, nil, nil},
		{"scheme without token", "GET", skusPath(contoso), "Bearer ", 401, CodeInvalidToken, nil, nil},
		{"token prefix only", "GET", skusPath(contoso), bearerTest[:len(bearerTest)-1], 401, CodeInvalidToken, nil, nil},
		{"auth before routing", "GET", "/nowhere", "", 401, CodeInvalidToken, nil, nil},
		{"auth before customer lookup", "GET", skusPath(unknownID), "Bearer nope", 401, CodeInvalidToken, nil, nil},
		{"unknown group", "GET", skusPath(contoso) + "?licenseGroupIds=Group3", bearerTest, 400, CodeInvalidInput, []string{`"Group3"`, "Group1 and Group2"}, nil},
		{"comma-joined groups", "GET", skusPath(contoso) + "?licenseGroupIds=Group1,Group2", bearerTest, 400, CodeInvalidInput, []string{`"Group1,Group2"`, "licenseGroupIds=Group1&licenseGroupIds=Group2"}, nil},
		{"comma-joined groups, escaped", "GET", adele + "?licenseGroupIds=Group1%2CGroup2", bearerTest, 400, CodeInvalidInput, []string{`"Group1,Group2"`}, nil},
		{"empty group", "GET", skusPath(contoso) + "?licenseGroupIds=", bearerTest, 400, CodeInvalidInput, []string{`""`, "Group1 and Group2"}, nil},
		{"one bad group among good", "GET", adele + "?licenseGroupIds=Group1&licenseGroupIds=AAD", bearerTest, 400, CodeInvalidInput, []string{`"AAD"`}, nil},
		{"malformed query", "GET", skusPath(contoso) + "?licenseGroupIds=%zz", bearerTest, 400, CodeInvalidInput, []string{"malformed"}, nil},
		{"customer id not a GUID", "GET", skusPath("contoso"), bearerTest, 400, CodeInvalidInput, []string{`"contoso"`, "GUID"}, nil},
		{"customer id with braces", "GET", skusPath("{" + contoso + "}"), bearerTest, 400, CodeInvalidInput, nil, nil},
		{"unknown customer", "GET", skusPath(unknownID), bearerTest, 404, CodeTenantNotFound, []string{unknownID, "not found"}, nil},
		{"unknown customer, licences", "GET", licensesPath(unknownID, adeleID), bearerTest, 404, CodeTenantNotFound, nil, nil},
		{"unknown user UPN", "GET", licensesPath(contoso, "nobody@contoso.onmicrosoft.com"), bearerTest, 404, CodeUserNotFound, []string{`"nobody@contoso.onmicrosoft.com"`, contoso}, nil},
		{"unknown user GUID", "GET", licensesPath(contoso, unknownID), bearerTest, 404, CodeUserNotFound, []string{unknownID}, nil},
		{"user of another customer", "GET", licensesPath(contoso, "new.hire@fabrikam.onmicrosoft.com"), bearerTest, 404, CodeUserNotFound, nil, nil},
		{"guest UPN with unescaped # is cut at the fragment", "GET", licensesPath(contoso, "bob_fabrikam.com#EXT#@contoso.onmicrosoft.com"), bearerTest, 404, gatewayRoute, nil, nil},
		{"escaped slash stays inside the user segment", "GET", licensesPath(contoso, "adele.vance%2F..%2Fx"), bearerTest, 404, CodeUserNotFound, []string{`"adele.vance/../x"`}, nil},
		{"unknown path", "GET", "/v1/invoices", bearerTest, 404, gatewayRoute, nil, nil},
		{"trailing slash", "GET", skusPath(contoso) + "/", bearerTest, 404, gatewayRoute, nil, nil},
		{"double slash is not redirected", "GET", "/v1//customers/" + contoso + "/subscribedskus", bearerTest, 404, gatewayRoute, nil, nil},
		{"dot-dot is not redirected", "GET", "/v1/customers/" + contoso + "/users/x/../../" + contoso + "/subscribedskus", bearerTest, 404, gatewayRoute, nil, nil},
		{"POST", "POST", skusPath(contoso), bearerTest, 405, CodeMethodNotAllowed, []string{"POST"}, map[string]string{"Allow": "GET"}},
		{"DELETE licences", "DELETE", adele, bearerTest, 405, CodeMethodNotAllowed, nil, map[string]string{"Allow": "GET"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hdr := map[string]string{}
			if tt.auth != "" {
				hdr["Authorization"] = tt.auth
			}
			r := do(t, srv, tt.method, tt.path, hdr)
			if r.status != tt.status {
				t.Fatalf("status %d, want %d; body %s", r.status, tt.status, r.body)
			}
			if ct := r.header.Get("Content-Type"); ct != "application/json; charset=utf-8" {
				t.Errorf("Content-Type %q", ct)
			}
			if tt.code == gatewayRoute {
				// No route: the gateway answers, in its own shape.
				if got := strings.TrimSpace(string(r.body)); got != `{"statusCode":404,"message":"Resource not found"}` {
					t.Errorf("body %s, want the gateway's 404", got)
				}
				return
			}
			e := decodeError(t, r.body)
			if !reflect.DeepEqual(e.Code, jsonCode(tt.code)) {
				t.Errorf("code %#v, want %#v", e.Code, jsonCode(tt.code))
			}
			for _, s := range tt.descHas {
				if !strings.Contains(e.Description, s) {
					t.Errorf("description %q lacks %q", e.Description, s)
				}
			}
			if strings.Contains(string(r.body), testToken) {
				t.Errorf("response body leaks the token: %s", r.body)
			}
			for k, v := range tt.wantHeader {
				if got := r.header.Get(k); got != v {
					t.Errorf("header %s = %q, want %q", k, got, v)
				}
			}
		})
	}
}

func TestBearerSchemeIsCaseInsensitive(t *testing.T) {
	_, srv := newTestServer(t, nil)
	r := do(t, srv, http.MethodGet, skusPath(contoso), map[string]string{"Authorization": "bearer " + testToken})
	if r.status != http.StatusOK {
		t.Fatalf("status %d, body %s", r.status, r.body)
	}
}

func TestTrackingHeaders(t *testing.T) {
	_, srv := newTestServer(t, nil)
	paths := map[string]string{
		"success":  skusPath(contoso),
		"401":      skusPath(contoso), // sent without a token below
		"404":      skusPath(unknownID),
		"catchall": "/elsewhere",
	}
	for name, p := range paths {
		t.Run(name+"/echoed", func(t *testing.T) {
			hdr := map[string]string{
				"MS-RequestId":     "a1d077e4-28b1-4578-b873-6d1a82fa1644",
				"MS-CorrelationId": "c8cb5a60-ae08-4afc-92f0-efc42adfa186",
				"MS-CV":            "abc",
			}
			if name != "401" {
				hdr["Authorization"] = bearerTest
			}
			r := do(t, srv, http.MethodGet, p, hdr)
			for _, k := range []string{"MS-RequestId", "MS-CorrelationId"} {
				if got := r.header.Get(k); got != hdr[k] {
					t.Errorf("%s = %q, want %q", k, got, hdr[k])
				}
			}
			if got := r.header.Get("MS-CV"); got != "abc.0" {
				t.Errorf("MS-CV = %q, want abc.0", got)
			}
			if ct := r.header.Get("Content-Type"); ct != "application/json; charset=utf-8" {
				t.Errorf("Content-Type %q", ct)
			}
		})
		t.Run(name+"/generated", func(t *testing.T) {
			hdr := map[string]string{}
			if name != "401" {
				hdr["Authorization"] = bearerTest
			}
			r := do(t, srv, http.MethodGet, p, hdr)
			for _, k := range []string{"MS-RequestId", "MS-CorrelationId"} {
				if _, err := uuid.Parse(r.header.Get(k)); err != nil {
					t.Errorf("%s = %q, want a generated GUID", k, r.header.Get(k))
				}
			}
			if cv := r.header.Get("MS-CV"); len(cv) != 18 || !strings.HasSuffix(cv, ".0") {
				t.Errorf("MS-CV = %q, want 16 base64 characters and .0", cv)
			}
		})
	}
}

func TestRequestsAreRecorded(t *testing.T) {
	em, srv := newTestServer(t, nil)
	do(t, srv, http.MethodGet, skusPath(contoso)+"?licenseGroupIds=Group1&licenseGroupIds=Group2", authed())
	do(t, srv, http.MethodGet, licensesPath(contoso, "bob_fabrikam.com%23EXT%23@contoso.onmicrosoft.com"), authed())
	do(t, srv, http.MethodPost, "/rejected", nil)

	if got := em.RequestCount(); got != 3 {
		t.Fatalf("RequestCount() = %d, want 3", got)
	}
	reqs := em.Requests()
	if len(reqs) != 3 {
		t.Fatalf("%d recorded requests, want 3", len(reqs))
	}
	if got := reqs[0].Query["licenseGroupIds"]; !reflect.DeepEqual(got, []string{"Group1", "Group2"}) {
		t.Errorf("recorded licenseGroupIds %v", got)
	}
	if reqs[0].Header.Get("Authorization") != bearerTest {
		t.Errorf("recorded Authorization %q", reqs[0].Header.Get("Authorization"))
	}
	if want := licensesPath(contoso, "bob_fabrikam.com%23EXT%23@contoso.onmicrosoft.com"); reqs[1].EscapedPath != want {
		t.Errorf("recorded path %q, want %q", reqs[1].EscapedPath, want)
	}
	if reqs[2].Method != http.MethodPost || reqs[2].EscapedPath != "/rejected" || reqs[2].Header.Get("Authorization") != "" {
		t.Errorf("rejected request recorded as %+v", reqs[2])
	}

	// The result is a copy: changing it must not change the emulator's record.
	reqs[0].Query.Set("licenseGroupIds", "changed")
	reqs[0].Header.Set("Authorization", "changed")
	reqs[0].Method = "changed"
	again := em.Requests()[0]
	if again.Method != http.MethodGet || again.Query.Get("licenseGroupIds") != "Group1" || again.Header.Get("Authorization") != bearerTest {
		t.Errorf("Requests() returned shared state: %+v", again)
	}
}

func TestCountRequestsOnlyKeepsNoRecords(t *testing.T) {
	em, srv := newServer(t, Options{CountRequestsOnly: true})
	do(t, srv, http.MethodGet, skusPath(contoso), authed())
	do(t, srv, http.MethodPost, "/rejected", nil)
	if got := em.RequestCount(); got != 2 {
		t.Errorf("RequestCount() = %d, want 2", got)
	}
	if got := em.Requests(); len(got) != 0 {
		t.Errorf("Requests() = %+v, want none", got)
	}
}

func TestConcurrentRequests(t *testing.T) {
	em, srv := newTestServer(t, nil)
	const workers, perWorker = 16, 25
	var wg sync.WaitGroup
	errs := make(chan error, workers*perWorker)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range perWorker {
				path := skusPath(contoso)
				if (w+i)%2 == 0 {
					path = licensesPath(contoso, adeleID) + "?licenseGroupIds=Group2"
				}
				req, _ := http.NewRequestWithContext(t.Context(), http.MethodGet, srv.URL+path, nil)
				req.Header.Set("Authorization", bearerTest)
				resp, err := srv.Client().Do(req)
				if err != nil {
					errs <- err
					continue
				}
				_ = resp.Body.Close()
				if resp.StatusCode != http.StatusOK {
					errs <- fmt.Errorf("%s: status %d", path, resp.StatusCode)
				}
				_ = em.Requests() // read while others write
				_ = em.RequestCount()
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if got := em.RequestCount(); got != workers*perWorker {
		t.Errorf("RequestCount() = %d, want %d", got, workers*perWorker)
	}
	if got := len(em.Requests()); got != workers*perWorker {
		t.Errorf("%d recorded requests, want %d", got, workers*perWorker)
	}
}

// TestItemsServedVerbatim shows that fields the emulator does not interpret,
// including unknown ones, new status strings and characters HTML escaping
// would rewrite, reach the client unchanged.
func TestItemsServedVerbatim(t *testing.T) {
	sku := `{"availableUnits": 1, "futureField": {"nested": [1, 2.5e3, null, true]},
		"capabilityStatus": "LockedOut", "note": "a & b <c>",
		"productSku": {"id": "x", "licenseGroupId": "GROUP2", "extra": "é"},
		"servicePlans": [], "attributes": {"objectType": "SubscribedSku", "etag": "W/\"1\""}}`
	license := `{"productSku": {"licenseGroupId": "group1"}, "attributes": {"objectType": "License"}, "servicePlans": [{"capabilityStatus": "Suspended"}]}`
	f, err := ParseFixture(fmt.Appendf(nil, `{"customers": [{"id": %q, "subscribedSkus": [%s],
		"users": [{"id": %q, "userPrincipalName": "a@b.c", "licenses": [%s]}]}]}`, contoso, sku, adeleID, license))
	if err != nil {
		t.Fatalf("ParseFixture: %v", err)
	}
	_, srv := newTestServer(t, f)

	for _, tc := range []struct{ path, item string }{
		{skusPath(contoso) + "?licenseGroupIds=Group2", sku},
		{licensesPath(contoso, "a@b.c"), license},
	} {
		r := do(t, srv, http.MethodGet, tc.path, authed())
		var c wireCollection
		if err := json.Unmarshal(r.body, &c); err != nil || c.Items == nil || len(*c.Items) != 1 {
			t.Fatalf("%s: body %s, err %v", tc.path, r.body, err)
		}
		var want bytes.Buffer
		if err := json.Compact(&want, []byte(tc.item)); err != nil {
			t.Fatal(err)
		}
		if got := string((*c.Items)[0]); got != want.String() {
			t.Errorf("%s: item\n got %s\nwant %s", tc.path, got, want.String())
		}
	}
}

func TestNew(t *testing.T) {
	if _, err := New(Options{}); err == nil || !strings.Contains(err.Error(), "AccessToken") {
		t.Errorf("New without token: err = %v", err)
	}
	bad := &Fixture{Customers: []Customer{{ID: "nope"}}}
	if _, err := New(Options{AccessToken: "t", Fixture: bad}); err == nil || !strings.Contains(err.Error(), `customers[0] (id "nope")`) {
		t.Errorf("New with invalid fixture: err = %v", err)
	}

	// New copies the fixture, so later changes by the caller do not leak in.
	f := DefaultFixture()
	em, err := New(Options{AccessToken: "t", Fixture: f})
	if err != nil {
		t.Fatal(err)
	}
	f.Customers[0].SubscribedSkus[0][0] = 'X'
	f.Customers = nil
	if c := em.data.customers[contoso]; c == nil || c.skus[0].raw[0] != '{' {
		t.Error("emulator shares memory with the caller's fixture")
	}
}
