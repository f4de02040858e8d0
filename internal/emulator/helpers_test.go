package emulator

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
)

const (
	testToken  = "test-token"
	contoso    = "0c39d6d5-c70d-4c55-bc02-f620844f3fd1"
	fabrikam   = "7d1a3b2c-4e5f-4a6b-8c7d-9e0f1a2b3c4d"
	adeleID    = "4b9cd1e0-6c30-4c2a-9f2b-0a4d1f5e7a11"
	unknownID  = "11111111-2222-4333-8444-555555555555"
	bearerTest = "Bearer " + testToken
)

// newServer starts an emulator with opts behind a real HTTP server, so
// tests see what a client sees on the wire. Without a token or a verifier
// it accepts testToken.
func newServer(t *testing.T, opts Options) (*Emulator, *httptest.Server) {
	t.Helper()
	if opts.AccessToken == "" && opts.TokenVerifier == nil {
		opts.AccessToken = testToken
	}
	em, err := New(opts)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	srv := httptest.NewServer(em)
	t.Cleanup(srv.Close)
	return em, srv
}

// newTestServer is newServer over fixture (nil = default).
func newTestServer(t *testing.T, fixture *Fixture) (*Emulator, *httptest.Server) {
	t.Helper()
	return newServer(t, Options{Fixture: fixture})
}

type response struct {
	status int
	header http.Header
	body   []byte
}

// do sends method to srv.URL+pathAndQuery with the given headers; the path is
// used as written, so tests control its escaping.
func do(t *testing.T, srv *httptest.Server, method, pathAndQuery string, header map[string]string) response {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), method, srv.URL+pathAndQuery, nil)
	if err != nil {
		t.Fatalf("NewRequest: %v", err)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, pathAndQuery, err)
	}
	defer func() { _ = resp.Body.Close() }()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("reading body: %v", err)
	}
	// Every JSON answer starts with the byte order mark by default (see
	// TestJSONAnswersStartWithAByteOrderMark); the tests read what follows.
	return response{status: resp.StatusCode, header: resp.Header, body: bytes.TrimPrefix(body, []byte(utf8BOM))}
}

func authed() map[string]string { return map[string]string{"Authorization": bearerTest} }

type wireCollection struct {
	TotalCount *int               `json:"totalCount"`
	Items      *[]json.RawMessage `json:"items"`
	Attributes struct {
		ObjectType string `json:"objectType"`
	} `json:"attributes"`
}

// skuPartNumbers decodes a collection response and returns each item's
// productSku.skuPartNumber, checking the envelope on the way.
func skuPartNumbers(t *testing.T, body []byte) []string {
	t.Helper()
	var c wireCollection
	if err := json.Unmarshal(body, &c); err != nil {
		t.Fatalf("decoding collection %s: %v", body, err)
	}
	if c.TotalCount == nil || c.Items == nil {
		t.Fatalf("collection lacks totalCount or items (null items are not allowed): %s", body)
	}
	if *c.TotalCount != len(*c.Items) {
		t.Errorf("totalCount %d, but %d items", *c.TotalCount, len(*c.Items))
	}
	if c.Attributes.ObjectType != "Collection" {
		t.Errorf("attributes.objectType = %q, want Collection", c.Attributes.ObjectType)
	}
	names := []string{}
	for _, raw := range *c.Items {
		var it struct {
			ProductSku struct {
				SkuPartNumber string `json:"skuPartNumber"`
			} `json:"productSku"`
		}
		if err := json.Unmarshal(raw, &it); err != nil {
			t.Fatalf("decoding item %s: %v", raw, err)
		}
		names = append(names, it.ProductSku.SkuPartNumber)
	}
	return names
}

type wireError struct {
	Code        any              `json:"code"`
	Description string           `json:"description"`
	Data        *json.RawMessage `json:"data"`
	Source      string           `json:"source"`
}

func decodeError(t *testing.T, body []byte) wireError {
	t.Helper()
	var e wireError
	if err := json.Unmarshal(body, &e); err != nil {
		t.Fatalf("decoding error body %s: %v", body, err)
	}
	if e.Data == nil || string(*e.Data) != "[]" {
		t.Errorf("error data should be [], body %s", body)
	}
	if e.Source != "PartnerCenterEmulator" {
		t.Errorf("error source = %q", e.Source)
	}
	if e.Description == "" {
		t.Errorf("error description is empty")
	}
	return e
}

// jsonCode renders a Go error code the way it appears after a JSON round
// trip, so numeric and string codes compare uniformly.
func jsonCode(code any) any {
	b, _ := json.Marshal(code)
	var v any
	_ = json.Unmarshal(b, &v)
	return v
}
