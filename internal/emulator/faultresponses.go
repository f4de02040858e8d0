package emulator

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// gatewayError is the {"statusCode", "message"} body Partner Center's API
// gateway sends when it throttles, rather than the service's own error shape;
// clients have to read both.
type gatewayError struct {
	StatusCode int    `json:"statusCode"`
	Message    string `json:"message"`
}

// writeThrottled answers 429 with retryAfter in the header (none when it is
// empty) and the wait in the gateway's wording.
func writeThrottled(w http.ResponseWriter, retryAfter string, seconds int) {
	if retryAfter != "" {
		w.Header().Set("Retry-After", retryAfter)
	}
	writeJSON(w, http.StatusTooManyRequests, gatewayError{
		StatusCode: http.StatusTooManyRequests,
		Message:    fmt.Sprintf("Rate limit is exceeded. Try again in %d seconds.", seconds),
	})
}

// writeThrottle sends a throttle fault's Retry-After in the form it asks for,
// or none at all.
func writeThrottle(w http.ResponseWriter, spec retryAfterSpec, now time.Time) {
	header := strconv.Itoa(spec.seconds)
	switch {
	case spec.messageOnly:
		header = ""
	case spec.date:
		header = now.Add(time.Duration(spec.seconds) * time.Second).UTC().Format(http.TimeFormat)
	}
	writeThrottled(w, header, spec.seconds)
}

// writeErrorFault answers with an error fault's status, code and
// description, or in the gateway's shape when it has no code.
func writeErrorFault(w http.ResponseWriter, f Fault) {
	if f.Code == "" {
		writeJSON(w, f.Status, gatewayError{StatusCode: f.Status, Message: f.Description})
		return
	}
	var code any = f.Code
	if n, err := strconv.Atoi(f.Code); err == nil {
		code = n // Partner Center sends its codes as numbers
	}
	writeError(w, f.Status, code, f.Description)
}

func writeServerError(w http.ResponseWriter, status int) {
	writeError(w, status, CodeServerError, fmt.Sprintf(
		"Injected fault: the service answered %d %s. This is a transient failure; retry later.",
		status, http.StatusText(status)))
}

// writeClaimsChallenge answers 401 with a claims challenge in the form
// Microsoft documents for Continuous Access Evaluation: a Bearer challenge
// whose error is insufficient_claims and whose claims, base64, ask for a
// token issued after now (docs/development/partner-center-api.md, "Sign-in
// facts from the field"). What Partner Center puts in the body is not
// documented; the emulator's invented InvalidToken code stands in.
func writeClaimsChallenge(w http.ResponseWriter, now time.Time) {
	claims := fmt.Sprintf(`{"access_token":{"nbf":{"essential":true,"value":"%d"}}}`, now.Unix())
	w.Header().Set("WWW-Authenticate", `Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", `+
		`error="insufficient_claims", claims="`+base64.StdEncoding.EncodeToString([]byte(claims))+`"`)
	writeError(w, http.StatusUnauthorized, CodeInvalidToken,
		"Continuous access evaluation resulted in a claims challenge: the token's session was revoked.")
}

// gatewayPage is what a load balancer in front of an HTTP API sends when the
// service behind it is down: HTML, which a client must not try to decode as
// JSON.
const gatewayPage = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n" +
	"<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>Microsoft-Azure-Application-Gateway/v2</center>\r\n" +
	"</body>\r\n</html>\r\n"

func writeGatewayPage(w http.ResponseWriter) {
	h := w.Header()
	h.Set("Content-Type", "text/html")
	h.Set("Content-Length", strconv.Itoa(len(gatewayPage)))
	w.WriteHeader(http.StatusBadGateway)
	_, _ = w.Write([]byte(gatewayPage))
}

// collectionPrefix starts every compact collection writeCollection sends.
const collectionPrefix = `{"totalCount":`

// malformedFallback is sent when the normal answer is not a collection
// (an unknown customer, say) and so has no totalCount to damage.
const malformedFallback = `{"totalCount": 04, "items": [], "attributes": {"objectType": "Collection"}}`

// writeMalformedJSON sends 200 application/json whose body is the normal
// collection with a leading zero on totalCount ("totalCount":03). That is the
// mistake in Microsoft's printed sample, so it is the likeliest malformed body
// a client meets, and everything else about the body stays plausible.
func writeMalformedJSON(w http.ResponseWriter, r *http.Request, next http.HandlerFunc) {
	normal := capture(r, next)
	body := []byte(malformedFallback)
	if b := normal.body.Bytes(); normal.status == http.StatusOK && bytes.HasPrefix(b, []byte(collectionPrefix)) {
		body = append([]byte(collectionPrefix+"0"), b[len(collectionPrefix):]...)
	}
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(body)
}

// writeTruncated sends the normal answer's status and headers, with the
// Content-Length of its whole body, then the first half of the body, and
// aborts: the client reads an unexpected EOF, as when a connection drops
// mid-response.
func writeTruncated(w http.ResponseWriter, r *http.Request, next http.HandlerFunc) {
	normal := capture(r, next)
	h := w.Header()
	for k, v := range normal.header {
		h[k] = v
	}
	full := normal.body.Bytes() // never empty: every answer has a JSON body
	h.Set("Content-Length", strconv.Itoa(len(full)))
	w.WriteHeader(normal.status)
	_, _ = w.Write(full[:len(full)/2])
	// Without the flush the half body could sit in the server's buffer
	// and be thrown away with the connection.
	_ = http.NewResponseController(w).Flush()
	panic(http.ErrAbortHandler)
}

