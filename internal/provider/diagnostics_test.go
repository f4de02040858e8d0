package provider

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/partnercenter-terraform/terraform-provider-partnercenter/internal/client"
)

func TestAddReadErrorExplainsEachCase(t *testing.T) {
	trace := client.Trace{RequestID: "req-1", CorrelationID: "corr-1"}
	apiErr := func(status int, code, description string) error {
		return &client.APIError{Trace: trace, Method: "GET", Path: "/v1/customers/x/subscribedskus", StatusCode: status, Code: code, Description: description}
	}
	cases := []struct {
		name string
		err  error
		want []string
	}{
		{"400", apiErr(400, "400056", "Invalid input"), []string{"HTTP 400 with code 400056: Invalid input", "reason above"}},
		{"401", apiErr(401, "InvalidToken", "bad token"), []string{"HTTP 401", "App+User", "PARTNERCENTER_ACCESS_TOKEN"}},
		{"403", apiErr(403, "", "Forbidden"), []string{"HTTP 403", "GDAP", "Directory Readers, Global Reader, User Administrator, License Administrator"}},
		{"20002", apiErr(403, "20002", "No relationship between caller and account"), []string{"code 20002", "GDAP relationship is missing", "Global Reader"}},
		{"404", apiErr(404, "600008", "not found"), []string{"HTTP 404 with code 600008", "customer_id is the customer's tenant id"}},
		{"429", apiErr(429, "429", "Rate limit is exceeded"), []string{"HTTP 429", "throttling", "-parallelism"}},
		{"503", apiErr(503, "", "a text/html body"), []string{"HTTP 503", "transient"}},
		{"unusable body", &client.ResponseError{Trace: trace, Method: "GET", Path: "/p", StatusCode: 200, Err: errors.New("the JSON body ends early (truncated)")}, []string{"HTTP 200", "truncated", "proxy or gateway"}},
		{"timeout", &client.TransportError{Trace: trace, Method: "GET", Path: "/p", Err: fmt.Errorf("wrapped: %w", context.DeadlineExceeded)}, []string{"no answer", "timed out"}},
		{"cancelled", &client.TransportError{Trace: trace, Method: "GET", Path: "/p", Err: context.Canceled}, []string{"cancelled"}},
		{"refused", &client.TransportError{Trace: trace, Method: "GET", Path: "/p", Err: errors.New("connection refused")}, []string{"connection refused", "endpoint argument"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var diags diag.Diagnostics
			addReadError(&diags, "Unable to Read Subscribed SKUs", tc.err, subscribedSKUsHints)
			if len(diags) != 1 || diags[0].Summary() != "Unable to Read Subscribed SKUs" {
				t.Fatalf("diags = %v", diags)
			}
			detail := diags[0].Detail()
			for _, w := range append(tc.want, "MS-RequestId: req-1", "MS-CorrelationId: corr-1") {
				if !strings.Contains(detail, w) {
					t.Errorf("detail does not mention %q:\n%s", w, detail)
				}
			}
		})
	}
}
