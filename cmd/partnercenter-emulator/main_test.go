package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/http/httptrace"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/partnercenter-terraform/terraform-provider-partnercenter/internal/emulator"
	"github.com/partnercenter-terraform/terraform-provider-partnercenter/internal/emulator/emulatortest"
)

// program is run started in the background, as a CI job starts the binary.
type program struct {
	url, urlFile string
	logs         *emulatortest.SyncBuffer
	cancel       context.CancelFunc
	done         chan error
}

// startRun starts run with args, env and a -url-file, and waits for the file
// as a CI script would.
func startRun(t *testing.T, env func(string) string, args ...string) *program {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	p := &program{urlFile: filepath.Join(t.TempDir(), "url"), logs: new(emulatortest.SyncBuffer), cancel: cancel, done: make(chan error, 1)}
	go func() { p.done <- run(ctx, append([]string{"-url-file", p.urlFile}, args...), env, p.logs) }()
	p.url = waitForFile(t, p.urlFile, p.done)
	return p
}

// stop cancels run, as SIGTERM does, and fails the test if it returns an error.
func (p *program) stop(t *testing.T) {
	t.Helper()
	p.cancel()
	if err := <-p.done; err != nil {
		t.Fatalf("run: %v", err)
	}
}

func noEnv(string) string { return "" }

