package client

import (
	"bytes"
	"io"
	"net/http"
	"regexp"
	"strconv"
)

// waitInMessage finds the wait in the gateway's throttling message, "Rate
// limit is exceeded. Try again in 57 seconds."
// (docs/development/partner-center-api.md, "Errors and throttling").
var waitInMessage = regexp.MustCompile(`(?i)try again in (\d{1,9}) seconds?`)

// maxThrottleBody bounds how much of a 429's body is read to find the wait;
// the gateway's message is under a hundred bytes.
const maxThrottleBody = 16 << 10

// throttleWaitTransport is the transport stage under the retries that reads
// a 429 the way Partner Center means it. The gateway sends its wait in
// Retry-After and in the message, but clients have met the message alone.
// Without this stage a header-less 429 would be retried on the exponential
// backoff (six attempts in 27 s against a 57 s wait); with it, the message's
// wait becomes the Retry-After the retry policy reads, so both forms are
// honored, and capped, alike. The body is handed on unread.
type throttleWaitTransport struct {
	next http.RoundTripper
}

func (t throttleWaitTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := t.next.RoundTrip(req)
	if err != nil || resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("Retry-After") != "" {
		return resp, err
	}
	head, readErr := io.ReadAll(io.LimitReader(resp.Body, maxThrottleBody))
	resp.Body = readCloser{Reader: io.MultiReader(bytes.NewReader(head), errReader{readErr}, resp.Body), Closer: resp.Body}
	if m := waitInMessage.FindSubmatch(head); m != nil {
		if seconds, err := strconv.Atoi(string(m[1])); err == nil {
			resp.Header = resp.Header.Clone()
			resp.Header.Set("Retry-After", strconv.Itoa(seconds))
		}
	}
	return resp, nil
}

type readCloser struct {
	io.Reader
	io.Closer
}

// errReader hands a read error on to whoever reads the body next; a nil
// error reads as the end of this part.
type errReader struct{ err error }

func (r errReader) Read([]byte) (int, error) {
	if r.err != nil {
		return 0, r.err
	}
	return 0, io.EOF
}
