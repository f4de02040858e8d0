package emulator

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
)

// FaultKind names one way the emulator can misbehave on purpose, so that users
// can rehearse Partner Center incidents in their own CI and tests can prove a
// client survives them.
type FaultKind string

// The fault kinds. Each comment says what a matching request gets.
const (
	// FaultLatency adds Latency before the request proceeds to later faults
	// and the normal answer.
	FaultLatency FaultKind = "latency"
	// FaultThrottle answers 429 with Retry-After (RetryAfter) and the
	// gateway's {"statusCode", "message"} body, whose message says the same
	// wait; RetryAfter "message:N" leaves the header out, as the service
	// sometimes does, and the wait is only in the message.
	FaultThrottle FaultKind = "throttle"
	// FaultServerError answers Status (default 503) in Partner Center's JSON
	// error shape.
	FaultServerError FaultKind = "server_error"
	// FaultError answers Status (any 4xx or 5xx, required) with Code and
	// Description in Partner Center's error shape, such as 403 with 900150
	// for one customer or 401 with 900421; without a Code, in the gateway's
	// {"statusCode", "message"} shape, such as 404 "Resource not found".
	FaultError FaultKind = "error"
	// FaultReset resets the TCP connection before any response.
	FaultReset FaultKind = "reset"
	// FaultHang holds the request for Latency (zero: until the client goes
	// away), then answers normally if the client is still there.
	FaultHang FaultKind = "hang"
	// FaultMalformedJSON answers 200 application/json with a body that is
	// not valid JSON: the normal collection with a zero-padded totalCount,
	// like the "totalCount": 04 of Microsoft's printed sample.
	FaultMalformedJSON FaultKind = "malformed_json"
	// FaultTruncatedJSON sends the normal answer with the Content-Length of
	// the whole body but only its first half, then aborts the connection, so
	// the client reads an unexpected EOF.
	FaultTruncatedJSON FaultKind = "truncated_json"
	// FaultHTML502 answers 502 with a text/html gateway page, as a load
	// balancer in front of the service does.
	FaultHTML502 FaultKind = "html_502"
	// FaultRateLimit keeps a token bucket per partner (the tenant of a JWT, else the bearer token) and
	// customer pair, or per partner alone (Scope "partner"), refilled at
	// Rate tokens per second up to Burst; a request finding it empty gets
	// 429 with the seconds until the next token in Retry-After and in the
	// message. With a Window it counts fixed windows instead: Rate × Window
	// requests per window, and a request over that gets 429 without
	// Retry-After, the seconds to the window's end only in the gateway's
	// message "Try again in N seconds.". Faults are tried in order: listed
	// before a latency fault it refuses at once, as a gateway does without
	// reaching the service; after one, its 429s wait the latency too.
	FaultRateLimit FaultKind = "rate_limit"
	// FaultEncoding sends the normal answer's status and headers with its
	// body in Encoding, whatever the request's Accept-Encoding asked for,
	// as a proxy or gateway that compresses answers, or strips the header
	// that says so, would.
	FaultEncoding FaultKind = "encoding"
	// FaultOversizedGzip answers 200 with the normal answer led by 9 MiB of
	// JSON whitespace, gzip-compressed with Content-Encoding gzip: about 9
	// KiB sent, valid JSON, and more than the provider's 8 MiB cap on a
	// body once decompressed.
	FaultOversizedGzip FaultKind = "oversized_gzip"
	// FaultClaimsChallenge answers 401 with a Continuous Access Evaluation
	// claims challenge, WWW-Authenticate: Bearer … error="insufficient_claims",
	// claims="…" (docs/development/partner-center-api.md, "Sign-in facts
	// from the field"), as when the token's session was revoked by a sign-in
	// event or policy; the body, code InvalidToken, is invented.
	FaultClaimsChallenge FaultKind = "claims_challenge"
)

// faultKinds lists every kind in documentation order; it drives validation
// messages and the FaultsInjected tallies.
var faultKinds = []FaultKind{
	FaultLatency, FaultThrottle, FaultServerError, FaultError, FaultReset, FaultHang,
	FaultMalformedJSON, FaultTruncatedJSON, FaultHTML502, FaultRateLimit, FaultEncoding, FaultOversizedGzip, FaultClaimsChallenge,
}