func TestRunServesUntilCancelled(t *testing.T) {
	env := func(k string) string {
		if k == tokenEnv {
			return "env-token"
		}
		return ""
	}
	p := startRun(t, env)
	baseURL := p.url
	if !strings.HasPrefix(baseURL, "http://127.0.0.1:") {
		t.Fatalf("url file holds %q", baseURL)
	}

	status, _, body := get(t, baseURL+"/v1/customers/0c39d6d5-c70d-4c55-bc02-f620844f3fd1/subscribedskus", "env-token")
	if status != http.StatusOK || !strings.Contains(body, `"totalCount":3`) {
		t.Fatalf("status %d, body %s", status, body)
	}

	p.cancel()
	select {
	case err := <-p.done:
		if err != nil {
			t.Fatalf("run: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("run did not stop after cancellation")
	}
	if _, err := os.Stat(p.urlFile); !os.IsNotExist(err) {
		t.Errorf("url file left behind after shutdown: %v", err)
	}
	out := p.logs.String()
	for _, want := range []string{
		"partnercenter-emulator listening on " + baseURL + "\n",
		"GET /v1/customers/0c39d6d5-c70d-4c55-bc02-f620844f3fd1/subscribedskus 200\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("log lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "env-token") {
		t.Error("log contains the token")
	}
}

func TestRunFlagTokenAndFixture(t *testing.T) {
	dir := t.TempDir()
	fixture := filepath.Join(dir, "fixture.json")
	doc := `{"customers": [{"id": "7d1a3b2c-4e5f-4a6b-8c7d-9e0f1a2b3c4d", "subscribedSkus": [{"productSku": {"licenseGroupId": "group2"}, "x": 1}]}]}`
	if err := os.WriteFile(fixture, []byte(doc), 0o600); err != nil {
		t.Fatal(err)
	}
	p := startRun(t, noEnv, "-token", "flag-token", "-fixture", fixture, "-listen", "localhost:0")

	status, _, body := get(t, p.url+"/v1/customers/7d1a3b2c-4e5f-4a6b-8c7d-9e0f1a2b3c4d/subscribedskus?licenseGroupIds=Group2", "flag-token")
	if status != http.StatusOK || !strings.Contains(body, `"x":1`) {
		t.Fatalf("status %d, body %s", status, body)
	}
	p.stop(t)
}

func TestRunErrors(t *testing.T) {
	dir := t.TempDir()
	badFixture := filepath.Join(dir, "bad.json")
	if err := os.WriteFile(badFixture, []byte(`{"customers": [{"id": "nope"}]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	badFaults := filepath.Join(dir, "bad-faults.json")
	if err := os.WriteFile(badFaults, []byte(`{"customers": [], "faults": [{"kind": "throttle", "status": 500}]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"no token", nil, "pass -token or set PARTNERCENTER_EMULATOR_TOKEN"},
		{"non-loopback listen", []string{"-token", "t", "-listen", "0.0.0.0:0"}, "not a loopback address"},
		{"all interfaces", []string{"-token", "t", "-listen", ":0"}, "all interfaces"},
		{"invalid fixture", []string{"-token", "t", "-fixture", badFixture}, `customers[0] (id "nope")`},
		{"missing fixture", []string{"-token", "t", "-fixture", filepath.Join(dir, "none.json")}, "none.json"},
		{"unknown flag", []string{"-bogus"}, "bogus"},
		{"stray argument", []string{"-token", "t", "extra"}, `unexpected arguments ["extra"]`},
		{"url file in missing directory", []string{"-token", "t", "-url-file", filepath.Join(dir, "no", "such", "url")}, "writing -url-file"},
		{"unknown fault kind", []string{"-token", "t", "-fault", "kind=bogus"}, `invalid value "kind=bogus" for flag -fault: fault "kind=bogus": unknown kind "bogus" (valid kinds are latency,`},
		{"bad fault value", []string{"-token", "t", "-fault", "kind=throttle,count=x"}, `count "x" is not a whole number`},
		{"unknown fault list", []string{"-token", "t", "-fault", "kind=throttle,list=skus"}, `unknown list "skus" (valid lists are customers, users, subscribedskus, licenses, subscriptions)`},
		{"fault page 0", []string{"-token", "t", "-fault", "kind=throttle,list=users,page=0"}, "page 0 must be 1 or more"},
		{"fault page without a page size", []string{"-token", "t", "-fault", "kind=throttle,list=subscribedskus,page=2"}, "page 2 never comes: list subscribedskus is answered in one page unless a page size (-page-size"},
		{"latency not a duration", []string{"-token", "t", "-latency", "soon"}, `invalid value "soon" for flag -latency: want a positive duration`},
		{"zero latency", []string{"-token", "t", "-latency", "0"}, "want a positive duration"},
		{"rate limit without rate", []string{"-token", "t", "-rate-limit", "burst=2"}, "positive, finite rate"},
		{"rate limit bad rate", []string{"-token", "t", "-rate-limit", "rate=x"}, `rate "x" is not a number`},
		{"rate limit for one customer", []string{"-token", "t", "-rate-limit", "rate=1,customer=7d1a3b2c-4e5f-4a6b-8c7d-9e0f1a2b3c4d"}, "want rate=R[,burst=B]"},
		{"fixture with a bad fault", []string{"-token", "t", "-fixture", badFaults}, "faults[0]"},
		{"unknown paging end", []string{"-token", "t", "-paging-end", "never"}, `-paging-end "never": use last-page or error-2000`},
		{"SKUs without customers", []string{"-token", "t", "-skus-per-customer", "3"}, "-skus-per-customer 3 shapes the generated customers: add -customers N"},
		{"plans without SKUs", []string{"-token", "t", "-customers", "2", "-plans-per-sku", "3"}, "-plans-per-sku 3 needs -skus-per-customer K"},
		{"too many SKUs", []string{"-token", "t", "-customers", "2", "-skus-per-customer", "1001"}, "-skus-per-customer 1001 must be from 1 to 1000"},
		{"negative SKUs", []string{"-token", "t", "-customers", "2", "-skus-per-customer", "-1"}, "-skus-per-customer -1 must be from 1 to 1000"},
		{"no SKUs", []string{"-token", "t", "-customers", "2", "-skus-per-customer", "0"}, "-skus-per-customer 0 must be from 1 to 1000"},
		{"too many plans", []string{"-token", "t", "-customers", "2", "-skus-per-customer", "1", "-plans-per-sku", "1001"}, "-plans-per-sku 1001 must be from 0 to 1000"},
		{"users without customers", []string{"-token", "t", "-users-per-customer", "10"}, "-users-per-customer 10 gives the generated customers users: add -customers N"},
		{"no users without customers", []string{"-token", "t", "-users-per-customer", "0"}, "-users-per-customer 0 gives the generated customers users: add -customers N"},
		{"negative users", []string{"-token", "t", "-customers", "2", "-users-per-customer", "-1"}, "-users-per-customer -1 must be from 0 to 1000000"},
		{"too many users", []string{"-token", "t", "-customers", "2", "-users-per-customer", "1000001"}, "-users-per-customer 1000001 must be from 0 to 1000000"},
		{"users not a number", []string{"-token", "t", "-customers", "2", "-users-per-customer", "many"}, `invalid value "many" for flag -users-per-customer`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := run(context.Background(), tt.args, noEnv, io.Discard)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("run(%q) = %v, want error containing %q", tt.args, err, tt.want)
			}
		})
	}
}

func TestRunHelp(t *testing.T) {
	var out bytes.Buffer
	if err := run(context.Background(), []string{"-help"}, noEnv, &out); err != nil {
		t.Fatalf("run -help: %v", err)
	}
	for _, flag := range []string{"-url-file", "-fault spec", "-latency duration", "-rate-limit spec", "html_502", "-skus-per-customer K", "-plans-per-sku P", "-users-per-customer U"} {
		if !strings.Contains(out.String(), flag) {
			t.Errorf("usage lacks %s:\n%s", flag, out.String())
		}
	}
}

func TestWriteFileAtomic(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "url")
	for _, content := range []string{"http://127.0.0.1:1", "http://127.0.0.1:2"} {
		if err := writeFileAtomic(path, content); err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(path)
		if err != nil || string(got) != content {
			t.Fatalf("file holds %q (%v), want %q", got, err, content)
		}
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("temporary files left behind: %v", entries)
	}
}

