package client

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"
)

// debugLogger keeps the debug lines' fields.
type debugLogger struct {
	mu    sync.Mutex
	lines []map[string]any
}

func (l *debugLogger) Debug(_ context.Context, _ string, fields map[string]any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.lines = append(l.lines, fields)
}
func (l *debugLogger) Warn(context.Context, string, map[string]any) {}

func gzipped(t *testing.T, s string) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	if _, err := zw.Write([]byte(s)); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// encoded answers every request with status, the given Content-Encoding
// (none when empty) and the body as given, and records the request's
// Accept-Encoding.
func encoded(status int, contentEncoding string, body []byte, acceptEncoding *string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if acceptEncoding != nil {
			*acceptEncoding = r.Header.Get("Accept-Encoding")
		}
		w.Header().Set("Content-Type", "application/json")
		if contentEncoding != "" {
			w.Header().Set("Content-Encoding", contentEncoding)
		}
		w.WriteHeader(status)
		_, _ = w.Write(body)
	}
}

// encodingClient is a test client through the provider's own HTTP client,
// so that Go's transport asks for and decompresses gzip as in production.
func encodingClient(t *testing.T, h http.Handler, maxBody int64, logger Logger) *Client {
	t.Helper()
	return newTestClient(t, h, func(cfg *Config) {
		hc, err := NewHTTPClient(HTTPOptions{})
		if err != nil {
			t.Fatal(err)
		}
		cfg.HTTPClient, cfg.MaxBodyBytes, cfg.Logger = hc, maxBody, logger
	})
}

const emptyListing = `{"totalCount":0,"items":[],"attributes":{"objectType":"Collection"}}`

func TestGzipIsAskedForAndRead(t *testing.T) {
	var accept string
	logger := &debugLogger{}
	c := encodingClient(t, encoded(200, "gzip", gzipped(t, emptyListing), &accept), 0, logger)
	if _, err := c.ListSubscribedSKUs(context.Background(), seedCustomerID, nil); err != nil {
		t.Fatal(err)
	}
	if accept != "gzip" {
		t.Errorf("Accept-Encoding = %q, want gzip, the one encoding the client reads", accept)
	}
	if got := logger.lines[0]["body_decompressed_from"]; got != "gzip" {
		t.Errorf("debug line says body_decompressed_from %v, want gzip", got)
	}
}

// A transport that does not decompress (here: one told not to) leaves
// Content-Encoding: gzip on the body, and the client decompresses it.
func TestGzipTheTransportLeftIsRead(t *testing.T) {
	c := newTestClient(t, encoded(200, "x-gzip", gzipped(t, emptyListing), nil), func(cfg *Config) {
		cfg.HTTPClient = &http.Client{Transport: &http.Transport{DisableCompression: true}}
	})
	if _, err := c.ListSubscribedSKUs(context.Background(), seedCustomerID, nil); err != nil {
		t.Fatal(err)
	}
}

// A proxy that strips Content-Encoding leaves gzip bytes: read by their
// magic number, and said in the debug log.
func TestGzipWithoutHeaderIsReadAndLogged(t *testing.T) {
	logger := &debugLogger{}
	c := encodingClient(t, encoded(200, "", gzipped(t, emptyListing), nil), 0, logger)
	listing, err := c.ListSubscribedSKUs(context.Background(), seedCustomerID, nil)
	if err != nil {
		t.Fatal(err)
	}
	if listing.TotalCount != 0 {
		t.Errorf("TotalCount = %d", listing.TotalCount)
	}
	if got := logger.lines[0]["body_decompressed_from"]; got != "gzip without a Content-Encoding header" {
		t.Errorf("debug line says body_decompressed_from %v, want the header-less gzip named", got)
	}
}