func validKindsText() string {
	names := make([]string, len(faultKinds))
	for i, k := range faultKinds {
		names[i] = string(k)
	}
	return "valid kinds are " + strings.Join(names, ", ")
}

// Fault is one fault to inject. Its JSON form is what a fixture's "faults"
// array holds, for example
//
//	{"kind": "throttle", "count": 2, "retryAfter": "1"}
//	{"kind": "latency", "latency": "250ms", "customer": "0c39d6d5-c70d-4c55-bc02-f620844f3fd1"}
//	{"kind": "rate_limit", "rate": 5, "burst": 10}
//	{"kind": "rate_limit", "rate": 50, "burst": 50, "scope": "partner"}
//	{"kind": "rate_limit", "rate": 20, "window": "10s", "scope": "partner"}
//	{"kind": "error", "status": 403, "code": "900150", "description": "Access denied.", "customer": "…"}
//	{"kind": "throttle", "retryAfter": "message:57"}
//	{"kind": "error", "status": 404, "description": "Resource not found", "list": "users", "page": 2}
//	{"kind": "encoding", "encoding": "br"}
//	{"kind": "error", "status": 403, "code": "900150", "description": "Access denied.", "user": "adele.vance@contoso.onmicrosoft.com"}
//
// Fields a kind does not use must be left empty, so that a misplaced setting
// is an error rather than silently ignored.
type Fault struct {
	// Customer limits the fault to one customer id (a GUID, any case).
	// Empty applies it to every request on the reads.
	Customer string `json:"customer,omitempty"`
	// List limits the fault to one of the lists the emulator serves (see
	// FaultList). Empty applies it to every list.
	List FaultList `json:"list,omitempty"`
	// User limits the fault to one user's licence read: the user id as the
	// request's path names it, an object id or a user principal name, in
	// any case. It lets one user among a customer's many be refused, as a
	// bulk read of every user's licences must survive. It needs List
	// licenses or no List, the only read with a user in its path.
	User string `json:"user,omitempty"`
	// Page limits the fault to one page of List, which it requires: 1 is a
	// first-page request (one without seekOperation=Next), N > 1 a request
	// with seekOperation=Next and the continuation token of page N-1's
	// links.next. A next-page request whose token is missing or not the
	// emulator's is no page, so it gets the pager's 400 with code 2000. The
	// licence reads are one page unless Options.PageSize pages them, so a
	// Page above 1 on them needs a PageSize. 0 matches every page.
	Page int `json:"page,omitempty"`
	// Kind says what goes wrong; required.
	Kind FaultKind `json:"kind"`
	// Count is how many matching requests get the fault before it stops,
	// modeling a transient incident; 0 means every matching request. Not
	// used by rate_limit, whose bucket already decides.
	Count int `json:"count,omitempty"`
	// Latency is the delay of latency (required) and the hold time of hang
	// (zero: until the client goes away).
	Latency Duration `json:"latency,omitempty"`
	// Status is the server_error status, 500 to 599 (0 means 503), or the
	// error status, 400 to 599 (required).
	Status int `json:"status,omitempty"`
	// Code is the error's Partner Center code, sent as a JSON number when
	// it is one (as the service sends its codes), else as a string. Empty
	// sends the gateway's shape instead.
	Code string `json:"code,omitempty"`
	// Description is the error's description (or the gateway's message).
	Description string `json:"description,omitempty"`
	// RetryAfter is the throttle's Retry-After: "N" sends N seconds (empty
	// means "1"); "date:N" sends the HTTP-date N seconds from the response;
	// "message:N" sends no header, only the message's "Try again in N
	// seconds.".
	RetryAfter string `json:"retryAfter,omitempty"`
	// Rate is the rate_limit refill rate in tokens per second; must be > 0.
	Rate float64 `json:"rate,omitempty"`
	// Burst is the rate_limit bucket size; 0 means 1. Not used with a
	// Window, which admits its whole allowance at once.
	Burst int `json:"burst,omitempty"`
	// Window, when set, makes rate_limit count fixed windows of this
	// length instead of a token bucket: Rate × Window requests (rounded
	// down, at least 1) per window, the windows being the multiples of
	// Window since the Unix epoch. A refused request gets 429 with no
	// Retry-After and the wait to the window's end only in the message,
	// as clients have met the gateway's limits
	// (docs/development/partner-center-api.md, "Errors and throttling").
	// Zero keeps the token bucket.
	Window Duration `json:"window,omitempty"`
	// Scope is what one rate_limit bucket counts, as Partner Center counts
	// some limits per partner and customer pair and others per partner
	// across all its customers: "partner_customer" (the default) or
	// "partner".
	Scope RateLimitScope `json:"scope,omitempty"`
	// Encoding is how the encoding fault sends the body (see
	// BodyEncoding); required by it.
	Encoding BodyEncoding `json:"encoding,omitempty"`
}

