package client

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"
)

// Answers shaped as the real Partner Center sends them, taken from
// Microsoft's samples (testdata/*.json; how each was composed is in the
// testdata/*.source.txt beside it).

func TestByteOrderMarkIsDroppedFromEveryBody(t *testing.T) {
	sample, err := os.ReadFile("testdata/user-licenses-group1-group2.bom.json")
	if err != nil {
		t.Fatal(err)
	}
	if string(sample[:3]) != "\xEF\xBB\xBF" {
		t.Fatal("the sample lost its byte order mark")
	}
	c := newTestClient(t, respond(200, "application/json; charset=utf-8", string(sample)))
	got, err := c.ListUserLicenses(context.Background(), seedCustomerID, "adele.vance@contoso.onmicrosoft.com", AllLicenseGroups)
	if err != nil {
		t.Fatalf("a body with a byte order mark: %v", err)
	}
	if got.TotalCount != 3 || len(got.Items) != 3 {
		t.Errorf("totalCount %d with %d items, want 3 and 3", got.TotalCount, len(got.Items))
	}

	c = newTestClient(t, respond(403, "application/json", "\uFEFF"+`{"code": 20002, "description": "No relationship between caller and account.", "data": [], "source": "PartnerFD"}`))
	_, err = c.ListSubscribedSKUs(context.Background(), seedCustomerID, AllLicenseGroups)
	var apiErr *APIError
	if !errors.As(err, &apiErr) {
		t.Fatalf("got %v, want an *APIError", err)
	}
	if apiErr.Code != "20002" || apiErr.Description != "No relationship between caller and account." {
		t.Errorf("an error body with a byte order mark read as code %q, description %q", apiErr.Code, apiErr.Description)
	}
	if apiErr.StatusCode != http.StatusForbidden {
		t.Errorf("status %d", apiErr.StatusCode)
	}
}

func TestEndpointEndingInV1IsTheSameBase(t *testing.T) {
	var got string
	srv := newRecordingServer(t, &got)
	for suffix, wantPath := range map[string]string{
		"":          "/v1/customers/" + seedCustomerID + "/subscribedskus",
		"/":         "/v1/customers/" + seedCustomerID + "/subscribedskus",
		"/v1":       "/v1/customers/" + seedCustomerID + "/subscribedskus",
		"/v1/":      "/v1/customers/" + seedCustomerID + "/subscribedskus",
		"/V1":       "/v1/customers/" + seedCustomerID + "/subscribedskus",
		"/proxy":    "/proxy/v1/customers/" + seedCustomerID + "/subscribedskus",
		"/proxy/v1": "/proxy/v1/customers/" + seedCustomerID + "/subscribedskus",
	} {
		base, err := ParseEndpoint(srv.URL + suffix)
		if err != nil {
			t.Fatalf("ParseEndpoint(%q): %v", srv.URL+suffix, err)
		}
		c, err := New(Config{BaseURL: base, HTTPClient: srv.Client(), Tokens: StaticToken(testToken), CorrelationID: testCorrelationID})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := c.ListSubscribedSKUs(context.Background(), seedCustomerID, nil); err != nil {
			t.Fatalf("endpoint %q: %v", suffix, err)
		}
		if got != wantPath {
			t.Errorf("endpoint %q sent %s, want %s", suffix, got, wantPath)
		}
	}
}

// newRecordingServer answers every request with an empty collection and
// records the escaped path of the last one.
func newRecordingServer(t *testing.T, path *string) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		*path = r.URL.EscapedPath()
		respond(200, "application/json", `{"totalCount":0,"items":[]}`)(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestThrottleWithoutRetryAfterWaitsAsTheMessageSays(t *testing.T) {
	handler, calls, _ := failFirst(1, func(w http.ResponseWriter, _ *http.Request) {
		// The documented throttling answer, without its header.
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusTooManyRequests)
		_, _ = w.Write([]byte("\uFEFF" + `{"statusCode": 429, "message": "Rate limit is exceeded. Try again in 2 seconds."}`))
	})
	c := retryingClient(t, handler, fastRetry, nil)
	started := time.Now()
	if _, err := c.ListSubscribedSKUs(context.Background(), seedCustomerID, nil); err != nil {
		t.Fatal(err)
	}
	// fastRetry's own backoff is 20 ms at most: only the message asks for 2 s.
	// The upper bound leaves room for a loaded CI machine under -race; the
	// default wait it guards against is a minute.
	if waited := time.Since(started); waited < 2*time.Second || waited > 10*time.Second {
		t.Errorf("the retry came after %s, want the 2 s the message asked for (plus up to 1 s of jitter)", waited)
	}
	if n := calls.Load(); n != 2 {
		t.Errorf("%d attempts, want 2", n)
	}
}

func TestThrottleMessageWaitIsCappedLikeRetryAfter(t *testing.T) {
	handler, _, _ := failFirst(1, func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusTooManyRequests)
		_, _ = w.Write([]byte(`{"statusCode": 429, "message": "Rate limit is exceeded. Try again in 86400 seconds."}`))
	})
	policy := fastRetry
	policy.MaxRetryAfter = 50 * time.Millisecond
	c := retryingClient(t, handler, policy, nil)
	started := time.Now()
	if _, err := c.ListSubscribedSKUs(context.Background(), seedCustomerID, nil); err != nil {
		t.Fatal(err)
	}
	// Against a day asked for, 10 s on a loaded CI machine still shows the cap.
	if waited := time.Since(started); waited > 10*time.Second {
		t.Errorf("waited %s, want the 50 ms cap", waited)
	}
}

