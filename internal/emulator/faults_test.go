package emulator

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// newFaultServer is newServer over the default fixture with faults.
func newFaultServer(t *testing.T, faults ...Fault) (*Emulator, *httptest.Server) {
	t.Helper()
	return newServer(t, Options{Faults: faults})
}

// fetch is do for faults that break the exchange: it returns the client's
// error, and whatever body arrived, instead of failing the test.
func fetch(t *testing.T, client *http.Client, url string, header map[string]string) (response, error) {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, url, nil)
	if err != nil {
		t.Fatalf("NewRequest: %v", err)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := client.Do(req)
	if err != nil {
		return response{}, err
	}
	defer func() { _ = resp.Body.Close() }()
	body, err := io.ReadAll(resp.Body)
	return response{status: resp.StatusCode, header: resp.Header, body: body}, err
}

// freshClient opens a new connection per request. The transport silently
// retries an idempotent request once when a reused connection breaks, which
// would hide a reset from the test.
func freshClient(t *testing.T, timeout time.Duration) *http.Client {
	t.Helper()
	tr := &http.Transport{DisableKeepAlives: true}
	t.Cleanup(tr.CloseIdleConnections)
	return &http.Client{Transport: tr, Timeout: timeout}
}

func statuses(t *testing.T, srv *httptest.Server, path string, n int) []int {
	t.Helper()
	out := make([]int, n)
	for i := range out {
		out[i] = do(t, srv, http.MethodGet, path, authed()).status
	}
	return out
}

func checkInjected(t *testing.T, em *Emulator, want map[FaultKind]int64) {
	t.Helper()
	if got := em.FaultsInjected(); !reflect.DeepEqual(got, want) {
		t.Errorf("FaultsInjected() = %v, want %v", got, want)
	}
}

func ms(n int) Duration { return Duration(time.Duration(n) * time.Millisecond) }

// A latency fault, and a hang with a latency, answer as usual, late.
func TestFaultDelaysThenAnswers(t *testing.T) {
	for _, kind := range []FaultKind{FaultLatency, FaultHang} {
		t.Run(string(kind), func(t *testing.T) {
			em, srv := newFaultServer(t, Fault{Kind: kind, Latency: ms(50)})
			start := time.Now()
			r := do(t, srv, http.MethodGet, skusPath(contoso), authed())
			if elapsed := time.Since(start); elapsed < 50*time.Millisecond {
				t.Errorf("answered after %v, want at least 50ms", elapsed)
			}
			if r.status != http.StatusOK || !reflect.DeepEqual(skuPartNumbers(t, r.body), group1Skus) {
				t.Errorf("delayed answer: status %d, body %s", r.status, r.body)
			}
			checkInjected(t, em, map[FaultKind]int64{kind: 1})
		})
	}
}

func TestFaultLatencyComposesWithLaterFaults(t *testing.T) {
	em, srv := newFaultServer(t,
		Fault{Kind: FaultLatency, Latency: ms(20)},
		Fault{Kind: FaultThrottle, Count: 1},
	)
	for i, want := range []int{http.StatusTooManyRequests, http.StatusOK} {
		start := time.Now()
		if got := do(t, srv, http.MethodGet, skusPath(contoso), authed()).status; got != want {
			t.Errorf("request %d: status %d, want %d", i, got, want)
		}
		if elapsed := time.Since(start); elapsed < 20*time.Millisecond {
			t.Errorf("request %d answered after %v, before the latency", i, elapsed)
		}
	}
	checkInjected(t, em, map[FaultKind]int64{FaultLatency: 2, FaultThrottle: 1})
}

