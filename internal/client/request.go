package client

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"time"

	"github.com/google/uuid"
)

// cachedGet reads a collection once per process for each distinct path and
// query (see readCache). A user id in another case is another path: Partner
// Center matches user principal names case-insensitively, but the provider
// does not guess at its rules.
func cachedGet[T any](ctx context.Context, c *Client, escapedPath string, query url.Values) (*Collection[T], error) {
	answer, err := c.cache.do(ctx, escapedPath+"?"+query.Encode(), func(ctx context.Context) (any, error) {
		var out Collection[T]
		if err := c.getJSON(ctx, escapedPath, query, &out); err != nil {
			return nil, err
		}
		if out.Items == nil {
			out.Items = []T{}
		}
		return &out, nil
	})
	if err != nil {
		return nil, err
	}
	return answer.(*Collection[T]), nil //nolint:forcetypeassert // the key's path fixes the type
}

// getJSON sends one logical GET and decodes a 2xx body into out.
// escapedPath must already be escaped segment by segment (see pathSegments).
//
// This is the single place every call goes through. A 401 makes the token
// source drop its token and the request is sent once more, with the same
// MS-RequestId, when a different token is to be had. Retries of 429s, 5xx
// and network errors happen below, in the injected client's transport
// (see newRetryingTransport).
func (c *Client) getJSON(ctx context.Context, escapedPath string, query url.Values, out any) error {
	ex := exchange{
		trace:  Trace{RequestID: uuid.NewString(), CorrelationID: c.correlationID},
		path:   escapedPath,
		target: c.baseURL.String() + escapedPath,
	}
	ctx, ex.attempts = withAttempts(ctx)
	if len(query) > 0 {
		ex.target += "?" + query.Encode()
	}

	token, err := c.tokens.Token(ctx)
	if err != nil {
		return ex.notSent(fmt.Errorf("obtaining an access token: %w", err))
	}
	resp, err := c.send(ctx, ex, token)
	if err != nil {
		return err
	}
	if resp.status == http.StatusUnauthorized {
		retried, ok, err := c.retryWithNewToken(ctx, ex, token)
		if err != nil {
			return err
		}
		if ok {
			resp = retried
		}
	}

	if resp.status < 200 || resp.status > 299 {
		parsed := parseErrorBody(resp.body, resp.contentType, resp.truncated)
		apiErr := &APIError{Trace: ex.trace, Method: http.MethodGet, Path: escapedPath, URL: ex.target, StatusCode: resp.status,
			Code: parsed.code, Description: parsed.description, Gateway: parsed.gateway, Attempts: ex.made()}
		if d, ok := c.tokens.(Describer); ok && resp.status == http.StatusUnauthorized {
			apiErr.Credential = d.Describe()
		}
		return apiErr
	}
	switch {
	case resp.readErr != nil:
		return ex.responseError(resp.status, fmt.Errorf("reading the body: %w", resp.readErr))
	case resp.truncated:
		return ex.responseError(resp.status, fmt.Errorf("the body is larger than the %d-byte cap", c.maxBodyBytes))
	}
	if err := json.Unmarshal(resp.body, out); err != nil {
		respErr := ex.responseError(resp.status, describeDecodeError(err, resp.body, resp.contentType))
		respErr.WellFormed = wellFormed(err)
		return respErr
	}
	return nil
}

// retryWithNewToken handles a 401: the token source drops the refused token
// and, if it then offers a different one, the request is sent once more.
// A static token cannot change, so it is not sent twice.
func (c *Client) retryWithNewToken(ctx context.Context, ex exchange, refused string) (response, bool, error) {
	inv, ok := c.tokens.(Invalidator)
	if !ok {
		return response{}, false, nil
	}
	inv.Invalidate(refused)
	token, err := c.tokens.Token(ctx)
	if err != nil {
		return response{}, false, ex.transportError(fmt.Errorf("obtaining a new access token after HTTP 401: %w", err))
	}
	if token == refused {
		return response{}, false, nil
	}
	resp, err := c.send(ctx, ex, token)
	return resp, err == nil, err
}

// exchange is one logical request: its ids, where it goes, and how many
// times it has been sent.
type exchange struct {
	trace    Trace
	path     string
	target   string
	attempts *attempts
}

// made is how many times the request was sent: the retry hooks count each
// attempt; without a retrying transport there is just the one.
func (ex exchange) made() int { return max(1, ex.attempts.made()) }

func (ex exchange) transportError(err error) error {
	return &TransportError{Trace: ex.trace, Method: http.MethodGet, Path: ex.path, URL: ex.target, Attempts: ex.made(), Err: err}
}

