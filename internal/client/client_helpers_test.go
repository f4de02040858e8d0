package client

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

const (
	testToken         = "test-token-value"
	testCorrelationID = "c8cb5a60-ae08-4afc-92f0-efc42adfa186"
	seedCustomerID    = "0c39d6d5-c70d-4c55-bc02-f620844f3fd1"
)

// newTestClient serves handler on a fresh httptest server and returns a
// client pointed at it. The server is closed when the test ends.
func newTestClient(t *testing.T, handler http.Handler, opts ...func(*Config)) *Client {
	t.Helper()
	srv := httptest.NewServer(handler)
	t.Cleanup(srv.Close)
	base, err := ParseEndpoint(srv.URL)
	if err != nil {
		t.Fatalf("ParseEndpoint(%q): %v", srv.URL, err)
	}
	cfg := Config{
		BaseURL:       base,
		HTTPClient:    srv.Client(),
		Tokens:        StaticToken(testToken),
		CorrelationID: testCorrelationID,
		UserAgent:     UserAgent("1.2.3", "1.11.4"),
	}
	for _, opt := range opts {
		opt(&cfg)
	}
	c, err := New(cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return c
}

// respond answers every request with status and body.
func respond(status int, contentType, body string) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		if contentType != "" {
			w.Header().Set("Content-Type", contentType)
		}
		w.WriteHeader(status)
		_, _ = w.Write([]byte(body))
	}
}