func TestFaultThrottle(t *testing.T) {
	tests := []struct {
		name, retryAfter, wantHeader string
		wantSeconds                  int
	}{
		{"default", "", "1", 1},
		{"seconds", "5", "5", 5},
		{"zero", "0", "0", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, srv := newFaultServer(t, Fault{Kind: FaultThrottle, RetryAfter: tt.retryAfter})
			r := do(t, srv, http.MethodGet, skusPath(contoso), authed())
			if r.status != http.StatusTooManyRequests {
				t.Fatalf("status %d, body %s", r.status, r.body)
			}
			if got := r.header.Get("Retry-After"); got != tt.wantHeader {
				t.Errorf("Retry-After %q, want %q", got, tt.wantHeader)
			}
			checkGatewayBody(t, r, tt.wantSeconds)
		})
	}
	t.Run("date", func(t *testing.T) {
		_, srv := newFaultServer(t, Fault{Kind: FaultThrottle, RetryAfter: "date:3"})
		before := time.Now()
		r := do(t, srv, http.MethodGet, skusPath(contoso), authed())
		header := r.header.Get("Retry-After")
		when, err := http.ParseTime(header)
		if err != nil || !strings.HasSuffix(header, " GMT") {
			t.Fatalf("Retry-After %q is not an HTTP-date: %v", header, err)
		}
		// HTTP-dates have whole seconds, so "3 seconds ahead" lands in
		// (now+2s, now+3s].
		if !when.After(before.Add(time.Second)) || when.After(time.Now().Add(3*time.Second)) {
			t.Errorf("Retry-After %s, want about 3s after %s", header, before.UTC().Format(http.TimeFormat))
		}
		checkGatewayBody(t, r, 3)
	})
}

// checkGatewayBody checks the API gateway's 429 body.
func checkGatewayBody(t *testing.T, r response, seconds int) {
	t.Helper()
	if ct := r.header.Get("Content-Type"); ct != "application/json; charset=utf-8" {
		t.Errorf("Content-Type %q", ct)
	}
	var body struct {
		StatusCode int    `json:"statusCode"`
		Message    string `json:"message"`
	}
	if err := json.Unmarshal(r.body, &body); err != nil {
		t.Fatalf("decoding %s: %v", r.body, err)
	}
	want := fmt.Sprintf("Rate limit is exceeded. Try again in %d seconds.", seconds)
	if body.StatusCode != http.StatusTooManyRequests || body.Message != want {
		t.Errorf("body %s, want statusCode 429 and message %q", r.body, want)
	}
}

func TestFaultCountIsTransient(t *testing.T) {
	em, srv := newFaultServer(t, Fault{Kind: FaultThrottle, Count: 2})
	want := []int{429, 429, 200, 200}
	if got := statuses(t, srv, skusPath(contoso), len(want)); !reflect.DeepEqual(got, want) {
		t.Errorf("statuses %v, want %v", got, want)
	}
	checkInjected(t, em, map[FaultKind]int64{FaultThrottle: 2})
}

func TestFaultCountIsExactUnderConcurrency(t *testing.T) {
	em, srv := newFaultServer(t, Fault{Kind: FaultServerError, Count: 2})
	const parallel = 10
	var (
		wg     sync.WaitGroup
		mu     sync.Mutex
		counts = map[int]int{}
		start  = make(chan struct{})
	)
	for range parallel {
		wg.Go(func() {
			<-start
			r, err := fetch(t, srv.Client(), srv.URL+skusPath(contoso), authed())
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				t.Error(err)
				return
			}
			counts[r.status]++
		})
	}
	close(start)
	wg.Wait()
	if want := map[int]int{503: 2, 200: parallel - 2}; !reflect.DeepEqual(counts, want) {
		t.Errorf("status counts %v, want %v", counts, want)
	}
	checkInjected(t, em, map[FaultKind]int64{FaultServerError: 2})
}

func TestFaultPerCustomer(t *testing.T) {
	// The fault names the customer in upper case; ids match in any case.
	em, srv := newFaultServer(t, Fault{Kind: FaultServerError, Customer: strings.ToUpper(contoso)})
	tests := []struct {
		path string
		want int
	}{
		{skusPath(contoso), http.StatusServiceUnavailable},
		{licensesPath(contoso, adeleID), http.StatusServiceUnavailable},
		{skusPath(strings.ToUpper(contoso)), http.StatusServiceUnavailable},
		{skusPath(fabrikam), http.StatusOK},
		{licensesPath(fabrikam, "new.hire@fabrikam.onmicrosoft.com"), http.StatusOK},
		{skusPath(unknownID), http.StatusNotFound},
	}
	for _, tt := range tests {
		if got := do(t, srv, http.MethodGet, tt.path, authed()).status; got != tt.want {
			t.Errorf("%s: status %d, want %d", tt.path, got, tt.want)
		}
	}
	checkInjected(t, em, map[FaultKind]int64{FaultServerError: 3})
}

