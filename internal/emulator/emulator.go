// Package emulator is a local, in-memory stand-in for the Partner Center REST
// reads the provider uses; routeTable lists them.
//
// It exists so that provider tests, demos and users' CI can exercise the real
// HTTP client code (URL building, escaping, headers, error decoding) without
// Microsoft credentials or network access. Responses are served from a JSON
// fixture whose items are kept byte-for-byte as written, so a fixture can carry
// fields the provider does not know yet and prove that unknown fields are
// ignored.
//
// # Fault injection
//
// Faults make the emulator misbehave on purpose, so users can rehearse
// Partner Center incidents in their own CI and tests can prove a client
// survives them: added latency, 429 throttling (Retry-After in seconds or as
// an HTTP-date), 5xx errors, connection resets, hung requests, malformed or
// truncated JSON, HTML gateway pages, and a rate limit per partner and
// customer, or per partner: a token bucket or fixed windows. A Fault
// applies to every request, or to one customer, one list or one page of a
// list, for a number of requests (a transient incident) or for all of them. Faults come from the
// fixture's "faults" array, from Options.Faults, from the program's -fault,
// -latency and -rate-limit flags (see ParseFault), or from SetFaults at run
// time; FaultsInjected says how often each kind fired.
//
// Faults apply only to the reads and only after the token check, so an
// unauthenticated request still gets its 401. They are tried in order: a
// latency fault delays the request and lets it continue, a rate_limit fault
// refuses it only when its bucket is empty, and the first other fault that
// matches and has Count left decides the answer. Fault answers carry the
// usual MS-RequestId, MS-CorrelationId and MS-CV headers, except resets and
// truncated bodies, which by design never complete a response. Those, and
// hung or delayed requests whose client leaves, end the handler with
// panic(http.ErrAbortHandler), which an http.Server handles quietly.
package emulator

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// Options configures an Emulator.
type Options struct {
	// AccessToken is the only bearer token the emulator accepts. Requests
	// without "Authorization: Bearer <AccessToken>" are answered with 401,
	// so tests notice a client that forgets to send the token.
	AccessToken string
	// TokenVerifier, when set, also accepts JWT bearer tokens it verifies
	// (for example those of a fake Entra ID in tests). Whichever way a token
	// is accepted, its claims decide, route by route, what Partner Center
	// would refuse: an app-only token on the licence reads (403), an App+User
	// token whose amr claim shows no MFA (401, code 900421). With a
	// verifier, AccessToken may be empty.
	TokenVerifier TokenVerifier
	// Fixture holds the customers, SKUs, users and licences to serve.
	// Nil means DefaultFixture().
	Fixture *Fixture
	// Faults are injected after the fixture's own faults; see SetFaults.
	Faults []Fault
	// PageSize, when above 0, is the largest page of every list, at most
	// MaxPageSize. 0 keeps each list's own way, which is the service's: the
	// customers list and a customer's users page at the size asked (200
	// without one, at most MaxPageSize), and the licence reads answer in
	// one page. A page size below MaxPageSize pages the lists paged by size
	// smaller, as the service may, and pages the licence reads too: the service has not been seen
	// to page them, but the REST reference declares links.next on their
	// collection, so a client must follow it.
	PageSize int
	// OmitBOM sends JSON bodies without the UTF-8 byte order mark that
	// Partner Center puts before them. The zero value sends it, as the
	// service does, so every client test meets it.
	OmitBOM bool
	// PagingEndsWith2000 ends the customers list the other way it is seen
	// to end: the last page still carries links.next and a
	// continuationToken, and following them answers 400 with code 2000,
	// which Microsoft's NCE bulk migration tool takes for "all records
	// fetched". The zero value ends it with a last page without either, as
	// the .NET SDK expects. Other lists, a customer's users among them,
	// have not been seen to end so, and always end the usual way.
	PagingEndsWith2000 bool
	// CountRequestsOnly keeps no RecordedRequest: RequestCount still
	// counts, Requests returns none. Each record is a clone of the
	// request's headers, bearer token included, about 2.3 KiB, kept for
	// the emulator's life: a read of 10,000 customers adds 23 MiB, and a
	// long-lived emulator that nobody asks for Requests (the program, a
	// benchmark) would grow by that on every run.
	CountRequestsOnly bool
}

// RecordedRequest is what the emulator saw of one request, kept so tests can
// assert on what the client actually sent (escaping, query keys, headers).
type RecordedRequest struct {
	Method string
	// EscapedPath is the path as sent on the wire (r.URL.EscapedPath()), so a
	// test can tell "%23EXT%23" from an unescaped "#".
	EscapedPath string
	Query       url.Values
	// Header is a clone of the request headers, Authorization included: the
	// recording stays in the test process and never reaches a log.
	Header http.Header
}

// Emulator is an http.Handler that answers like Partner Center. It is safe for
// concurrent use; the served data is immutable after New, and the faults are
// swapped whole by SetFaults.
type Emulator struct {
	token    []byte
	verifier TokenVerifier
	omitBOM  bool
	pageSize int    // Options.PageSize; 0 keeps each list's own way
	tokenKey []byte // signs the lists' continuation tokens
	// pagingEndsWith2000 is Options.PagingEndsWith2000.
	pagingEndsWith2000 bool
	data               *index
	mux                *http.ServeMux

	faults   atomic.Pointer[faultSet]
	injected map[FaultKind]*atomic.Int64 // keys fixed in New; values atomic

	// now is the rate limits' clock: time.Now, or a test's.
	now func() time.Time

	count              atomic.Int64
	countOnly          bool // Options.CountRequestsOnly
	inFlight, peakLoad atomic.Int64

	mu       sync.Mutex
	requests []RecordedRequest
}