// waitForFile polls for the url file as a CI script would, failing early if
// run returns first.
func waitForFile(t *testing.T, path string, done <-chan error) string {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if b, err := os.ReadFile(path); err == nil {
			return string(b)
		}
		select {
		case err := <-done:
			t.Fatalf("run returned early: %v", err)
		case <-time.After(10 * time.Millisecond):
		}
	}
	t.Fatalf("url file %s did not appear", path)
	return ""
}

// get sends an authorized GET and returns the status, headers and body.
func get(t *testing.T, url, token string) (status int, header http.Header, body string) {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	data, _ := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	return resp.StatusCode, resp.Header, string(data)
}

func TestRunFaultFlags(t *testing.T) {
	const (
		contoso  = "/v1/customers/0c39d6d5-c70d-4c55-bc02-f620844f3fd1/subscribedskus"
		fabrikam = "/v1/customers/7d1a3b2c-4e5f-4a6b-8c7d-9e0f1a2b3c4d/subscribedskus"
	)
	p := startRun(t, noEnv, "-token", "t",
		// Tried in this order.
		"-latency", "20ms",
		"-fault", "kind=throttle,count=1,retry-after=2",
		"-rate-limit", "rate=0.001,burst=2",
		"-fault", "kind=server_error,customer=7d1a3b2c-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
	)

	steps := []struct {
		path       string
		status     int
		retryAfter string
	}{
		{contoso, 429, "2"},    // the transient throttle
		{contoso, 200, ""},     // bucket: 2 left, then 1
		{contoso, 200, ""},     // 0 left
		{contoso, 429, "1000"}, // at 0.001 tokens/s the next is 1000 s away
		{fabrikam, 503, ""},    // own bucket, then its server error
	}
	for i, s := range steps {
		start := time.Now()
		status, header, _ := get(t, p.url+s.path, "t")
		retryAfter := header.Get("Retry-After")
		if status != s.status || retryAfter != s.retryAfter {
			t.Errorf("request %d: status %d, Retry-After %q; want %d, %q", i, status, retryAfter, s.status, s.retryAfter)
		}
		if elapsed := time.Since(start); elapsed < 20*time.Millisecond {
			t.Errorf("request %d answered after %v, before -latency", i, elapsed)
		}
	}
	p.stop(t)
	if out := p.logs.String(); !strings.Contains(out, "GET "+fabrikam+" 503\n") {
		t.Errorf("log lacks the injected 503:\n%s", out)
	}
}