func TestFaultServerError(t *testing.T) {
	for _, tt := range []struct{ status, want int }{{0, 503}, {500, 500}, {504, 504}, {599, 599}} {
		t.Run(strconv.Itoa(tt.want), func(t *testing.T) {
			_, srv := newFaultServer(t, Fault{Kind: FaultServerError, Status: tt.status})
			r := do(t, srv, http.MethodGet, licensesPath(contoso, adeleID), authed())
			if r.status != tt.want {
				t.Fatalf("status %d, want %d; body %s", r.status, tt.want, r.body)
			}
			if ct := r.header.Get("Content-Type"); ct != "application/json; charset=utf-8" {
				t.Errorf("Content-Type %q", ct)
			}
			e := decodeError(t, r.body)
			if e.Code != CodeServerError || !strings.Contains(e.Description, strconv.Itoa(tt.want)) {
				t.Errorf("error body %s", r.body)
			}
		})
	}
}

func TestFaultReset(t *testing.T) {
	em, srv := newFaultServer(t, Fault{Kind: FaultReset, Count: 1})
	client := freshClient(t, 5*time.Second)
	r, err := fetch(t, client, srv.URL+skusPath(contoso), authed())
	if err == nil {
		t.Fatalf("reset fault: got HTTP %d, want a transport error", r.status)
	}
	if !errors.Is(err, syscall.ECONNRESET) && !errors.Is(err, io.EOF) {
		t.Errorf("error %v, want connection reset (or EOF)", err)
	}
	if r, err := fetch(t, client, srv.URL+skusPath(contoso), authed()); err != nil || r.status != http.StatusOK {
		t.Errorf("after the reset: status %d, err %v", r.status, err)
	}
	checkInjected(t, em, map[FaultKind]int64{FaultReset: 1})
}

func TestFaultHangUntilClientLeaves(t *testing.T) {
	em, err := New(Options{AccessToken: testToken, Faults: []Fault{{Kind: FaultHang}}})
	if err != nil {
		t.Fatal(err)
	}
	handlerDone := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer close(handlerDone) // runs on return and on the abort panic alike
		em.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)

	r, err := fetch(t, freshClient(t, 200*time.Millisecond), srv.URL+skusPath(contoso), authed())
	var netErr net.Error
	if err == nil || !errors.As(err, &netErr) || !netErr.Timeout() {
		t.Fatalf("hang without latency: status %d, err %v; want a client timeout", r.status, err)
	}
	select {
	case <-handlerDone:
	case <-time.After(2 * time.Second):
		t.Fatal("the handler still holds the request after the client left")
	}
	checkInjected(t, em, map[FaultKind]int64{FaultHang: 1})
}

func TestFaultMalformedJSON(t *testing.T) {
	em, srv := newFaultServer(t, Fault{Kind: FaultMalformedJSON})
	for _, tc := range []struct{ path, bodyHas string }{
		{skusPath(contoso), `{"totalCount":03,"items":[{`},
		{skusPath(fabrikam), `{"totalCount":00,"items":[]`},
		{skusPath(unknownID), `"totalCount": 04`}, // no collection to damage
	} {
		r := do(t, srv, http.MethodGet, tc.path, authed())
		if r.status != http.StatusOK || r.header.Get("Content-Type") != "application/json; charset=utf-8" {
			t.Errorf("%s: status %d, Content-Type %q", tc.path, r.status, r.header.Get("Content-Type"))
		}
		var v any
		if err := json.Unmarshal(r.body, &v); err == nil {
			t.Errorf("%s: body is valid JSON: %s", tc.path, r.body)
		}
		if !strings.Contains(string(r.body), tc.bodyHas) {
			t.Errorf("%s: body %s lacks %s", tc.path, r.body, tc.bodyHas)
		}
	}
	checkInjected(t, em, map[FaultKind]int64{FaultMalformedJSON: 3})
}

func TestFaultTruncatedJSON(t *testing.T) {
	em, srv := newFaultServer(t)
	// The whole answer as sent: the byte order mark, then the JSON.
	whole := utf8BOM + string(do(t, srv, http.MethodGet, skusPath(contoso), authed()).body)
	if err := em.SetFaults([]Fault{{Kind: FaultTruncatedJSON}}); err != nil {
		t.Fatal(err)
	}
	r, err := fetch(t, freshClient(t, 5*time.Second), srv.URL+skusPath(contoso), authed())
	if !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Fatalf("reading the body: err %v, want unexpected EOF", err)
	}
	if r.status != http.StatusOK || r.header.Get("Content-Length") != strconv.Itoa(len(whole)) {
		t.Errorf("status %d, Content-Length %q, want 200 and %d", r.status, r.header.Get("Content-Length"), len(whole))
	}
	// The JSON is cut in half; the mark goes out before it.
	if want := utf8BOM + whole[len(utf8BOM):][:(len(whole)-len(utf8BOM))/2]; string(r.body) != want {
		t.Errorf("received %q, want the first half of the answer %q", r.body, want)
	}
	checkInjected(t, em, map[FaultKind]int64{FaultTruncatedJSON: 1})
}

