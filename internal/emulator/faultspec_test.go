package emulator

import (
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestParseFault(t *testing.T) {
	tests := []struct {
		spec string
		want Fault
	}{
		{"kind=throttle,count=2,retry-after=1,customer=" + contoso,
			Fault{Kind: FaultThrottle, Count: 2, RetryAfter: "1", Customer: contoso}},
		{"kind=throttle,retry-after=date:3", Fault{Kind: FaultThrottle, RetryAfter: "date:3"}},
		{" kind = latency , latency = 200ms ", Fault{Kind: FaultLatency, Latency: ms(200)}},
		{"kind=server_error,status=500,count=1", Fault{Kind: FaultServerError, Status: 500, Count: 1}},
		{"kind=rate_limit,rate=10,burst=5", Fault{Kind: FaultRateLimit, Rate: 10, Burst: 5}},
		{"kind=rate_limit,rate=0.5", Fault{Kind: FaultRateLimit, Rate: 0.5}},
		{"kind=rate_limit,rate=50,burst=50,scope=partner", Fault{Kind: FaultRateLimit, Rate: 50, Burst: 50, Scope: ScopePartner}},
		{"kind=rate_limit,rate=20,window=10s,scope=partner", Fault{Kind: FaultRateLimit, Rate: 20, Window: Duration(10 * time.Second), Scope: ScopePartner}},
		{"kind=hang,latency=2s", Fault{Kind: FaultHang, Latency: Duration(2 * time.Second)}},
		{"KIND=hang", Fault{Kind: FaultHang}},
		{"kind=reset", Fault{Kind: FaultReset}},
		{"kind=malformed_json,customer=" + strings.ToUpper(fabrikam), Fault{Kind: FaultMalformedJSON, Customer: strings.ToUpper(fabrikam)}},
		{"kind=truncated_json", Fault{Kind: FaultTruncatedJSON}},
		{"count=3,kind=html_502", Fault{Kind: FaultHTML502, Count: 3}},
		{"kind=claims_challenge,count=1", Fault{Kind: FaultClaimsChallenge, Count: 1}},
		{"kind=error,status=404,code=600001,description=Not found,list=users,page=2",
			Fault{Kind: FaultError, Status: 404, Code: "600001", Description: "Not found", List: ListUsers, Page: 2}},
		{"kind=throttle,list=customers,page=1,count=2", Fault{Kind: FaultThrottle, List: ListCustomers, Page: 1, Count: 2}},
		{"kind=reset,list=licenses,customer=" + contoso, Fault{Kind: FaultReset, List: ListLicenses, Customer: contoso}},
		{"kind=rate_limit,rate=1,list=subscribedskus,page=1", Fault{Kind: FaultRateLimit, Rate: 1, List: ListSubscribedSkus, Page: 1}},
		{"kind=encoding,encoding=br,count=1", Fault{Kind: FaultEncoding, Encoding: EncodingBrotli, Count: 1}},
		{"kind=encoding,encoding=gzip_without_header", Fault{Kind: FaultEncoding, Encoding: EncodingGzipWithoutHeader}},
		{"kind=oversized_gzip,list=customers", Fault{Kind: FaultOversizedGzip, List: ListCustomers}},
	}
	em, err := New(Options{AccessToken: "t"})
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		t.Run(tt.spec, func(t *testing.T) {
			got, err := ParseFault(tt.spec)
			if err != nil {
				t.Fatalf("ParseFault: %v", err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("ParseFault = %+v, want %+v", got, tt.want)
			}
			if err := em.SetFaults([]Fault{got}); err != nil {
				t.Errorf("SetFaults refuses what ParseFault accepted: %v", err)
			}
		})
	}
}

func TestParseFaultErrors(t *testing.T) {
	tests := []struct {
		spec string
		want []string // substrings of the error, besides the quoted spec
	}{
		{"", []string{"empty fault", "valid kinds are latency, throttle, server_error, error, reset, hang, malformed_json, truncated_json, html_502, rate_limit"}},
		{"kind=bogus", []string{`unknown kind "bogus"`, "valid kinds are latency"}},
		{"kind=Throttle", []string{`unknown kind "Throttle"`}},
		{"count=2", []string{"key kind is required", "valid kinds are"}},
		{"kind=throttle,flavor=red", []string{`unknown key "flavor"`, "keys: kind, customer, list, page, count, latency, status, code, description, retry-after, rate, burst"}},
		{"kind=throttle,retryAfter=1", []string{`unknown key "retryafter"`, "retry-after"}},
		{"kind=throttle,kind=reset", []string{"key kind is given twice"}},
		{"kind=throttle,count", []string{`"count" is not a key=value pair`}},
		{"kind=throttle,", []string{`"" is not a key=value pair`}},
		{"=throttle", []string{`"=throttle" is not a key=value pair`}},
		{"kind=throttle,count=", []string{"key count has no value"}},
		{"kind=throttle,count=two", []string{`count "two" is not a whole number`}},
		{"kind=throttle,count=-1", []string{"count -1 must not be negative"}},
		{"kind=latency", []string{"positive latency"}},
		{"kind=latency,latency=fast", []string{`latency "fast" is not a duration`}},
		{"kind=latency,latency=-5ms", []string{"latency -5ms must not be negative"}},
		{"kind=throttle,retry-after=soon", []string{`retry-after "soon"`, "date:N"}},
		{"kind=throttle,retry-after=date:x", []string{`retry-after "date:x"`}},
		{"kind=throttle,retry-after=1.5", []string{`retry-after "1.5"`}},
		{"kind=server_error,status=404", []string{"status 404 must be a 5xx status"}},
		{"kind=server_error,status=abc", []string{`status "abc" is not a number`}},
		{"kind=rate_limit", []string{"rate_limit needs a positive, finite rate"}},
		{"kind=rate_limit,rate=0", []string{"positive, finite rate"}},
		{"kind=rate_limit,rate=NaN", []string{"positive, finite rate"}},
		{"kind=rate_limit,rate=+Inf", []string{"positive, finite rate"}},
		{"kind=rate_limit,rate=x", []string{`rate "x" is not a number`}},
		{"kind=rate_limit,rate=1,burst=-1", []string{"burst -1 must not be negative"}},
		{"kind=rate_limit,rate=1,burst=b", []string{`burst "b" is not a whole number`}},
		{"kind=rate_limit,rate=1,count=2", []string{"count is not used by rate_limit"}},
		{"kind=rate_limit,rate=1,window=soon", []string{`window "soon" is not a duration`}},
		{"kind=rate_limit,rate=1,window=1m,burst=3", []string{"burst is not used with a window"}},
		{"kind=rate_limit,rate=1,window=500ms", []string{"admits no request"}},
		{"kind=rate_limit,rate=1,scope=customer", []string{`scope "customer"`, "valid scopes are partner_customer (the default) and partner"}},
		{"kind=throttle,status=500", []string{"status is not used by throttle (only by server_error, error)"}},
		{"kind=reset,latency=1s", []string{"latency is not used by reset"}},
		{"kind=throttle,customer=contoso", []string{`customer "contoso"`, "GUID"}},
		{"kind=throttle,list=user", []string{`unknown list "user"`, "valid lists are customers, users, subscribedskus, licenses"}},
		{"kind=throttle,list=Users", []string{`unknown list "Users"`}},
		{"kind=throttle,list=users,page=two", []string{`page "two" is not a whole number`}},
		{"kind=throttle,list=users,page=0", []string{"page 0 must be 1 or more"}},
		{"kind=throttle,list=users,page=-1", []string{"page -1 must be 1 or more"}},
		{"kind=throttle,page=2", []string{"page needs a list", "valid lists are"}},
		{"kind=throttle,list=customers,customer=" + contoso, []string{"customer is not used by list customers"}},
		{"kind=encoding", []string{`encoding needs an encoding, not ""`, "valid encodings are gzip, gzip_without_header, deflate, br, zstd, zstd_without_header"}},
		{"kind=encoding,encoding=brotli", []string{`not "brotli"`}},
		{"kind=oversized_gzip,encoding=br", []string{"encoding is not used by oversized_gzip (only by encoding)"}},
	}
	for _, tt := range tests {
		t.Run(tt.spec, func(t *testing.T) {
			got, err := ParseFault(tt.spec)
			if err == nil {
				t.Fatalf("ParseFault accepted it as %+v", got)
			}
			if got != (Fault{}) {
				t.Errorf("ParseFault returned %+v with its error", got)
			}
			for _, s := range append([]string{`fault "` + tt.spec + `": `}, tt.want...) {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("error %q lacks %q", err, s)
				}
			}
		})
	}
}
