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

// getJSON sends one logical GET and decodes a 2xx body into out.
// escapedPath must already be escaped segment by segment (see pathSegments).
//
// This is the single place every call goes through: retries with a stable
// MS-RequestId, 401 token refresh and throttling belong here.
func (c *Client) getJSON(ctx context.Context, escapedPath string, query url.Values, out any) error {
	trace := Trace{RequestID: uuid.NewString(), CorrelationID: c.correlationID}
	target := c.baseURL.String() + escapedPath
	if len(query) > 0 {
		target += "?" + query.Encode()
	}
	fail := func(err error) error {
		return &TransportError{Trace: trace, Method: http.MethodGet, Path: escapedPath, Err: err}
	}

	token, err := c.tokens.Token(ctx)
	if err != nil {
		return fail(fmt.Errorf("obtaining an access token: %w", err))
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, target, nil)
	if err != nil {
		return fail(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Accept", "application/json")
	req.Header.Set("MS-RequestId", trace.RequestID)
	req.Header.Set("MS-CorrelationId", trace.CorrelationID)
	req.Header.Set("X-Locale", c.locale)
	if c.userAgent != "" {
		req.Header.Set("User-Agent", c.userAgent)
	}

	started := time.Now()
	resp, err := c.httpClient.Do(req)
	if err != nil {
		return fail(err)
	}
	defer func() { _ = resp.Body.Close() }()
	body, truncated, readErr := readCapped(resp.Body, c.maxBodyBytes)
	c.logger.Debug(ctx, "Partner Center request", map[string]any{
		"method":         http.MethodGet,
		"path":           escapedPath,
		"status":         resp.StatusCode,
		"request_id":     trace.RequestID,
		"correlation_id": trace.CorrelationID,
		"duration_ms":    time.Since(started).Milliseconds(),
		"body_bytes":     len(body),
	})

	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		code, description := parseErrorBody(body, resp.Header.Get("Content-Type"), truncated)
		return &APIError{Trace: trace, Method: http.MethodGet, Path: escapedPath, StatusCode: resp.StatusCode, Code: code, Description: description}
	}
	bodyFail := func(err error) error {
		return &ResponseError{Trace: trace, Method: http.MethodGet, Path: escapedPath, StatusCode: resp.StatusCode, Err: err}
	}
	switch {
	case readErr != nil:
		return bodyFail(fmt.Errorf("reading the body: %w", readErr))
	case truncated:
		return bodyFail(fmt.Errorf("the body is larger than the %d-byte cap", c.maxBodyBytes))
	}
	if err := json.Unmarshal(body, out); err != nil {
		return bodyFail(describeDecodeError(err, body, resp.Header.Get("Content-Type")))
	}
	return nil
}

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
	default:
		return fmt.Errorf("the JSON body does not have the expected shape: %w", err)
	}
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