// TestRunShutdownReleasesHungRequests shows that a request held by a hang
// fault does not hold up shutdown until its timeout.
func TestRunShutdownReleasesHungRequests(t *testing.T) {
	p := startRun(t, noEnv, "-token", "t", "-fault", "kind=hang")

	sent := make(chan struct{})
	answered := make(chan error, 1)
	go func() {
		trace := &httptrace.ClientTrace{WroteRequest: func(httptrace.WroteRequestInfo) { close(sent) }}
		req, _ := http.NewRequestWithContext(httptrace.WithClientTrace(t.Context(), trace), http.MethodGet,
			p.url+"/v1/customers/0c39d6d5-c70d-4c55-bc02-f620844f3fd1/subscribedskus", nil)
		req.Header.Set("Authorization", "Bearer t")
		resp, err := http.DefaultClient.Do(req)
		if err == nil {
			_ = resp.Body.Close()
			err = fmt.Errorf("hung request answered HTTP %d", resp.StatusCode)
		}
		answered <- err
	}()
	<-sent
	time.Sleep(50 * time.Millisecond) // let the handler start holding

	start := time.Now()
	p.stop(t)
	if elapsed := time.Since(start); elapsed > shutdownTimeout/2 {
		t.Errorf("shutdown took %v: the hung request held it up", elapsed)
	}
	if err := <-answered; err == nil {
		t.Error("the hung request got no error")
	}
	if out := p.logs.String(); !strings.Contains(out, "subscribedskus aborted\n") {
		t.Errorf("log lacks the aborted request:\n%s", out)
	}
}

func TestParseRateLimitAcceptsScope(t *testing.T) {
	f, err := parseRateLimit("rate=50,burst=50,scope=partner")
	if err != nil {
		t.Fatal(err)
	}
	if want := (emulator.Fault{Kind: emulator.FaultRateLimit, Rate: 50, Burst: 50, Scope: emulator.ScopePartner}); f != want {
		t.Errorf("parseRateLimit = %+v, want %+v", f, want)
	}
	if _, err := parseRateLimit("rate=1,scope=tenant"); err == nil || !strings.Contains(err.Error(), "valid scopes are partner_customer (the default) and partner") {
		t.Errorf("bad scope: err = %v", err)
	}
}

func TestParseRateLimitAcceptsWindow(t *testing.T) {
	f, err := parseRateLimit("rate=20,window=10s,scope=partner")
	if err != nil {
		t.Fatal(err)
	}
	if want := (emulator.Fault{Kind: emulator.FaultRateLimit, Rate: 20, Window: emulator.Duration(10 * time.Second), Scope: emulator.ScopePartner}); f != want {
		t.Errorf("parseRateLimit = %+v, want %+v", f, want)
	}
	if _, err := parseRateLimit("rate=20,window=10s,burst=5"); err == nil || !strings.Contains(err.Error(), "burst is not used with a window") {
		t.Errorf("burst with a window: err = %v", err)
	}
}