func TestFaultHTML502(t *testing.T) {
	em, srv := newFaultServer(t, Fault{Kind: FaultHTML502})
	r := do(t, srv, http.MethodGet, licensesPath(contoso, adeleID), authed())
	if r.status != http.StatusBadGateway || r.header.Get("Content-Type") != "text/html" {
		t.Errorf("status %d, Content-Type %q", r.status, r.header.Get("Content-Type"))
	}
	if !strings.HasPrefix(string(r.body), "<html>\r\n<head><title>502 Bad Gateway</title>") || json.Valid(r.body) {
		t.Errorf("body %q", r.body)
	}
	checkInjected(t, em, map[FaultKind]int64{FaultHTML502: 1})
}

// A claims challenge is a 401 whose WWW-Authenticate a client can parse:
// a Bearer challenge, error="insufficient_claims", and claims that are
// base64 JSON asking for a newer token.
func TestFaultClaimsChallenge(t *testing.T) {
	em, srv := newFaultServer(t, Fault{Kind: FaultClaimsChallenge, Count: 1})
	r := do(t, srv, http.MethodGet, licensesPath(contoso, adeleID), authed())
	challenge := r.header.Get("WWW-Authenticate")
	if r.status != http.StatusUnauthorized || !strings.HasPrefix(challenge, "Bearer ") ||
		!strings.Contains(challenge, `error="insufficient_claims"`) {
		t.Fatalf("status %d, WWW-Authenticate %q", r.status, challenge)
	}
	_, encoded, _ := strings.Cut(challenge, `claims="`)
	encoded, _, _ = strings.Cut(encoded, `"`)
	raw, err := base64.StdEncoding.DecodeString(encoded)
	var claims struct {
		AccessToken struct {
			NBF struct {
				Essential bool   `json:"essential"`
				Value     string `json:"value"`
			} `json:"nbf"`
		} `json:"access_token"`
	}
	if err != nil || json.Unmarshal(raw, &claims) != nil || !claims.AccessToken.NBF.Essential || claims.AccessToken.NBF.Value == "" {
		t.Errorf("claims %q (%s): %v", encoded, raw, err)
	}
	if !strings.Contains(string(r.body), `"code":"InvalidToken"`) {
		t.Errorf("body %s", r.body)
	}
	// count=1: the next request is answered.
	if r := do(t, srv, http.MethodGet, licensesPath(contoso, adeleID), authed()); r.status != http.StatusOK {
		t.Errorf("after the challenge: %d", r.status)
	}
	checkInjected(t, em, map[FaultKind]int64{FaultClaimsChallenge: 1})
}

// TestFaultRateLimitPerPartner checks the "partner" scope: one bucket for
// all of a partner's customers, still separate from other partners'.
func TestFaultRateLimitPerPartner(t *testing.T) {
	em, srv := startRateLimited(t, Fault{Kind: FaultRateLimit, Rate: 0.1, Burst: 2, Scope: ScopePartner})
	second := map[string]string{"Authorization": "Bearer second-partner"}
	for _, s := range []struct {
		name   string
		path   string
		header map[string]string
		want   int
	}{
		{"burst 1", skusPath(contoso), authed(), 200},
		{"burst 2, another customer, same bucket", skusPath(fabrikam), authed(), 200},
		{"bucket empty for every customer", licensesPath(contoso, adeleID), authed(), 429},
		{"bucket empty for the other customer too", skusPath(fabrikam), authed(), 429},
		{"other partner, own bucket", skusPath(fabrikam), second, 200},
	} {
		if r := do(t, srv, http.MethodGet, s.path, s.header); r.status != s.want {
			t.Fatalf("%s: status %d, want %d; body %s", s.name, r.status, s.want, r.body)
		}
	}
	checkInjected(t, em, map[FaultKind]int64{FaultRateLimit: 2})
}

