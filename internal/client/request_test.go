package client

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
)

func TestRequestHeadersAndQuery(t *testing.T) {
	var got *http.Request
	c := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = r.Clone(context.Background())
		respond(200, "application/json", `{"totalCount":0,"items":[]}`)(w, r)
	}), func(cfg *Config) { cfg.Locale = "de-DE" })

	if _, err := c.ListSubscribedSKUs(context.Background(), seedCustomerID, AllLicenseGroups); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"Authorization":    "Bearer " + testToken,
		"Accept":           "application/json",
		"MS-CorrelationId": testCorrelationID,
		"X-Locale":         "de-DE",
		"User-Agent":       "terraform-provider-partnercenter/1.2.3 terraform/1.11.4",
	}
	for k, v := range want {
		if g := got.Header.Get(k); g != v {
			t.Errorf("header %s = %q, want %q", k, g, v)
		}
	}
	if !IsGUID(got.Header.Get("MS-RequestId")) {
		t.Errorf("MS-RequestId %q is not a GUID", got.Header.Get("MS-RequestId"))
	}
	if p := got.URL.EscapedPath(); p != "/v1/customers/"+seedCustomerID+"/subscribedskus" {
		t.Errorf("path = %q", p)
	}
	if q := got.URL.Query()["licenseGroupIds"]; strings.Join(q, "|") != "Group1|Group2" {
		t.Errorf("licenseGroupIds = %q, want repeated Group1 and Group2", q)
	}
}

func TestNoGroupsSendsNoParameter(t *testing.T) {
	var rawQuery string
	c := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rawQuery = r.URL.RawQuery
		respond(200, "application/json", `{"totalCount":0,"items":[]}`)(w, r)
	}))
	if _, err := c.ListSubscribedSKUs(context.Background(), seedCustomerID, nil); err != nil {
		t.Fatal(err)
	}
	if rawQuery != "" {
		t.Errorf("query = %q, want none", rawQuery)
	}
}

func TestDefaultLocaleAndFreshRequestIDs(t *testing.T) {
	var mu sync.Mutex
	ids := map[string]bool{}
	locales := map[string]bool{}
	c := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		ids[r.Header.Get("MS-RequestId")] = true
		locales[r.Header.Get("X-Locale")] = true
		mu.Unlock()
		respond(200, "application/json", `{"totalCount":0,"items":[]}`)(w, r)
	}))
	for _, groups := range [][]LicenseGroup{nil, {LicenseGroup1}, {LicenseGroup2}} {
		if _, err := c.ListSubscribedSKUs(context.Background(), seedCustomerID, groups); err != nil {
			t.Fatal(err)
		}
	}
	if len(ids) != 3 {
		t.Errorf("got %d distinct MS-RequestId values for 3 logical requests, want 3", len(ids))
	}
	if !locales[DefaultLocale] || len(locales) != 1 {
		t.Errorf("X-Locale values %v, want only %s", locales, DefaultLocale)
	}
}

func TestUserIDStaysOneEscapedSegment(t *testing.T) {
	for _, userID := range []string{
		"bob_fabrikam.com#EXT#@contoso.onmicrosoft.com",
		"o'brien+test&co@contoso.onmicrosoft.com",
		"4b9cd1e0-6c30-4c2a-9f2b-0a4d1f5e7a11",
		"adele.vance@contoso.onmicrosoft.com",
		"ünïcødé@contoso.onmicrosoft.com",
		"semi;colon=eq,comma:colon$@contoso.example.com",
	} {
		t.Run(userID, func(t *testing.T) {
			var escaped, userSegment string
			mux := http.NewServeMux()
			mux.HandleFunc("GET /v1/customers/{customer}/users/{user}/licenses", func(w http.ResponseWriter, r *http.Request) {
				escaped = r.URL.EscapedPath()
				userSegment = r.PathValue("user")
				respond(200, "application/json", `{"totalCount":0,"items":[]}`)(w, r)
			})
			c := newTestClient(t, mux)
			if _, err := c.ListUserLicenses(context.Background(), seedCustomerID, userID, nil); err != nil {
				t.Fatal(err)
			}
			if userSegment != userID {
				t.Errorf("server saw user segment %q, want %q", userSegment, userID)
			}
			segments := strings.Split(escaped, "/")
			if len(segments) != 7 || segments[6] != "licenses" {
				t.Fatalf("escaped path %q does not have the six expected segments", escaped)
			}
			if strings.Contains(userID, "#") && !strings.Contains(segments[5], "%23") {
				t.Errorf("# was not escaped in %q", segments[5])
			}
		})
	}
}