func TestThrottleBodyStillReachesTheError(t *testing.T) {
	c := retryingClient(t, http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusTooManyRequests)
		_, _ = w.Write([]byte(`{"statusCode": 429, "message": "Rate limit is exceeded. Try again in 0 seconds."}`))
	}), RetryPolicy{MaxRetries: 1, MinWait: time.Millisecond, MaxWait: time.Millisecond}, nil)
	_, err := c.ListSubscribedSKUs(context.Background(), seedCustomerID, nil)
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.Description != "Rate limit is exceeded. Try again in 0 seconds." || apiErr.Attempts != 2 {
		t.Fatalf("got %v, want the gateway's message after 2 attempts", err)
	}
}

func TestEmptyStringsAndNullsReadAsAbsentArraysAndObjects(t *testing.T) {
	c := newTestClient(t, respond(200, "application/json", `{"totalCount": 4, "items": [
		{"availableUnits": 25, "productSku": {"skuPartNumber": "Microsoft_Teams_Premium"}, "servicePlans": ""},
		{"availableUnits": 1, "productSku": "", "servicePlans": null},
		{"availableUnits": 2, "productSku": null, "servicePlans": []},
		{"availableUnits": 3}
	], "links": ""}`))
	got, err := c.ListSubscribedSKUs(context.Background(), seedCustomerID, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Items) != 4 {
		t.Fatalf("%d items, want 4", len(got.Items))
	}
	if got.Items[0].ServicePlans != nil || got.Items[0].ProductSKU.Value == nil || *got.Items[0].AvailableUnits != 25 {
		t.Errorf(`servicePlans "" should read as absent, the rest as sent: %+v`, got.Items[0])
	}
	for i, item := range got.Items[1:] {
		if item.ProductSKU.Value != nil {
			t.Errorf("items[%d]: productSku %+v, want absent", i+1, item.ProductSKU.Value)
		}
	}
	if got.Items[1].ServicePlans != nil || got.Items[2].ServicePlans == nil || len(got.Items[2].ServicePlans) != 0 {
		t.Errorf("null should read as absent and [] as empty: %v, %v", got.Items[1].ServicePlans, got.Items[2].ServicePlans)
	}

	c = newTestClient(t, respond(200, "application/json", `{"totalCount": 1, "items": ""}`))
	if got, err := c.ListSubscribedSKUs(context.Background(), seedCustomerID, nil); err != nil || len(got.Items) != 0 {
		t.Errorf(`items "": %v, %v; want an empty read`, got, err)
	}
}

func TestAnUnreadableItemIsNamedAndNotBlamedOnAProxy(t *testing.T) {
	c := newTestClient(t, respond(200, "application/json", `{"totalCount": 2, "items": [
		{"availableUnits": 25, "productSku": {"skuPartNumber": "AAD_PREMIUM"}},
		{"availableUnits": "many", "productSku": {"skuPartNumber": "Microsoft_Teams_Premium"}}
	]}`))
	_, err := c.ListSubscribedSKUs(context.Background(), seedCustomerID, nil)
	var respErr *ResponseError
	if !errors.As(err, &respErr) {
		t.Fatalf("got %v, want a *ResponseError", err)
	}
	if !respErr.WellFormed {
		t.Error("a complete, valid JSON answer was not marked well-formed")
	}
	for _, want := range []string{"items[1]", "sku_part_number Microsoft_Teams_Premium", `"availableUnits"`, "a JSON string", "a number"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("the error does not say %q: %v", want, err)
		}
	}

	c = newTestClient(t, respond(200, "application/json", `{"totalCount": 1, "items": [{"productSku": "x"}]}`))
	_, err = c.ListSubscribedSKUs(context.Background(), seedCustomerID, nil)
	if !errors.As(err, &respErr) || !respErr.WellFormed || !strings.Contains(err.Error(), `items[0]: the field "productSku" holds a JSON string`) {
		t.Errorf("got %v", err)
	}
}

// Microsoft's documented subscribed SKUs answer, with a SKU whose seats are
// overdrawn (available = total - consumed < 0) and open-text statuses.
func TestDecodesMicrosoftsSubscribedSKUsSample(t *testing.T) {
	sample, err := os.ReadFile("testdata/subscribedskus-group1-group2.json")
	if err != nil {
		t.Fatal(err)
	}
	c := newTestClient(t, respond(200, "application/json; charset=utf-8", string(sample)))
	got, err := c.ListSubscribedSKUs(context.Background(), seedCustomerID, AllLicenseGroups)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Items) != 4 {
		t.Fatalf("%d items, want 4", len(got.Items))
	}
	powerBI := got.Items[2]
	if *powerBI.ProductSKU.Value.SKUPartNumber != "POWER_BI_PRO" || *powerBI.AvailableUnits != -2 || *powerBI.CapabilityStatus != "Disabled" {
		t.Errorf("POWER_BI_PRO read as %s, %d, %s", *powerBI.ProductSKU.Value.SKUPartNumber, *powerBI.AvailableUnits, *powerBI.CapabilityStatus)
	}
}

// A transport error names the request once: net/http's *url.Error repeats
// the method and URL, which the error shows already.
func TestTransportErrorNamesTheURLOnce(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	base, err := ParseEndpoint(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	srv.Close() // nothing listens there now
	c, err := New(Config{BaseURL: base, HTTPClient: srv.Client(), Tokens: StaticToken(testToken), CorrelationID: testCorrelationID})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.ListSubscribedSKUs(context.Background(), seedCustomerID, nil)
	var te *TransportError
	if !errors.As(err, &te) {
		t.Fatalf("got %v, want a TransportError", err)
	}
	if n := strings.Count(err.Error(), "/v1/customers/"+seedCustomerID); n != 1 {
		t.Errorf("the URL appears %d times in %q", n, err)
	}
}