// startRateLimited serves an emulator with limit, which also accepts the
// bearer token "second-partner" as another partner's.
func startRateLimited(t *testing.T, limit Fault) (*Emulator, *httptest.Server) {
	t.Helper()
	em, err := New(Options{
		AccessToken: testToken,
		TokenVerifier: TokenVerifierFunc(func(token string) (bool, error) {
			if token == "second-partner" {
				return false, nil
			}
			return false, errors.New("unknown")
		}),
		Faults: []Fault{limit},
	})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(em)
	t.Cleanup(srv.Close)
	return em, srv
}

// TestFaultRateLimitWindow checks the fixed-window shape over HTTP: Rate ×
// Window requests per window, then 429 with no Retry-After and the wait to
// the window's end only in the gateway's message; per partner with scope
// partner, per partner and customer without.
func TestFaultRateLimitWindow(t *testing.T) {
	second := map[string]string{"Authorization": "Bearer second-partner"}
	type step struct {
		name   string
		at     time.Duration // after a window boundary
		path   string
		header map[string]string
		want   int
		wait   int // the message's N on a 429
	}
	for _, tc := range []struct {
		scope RateLimitScope
		steps []step
	}{
		{ScopePartner, []step{
			{"first of the window", 2 * time.Second, skusPath(contoso), authed(), 200, 0},
			{"second, another customer, same count", 3 * time.Second, skusPath(fabrikam), authed(), 200, 0},
			{"over, to the window's end", 3200 * time.Millisecond, licensesPath(contoso, adeleID), authed(), 429, 7},
			{"over for the other customer too", 8100 * time.Millisecond, skusPath(fabrikam), authed(), 429, 2},
			{"other partner, own count", 8100 * time.Millisecond, skusPath(fabrikam), second, 200, 0},
			{"the next window", 10 * time.Second, skusPath(contoso), authed(), 200, 0},
		}},
		{ScopePartnerCustomer, []step{
			{"first of the window", 2 * time.Second, skusPath(contoso), authed(), 200, 0},
			{"second", 3 * time.Second, skusPath(contoso), authed(), 200, 0},
			{"over, to the window's end", 9999 * time.Millisecond, skusPath(contoso), authed(), 429, 1},
			{"another customer, own count", 9999 * time.Millisecond, skusPath(fabrikam), authed(), 200, 0},
		}},
	} {
		t.Run(string(tc.scope), func(t *testing.T) {
			em, srv := startRateLimited(t, Fault{Kind: FaultRateLimit, Rate: 0.2, Window: Duration(10 * time.Second), Scope: tc.scope})
			boundary := time.Unix(1_700_000_000, 0) // a multiple of 10 s
			var at atomic.Int64
			em.now = func() time.Time { return boundary.Add(time.Duration(at.Load())) }
			refused := 0
			for _, s := range tc.steps {
				at.Store(int64(s.at))
				r := do(t, srv, http.MethodGet, s.path, s.header)
				if r.status != s.want {
					t.Fatalf("%s: status %d, want %d; body %s", s.name, r.status, s.want, r.body)
				}
				if s.want != http.StatusTooManyRequests {
					continue
				}
				refused++
				if v, ok := r.header["Retry-After"]; ok {
					t.Errorf("%s: Retry-After %q; a window's 429 says the wait only in its message", s.name, v)
				}
				checkGatewayBody(t, r, s.wait)
			}
			checkInjected(t, em, map[FaultKind]int64{FaultRateLimit: int64(refused)})
		})
	}
}

func TestFaultRateLimit(t *testing.T) {
	em, srv := startRateLimited(t, Fault{Kind: FaultRateLimit, Rate: 0.1, Burst: 2})
	second := map[string]string{"Authorization": "Bearer second-partner"}

	steps := []struct {
		name   string
		path   string
		header map[string]string
		want   int
	}{
		{"burst 1", skusPath(contoso), authed(), 200},
		{"burst 2, other route, same bucket", licensesPath(contoso, adeleID), authed(), 200},
		{"bucket empty", skusPath(contoso), authed(), 429},
		{"other customer, own bucket", skusPath(fabrikam), authed(), 200},
		{"other partner, own bucket 1", skusPath(contoso), second, 200},
		{"other partner, own bucket 2", skusPath(contoso), second, 200},
		{"other partner, bucket empty", skusPath(contoso), second, 429},
		{"customer id case does not split buckets", skusPath(strings.ToUpper(contoso)), authed(), 429},
	}
	for _, s := range steps {
		r := do(t, srv, http.MethodGet, s.path, s.header)
		if r.status != s.want {
			t.Fatalf("%s: status %d, want %d; body %s", s.name, r.status, s.want, r.body)
		}
		if s.want != http.StatusTooManyRequests {
			continue
		}
		// At 0.1 tokens/s the next token is up to 10 s away.
		n, err := strconv.Atoi(r.header.Get("Retry-After"))
		if err != nil || n < 1 || n > 10 {
			t.Errorf("%s: Retry-After %q, want whole seconds in [1, 10]", s.name, r.header.Get("Retry-After"))
		}
		checkGatewayBody(t, r, n)
	}
	checkInjected(t, em, map[FaultKind]int64{FaultRateLimit: 3})
	for _, rr := range em.Requests() { // the recording keeps tokens, but nothing else does
		if rr.Header.Get("Authorization") == "" {
			t.Error("request recorded without its Authorization header")
		}
	}
}

