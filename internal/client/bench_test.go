package client

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func seedBody(tb testing.TB) []byte {
	tb.Helper()
	raw, err := os.ReadFile(filepath.Join("testdata", "seed_004_as_printed.json"))
	if err != nil {
		tb.Fatal(err)
	}
	return []byte(strings.Replace(string(raw), `"totalCount": 04`, `"totalCount": 4`, 1))
}

// BenchmarkDecodeSeed decodes the licence-group page's sample response.
func BenchmarkDecodeSeed(b *testing.B) {
	body := seedBody(b)
	b.ReportAllocs()
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		var out Collection[SubscribedSKU]
		if err := json.Unmarshal(body, &out); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkReadAgainstHTTPTest is one whole read, uncached: URL, headers,
// request over loopback, capped read, decode.
func BenchmarkReadAgainstHTTPTest(b *testing.B) {
	body := seedBody(b)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(body)
	}))
	b.Cleanup(srv.Close)
	base, _ := ParseEndpoint(srv.URL)
	httpClient, err := NewHTTPClient(HTTPOptions{Timeout: 0, Retry: DefaultRetryPolicy})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		// A new client per read, so that its per-process cache does not
		// answer from memory.
		c, err := New(Config{BaseURL: base, HTTPClient: httpClient, Tokens: StaticToken("t"), CorrelationID: "c"})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := c.ListSubscribedSKUs(context.Background(), seedCustomerID, AllLicenseGroups); err != nil {
			b.Fatal(err)
		}
	}
}
