package client

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"unicode"
)

// Trace carries the ids Microsoft support needs to find a call.
type Trace struct {
	RequestID     string
	CorrelationID string
}

func (t Trace) String() string {
	return fmt.Sprintf("MS-RequestId %s, MS-CorrelationId %s", t.RequestID, t.CorrelationID)
}

// RequestRecord is the request an error is about, shared by the client's
// three error types: what was asked, how many times, and the ids that let
// Microsoft support find it.
type RequestRecord struct {
	Trace
	Method string
	// URL is the whole request URL, as sent: base, path and query. The
	// endpoint may hold no user information and the token travels in a
	// header, so it carries no secret.
	URL string
	// Attempts is how many times the request was sent; 0 when it never was.
	Attempts int
}

// Record is the record itself; through embedding, it makes each error type
// a RequestError.
func (r *RequestRecord) Record() *RequestRecord { return r }

// RequestError is an error about one request: *APIError, *ResponseError or
// *TransportError.
type RequestError interface {
	error
	Record() *RequestRecord
}

// AsRequestError finds the client's error about a request in err's chain.
func AsRequestError(err error) (RequestError, bool) {
	var reqErr RequestError
	ok := errors.As(err, &reqErr)
	return reqErr, ok
}

// APIError is a non-2xx answer from Partner Center.
type APIError struct {
	RequestRecord
	StatusCode int
	// Code is Partner Center's own error code (a number such as 20002 or a
	// string), empty when the body carried none.
	Code string
	// Gateway is set when the body had the API gateway's shape,
	// {"statusCode": N, "message": "..."}, rather than the service's own:
	// the gateway throttled the call or knows no such route. Code then
	// repeats the status.
	Gateway bool
	// Description is Partner Center's explanation, or a summary of a body
	// that was not a Partner Center error (an HTML gateway page, say).
	Description string
	// Credential names the credential a 401 refused, when the token source
	// can say; empty otherwise.
	Credential string
	// ClaimsChallenge is set on a 401 whose WWW-Authenticate is a claims
	// challenge (error="insufficient_claims"): the token's session was
	// revoked (challenge.go).
	ClaimsChallenge bool
}

func (e *APIError) Error() string {
	return fmt.Sprintf("%s %s: HTTP %d%s%s: %s [%s]", e.Method, e.URL, e.StatusCode, optional(" (code %s)", e.Code),
		AfterAttempts(e.Attempts), e.Description, e.Trace)
}

// ResponseError is a 2xx answer whose body could not be used.
type ResponseError struct {
	RequestRecord
	StatusCode int
	// WellFormed is set when the body was complete, valid JSON whose shape
	// the provider could not read (an item with a field of an unexpected
	// type): not a proxy's page or a cut connection, so running the plan
	// again will not help.
	WellFormed bool
	Err        error
}

func (e *ResponseError) Error() string {
	return fmt.Sprintf("%s %s: HTTP %d with an unusable body: %v [%s]", e.Method, e.URL, e.StatusCode, e.Err, e.Trace)
}

func (e *ResponseError) Unwrap() error { return e.Err }

// TransportError is a request that got no HTTP answer at all: a refused or
// reset connection, a timeout, a cancelled context, or no token to send.
type TransportError struct {
	RequestRecord
	// NotSent is set when the request never left the provider: no token
	// could be had, or the token was refused before sending (expired,
	// app-only). Partner Center then has no record of the ids.
	NotSent bool
	Err     error
}

func (e *TransportError) Error() string {
	if e.NotSent {
		return fmt.Sprintf("%s %s (not sent): %v [%s]", e.Method, e.URL, e.Err, e.Trace)
	}
	return fmt.Sprintf("%s %s%s: %v [%s]", e.Method, e.URL, AfterAttempts(e.Attempts), e.Err, e.Trace)
}

func (e *TransportError) Unwrap() error { return e.Err }

// ItemError is an item of a collection that could not be read although the
// body as a whole was valid JSON: a field holds a type the provider does not
// expect. It names the item so that the user, and the provider's developers,
// can find it.
type ItemError struct {
	// Index is the item's place in the collection's items, from 0.
	Index int
	// Name is what the item calls itself, such as "sku_part_number
	// AAD_PREMIUM" or "id 0c39d6d5-…"; empty when it says nothing.
	Name string
	Err  error
}

func (e *ItemError) Error() string {
	return fmt.Sprintf("items[%d]%s: %s", e.Index, optional(" (%s)", e.Name), describeTypeError(e.Err))
}

func (e *ItemError) Unwrap() error { return e.Err }

// optional formats s with format, or is empty when s is: the parts of a
// message that only some errors have.
func optional(format, s string) string {
	if s == "" {
		return ""
	}
	return fmt.Sprintf(format, s)
}

// errorBody covers both error shapes Partner Center answers with: its own
// {code, description, data, source} and the gateway's {statusCode, message}.
type errorBody struct {
	Code        json.RawMessage `json:"code"`
	Description string          `json:"description"`
	StatusCode  json.RawMessage `json:"statusCode"`
	Message     string          `json:"message"`
}

// maxSnippet bounds how much of an unrecognised body reaches an error message.
const maxSnippet = 200

// parsedError is what an error body says.
type parsedError struct {
	code, description string
	gateway           bool // the gateway's {statusCode, message} shape
}

// parseErrorBody extracts Partner Center's code and description from an
// error body, falling back to a short, printable summary of anything else.
func parseErrorBody(body []byte, contentType string, truncated bool) parsedError {
	var parsed errorBody
	if err := json.Unmarshal(body, &parsed); err == nil {
		out := parsedError{code: rawScalar(parsed.Code), description: strings.TrimSpace(parsed.Description)}
		if out.description == "" {
			out.description = strings.TrimSpace(parsed.Message)
		}
		if out.code == "" {
			out.code = rawScalar(parsed.StatusCode)
			out.gateway = out.code != ""
		}
		if out.code != "" || out.description != "" {
			if out.description == "" {
				out.description = "no description was given"
			}
			return out
		}
	}
	return parsedError{description: describeUnrecognisedBody(body, contentType, truncated)}
}

// rawScalar renders a JSON number or string code as text; anything else
// (null, objects) is treated as absent.
func rawScalar(raw json.RawMessage) string {
	var s string
	if err := json.Unmarshal(raw, &s); err == nil {
		return strings.TrimSpace(s)
	}
	var n json.Number
	if err := json.Unmarshal(raw, &n); err == nil {
		return n.String()
	}
	return ""
}

func describeUnrecognisedBody(body []byte, contentType string, truncated bool) string {
	if len(strings.TrimSpace(string(body))) == 0 {
		return "the response had no body"
	}
	kind := "a body that is not a Partner Center error"
	if contentType != "" {
		kind = fmt.Sprintf("a %s body that is not a Partner Center error", contentType)
	}
	suffix := ""
	if truncated {
		suffix = " (body cut at the size cap)"
	}
	return fmt.Sprintf("%s, starting %q%s", kind, printableSnippet(body), suffix)
}

// printableSnippet keeps an error message short and free of control
// characters that could garble a terminal.
func printableSnippet(body []byte) string {
	var b strings.Builder
	for _, r := range strings.Join(strings.Fields(string(body)), " ") {
		if b.Len() >= maxSnippet {
			b.WriteString("…")
			break
		}
		if unicode.IsPrint(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}