func TestFaultsComeAfterAuthAndOnlyOnReads(t *testing.T) {
	em, srv := newFaultServer(t, Fault{Kind: FaultThrottle})
	tests := []struct {
		name   string
		path   string
		header map[string]string
		want   int
	}{
		{"no token", skusPath(contoso), nil, 401},
		{"wrong token", skusPath(contoso), map[string]string{"Authorization": "Bearer nope"}, 401},
		{"not a read", "/v1/invoices", authed(), 404},
		{"read", skusPath(contoso), authed(), 429},
	}
	for _, tt := range tests {
		if got := do(t, srv, http.MethodGet, tt.path, tt.header).status; got != tt.want {
			t.Errorf("%s: status %d, want %d", tt.name, got, tt.want)
		}
	}
	checkInjected(t, em, map[FaultKind]int64{FaultThrottle: 1})
}

func TestFaultOrder(t *testing.T) {
	em, srv := newFaultServer(t,
		Fault{Kind: FaultServerError, Customer: fabrikam}, // never matches contoso
		Fault{Kind: FaultThrottle, Count: 1},
		Fault{Kind: FaultServerError, Count: 1, Status: 500},
		Fault{Kind: FaultHTML502, Count: 1},
	)
	want := []int{429, 500, 502, 200}
	if got := statuses(t, srv, skusPath(contoso), len(want)); !reflect.DeepEqual(got, want) {
		t.Errorf("statuses %v, want %v", got, want)
	}
	checkInjected(t, em, map[FaultKind]int64{FaultThrottle: 1, FaultServerError: 1, FaultHTML502: 1})
}

func TestFaultResponsesCarryTrackingHeaders(t *testing.T) {
	tests := []struct {
		fault  Fault
		warmup int // requests before the one checked
		status int
	}{
		{Fault{Kind: FaultLatency, Latency: ms(1)}, 0, 200},
		{Fault{Kind: FaultThrottle}, 0, 429},
		{Fault{Kind: FaultServerError}, 0, 503},
		{Fault{Kind: FaultHang, Latency: ms(1)}, 0, 200},
		{Fault{Kind: FaultMalformedJSON}, 0, 200},
		{Fault{Kind: FaultHTML502}, 0, 502},
		{Fault{Kind: FaultRateLimit, Rate: 0.01}, 1, 429},
	}
	hdr := map[string]string{
		"Authorization":    bearerTest,
		"MS-RequestId":     "a1d077e4-28b1-4578-b873-6d1a82fa1644",
		"MS-CorrelationId": "c8cb5a60-ae08-4afc-92f0-efc42adfa186",
		"MS-CV":            "abc",
	}
	for _, tt := range tests {
		t.Run(string(tt.fault.Kind), func(t *testing.T) {
			_, srv := newFaultServer(t, tt.fault)
			for range tt.warmup {
				do(t, srv, http.MethodGet, skusPath(contoso), hdr)
			}
			r := do(t, srv, http.MethodGet, skusPath(contoso), hdr)
			if r.status != tt.status {
				t.Fatalf("status %d, want %d", r.status, tt.status)
			}
			for k, want := range map[string]string{"MS-RequestId": hdr["MS-RequestId"], "MS-CorrelationId": hdr["MS-CorrelationId"], "MS-CV": "abc.0"} {
				if got := r.header.Get(k); got != want {
					t.Errorf("%s = %q, want %q", k, got, want)
				}
			}
		})
	}
}

