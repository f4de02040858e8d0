package client

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"github.com/google/uuid"
)

// Get sends req once per provider process (see readCache) and decodes its
// 2xx answer into a T. Identical requests in flight at once share one call;
// a later one is answered from memory. Callers must not modify the answer.
func Get[T any](ctx context.Context, c *Client, req Request) (*T, error) {
	answer, err := c.cache.do(ctx, req.CacheKey(), func(ctx context.Context) (any, error) {
		var out T
		if err := c.getJSON(ctx, req, &out); err != nil {
			return nil, err
		}
		return &out, nil
	})
	if err != nil {
		return nil, err
	}
	return answer.(*T), nil //nolint:forcetypeassert // a key's path fixes its answer's type
}

// getJSON sends one logical GET and decodes a 2xx body into out.
//
// This is the 401 stage, the outermost of the pipeline NewHTTPClient builds
// (see transport.go for the order): a 401 makes the token source drop its
// token, and the request is sent once more, with the same MS-RequestId,
// when a different token is to be had.
func (c *Client) getJSON(ctx context.Context, req Request, out any) error {
	ex := exchange{
		trace:  Trace{RequestID: uuid.NewString(), CorrelationID: c.correlationID},
		path:   req.escapedPath(),
		target: c.baseURL.String() + req.pathAndQuery(),
		header: req.Header,
	}
	ctx, ex.attempts = withAttempts(ctx)

	token, err := c.token(ctx, req)
	if err != nil {
		return ex.notSent(fmt.Errorf("obtaining an access token: %w", err))
	}
	resp, err := c.send(ctx, ex, token)
	if err != nil {
		return err
	}
	if resp.status == http.StatusUnauthorized && !resp.claimsChallenge {
		retried, ok, err := c.retryWithNewToken(ctx, ex, req, token)
		if err != nil {
			return err
		}
		if ok {
			resp = retried
		}
	}

	if resp.status < 200 || resp.status > 299 {
		parsed := parseErrorBody(resp.bytes, resp.contentType, resp.tooLarge != nil)
		if resp.unreadable != nil {
			parsed = parsedError{description: resp.unreadable.Error()}
		}
		apiErr := &APIError{RequestRecord: ex.record(), StatusCode: resp.status,
			Code: parsed.code, Description: parsed.description, Gateway: parsed.gateway,
			ClaimsChallenge: resp.claimsChallenge}
		if d, ok := c.tokens.(Describer); ok && resp.status == http.StatusUnauthorized {
			apiErr.Credential = d.Describe()
		}
		return apiErr
	}
	switch {
	case resp.unreadable != nil:
		return ex.responseError(resp.status, resp.unreadable)
	case resp.readErr != nil:
		return ex.responseError(resp.status, fmt.Errorf("reading the body: %w", resp.readErr))
	case resp.tooLarge != nil:
		return ex.responseError(resp.status, resp.tooLarge)
	}
	if err := json.Unmarshal(resp.bytes, out); err != nil {
		respErr := ex.responseError(resp.status, describeDecodeError(err, resp.bytes, resp.contentType))
		respErr.WellFormed = wellFormed(err)
		return respErr
	}
	if page, ok := out.(pageRecorder); ok {
		page.recordRequest(ex.record())
	}
	return nil
}

// token gets the token for req, refusing before anything is sent one that
// the call would refuse: an app-only token on an App+User call.
func (c *Client) token(ctx context.Context, req Request) (string, error) {
	token, err := c.tokens.Token(ctx)
	if err != nil {
		return "", err
	}
	if v, ok := c.tokens.(AppUserVerifier); ok && req.AppUser {
		if err := v.VerifyAppUser(token); err != nil {
			return "", err
		}
	}
	return token, nil
}

// retryWithNewToken handles a 401: the token source drops the refused token
// and, if it then offers a different one, the request is sent once more.
// A static token cannot change, so it is not sent twice. A claims challenge
// does not come here: its session was revoked, so a token from the same
// sign-in would be challenged again (challenge.go).
func (c *Client) retryWithNewToken(ctx context.Context, ex exchange, req Request, refused string) (response, bool, error) {
	inv, ok := c.tokens.(Invalidator)
	if !ok {
		return response{}, false, nil
	}
	inv.Invalidate(refused)
	token, err := c.token(ctx, req)
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
	header   http.Header // the call's own headers
	attempts *attempts
}

// made is how many times the request was sent: the retry stage counts each
// attempt; without retries there is just the one.
func (ex exchange) made() int { return max(1, ex.attempts.made()) }

func (ex exchange) transportError(err error) error {
	// net/http's *url.Error repeats the method and URL, which the error
	// shows already.
	var urlErr *url.Error
	if errors.As(err, &urlErr) {
		err = urlErr.Err
	}
	return &TransportError{RequestRecord: ex.record(), Err: err}
}

// notSent is the error of a request that never left the provider.
func (ex exchange) notSent(err error) error {
	rec := ex.record()
	rec.Attempts = 0 // never sent
	return &TransportError{RequestRecord: rec, NotSent: true, Err: err}
}

func (ex exchange) responseError(status int, err error) *ResponseError {
	return &ResponseError{RequestRecord: ex.record(), StatusCode: status, Err: err}
}

// record is what an error tells of the request.
func (ex exchange) record() RequestRecord {
	return RequestRecord{Trace: ex.trace, Method: http.MethodGet, URL: ex.target, Attempts: ex.made()}
}

// response is what came back for one attempt.
type response struct {
	status      int
	contentType string
	body
	// claimsChallenge: a 401 with a claims challenge (challenge.go).
	claimsChallenge bool
}

// send makes one attempt with fresh headers, so a new token is really used.
func (c *Client) send(ctx context.Context, ex exchange, token string) (response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, ex.target, nil)
	if err != nil {
		return response{}, ex.transportError(err)
	}
	for name, values := range ex.header {
		req.Header[http.CanonicalHeaderKey(name)] = append([]string(nil), values...)
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
	read := readBody(resp, c.maxBodyBytes)
	read.bytes = trimBOM(read.bytes)
	fields := map[string]any{
		"method":         http.MethodGet,
		"path":           ex.path,
		"status":         resp.StatusCode,
		"request_id":     ex.trace.RequestID,
		"correlation_id": ex.trace.CorrelationID,
		"duration_ms":    time.Since(started).Milliseconds(),
		"body_bytes":     len(read.bytes),
	}
	if read.decoded != "" {
		// A gzip body without its header is read, not refused (see
		// encoding.go); this line is where it shows.
		fields["body_decompressed_from"] = read.decoded
	}
	c.logger.Debug(ctx, "Partner Center request", fields)
	return response{status: resp.StatusCode, contentType: resp.Header.Get("Content-Type"), body: read,
		claimsChallenge: resp.StatusCode == http.StatusUnauthorized && insufficientClaims(resp.Header.Values("WWW-Authenticate"))}, nil
}