// New validates opts and returns a ready Emulator. The fixture is validated
// and copied, so the caller may reuse or change it afterwards. The faults in
// effect are the fixture's followed by opts.Faults.
func New(opts Options) (*Emulator, error) {
	if opts.AccessToken == "" && opts.TokenVerifier == nil {
		return nil, errors.New("emulator: Options.AccessToken or Options.TokenVerifier is required")
	}
	fixture := opts.Fixture
	if fixture == nil {
		fixture = DefaultFixture()
	}
	data, err := compile(fixture)
	if err != nil {
		return nil, fmt.Errorf("emulator: %w", err)
	}
	if err := validateFaults(opts.Faults, "Options.Faults"); err != nil {
		return nil, fmt.Errorf("emulator: %w", err)
	}
	faults, err := newFaultSet(append(slices.Clone(fixture.Faults), opts.Faults...), "faults")
	if err != nil { // both halves were validated above
		return nil, fmt.Errorf("emulator: %w", err)
	}
	if opts.PageSize < 0 || opts.PageSize > MaxPageSize {
		return nil, fmt.Errorf("emulator: Options.PageSize %d must be from 1 to %d, or 0 for each list's own way", opts.PageSize, MaxPageSize)
	}
	if err := checkFaultPages(fixture.Faults, opts.PageSize, "invalid fixture: faults"); err != nil {
		return nil, fmt.Errorf("emulator: %w", err)
	}
	if err := checkFaultPages(opts.Faults, opts.PageSize, "Options.Faults"); err != nil {
		return nil, fmt.Errorf("emulator: %w", err)
	}
	e := &Emulator{token: []byte(opts.AccessToken), verifier: opts.TokenVerifier, omitBOM: opts.OmitBOM, data: data,
		injected: newInjectedTallies(), pageSize: opts.PageSize, tokenKey: newTokenKey(), pagingEndsWith2000: opts.PagingEndsWith2000, now: time.Now,
		countOnly: opts.CountRequestsOnly}
	e.faults.Store(faults)
	e.mux = e.routes()
	return e, nil
}

// ServeHTTP records the request, sets the tracking headers every Partner
// Center response carries, checks the bearer token and then routes. Auth comes
// before routing, as on the real service, so an unauthenticated client learns
// nothing about which customers or paths exist.
func (e *Emulator) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	e.enter()
	defer e.inFlight.Add(-1)
	// The locale beneath the byte order mark: an encoding fault finds the
	// mark on top (beneathBOM), and localize finds the language through it.
	w = withLocale(w, r)
	if !e.omitBOM {
		w = &bomWriter{ResponseWriter: w}
	}
	e.record(r)
	setTrackingHeaders(w, r)
	r, ok := e.authorize(w, r)
	if !ok {
		return
	}
	// http.ServeMux would answer a non-canonical path ("//", ".", "..") with
	// a plain-text redirect; the real service has no such paths, and a
	// client that builds one has a bug worth a JSON 404.
	if !isCanonicalPath(r.URL.EscapedPath()) {
		writeNotFound(w, r)
		return
	}
	e.mux.ServeHTTP(w, r)
}

// enter counts a request in flight and keeps the peak.
func (e *Emulator) enter() {
	n := e.inFlight.Add(1)
	for peak := e.peakLoad.Load(); n > peak && !e.peakLoad.CompareAndSwap(peak, n); peak = e.peakLoad.Load() {
	}
}

// PeakInFlight reports the most requests the emulator has been answering
// at once, so that a test can see a client's concurrency limit from the
// server's side.
func (e *Emulator) PeakInFlight() int64 { return e.peakLoad.Load() }

// RequestCount reports how many requests ServeHTTP has received, including
// rejected ones.
func (e *Emulator) RequestCount() int64 {
	return e.count.Load()
}

// Requests returns a deep copy of every request received so far, in arrival
// order; none with Options.CountRequestsOnly.
func (e *Emulator) Requests() []RecordedRequest {
	e.mu.Lock()
	defer e.mu.Unlock()
	out := make([]RecordedRequest, len(e.requests))
	for i, rr := range e.requests {
		out[i] = RecordedRequest{
			Method:      rr.Method,
			EscapedPath: rr.EscapedPath,
			Query:       cloneValues(rr.Query),
			Header:      rr.Header.Clone(),
		}
	}
	return out
}

func (e *Emulator) record(r *http.Request) {
	e.count.Add(1)
	if e.countOnly {
		return
	}
	rr := RecordedRequest{
		Method:      r.Method,
		EscapedPath: r.URL.EscapedPath(),
		// Query() drops a malformed query's error but keeps what parsed,
		// which is the most useful thing to record.
		Query:  r.URL.Query(),
		Header: r.Header.Clone(),
	}
	e.mu.Lock()
	e.requests = append(e.requests, rr)
	e.mu.Unlock()
}

func cloneValues(v url.Values) url.Values {
	if v == nil {
		return nil
	}
	out := make(url.Values, len(v))
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	return out
}