func TestSetFaultsValidation(t *testing.T) {
	tests := []struct {
		name  string
		fault Fault
		want  []string
	}{
		{"no kind", Fault{}, []string{"kind is required", "valid kinds are latency, throttle"}},
		{"unknown kind", Fault{Kind: "slow"}, []string{`unknown kind "slow"`, "rate_limit"}},
		{"customer not a GUID", Fault{Kind: FaultThrottle, Customer: "contoso"}, []string{`customer "contoso"`, "GUID"}},
		{"customer with braces", Fault{Kind: FaultThrottle, Customer: "{" + contoso + "}"}, []string{"GUID"}},
		{"negative count", Fault{Kind: FaultThrottle, Count: -1}, []string{"count -1"}},
		{"latency without latency", Fault{Kind: FaultLatency}, []string{"positive latency"}},
		{"negative latency", Fault{Kind: FaultHang, Latency: ms(-1)}, []string{"latency -1ms must not be negative"}},
		{"4xx status", Fault{Kind: FaultServerError, Status: 404}, []string{"status 404", "5xx"}},
		{"600 status", Fault{Kind: FaultServerError, Status: 600}, []string{"status 600"}},
		{"bad retryAfter", Fault{Kind: FaultThrottle, RetryAfter: "soon"}, []string{`retryAfter "soon"`}},
		{"negative retryAfter", Fault{Kind: FaultThrottle, RetryAfter: "-1"}, []string{`retryAfter "-1"`}},
		{"bad date retryAfter", Fault{Kind: FaultThrottle, RetryAfter: "date:"}, []string{`retryAfter "date:"`}},
		{"zero rate", Fault{Kind: FaultRateLimit}, []string{"positive, finite rate"}},
		{"negative rate", Fault{Kind: FaultRateLimit, Rate: -1}, []string{"positive, finite rate"}},
		{"negative burst", Fault{Kind: FaultRateLimit, Rate: 1, Burst: -1}, []string{"burst -1"}},
		{"count on rate_limit", Fault{Kind: FaultRateLimit, Rate: 1, Count: 1}, []string{"count is not used by rate_limit"}},
		{"status on throttle", Fault{Kind: FaultThrottle, Status: 500}, []string{"status is not used by throttle", "server_error"}},
		{"retryAfter on rate_limit", Fault{Kind: FaultRateLimit, Rate: 1, RetryAfter: "1"}, []string{"retryAfter is not used by rate_limit"}},
		{"unknown scope", Fault{Kind: FaultRateLimit, Rate: 1, Scope: "tenant"}, []string{`scope "tenant"`, "partner_customer", "partner"}},
		{"negative window", Fault{Kind: FaultRateLimit, Rate: 1, Window: Duration(-time.Second)}, []string{"window -1s must not be negative"}},
		{"burst with a window", Fault{Kind: FaultRateLimit, Rate: 1, Burst: 5, Window: Duration(time.Minute)}, []string{"burst is not used with a window"}},
		{"window admitting nothing", Fault{Kind: FaultRateLimit, Rate: 0.1, Window: Duration(time.Second)}, []string{"admits no request", "at least 1"}},
		{"window on throttle", Fault{Kind: FaultThrottle, Window: Duration(time.Second)}, []string{"window is not used by throttle"}},
		{"scope on throttle", Fault{Kind: FaultThrottle, Scope: ScopePartner}, []string{"scope is not used by throttle"}},
		{"latency on reset", Fault{Kind: FaultReset, Latency: ms(5)}, []string{"latency is not used by reset", "latency, hang"}},
		{"rate on throttle", Fault{Kind: FaultThrottle, Rate: 1}, []string{"rate is not used by throttle"}},
		{"burst on throttle", Fault{Kind: FaultThrottle, Burst: 1}, []string{"burst is not used by throttle"}},
	}
	em, srv := newFaultServer(t, Fault{Kind: FaultThrottle})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := em.SetFaults([]Fault{{Kind: FaultHTML502, Customer: fabrikam}, tt.fault})
			if err == nil {
				t.Fatalf("SetFaults accepted %+v", tt.fault)
			}
			for _, s := range append([]string{"emulator: faults[1]"}, tt.want...) {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("error %q lacks %q", err, s)
				}
			}
		})
	}
	// A rejected list changes nothing: the throttle from New is still on.
	if got := do(t, srv, http.MethodGet, skusPath(contoso), authed()).status; got != http.StatusTooManyRequests {
		t.Errorf("after rejected SetFaults: status %d, want 429", got)
	}
}

