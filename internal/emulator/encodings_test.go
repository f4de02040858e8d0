package emulator

import (
	"bytes"
	"compress/gzip"
	"compress/zlib"
	"encoding/json"
	"io"
	"net/http"
	"testing"
)

// noDecompression is a client that asks for no encoding and decompresses
// nothing, so the test sees the body as the emulator sent it.
func noDecompression(t *testing.T) *http.Client {
	t.Helper()
	tr := &http.Transport{DisableCompression: true}
	t.Cleanup(tr.CloseIdleConnections)
	return &http.Client{Transport: tr}
}

func gunzipOrFail(t *testing.T, b []byte) []byte {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	out, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// Each encoding sends the normal answer, in that encoding, with the header
// it names or none; the stored brotli and zstd forms hold the answer's bytes
// as they are, so the test finds them inside.
func TestFaultEncoding(t *testing.T) {
	_, plainSrv := newServer(t, Options{})
	want := do(t, plainSrv, http.MethodGet, licensesPath(contoso, adeleID), authed()).body
	if !json.Valid(want) {
		t.Fatalf("the normal answer %q is not JSON", want)
	}
	cases := []struct {
		encoding BodyEncoding
		header   string
		magic    []byte
		decode   func(t *testing.T, b []byte) []byte
	}{
		{EncodingGzip, "gzip", []byte{0x1f, 0x8b}, gunzipOrFail},
		{EncodingGzipWithoutHeader, "", []byte{0x1f, 0x8b}, gunzipOrFail},
		{EncodingDeflate, "deflate", []byte{0x78}, func(t *testing.T, b []byte) []byte {
			zr, err := zlib.NewReader(bytes.NewReader(b))
			if err != nil {
				t.Fatal(err)
			}
			out, err := io.ReadAll(zr)
			if err != nil {
				t.Fatal(err)
			}
			return out
		}},
		{EncodingBrotli, "br", nil, nil},
		{EncodingZstd, "zstd", zstdMagic, nil},
		{EncodingZstdWithoutHeader, "", zstdMagic, nil},
	}
	for _, tc := range cases {
		t.Run(string(tc.encoding), func(t *testing.T) {
			em, srv := newFaultServer(t, Fault{Kind: FaultEncoding, Encoding: tc.encoding})
			r, err := fetch(t, noDecompression(t), srv.URL+licensesPath(contoso, adeleID), authed())
			if err != nil {
				t.Fatal(err)
			}
			if r.status != http.StatusOK || r.header.Get("Content-Encoding") != tc.header || r.header.Get("Content-Type") == "" {
				t.Errorf("status %d, Content-Encoding %q, Content-Type %q; want 200, %q and the answer's type",
					r.status, r.header.Get("Content-Encoding"), r.header.Get("Content-Type"), tc.header)
			}
			if !bytes.HasPrefix(r.body, tc.magic) {
				t.Errorf("body starts % x, want % x", r.body[:min(len(r.body), 4)], tc.magic)
			}
			if tc.decode != nil {
				// The mark is part of the answer, so inside the encoding.
				if got := tc.decode(t, r.body); !bytes.Equal(got, append([]byte(utf8BOM), want...)) {
					t.Errorf("decoded body %q, want the mark and %q", got, want)
				}
			} else if !bytes.Contains(r.body, want) {
				t.Errorf("stored body % x does not hold the answer", r.body)
			}
			checkInjected(t, em, map[FaultKind]int64{FaultEncoding: 1})
		})
	}
}

// The stored forms, against the formats' own smallest cases: the empty
// brotli stream is the one byte 06, and an empty zstd frame is its magic,
// a header and one empty last raw block.
func TestStoredEncodingsOfNothing(t *testing.T) {
	if got := brotliStored(nil); !bytes.Equal(got, []byte{0x06}) {
		t.Errorf("brotliStored(nil) = % x, want 06", got)
	}
	if got, want := zstdStored(nil), []byte{0x28, 0xb5, 0x2f, 0xfd, 0x00, 0x38, 0x01, 0x00, 0x00}; !bytes.Equal(got, want) {
		t.Errorf("zstdStored(nil) = % x, want % x", got, want)
	}
	// Past a chunk: brotli's stream header bit and a 20-bit meta-block
	// header round up to 3 bytes, the next header's 20 bits to 3, and the
	// empty last meta-block is 1; zstd's frame header is 6 bytes and each
	// block's 3.
	big := bytes.Repeat([]byte{'x'}, brotliStoredChunk+1)
	if got, want := len(brotliStored(big)), 3+brotliStoredChunk+3+1+1; got != want {
		t.Errorf("brotliStored of %d bytes is %d bytes, want %d", len(big), got, want)
	}
	big = bytes.Repeat([]byte{'x'}, zstdBlockMax+1)
	if got, want := len(zstdStored(big)), 6+3+zstdBlockMax+3+1; got != want {
		t.Errorf("zstdStored of %d bytes is %d bytes, want %d", len(big), got, want)
	}
}

func TestFaultOversizedGzip(t *testing.T) {
	em, srv := newFaultServer(t, Fault{Kind: FaultOversizedGzip})
	r, err := fetch(t, noDecompression(t), srv.URL+licensesPath(contoso, adeleID), authed())
	if err != nil {
		t.Fatal(err)
	}
	if r.status != http.StatusOK || r.header.Get("Content-Encoding") != "gzip" || len(r.body) > 64<<10 {
		t.Errorf("status %d, Content-Encoding %q, %d bytes; want 200, gzip and a small body", r.status, r.header.Get("Content-Encoding"), len(r.body))
	}
	plain := bytes.TrimPrefix(gunzipOrFail(t, r.body), []byte(utf8BOM))
	if len(plain) <= 8<<20 || !json.Valid(plain) {
		t.Errorf("decompressed body is %d bytes, valid JSON %v; want valid JSON past 8 MiB", len(plain), json.Valid(plain))
	}
	checkInjected(t, em, map[FaultKind]int64{FaultOversizedGzip: 1})
}
