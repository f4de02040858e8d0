package emulator

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestDurationJSON(t *testing.T) {
	for _, tc := range []struct {
		d    Duration
		json string
	}{
		{ms(250), `"250ms"`},
		{Duration(1500 * time.Millisecond), `"1.5s"`},
		{Duration(2 * time.Minute), `"2m0s"`},
	} {
		b, err := json.Marshal(tc.d)
		if err != nil || string(b) != tc.json {
			t.Errorf("Marshal(%v) = %s, %v; want %s", tc.d, b, err, tc.json)
		}
		var back Duration
		if err := json.Unmarshal(b, &back); err != nil || back != tc.d {
			t.Errorf("Unmarshal(%s) = %v, %v", b, back, err)
		}
	}
	null := ms(7)
	if err := json.Unmarshal([]byte(`null`), &null); err != nil || null != ms(7) {
		t.Errorf("Unmarshal(null) = %v, %v; want no change", null, err)
	}
	for _, bad := range []string{`250`, `"fast"`, `""`, `true`} {
		var d Duration
		if err := json.Unmarshal([]byte(bad), &d); err == nil {
			t.Errorf("Unmarshal(%s) accepted it as %v", bad, d)
		}
	}
}

func TestFaultJSONOmitsUnsetFields(t *testing.T) {
	b, err := json.Marshal([]Fault{
		{Kind: FaultThrottle},
		{Kind: FaultHang, Latency: ms(20), Customer: contoso, Count: 1},
	})
	if err != nil {
		t.Fatal(err)
	}
	want := `[{"kind":"throttle"},{"customer":"` + contoso + `","kind":"hang","count":1,"latency":"20ms"}]`
	if string(b) != want {
		t.Errorf("Marshal = %s, want %s", b, want)
	}
}

func TestFixtureFaults(t *testing.T) {
	doc := `{"customers": [{"id": "` + contoso + `"}], "faults": [
		{"kind": "latency", "latency": "250ms"},
		{"kind": "throttle", "count": 2, "retryAfter": "date:5", "customer": "` + contoso + `"},
		{"kind": "rate_limit", "rate": 2.5, "burst": 4},
		{"kind": "rate_limit", "rate": 20, "window": "10s", "scope": "partner"},
		{"kind": "server_error", "status": 500},
		{"kind": "error", "status": 404, "description": "Resource not found", "list": "users", "page": 2},
		{"kind": "throttle", "list": "licenses", "customer": "` + contoso + `"}
	]}`
	f, err := ParseFixture([]byte(doc))
	if err != nil {
		t.Fatalf("ParseFixture: %v", err)
	}
	want := []Fault{
		{Kind: FaultLatency, Latency: ms(250)},
		{Kind: FaultThrottle, Count: 2, RetryAfter: "date:5", Customer: contoso},
		{Kind: FaultRateLimit, Rate: 2.5, Burst: 4},
		{Kind: FaultRateLimit, Rate: 20, Window: Duration(10 * time.Second), Scope: ScopePartner},
		{Kind: FaultServerError, Status: 500},
		{Kind: FaultError, Status: 404, Description: "Resource not found", List: ListUsers, Page: 2},
		{Kind: FaultThrottle, List: ListLicenses, Customer: contoso},
	}
	if !reflect.DeepEqual(f.Faults, want) {
		t.Errorf("faults %+v, want %+v", f.Faults, want)
	}
	c := f.clone()
	c.Faults[0].Latency = 0
	if f.Faults[0].Latency != ms(250) {
		t.Error("clone shares the faults")
	}
	if d := DefaultFixture(); d.Faults != nil {
		t.Errorf("default fixture has faults %+v", d.Faults)
	}
}

// A fixture's list and page are written back as they were read.
func TestFaultJSONListAndPage(t *testing.T) {
	b, err := json.Marshal(Fault{Kind: FaultReset, List: ListUsers, Page: 2})
	if want := `{"list":"users","page":2,"kind":"reset"}`; err != nil || string(b) != want {
		t.Errorf("Marshal = %s, %v; want %s", b, err, want)
	}
}

func TestFixtureFaultsFromFileServe(t *testing.T) {
	f, err := ParseFixture([]byte(`{"customers": [{"id": "` + contoso + `"}], "faults": [{"kind": "html_502", "count": 1}]}`))
	if err != nil {
		t.Fatal(err)
	}
	em, srv := newTestServer(t, f)
	want := []int{502, 200}
	if got := statuses(t, srv, skusPath(contoso), len(want)); !reflect.DeepEqual(got, want) {
		t.Errorf("statuses %v, want %v", got, want)
	}
	checkInjected(t, em, map[FaultKind]int64{FaultHTML502: 1})
}

func TestFixtureFaultsRejects(t *testing.T) {
	tests := []struct {
		name   string
		faults string
		want   []string
	}{
		{"unknown field", `[{"kind": "throttle", "counts": 2}]`, []string{"unknown field", "counts"}},
		{"latency as a number", `[{"kind": "latency", "latency": 250}]`, []string{`"250ms"`}},
		{"latency not a duration", `[{"kind": "latency", "latency": "fast"}]`, []string{`duration "fast"`}},
		{"unknown kind", `[{"kind": "latency", "latency": "1s"}, {"kind": "slow"}]`, []string{`invalid fixture: faults[1] (kind "slow"): unknown kind "slow"`}},
		{"missing kind", `[{"count": 1}]`, []string{`faults[0] (kind ""): kind is required`}},
		{"bad status", `[{"kind": "server_error", "status": 404}]`, []string{"faults[0]", "status 404"}},
		{"bad customer", `[{"kind": "reset", "customer": "contoso"}]`, []string{"faults[0]", `customer "contoso"`}},
		{"not an array", `{"kind": "reset"}`, []string{"invalid fixture"}},
		{"unknown list", `[{"kind": "reset", "list": "orders"}]`, []string{"faults[0]", `unknown list "orders"`, "valid lists are customers, users, subscribedskus, licenses"}},
		{"page without a list", `[{"kind": "reset", "page": 2}]`, []string{"faults[0]", "page needs a list"}},
		{"negative page", `[{"kind": "reset", "list": "users", "page": -2}]`, []string{"faults[0]", "page -2 must be 1 or more"}},
		{"page as a string", `[{"kind": "reset", "list": "users", "page": "2"}]`, []string{"invalid fixture"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseFixture([]byte(`{"customers": [], "faults": ` + tt.faults + `}`))
			if err == nil {
				t.Fatal("ParseFixture accepted it")
			}
			for _, s := range tt.want {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("error %q lacks %q", err, s)
				}
			}
		})
	}
	// Validate, and so New, check faults set in Go as well.
	f := &Fixture{Faults: []Fault{{Kind: FaultRateLimit}}}
	if err := f.Validate(); err == nil || !strings.Contains(err.Error(), "positive, finite rate") {
		t.Errorf("Validate = %v", err)
	}
	if _, err := New(Options{AccessToken: "t", Fixture: f}); err == nil || !strings.Contains(err.Error(), "invalid fixture: faults[0]") {
		t.Errorf("New = %v", err)
	}
}