func TestSetFaultsReplacesAndResets(t *testing.T) {
	em, srv := newFaultServer(t)
	set := func(faults ...Fault) {
		t.Helper()
		if err := em.SetFaults(faults); err != nil {
			t.Fatalf("SetFaults: %v", err)
		}
	}
	check := func(step string, want ...int) {
		t.Helper()
		if got := statuses(t, srv, skusPath(contoso), len(want)); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: statuses %v, want %v", step, got, want)
		}
	}
	check("no faults", 200)
	transient := Fault{Kind: FaultThrottle, Count: 1}
	set(transient)
	check("transient throttle", 429, 200)
	set(transient)
	check("same fault set again starts a new budget", 429, 200)
	limit := Fault{Kind: FaultRateLimit, Rate: 0.01}
	set(limit)
	check("rate limit", 200, 429)
	set(limit)
	check("buckets start full again", 200, 429)
	set()
	check("SetFaults() turns injection off", 200, 200)
	// The tallies are cumulative across SetFaults.
	checkInjected(t, em, map[FaultKind]int64{FaultThrottle: 2, FaultRateLimit: 2})
}

func TestSetFaultsWhileServing(t *testing.T) {
	em, srv := newFaultServer(t)
	lists := [][]Fault{
		{{Kind: FaultThrottle, Count: 3}},
		{{Kind: FaultRateLimit, Rate: 1000, Burst: 5}, {Kind: FaultServerError, Count: 1}},
		nil,
	}
	var wg sync.WaitGroup
	stop := make(chan struct{})
	wg.Go(func() {
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			if err := em.SetFaults(lists[i%len(lists)]); err != nil {
				t.Error(err)
				return
			}
			_ = em.FaultsInjected()
		}
	})
	var workers sync.WaitGroup
	for range 4 {
		workers.Go(func() {
			for range 20 {
				r, err := fetch(t, srv.Client(), srv.URL+skusPath(contoso), authed())
				if err != nil {
					t.Error(err)
					return
				}
				if r.status != 200 && r.status != 429 && r.status != 503 {
					t.Errorf("status %d", r.status)
				}
			}
		})
	}
	workers.Wait()
	close(stop)
	wg.Wait()
}

func TestNewFaults(t *testing.T) {
	if _, err := New(Options{AccessToken: "t", Faults: []Fault{{Kind: FaultThrottle}, {Kind: "nope"}}}); err == nil ||
		!strings.Contains(err.Error(), `emulator: Options.Faults[1] (kind "nope"): unknown kind`) {
		t.Errorf("New with a bad fault: err = %v", err)
	}

	// Fixture faults come first, then Options.Faults.
	f := DefaultFixture()
	f.Faults = []Fault{{Kind: FaultThrottle, Count: 1}}
	em, err := New(Options{AccessToken: testToken, Fixture: f, Faults: []Fault{{Kind: FaultServerError, Count: 1}}})
	if err != nil {
		t.Fatal(err)
	}
	f.Faults[0].Count = 5 // New copied the fixture
	srv := httptest.NewServer(em)
	t.Cleanup(srv.Close)
	want := []int{429, 503, 200}
	if got := statuses(t, srv, skusPath(contoso), len(want)); !reflect.DeepEqual(got, want) {
		t.Errorf("statuses %v, want %v", got, want)
	}
}

func TestLogRequestsMarksAbortedFaults(t *testing.T) {
	em, srv, buf := newLoggedServer(t)
	client := freshClient(t, 5*time.Second)
	for _, kind := range []FaultKind{FaultReset, FaultTruncatedJSON, FaultThrottle} {
		if err := em.SetFaults([]Fault{{Kind: kind}}); err != nil {
			t.Fatal(err)
		}
		_, _ = fetch(t, client, srv.URL+skusPath(contoso), authed())
	}
	// A reset reaches the client before its handler has logged, so wait
	// for three lines and compare them in any order.
	var lines []string
	for deadline := time.Now().Add(2 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		if lines = strings.Split(strings.TrimSpace(buf.String()), "\n"); len(lines) >= 3 {
			break
		}
	}
	slices.Sort(lines)
	want := []string{
		"GET " + skusPath(contoso) + " 429",
		"GET " + skusPath(contoso) + " aborted",
		"GET " + skusPath(contoso) + " aborted",
	}
	if !slices.Equal(lines, want) {
		t.Errorf("log lines %q, want %q", lines, want)
	}
}