// BodyEncoding is how the encoding fault sends a body.
type BodyEncoding string

// The body encodings. Those with a header send it as Content-Encoding.
const (
	// EncodingGzip is gzip with Content-Encoding gzip, which clients that
	// ask for gzip read: the fault a client should survive.
	EncodingGzip BodyEncoding = "gzip"
	// EncodingGzipWithoutHeader is gzip with no Content-Encoding, as a proxy
	// that drops the header leaves it.
	EncodingGzipWithoutHeader BodyEncoding = "gzip_without_header"
	// EncodingDeflate is the zlib format with Content-Encoding deflate.
	EncodingDeflate BodyEncoding = "deflate"
	// EncodingBrotli is brotli with Content-Encoding br.
	EncodingBrotli BodyEncoding = "br"
	// EncodingZstd is zstd with Content-Encoding zstd.
	EncodingZstd BodyEncoding = "zstd"
	// EncodingZstdWithoutHeader is zstd with no Content-Encoding.
	EncodingZstdWithoutHeader BodyEncoding = "zstd_without_header"
)

// bodyEncodings lists every BodyEncoding, for validation messages.
var bodyEncodings = []BodyEncoding{EncodingGzip, EncodingGzipWithoutHeader, EncodingDeflate, EncodingBrotli, EncodingZstd, EncodingZstdWithoutHeader}

func validEncodingsText() string {
	names := make([]string, len(bodyEncodings))
	for i, e := range bodyEncodings {
		names[i] = string(e)
	}
	return "valid encodings are " + strings.Join(names, ", ")
}

// FaultList names a list the emulator serves, for Fault.List.
type FaultList string

// The lists a fault can be limited to.
const (
	// ListCustomers is GET /v1/customers, the partner's customers; it has no
	// customer in its path, so a fault on it cannot name a Customer.
	ListCustomers FaultList = "customers"
	// ListUsers is GET /v1/customers/{id}/users, a customer's users.
	ListUsers FaultList = "users"
	// ListSubscribedSkus is GET /v1/customers/{id}/subscribedskus.
	ListSubscribedSkus FaultList = "subscribedskus"
	// ListLicenses is GET /v1/customers/{id}/users/{user}/licenses, one
	// user's licences.
	ListLicenses FaultList = "licenses"
	// ListSubscriptions is GET /v1/customers/{id}/subscriptions, a
	// customer's subscriptions.
	ListSubscriptions FaultList = "subscriptions"
)

// faultLists lists every FaultList in route-table order, for validation
// messages.
var faultLists = []FaultList{ListCustomers, ListUsers, ListSubscribedSkus, ListLicenses, ListSubscriptions}

func validListsText() string {
	names := make([]string, len(faultLists))
	for i, l := range faultLists {
		names[i] = string(l)
	}
	return "valid lists are " + strings.Join(names, ", ")
}

// pagedOnlyWithPageSize reports whether l is one page, as the service
// answers it, unless Options.PageSize pages it: the lists routeTable
// serves with onePage rather than seekPaged.
func (l FaultList) pagedOnlyWithPageSize() bool {
	return l == ListSubscribedSkus || l == ListLicenses || l == ListSubscriptions
}

// RateLimitScope is what one rate_limit bucket counts.
type RateLimitScope string

// The rate_limit scopes.
const (
	ScopePartnerCustomer RateLimitScope = "partner_customer"
	ScopePartner         RateLimitScope = "partner"
)

// Duration is a time.Duration that reads and writes JSON as a Go duration
// string such as "250ms" or "2s", which is what people write in fixtures;
// nanosecond integers are easy to get wrong by a factor of a million.
type Duration time.Duration

// MarshalJSON writes d as a duration string.
func (d Duration) MarshalJSON() ([]byte, error) {
	return json.Marshal(time.Duration(d).String())
}