// TestRunRateLimitWindow drives -rate-limit with a window through the
// program: the window's 429 has no Retry-After, and its message's N is the
// seconds to the window's end (windows are multiples of W since the epoch).
func TestRunRateLimitWindow(t *testing.T) {
	const window = 1000 * time.Second // one request a window
	p := startRun(t, noEnv, "-token", "t", "-rate-limit", "rate=0.001,window=1000s,scope=partner")
	paths := []string{
		"/v1/customers/0c39d6d5-c70d-4c55-bc02-f620844f3fd1/subscribedskus",
		"/v1/customers/7d1a3b2c-4e5f-4a6b-8c7d-9e0f1a2b3c4d/subscribedskus", // same partner, same count
	}
	// Two requests of one window meet the limit; a third covers the
	// unlikely turn of a window between the first two.
	for i := 0; ; i++ {
		if i == 3 {
			t.Fatal("no 429 in three requests at one request a window")
		}
		before := time.Now()
		status, header, body := get(t, p.url+paths[i%2], "t")
		after := time.Now()
		if status == http.StatusOK {
			continue
		}
		if status != http.StatusTooManyRequests {
			t.Fatalf("request %d: status %d, body %s", i, status, body)
		}
		if v, ok := header["Retry-After"]; ok {
			t.Errorf("Retry-After %q; a window's 429 says the wait only in its message", v)
		}
		toEnd := func(at time.Time) int {
			// Not at.Truncate, which counts from year 1, not from the epoch.
			end := time.Unix(0, (at.UnixNano()/int64(window)+1)*int64(window))
			return max(1, int(math.Ceil(end.Sub(at).Seconds())))
		}
		var got struct {
			StatusCode int    `json:"statusCode"`
			Message    string `json:"message"`
		}
		if err := json.Unmarshal([]byte(strings.TrimPrefix(body, "\ufeff")), &got); err != nil {
			t.Fatalf("body %q: %v", body, err)
		}
		var n int
		if _, err := fmt.Sscanf(got.Message, "Rate limit is exceeded. Try again in %d seconds.", &n); err != nil || got.StatusCode != 429 ||
			n < toEnd(after) || n > toEnd(before) {
			t.Errorf("body %s: want statusCode 429 and a wait from %d to %d seconds", body, toEnd(after), toEnd(before))
		}
		break
	}
	p.stop(t)
}

// TestRunGeneratedCustomers checks -customers with and without a shape:
// without one, each generated customer has the seed's SKUs, as before.
func TestRunGeneratedCustomers(t *testing.T) {
	skus := func(url string) (parts []string, plans []int) {
		t.Helper()
		status, _, body := get(t, url+"/v1/customers/"+emulator.GeneratedCustomerID(1)+"/subscribedskus?licenseGroupIds=Group1&licenseGroupIds=Group2", "t")
		var page struct {
			Items []struct {
				ProductSku   struct{ SkuPartNumber string }
				ServicePlans []json.RawMessage
			}
		}
		if err := json.Unmarshal([]byte(strings.TrimPrefix(body, "\ufeff")), &page); status != http.StatusOK || err != nil {
			t.Fatalf("HTTP %d (%v): %s", status, err, body)
		}
		for _, s := range page.Items {
			parts, plans = append(parts, s.ProductSku.SkuPartNumber), append(plans, len(s.ServicePlans))
		}
		return parts, plans
	}

	seed := startRun(t, noEnv, "-token", "t", "-customers", "2")
	parts, plans := skus(seed.url)
	seed.stop(t)
	if want := []string{"AAD_PREMIUM", "AX_TASK_USER", "CFQ7TTC0K5DR/0002", "WIN_ENT_E5"}; fmt.Sprint(parts) != fmt.Sprint(want) || fmt.Sprint(plans) != "[3 0 0 2]" {
		t.Errorf("-customers alone: part numbers %v, plans %v; want the seed's %v, [3 0 0 2]", parts, plans, want)
	}

	shaped := startRun(t, noEnv, "-token", "t", "-customers", "2", "-skus-per-customer", "3", "-plans-per-sku", "4")
	parts, plans = skus(shaped.url)
	shaped.stop(t)
	if fmt.Sprint(parts) != "[AAD_PREMIUM WIN_ENT_E5 GENERATED_SKU_003]" || fmt.Sprint(plans) != "[4 4 4]" {
		t.Errorf("-skus-per-customer 3 -plans-per-sku 4: part numbers %v, plans %v", parts, plans)
	}
}

