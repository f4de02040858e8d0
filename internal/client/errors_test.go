package client

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
)

func TestAPIErrors(t *testing.T) {
	cases := []struct {
		name, contentType, body string
		status                  int
		wantCode, wantDesc      string
	}{
		{"partner center shape, numeric code", "application/json", `{"code":20002,"description":"No relationship between caller and account","data":[],"source":"PartnerFD"}`, 403, "20002", "No relationship between caller and account"},
		{"partner center shape, string code", "application/json", `{"code":"600008","description":"The requested customer was not found."}`, 404, "600008", "The requested customer was not found."},
		{"gateway shape", "application/json", `{"statusCode":429,"message":"Rate limit is exceeded. Try again in 57 seconds."}`, 429, "429", "Rate limit is exceeded. Try again in 57 seconds."},
		{"code only", "application/json", `{"code":400}`, 400, "400", "no description was given"},
		{"html gateway page", "text/html", "<html><head><title>502 Bad Gateway</title></head>\n<body>\x1b[31mboom</body></html>", 502, "", `a text/html body that is not a Partner Center error, starting "<html><head><title>502 Bad Gateway</title></head> <body>[31mboom</body></html>"`},
		{"empty body", "", "", 500, "", "the response had no body"},
		{"json but not an error", "application/json", `{"hello":"world"}`, 500, "", `a application/json body that is not a Partner Center error, starting "{\"hello\":\"world\"}"`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := newTestClient(t, respond(tc.status, tc.contentType, tc.body))
			_, err := c.ListSubscribedSKUs(context.Background(), seedCustomerID, nil)
			var apiErr *APIError
			if !errors.As(err, &apiErr) {
				t.Fatalf("err = %v (%T), want *APIError", err, err)
			}
			if apiErr.StatusCode != tc.status || apiErr.Code != tc.wantCode || apiErr.Description != tc.wantDesc {
				t.Errorf("got status %d code %q description %q\nwant status %d code %q description %q",
					apiErr.StatusCode, apiErr.Code, apiErr.Description, tc.status, tc.wantCode, tc.wantDesc)
			}
			if apiErr.CorrelationID != testCorrelationID || !IsGUID(apiErr.RequestID) {
				t.Errorf("trace = %+v", apiErr.Trace)
			}
			if want := strings.HasPrefix(tc.body, `{"statusCode"`); apiErr.Gateway != want {
				t.Errorf("Gateway = %v, want %v", apiErr.Gateway, want)
			}
			// The whole URL, so a doubled /v1 or a wrong host shows.
			if !strings.HasPrefix(apiErr.URL, "http://127.0.0.1:") || !strings.HasSuffix(apiErr.URL, "/v1/customers/"+seedCustomerID+"/subscribedskus") ||
				!strings.Contains(err.Error(), apiErr.URL) {
				t.Errorf("URL %q, error %q: want the whole request URL in both", apiErr.URL, err)
			}
			if strings.Contains(err.Error(), testToken) {
				t.Error("the error text contains the token")
			}
		})
	}
}

func TestErrorBodyOverCapIsSummarised(t *testing.T) {
	c := newTestClient(t, respond(502, "text/html", strings.Repeat("<p>x</p>", 100)),
		func(cfg *Config) { cfg.MaxBodyBytes = 64 })
	_, err := c.ListSubscribedSKUs(context.Background(), seedCustomerID, nil)
	var apiErr *APIError
	if !errors.As(err, &apiErr) || !strings.Contains(apiErr.Description, "cut at the size cap") {
		t.Fatalf("err = %v, want an APIError that says the body was cut", err)
	}
}

func TestUnusableSuccessBodies(t *testing.T) {
	seedAsPrinted := readTestdata(t, "seed_004_as_printed.json")
	cases := []struct {
		name, body, want string
		maxBody          int64
	}{
		{"seed sample with totalCount 04", seedAsPrinted, "not valid JSON", 0},
		{"truncated", `{"totalCount":1,"items":[{"availableUnits":`, "truncated", 0},
		{"html", `<html>maintenance</html>`, "not valid JSON", 0},
		{"empty", ``, "empty", 0},
		{"wrong shape", `{"totalCount":"many","items":[]}`, "expected shape", 0},
		{"over the cap", `{"totalCount":0,"items":[]}`, "larger than the 10-byte cap", 10},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := newTestClient(t, respond(200, "application/json", tc.body), func(cfg *Config) { cfg.MaxBodyBytes = tc.maxBody })
			_, err := c.ListSubscribedSKUs(context.Background(), seedCustomerID, nil)
			var respErr *ResponseError
			if !errors.As(err, &respErr) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want a ResponseError containing %q", err, tc.want)
			}
			if respErr.StatusCode != 200 || respErr.CorrelationID != testCorrelationID {
				t.Errorf("ResponseError = %+v", respErr)
			}
		})
	}
}

// The three error types share one request record, found through any
// wrapping.
func TestEveryRequestErrorCarriesItsRecord(t *testing.T) {
	record := RequestRecord{Trace: Trace{RequestID: "r", CorrelationID: "c"}, Method: "GET", URL: "https://pc.example/v1/customers", Attempts: 2}
	for _, err := range []error{
		&APIError{RequestRecord: record, StatusCode: 403},
		&ResponseError{RequestRecord: record, StatusCode: 200, Err: errors.New("cut")},
		&TransportError{RequestRecord: record, Err: errors.New("reset")},
	} {
		got, ok := AsRequestError(fmt.Errorf("reading: %w", err))
		if !ok || *got.Record() != record || !errors.Is(got, err) {
			t.Errorf("%T: got %v, %v; want its record", err, got, ok)
		}
	}
	if _, ok := AsRequestError(errors.New("other")); ok {
		t.Error("an error that is not about a request has a record")
	}
}