// UnmarshalJSON reads a duration string. Null leaves d unchanged, as
// encoding/json does for built-in types.
func (d *Duration) UnmarshalJSON(data []byte) error {
	if string(data) == "null" {
		return nil
	}
	var s string
	if err := json.Unmarshal(data, &s); err != nil {
		return fmt.Errorf("a duration must be a string such as \"250ms\" or \"2s\", not %s", data)
	}
	v, err := time.ParseDuration(s)
	if err != nil {
		return fmt.Errorf("duration %q: want a value such as \"250ms\" or \"2s\"", s)
	}
	*d = Duration(v)
	return nil
}

// String formats d like time.Duration.
func (d Duration) String() string { return time.Duration(d).String() }

// Defaults filled in for fields left empty.
const (
	defaultServerErrorStatus = 503
	defaultRetryAfter        = "1"
	defaultBurst             = 1
)

// retryAfterSpec is a parsed Fault.RetryAfter.
type retryAfterSpec struct {
	seconds     int
	date        bool // send an HTTP-date seconds from now instead of the number
	messageOnly bool // send no header; the wait is only in the message
}

// parseRetryAfter reads "N", "date:N" or "message:N" with N a whole number
// of seconds.
func parseRetryAfter(s string) (retryAfterSpec, error) {
	if s == "" {
		s = defaultRetryAfter
	}
	var spec retryAfterSpec
	num, date := strings.CutPrefix(s, "date:")
	num, messageOnly := strings.CutPrefix(num, "message:")
	n, err := strconv.Atoi(num)
	if err != nil || n < 0 {
		return retryAfterSpec{}, fmt.Errorf(`retryAfter %q: want a whole number of seconds such as "1", "date:N" for an HTTP-date N seconds ahead, or "message:N" for no header and the wait in the message only`, s)
	}
	spec.seconds, spec.date, spec.messageOnly = n, date, messageOnly
	return spec, nil
}

// validateFault checks f alone. The error does not say where f came from;
// callers prefix that.
func validateFault(f Fault) error {
	if f.Kind == "" {
		return fmt.Errorf("kind is required (%s)", validKindsText())
	}
	if !knownKind(f.Kind) {
		return fmt.Errorf("unknown kind %q (%s)", f.Kind, validKindsText())
	}
	if f.Customer != "" && !isGUID(f.Customer) {
		return fmt.Errorf("customer %q must be a customer id, a GUID such as 0c39d6d5-c70d-4c55-bc02-f620844f3fd1, or empty for every customer", f.Customer)
	}
	if f.List != "" && !slices.Contains(faultLists, f.List) {
		return fmt.Errorf("unknown list %q (%s)", f.List, validListsText())
	}
	if f.List == ListCustomers && f.Customer != "" {
		return fmt.Errorf("customer is not used by list %s: the customers list has no customer in its path, so the fault would never fire", ListCustomers)
	}
	if f.User != "" && f.List != "" && f.List != ListLicenses {
		return fmt.Errorf("user is not used by list %s: only the %s list has a user in its path, so the fault would never fire", f.List, ListLicenses)
	}
	if f.Page < 0 {
		return fmt.Errorf("page %d must be 1 or more: pages count from 1, the first page (0 or none means every page)", f.Page)
	}
	if f.Page != 0 && f.List == "" {
		return fmt.Errorf("page needs a list, the one whose page %d fails (%s)", f.Page, validListsText())
	}
	if f.Count < 0 {
		return fmt.Errorf("count %d must not be negative (0 means every matching request)", f.Count)
	}
	if f.Latency < 0 {
		return fmt.Errorf("latency %s must not be negative", f.Latency)
	}
	if err := checkUnused(f); err != nil {
		return err
	}
	switch f.Kind {
	case FaultLatency:
		if f.Latency <= 0 {
			return errors.New(`latency needs a positive latency such as "250ms"`)
		}
	case FaultServerError:
		if f.Status != 0 && (f.Status < 500 || f.Status > 599) {
			return fmt.Errorf("status %d must be a 5xx status (500 to 599; default 503)", f.Status)
		}
	case FaultError:
		if f.Status < 400 || f.Status > 599 {
			return fmt.Errorf("error needs a status from 400 to 599, not %d", f.Status)
		}
		if f.Code == "" && f.Description == "" {
			return errors.New("error needs a code and description (Partner Center's shape), or a description alone (the gateway's shape)")
		}
	case FaultThrottle:
		if _, err := parseRetryAfter(f.RetryAfter); err != nil {
			return err
		}
	case FaultRateLimit:
		if !(f.Rate > 0) || math.IsInf(f.Rate, 0) { // !(>) also catches NaN
			return fmt.Errorf("rate_limit needs a positive, finite rate in tokens per second, not %v", f.Rate)
		}
		if f.Burst < 0 {
			return fmt.Errorf("burst %d must not be negative (default %d)", f.Burst, defaultBurst)
		}
		if f.Window < 0 {
			return fmt.Errorf("window %s must not be negative (0 means a token bucket)", f.Window)
		}
		if f.Window > 0 && f.Burst != 0 {
			return fmt.Errorf("burst is not used with a window: a window of %s admits rate × window requests at once", f.Window)
		}
		if f.Window > 0 && windowLimit(f.Rate, time.Duration(f.Window)) < 1 {
			return fmt.Errorf("a window of %s at rate %v admits no request; rate × window must be at least 1", f.Window, f.Rate)
		}
		if f.Scope != "" && f.Scope != ScopePartnerCustomer && f.Scope != ScopePartner {
			return fmt.Errorf("scope %q: valid scopes are %s (the default) and %s", f.Scope, ScopePartnerCustomer, ScopePartner)
		}
	case FaultEncoding:
		if !slices.Contains(bodyEncodings, f.Encoding) {
			return fmt.Errorf("encoding needs an encoding, not %q (%s)", f.Encoding, validEncodingsText())
		}
	}
	return nil
}

