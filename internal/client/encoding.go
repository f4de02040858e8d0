package client

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"net/http"
	"strings"
)

// How a response body is read, whatever encoding it comes in.
//
// The client asks for gzip and nothing else: it sets no Accept-Encoding, so
// Go's http.Transport adds "Accept-Encoding: gzip" and decompresses a gzip
// answer itself, dropping its Content-Encoding and Content-Length
// (resp.Uncompressed): docs/development/partner-center-api.md, "Headers".
// What reaches readBody is therefore one of:
//
//   - a body that still names gzip (a transport that did not decompress it):
//     decompressed here, as the encoding the client asked for;
//   - a body that names another encoding (br, deflate, zstd): never asked
//     for, so not decoded, but named, from the header, since brotli has no
//     magic number to tell it by;
//   - a body that names none but starts with gzip's magic bytes, 1f 8b: a
//     proxy stripped the header, or compressed twice. It is decompressed, and
//     said in the debug log. JSON cannot start with byte 1f, so the bytes are
//     unambiguous, and gzip's trailer (a CRC-32 and the length) proves the
//     result is what was compressed; refusing it would stop the plan over a
//     header the user often cannot change, with nothing wrong in the answer.
//   - a body that names none but starts with zstd's magic bytes, 28 b5 2f
//     fd: named, not decoded, like a zstd header.
//
// The size cap applies to the body the client decodes, after decompression:
// a few kilobytes of gzip can hold gigabytes of JSON.

var (
	gzipMagic = []byte{0x1f, 0x8b}
	zstdMagic = []byte{0x28, 0xb5, 0x2f, 0xfd}
)

// EncodingError is a body in an encoding the client did not ask for and so
// does not decode.
type EncodingError struct {
	// Encoding is what the Content-Encoding header named, such as "br" or
	// "gzip, br"; or, when it named none, the compression the body's first
	// bytes show ("zstd").
	Encoding string
	// Headerless is set when the body's first bytes named the encoding
	// because no Content-Encoding header did.
	Headerless bool
}

func (e *EncodingError) Error() string {
	if e.Headerless {
		return fmt.Sprintf("the body is %s-compressed data (it starts with %s's magic bytes) sent without a Content-Encoding "+
			"header, and the provider asks for gzip only (Accept-Encoding: gzip), so it cannot read it", e.Encoding, e.Encoding)
	}
	return fmt.Sprintf("the body is in Content-Encoding %q, which the provider did not ask for (it sends Accept-Encoding: gzip) "+
		"and cannot read", e.Encoding)
}

// SizeCapError is a body larger than the client's cap on a response body
// (Config.MaxBodyBytes).
type SizeCapError struct {
	// Cap is the cap in bytes.
	Cap int64
	// Encoding is the compression the body was sent in ("gzip"), or empty
	// for a plain body.
	Encoding string
	// Decompressed is set when the cap was hit by the decompressed body:
	// the body as sent may have been far smaller.
	Decompressed bool
	// CompressedBytes is the body's size as sent when the cap was hit after
	// decompression and that size is known, else 0. Go's transport, which
	// decompresses gzip itself, does not report it.
	CompressedBytes int64
}

func (e *SizeCapError) Error() string {
	limit := "the " + capText(e.Cap) + " cap on a response body"
	switch {
	case e.Decompressed && e.CompressedBytes > 0:
		return fmt.Sprintf("the body, decompressed from %s, is larger than %s; it was %d bytes compressed", e.Encoding, limit, e.CompressedBytes)
	case e.Decompressed:
		return fmt.Sprintf("the body, decompressed from %s, is larger than %s", e.Encoding, limit)
	case e.Encoding != "":
		return fmt.Sprintf("the %s body is larger than %s even compressed", e.Encoding, limit)
	}
	return "the body is larger than " + limit
}

// capText says a cap in bytes, and in MiB when it is a whole number of them.
func capText(n int64) string {
	const mib = 1 << 20
	if n >= mib && n%mib == 0 {
		return fmt.Sprintf("%d-byte (%d MiB)", n, n/mib)
	}
	return fmt.Sprintf("%d-byte", n)
}