// notSent is the error of a request that never left the provider.
func (ex exchange) notSent(err error) error {
	return &TransportError{Trace: ex.trace, Method: http.MethodGet, Path: ex.path, URL: ex.target, NotSent: true, Err: err}
}

func (ex exchange) responseError(status int, err error) *ResponseError {
	return &ResponseError{Trace: ex.trace, Method: http.MethodGet, Path: ex.path, URL: ex.target, StatusCode: status, Attempts: ex.made(), Err: err}
}

// response is what came back for one attempt.
type response struct {
	status      int
	contentType string
	body        []byte
	truncated   bool
	readErr     error
}

// send makes one attempt with fresh headers, so a new token is really used.
func (c *Client) send(ctx context.Context, ex exchange, token string) (response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, ex.target, nil)
	if err != nil {
		return response{}, ex.transportError(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Accept", "application/json")
	req.Header.Set("MS-RequestId", ex.trace.RequestID)
	req.Header.Set("MS-CorrelationId", ex.trace.CorrelationID)
	req.Header.Set("X-Locale", c.locale)
	if c.userAgent != "" {
		req.Header.Set("User-Agent", c.userAgent)
	}

	started := time.Now()
	resp, err := c.httpClient.Do(req)
	if err != nil {
		return response{}, ex.transportError(err)
	}
	defer func() { _ = resp.Body.Close() }()
	body, truncated, readErr := readCapped(resp.Body, c.maxBodyBytes)
	body = trimBOM(body)
	c.logger.Debug(ctx, "Partner Center request", map[string]any{
		"method":         http.MethodGet,
		"path":           ex.path,
		"status":         resp.StatusCode,
		"request_id":     ex.trace.RequestID,
		"correlation_id": ex.trace.CorrelationID,
		"duration_ms":    time.Since(started).Milliseconds(),
		"body_bytes":     len(body),
	})
	return response{status: resp.StatusCode, contentType: resp.Header.Get("Content-Type"), body: body, truncated: truncated, readErr: readErr}, nil
}

// utf8BOM is the byte order mark Microsoft's own response samples start
// with (see PARTNER_CENTER_API.md and api-samples/*.bom.json). .NET's HTTP
// stack drops it silently; encoding/json refuses it.
var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// trimBOM drops one leading UTF-8 byte order mark, so that every body the
// client decodes, success or error, reads the same with or without one.
func trimBOM(body []byte) []byte { return bytes.TrimPrefix(body, utf8BOM) }

// readCapped reads at most limit bytes and reports whether more were there.
func readCapped(r io.Reader, limit int64) (body []byte, truncated bool, err error) {
	body, err = io.ReadAll(io.LimitReader(r, limit+1))
	if int64(len(body)) > limit {
		return body[:limit], true, err
	}
	return body, false, err
}

func describeDecodeError(err error, body []byte, contentType string) error {
	var syntax *json.SyntaxError
	switch {
	case len(bytes.TrimSpace(body)) == 0:
		return errors.New("the body is empty")
	case errors.Is(err, io.ErrUnexpectedEOF), errors.As(err, &syntax) && syntax.Offset >= int64(len(body)):
		return errors.New("the JSON body ends early (truncated)")
	case errors.As(err, &syntax):
		return fmt.Errorf("the body is not valid JSON (Content-Type %q) at byte %d: %w; it starts %q", contentType, syntax.Offset, err, printableSnippet(body))
	case wellFormed(err):
		var itemErr *ItemError
		if errors.As(err, &itemErr) {
			return fmt.Errorf("the answer is valid JSON, but an item does not have the expected shape: %w", itemErr)
		}
		return fmt.Errorf("the answer is valid JSON, but it does not have the expected shape: %s", describeTypeError(err))
	default:
		return fmt.Errorf("the JSON body does not have the expected shape: %w", err)
	}
}

// wellFormed reports a decoding error of valid, complete JSON: a field of a
// type the provider does not expect, not a cut or foreign body.
func wellFormed(err error) bool {
	var itemErr *ItemError
	var typeErr *json.UnmarshalTypeError
	return errors.As(err, &itemErr) || errors.As(err, &typeErr)
}

// pathSegments escapes each segment on its own, so a value such as a guest
// UPN (bob_fabrikam.com#EXT#@contoso.onmicrosoft.com) stays one segment.
func pathSegments(segments ...string) string {
	var b bytes.Buffer
	for _, s := range segments {
		b.WriteByte('/')
		b.WriteString(url.PathEscape(s))
	}
	return b.String()
}

// licenseGroupQuery repeats licenseGroupIds once per group, as the service
// expects; a comma-joined value is refused by Partner Center.
func licenseGroupQuery(groups []LicenseGroup) url.Values {
	q := url.Values{}
	for _, g := range groups {
		q.Add("licenseGroupIds", string(g))
	}
	return q
}