func TestInvalidIDsAreRefusedBeforeSending(t *testing.T) {
	var calls atomic.Int64
	c := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		respond(200, "application/json", `{"totalCount":0,"items":[]}`)(w, r)
	}))
	ctx := context.Background()
	if _, err := c.ListSubscribedSKUs(ctx, "../../admin", nil); err == nil {
		t.Error("ListSubscribedSKUs accepted a non-GUID customer id")
	}
	for _, user := range []string{"../x@contoso.com", "a/b@contoso.com", "..", "a%2Fb@contoso.com", "x?y@contoso.com", `a\b@contoso.com`} {
		if _, err := c.ListUserLicenses(ctx, seedCustomerID, user, nil); err == nil {
			t.Errorf("ListUserLicenses accepted user id %q", user)
		}
	}
	if n := calls.Load(); n != 0 {
		t.Errorf("%d requests were sent for invalid ids, want 0", n)
	}
}

func TestTokenFailureSendsNothing(t *testing.T) {
	var calls atomic.Int64
	c := newTestClient(t, http.HandlerFunc(func(http.ResponseWriter, *http.Request) { calls.Add(1) }),
		func(cfg *Config) { cfg.Tokens = StaticToken("") })
	_, err := c.ListSubscribedSKUs(context.Background(), seedCustomerID, nil)
	var te *TransportError
	if !errors.As(err, &te) || !strings.Contains(err.Error(), "access token") {
		t.Fatalf("err = %v, want a TransportError about the access token", err)
	}
	if te.CorrelationID != testCorrelationID || !IsGUID(te.RequestID) {
		t.Errorf("trace = %+v, want both ids", te.Trace)
	}
	if calls.Load() != 0 {
		t.Error("a request was sent without a token")
	}
}

func TestCancelledContext(t *testing.T) {
	c := newTestClient(t, respond(200, "application/json", `{"totalCount":0,"items":[]}`))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := c.ListSubscribedSKUs(ctx, seedCustomerID, nil)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
}

func TestParallelIdenticalReadsShareOneRequest(t *testing.T) {
	var calls atomic.Int64
	c := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		respond(200, "application/json", `{"totalCount":1,"items":[{"availableUnits":3}]}`)(w, r)
	}))
	const n = 64
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got, err := c.ListSubscribedSKUs(context.Background(), seedCustomerID, AllLicenseGroups)
			if err == nil && *got.Items[0].AvailableUnits != 3 {
				err = errors.New("wrong availableUnits")
			}
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	if calls.Load() != 1 {
		t.Errorf("server saw %d calls for %d identical reads, want 1", calls.Load(), n)
	}
}

func TestNewRequiresEssentials(t *testing.T) {
	base, _ := ParseEndpoint(DefaultEndpoint)
	full := Config{BaseURL: base, HTTPClient: http.DefaultClient, Tokens: StaticToken("x"), CorrelationID: "c"}
	for name, mutate := range map[string]func(*Config){
		"base URL":       func(c *Config) { c.BaseURL = nil },
		"http.Client":    func(c *Config) { c.HTTPClient = nil },
		"token source":   func(c *Config) { c.Tokens = nil },
		"correlation id": func(c *Config) { c.CorrelationID = "" },
	} {
		cfg := full
		mutate(&cfg)
		if _, err := New(cfg); err == nil || !strings.Contains(err.Error(), name) {
			t.Errorf("New without %s: err = %v", name, err)
		}
	}
	if _, err := New(full); err != nil {
		t.Errorf("New(full) = %v", err)
	}
}