// -fault with list= and page= fails the users list's second page every
// time, while its first page, and the customers list, answer as usual.
func TestRunPageFault(t *testing.T) {
	const users = "/v1/customers/0c39d6d5-c70d-4c55-bc02-f620844f3fd1/users?size=1"
	p := startRun(t, noEnv, "-token", "t",
		"-fault", "kind=error,status=404,description=Resource not found,list=users,page=2")
	var next struct {
		Links struct {
			Next struct {
				URI string `json:"uri"`
			} `json:"next"`
		} `json:"links"`
		ContinuationToken string `json:"continuationToken"`
	}
	for i := range 2 {
		status, _, body := get(t, p.url+users, "t")
		if status != 200 {
			t.Fatalf("page 1, try %d: HTTP %d %s", i+1, status, body)
		}
		if err := json.Unmarshal([]byte(strings.TrimPrefix(body, "\ufeff")), &next); err != nil || next.ContinuationToken == "" {
			t.Fatalf("page 1 has no next page (%v): %s", err, body)
		}
	}
	for i := range 3 {
		req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, p.url+"/v1"+next.Links.Next.URI, nil)
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Authorization", "Bearer t")
		req.Header.Set("MS-ContinuationToken", next.ContinuationToken)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		_ = resp.Body.Close()
		if resp.StatusCode != 404 || !strings.Contains(string(body), "Resource not found") {
			t.Errorf("page 2, try %d: HTTP %d %s, want the fault's 404", i+1, resp.StatusCode, body)
		}
	}
	if status, _, body := get(t, p.url+"/v1/customers?size=1", "t"); status != 200 {
		t.Errorf("customers list: HTTP %d %s", status, body)
	}
	p.stop(t)

	var out bytes.Buffer
	if err := run(context.Background(), []string{"-help"}, noEnv, &out); err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"list=L[,page=P]", "customers, users, subscribedskus, licenses or subscriptions"} {
		if !strings.Contains(out.String(), s) {
			t.Errorf("-help lacks %q", s)
		}
	}
}

// TestRunGeneratedUsers checks -users-per-customer: each generated customer
// lists that many users, and a user's licences answer by principal name;
// the seed customer keeps its own users.
func TestRunGeneratedUsers(t *testing.T) {
	p := startRun(t, noEnv, "-token", "t", "-customers", "2", "-users-per-customer", "3", "-page-size", "2")
	defer p.stop(t)
	customer := emulator.GeneratedCustomerID(1)
	var upns []string
	status, _, body := get(t, p.url+"/v1/customers/"+customer+"/users?size=500", "t")
	var page struct {
		Items []struct{ UserPrincipalName string }
		Links struct{ Next *json.RawMessage }
	}
	if err := json.Unmarshal([]byte(strings.TrimPrefix(body, "\ufeff")), &page); status != http.StatusOK || err != nil {
		t.Fatalf("HTTP %d (%v): %s", status, err, body)
	}
	for _, u := range page.Items {
		upns = append(upns, u.UserPrincipalName)
	}
	if fmt.Sprint(upns) != "[user00001@00000001.onmicrosoft.com user00002@00000001.onmicrosoft.com]" || page.Links.Next == nil {
		t.Errorf("first page of -page-size 2: %v, links.next %v", upns, page.Links.Next)
	}
	if status, _, body := get(t, p.url+"/v1/customers/"+customer+"/users/user00003@00000001.onmicrosoft.com/licenses", "t"); status != http.StatusOK ||
		!strings.Contains(body, `"skuPartNumber":"AAD_PREMIUM"`) || !strings.Contains(body, `"skuPartNumber":"WIN_ENT_E5"`) {
		t.Errorf("user00003's licences: HTTP %d %s", status, body)
	}
	if status, _, body := get(t, p.url+"/v1/customers/"+customer+"/users/user00004@00000001.onmicrosoft.com/licenses", "t"); status != http.StatusNotFound ||
		!strings.Contains(body, "60002") {
		t.Errorf("user00004 of 3: HTTP %d %s", status, body)
	}
	if status, _, body := get(t, p.url+"/v1/customers/0c39d6d5-c70d-4c55-bc02-f620844f3fd1/users/user00001@contoso.onmicrosoft.com/licenses", "t"); status != http.StatusNotFound {
		t.Errorf("the seed customer has no generated users, but user00001 answered HTTP %d %s", status, body)
	}
}