// resetConnection takes the connection from the server and closes it with
// SO_LINGER 0, which sends a TCP RST instead of a FIN: the client sees
// "connection reset by peer" before any response. Where the connection
// cannot be taken (HTTP/2, a ResponseRecorder), aborting the handler is the
// nearest thing: net/http then resets the stream or drops the connection.
func resetConnection(w http.ResponseWriter) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err == nil {
		raw := conn
		if tc, ok := conn.(interface{ NetConn() net.Conn }); ok {
			raw = tc.NetConn() // TLS: reset the TCP underneath, skip close_notify
		}
		if tcp, ok := raw.(*net.TCPConn); ok {
			_ = tcp.SetLinger(0)
		}
		_ = raw.Close()
	}
	// The handler must not touch w again; aborting also tells LogRequests
	// that no response went out.
	panic(http.ErrAbortHandler)
}

// holdOrAbort waits d, or for ever when d is 0, unless the request's context
// ends first: the client went away or the server is shutting down. Then
// there is nobody to answer, and the handler is aborted rather than left to
// send an empty 200 into a closed connection. Selecting on the context is
// what keeps a hung request from leaking its goroutine.
func holdOrAbort(r *http.Request, d time.Duration) {
	var elapsed <-chan time.Time // nil: never fires
	if d > 0 {
		t := time.NewTimer(d)
		defer t.Stop()
		elapsed = t.C
	}
	select {
	case <-elapsed:
	case <-r.Context().Done():
		panic(http.ErrAbortHandler)
	}
}

// captureWriter records a normal answer so a fault can damage it before it
// goes out.
type captureWriter struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func capture(r *http.Request, next http.HandlerFunc) *captureWriter {
	c := &captureWriter{header: make(http.Header)}
	next(c, r)
	if c.status == 0 {
		c.status = http.StatusOK
	}
	return c
}

func (c *captureWriter) Header() http.Header { return c.header }

func (c *captureWriter) WriteHeader(status int) {
	if c.status == 0 {
		c.status = status
	}
}

func (c *captureWriter) Write(b []byte) (int, error) {
	if c.status == 0 {
		c.status = http.StatusOK
	}
	return c.body.Write(b)
}

// writeEncoded sends the normal answer's status and headers with its body
// in encoding. The request's Accept-Encoding is not looked at: the fault is
// a proxy or gateway that does not either.
func writeEncoded(w http.ResponseWriter, r *http.Request, next http.HandlerFunc, encoding BodyEncoding) {
	normal := capture(r, next)
	w, mark := beneathBOM(w)
	plain := append(mark, normal.body.Bytes()...)
	var body []byte
	header := string(encoding)
	switch encoding {
	case EncodingGzip:
		body = gzipBytes(plain)
	case EncodingGzipWithoutHeader:
		body, header = gzipBytes(plain), ""
	case EncodingDeflate:
		body = zlibBytes(plain)
	case EncodingBrotli:
		body = brotliStored(plain)
	case EncodingZstd:
		body = zstdStored(plain)
	case EncodingZstdWithoutHeader:
		body, header = zstdStored(plain), ""
	default: // validateFault admits no other encoding
		panic(fmt.Sprintf("emulator: encoding %q has no implementation", encoding))
	}
	h := w.Header()
	for k, v := range normal.header {
		h[k] = v
	}
	if header != "" {
		h.Set("Content-Encoding", header)
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(normal.status)
	_, _ = w.Write(body)
}

// oversizedPadding is how much JSON whitespace oversized_gzip puts before
// the normal answer: 1 MiB past the provider's 8 MiB cap on a body.
const oversizedPadding = 9 << 20

// paddingMember is the first gzip member of an oversized_gzip body,
// compressed once per process: the padding, after the byte order mark
// when mark is set.
var paddingMember = map[bool]func() []byte{
	false: sync.OnceValue(func() []byte { return gzipBytes(bytes.Repeat([]byte{' '}, oversizedPadding)) }),
	true: sync.OnceValue(func() []byte {
		return gzipBytes(append([]byte(utf8BOM), bytes.Repeat([]byte{' '}, oversizedPadding)...))
	}),
}

// writeOversizedGzip sends 200 with the normal answer led by
// oversizedPadding spaces, gzip-compressed: valid JSON whose compressed
// form is small and whose decompressed form is past the cap. The body is
// two gzip members, the padding's and the answer's, which a gzip decoder
// reads as one stream (RFC 1952, section 2.2), so that only the answer is
// compressed on each request.
func writeOversizedGzip(w http.ResponseWriter, r *http.Request, next http.HandlerFunc) {
	normal := capture(r, next)
	w, mark := beneathBOM(w)
	body := append(append([]byte{}, paddingMember[mark != nil]()...), gzipBytes(normal.body.Bytes())...)
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Content-Encoding", "gzip")
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(body)
}

// beneathBOM returns the writer beneath w's byte order mark, if it has one,
// and the mark: an encoded body carries the mark inside the encoding, as
// the start of the answer it encodes, not before the encoded bytes.
func beneathBOM(w http.ResponseWriter) (http.ResponseWriter, []byte) {
	if bw, ok := w.(*bomWriter); ok {
		return bw.ResponseWriter, []byte(utf8BOM)
	}
	return w, nil
}