func TestEncodingsNeverAskedForAreNamed(t *testing.T) {
	cases := []struct {
		name, header string
		body         []byte
		want         EncodingError
		wantText     string
	}{
		// No decoder makes these bytes; the client decides from the header.
		{"br", "br", []byte{0x1b, 0x2f, 0x00, 0x00}, EncodingError{Encoding: "br"}, `Content-Encoding "br"`},
		{"deflate", "Deflate", []byte{0x78, 0x9c, 0x03, 0x00}, EncodingError{Encoding: "deflate"}, `Content-Encoding "deflate"`},
		{"zstd", "zstd", append(append([]byte{}, zstdMagic...), 0x00), EncodingError{Encoding: "zstd"}, `Content-Encoding "zstd"`},
		{"gzip then br", "gzip, br", []byte{0x1b}, EncodingError{Encoding: "gzip, br"}, `Content-Encoding "gzip, br"`},
		{"zstd without a header", "", append(append([]byte{}, zstdMagic...), 0x00), EncodingError{Encoding: "zstd", Headerless: true},
			"zstd-compressed data (it starts with zstd's magic bytes) sent without a Content-Encoding header"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := encodingClient(t, encoded(200, tc.header, tc.body, nil), 0, nil)
			_, err := c.ListSubscribedSKUs(context.Background(), seedCustomerID, nil)
			var respErr *ResponseError
			var encErr *EncodingError
			if !errors.As(err, &respErr) || !errors.As(err, &encErr) || *encErr != tc.want {
				t.Fatalf("err = %v, want a ResponseError with %+v", err, tc.want)
			}
			for _, want := range []string{tc.wantText, "HTTP 200", "/v1/customers/" + seedCustomerID + "/subscribedskus", "MS-RequestId", testCorrelationID} {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error %q does not contain %q", err, want)
				}
			}
			if respErr.WellFormed {
				t.Error("WellFormed is set for a body never read")
			}
		})
	}
	t.Run("identity is no encoding", func(t *testing.T) {
		c := encodingClient(t, encoded(200, "identity", []byte(emptyListing), nil), 0, nil)
		if _, err := c.ListSubscribedSKUs(context.Background(), seedCustomerID, nil); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("an error answer", func(t *testing.T) {
		c := encodingClient(t, encoded(403, "br", []byte{0x1b, 0x2f}, nil), 0, nil)
		_, err := c.ListSubscribedSKUs(context.Background(), seedCustomerID, nil)
		var apiErr *APIError
		if !errors.As(err, &apiErr) || apiErr.StatusCode != 403 || !strings.Contains(apiErr.Description, `Content-Encoding "br"`) {
			t.Fatalf("err = %v, want an HTTP 403 APIError naming br", err)
		}
	})
}

func TestSizeCapAfterDecompressionIsSaid(t *testing.T) {
	// Whitespace before the JSON: valid, and it compresses a thousandfold.
	padded := func(n int) string { return strings.Repeat(" ", n) + emptyListing }
	cases := []struct {
		name, header string
		body         []byte
		maxBody      int64
		want         []string
	}{
		{"gzip the transport decompressed, default cap", "gzip", gzipped(t, padded(9<<20)), 0,
			[]string{"the body, decompressed from gzip, is larger than the 8388608-byte (8 MiB) cap on a response body"}},
		{"gzip without a header", "", gzipped(t, padded(4096)), 1024,
			[]string{"the body, decompressed from gzip, is larger than the 1024-byte cap", "bytes compressed"}},
		{"gzip the transport left", "x-gzip", gzipped(t, padded(4096)), 1024,
			[]string{"decompressed from gzip", "1024-byte cap", "bytes compressed"}},
		{"plain", "", []byte(padded(4096)), 1024, []string{"the body is larger than the 1024-byte cap"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := encodingClient(t, encoded(200, tc.header, tc.body, nil), tc.maxBody, nil)
			_, err := c.ListSubscribedSKUs(context.Background(), seedCustomerID, nil)
			var capErr *SizeCapError
			if !errors.As(err, &capErr) {
				t.Fatalf("err = %v, want a SizeCapError", err)
			}
			for _, want := range tc.want {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error %q does not contain %q", err, want)
				}
			}
			if strings.Contains(err.Error(), "JSON") {
				t.Errorf("error %q blames the JSON", err)
			}
			// Only Go's transport keeps the size as sent to itself.
			wantCompressed := int64(len(tc.body))
			if tc.header == "gzip" || !capErr.Decompressed {
				wantCompressed = 0
			}
			if capErr.CompressedBytes != wantCompressed {
				t.Errorf("CompressedBytes = %d, want %d", capErr.CompressedBytes, wantCompressed)
			}
		})
	}
}

func TestBrokenGzipWithoutHeaderIsNamed(t *testing.T) {
	body := gzipped(t, emptyListing)
	body[len(body)-5] ^= 0xff // the CRC-32 in the trailer
	c := encodingClient(t, encoded(200, "", body, nil), 0, nil)
	_, err := c.ListSubscribedSKUs(context.Background(), seedCustomerID, nil)
	if err == nil || !strings.Contains(err.Error(), "gzip data without a Content-Encoding header") || !strings.Contains(err.Error(), "checksum") {
		t.Fatalf("err = %v, want the header-less gzip and its checksum named", err)
	}
}