// body is a response body as the client read it.
type body struct {
	// bytes is the body, decompressed where the client could, at most the
	// cap long.
	bytes []byte
	// readErr is a failure to read or decompress it part-way.
	readErr error
	// tooLarge is set when the body hit the cap.
	tooLarge *SizeCapError
	// unreadable is set when the body is in an encoding the client does
	// not decode; bytes then holds it as sent.
	unreadable *EncodingError
	// decoded says, for the debug log, how the body was decompressed:
	// "gzip", "gzip without a Content-Encoding header", or empty.
	decoded string
}

// readBody reads resp's body up to limit bytes after decompression.
func readBody(resp *http.Response, limit int64) body {
	raw, truncated, err := readCapped(resp.Body, limit)
	var out body
	switch encoding := contentEncoding(resp.Header); {
	case encoding == "gzip" || encoding == "x-gzip": // x-gzip is gzip (RFC 9110, section 8.4.1.3)
		out = gunzip(raw, truncated, err, limit, false)
	case encoding != "":
		out = body{bytes: raw, unreadable: &EncodingError{Encoding: encoding}}
	case bytes.HasPrefix(raw, gzipMagic) && err == nil:
		out = gunzip(raw, truncated, err, limit, true)
	case bytes.HasPrefix(raw, zstdMagic):
		out = body{bytes: raw, unreadable: &EncodingError{Encoding: "zstd", Headerless: true}}
	default:
		out = body{bytes: raw, readErr: err}
		if truncated {
			out.tooLarge = &SizeCapError{Cap: limit}
		}
	}
	if resp.Uncompressed {
		// Go's transport decompressed a gzip answer into what was read
		// above: a cap hit there was hit after decompression, and the size
		// as sent is unknown.
		if out.tooLarge != nil && !out.tooLarge.Decompressed {
			out.tooLarge = &SizeCapError{Cap: limit, Encoding: "gzip", Decompressed: true}
		}
		if out.decoded == "" {
			out.decoded = "gzip"
		}
	}
	return out
}

// gunzip decompresses raw, the body as sent, read up to limit bytes;
// headerless says no Content-Encoding named it, only its magic bytes.
func gunzip(raw []byte, truncated bool, readErr error, limit int64, headerless bool) body {
	what, decoded := "the gzip body", "gzip"
	if headerless {
		what, decoded = "the body, gzip data without a Content-Encoding header", "gzip without a Content-Encoding header"
	}
	switch {
	case readErr != nil:
		return body{bytes: raw, readErr: readErr}
	case truncated:
		return body{bytes: raw, tooLarge: &SizeCapError{Cap: limit, Encoding: "gzip"}}
	}
	zr, err := gzip.NewReader(bytes.NewReader(raw))
	if err != nil {
		return body{bytes: raw, readErr: fmt.Errorf("decompressing %s: %w", what, err)}
	}
	plain, truncated, err := readCapped(zr, limit)
	out := body{bytes: plain, decoded: decoded}
	switch {
	case truncated:
		out.tooLarge = &SizeCapError{Cap: limit, Encoding: "gzip", Decompressed: true, CompressedBytes: int64(len(raw))}
	case err != nil:
		out.readErr = fmt.Errorf("decompressing %s: %w", what, err)
	}
	return out
}

// contentEncoding is the Content-Encoding a body still carries, lower case,
// with "identity", which means none, left out; several codings are joined
// in the order they were applied.
func contentEncoding(h http.Header) string {
	var codings []string
	for _, value := range h.Values("Content-Encoding") {
		for coding := range strings.SplitSeq(value, ",") {
			if coding = strings.ToLower(strings.TrimSpace(coding)); coding != "" && coding != "identity" {
				codings = append(codings, coding)
			}
		}
	}
	return strings.Join(codings, ", ")
}

// readCapped reads at most limit bytes and reports whether more were there.
func readCapped(r io.Reader, limit int64) (body []byte, truncated bool, err error) {
	body, err = io.ReadAll(io.LimitReader(r, limit+1))
	if int64(len(body)) > limit {
		return body[:limit], true, err
	}
	return body, false, err
}