// checkUnused rejects settings the kind would ignore: "status" on a
// throttle or "count" on a rate limit is a misunderstanding worth reporting.
func checkUnused(f Fault) error {
	type setting struct {
		name  string
		set   bool
		kinds []FaultKind
	}
	for _, s := range []setting{
		{"count", f.Count != 0, []FaultKind{FaultLatency, FaultThrottle, FaultServerError, FaultError, FaultReset, FaultHang, FaultMalformedJSON, FaultTruncatedJSON, FaultHTML502, FaultEncoding, FaultOversizedGzip, FaultClaimsChallenge}},
		{"latency", f.Latency != 0, []FaultKind{FaultLatency, FaultHang}},
		{"status", f.Status != 0, []FaultKind{FaultServerError, FaultError}},
		{"code", f.Code != "", []FaultKind{FaultError}},
		{"description", f.Description != "", []FaultKind{FaultError}},
		{"retryAfter", f.RetryAfter != "", []FaultKind{FaultThrottle}},
		{"rate", f.Rate != 0, []FaultKind{FaultRateLimit}},
		{"burst", f.Burst != 0, []FaultKind{FaultRateLimit}},
		{"scope", f.Scope != "", []FaultKind{FaultRateLimit}},
		{"window", f.Window != 0, []FaultKind{FaultRateLimit}},
		{"encoding", f.Encoding != "", []FaultKind{FaultEncoding}},
	} {
		if s.set && !slices.Contains(s.kinds, f.Kind) {
			names := make([]string, len(s.kinds))
			for i, k := range s.kinds {
				names[i] = string(k)
			}
			return fmt.Errorf("%s is not used by %s (only by %s)", s.name, f.Kind, strings.Join(names, ", "))
		}
	}
	return nil
}

func knownKind(k FaultKind) bool { return slices.Contains(faultKinds, k) }

// checkFaultPages refuses a fault that can never fire under pageSize
// (Options.PageSize): a page above 1 of a list that is one page without a
// page size. It is apart from validateFault because a fixture is checked
// before any Options are known.
func checkFaultPages(faults []Fault, pageSize int, where string) error {
	if pageSize != 0 {
		return nil
	}
	for i, f := range faults {
		if f.Page > 1 && f.List.pagedOnlyWithPageSize() {
			return fmt.Errorf("%s[%d] (kind %q): page %d never comes: list %s is answered in one page unless a page size (-page-size, Options.PageSize) pages it",
				where, i, f.Kind, f.Page, f.List)
		}
	}
	return nil
}

// validateFaults checks every fault, naming the first bad one as
// where[i] with its kind.
func validateFaults(faults []Fault, where string) error {
	for i, f := range faults {
		if err := validateFault(f); err != nil {
			return fmt.Errorf("%s[%d] (kind %q): %w", where, i, f.Kind, err)
		}
	}
	return nil
}
