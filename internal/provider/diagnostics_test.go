package provider

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/partnercenter-terraform/terraform-provider-partnercenter/internal/auth"
	"github.com/partnercenter-terraform/terraform-provider-partnercenter/internal/client"
)

func TestAddReadErrorExplainsEachCase(t *testing.T) {
	trace := client.Trace{RequestID: "req-1", CorrelationID: "corr-1"}
	const url = "https://api.partnercenter.microsoft.com/v1/customers/x/subscribedskus?licenseGroupIds=Group1"
	request := client.RequestRecord{Trace: trace, Method: "GET", URL: url}
	apiErr := func(status int, code, description string) error {
		return &client.APIError{RequestRecord: request, StatusCode: status, Code: code, Description: description}
	}
	gatewayErr := func(status int, message string) error {
		return &client.APIError{RequestRecord: request, StatusCode: status, Code: fmt.Sprint(status), Description: message, Gateway: true}
	}
	notSent := func(err error) error {
		return &client.TransportError{RequestRecord: request, NotSent: true, Err: err}
	}
	recordWithoutURL := client.RequestRecord{Trace: trace, Method: "GET"}
	cases := []struct {
		name    string
		err     error
		hints   readHints
		signIn  auth.Method
		appOnly bool
		locale  string
		want    []string
		notWant []string
	}{
		{name: "400", err: apiErr(400, "400056", "Invalid input"), want: []string{"HTTP 400 with code 400056: Invalid input", "reason above"}},
		{name: "401", err: apiErr(401, "InvalidToken", "bad token"), want: []string{"HTTP 401", "App+User", "PARTNERCENTER_ACCESS_TOKEN"}},
		{name: "403", err: apiErr(403, "", "Forbidden"), want: []string{"HTTP 403", "GDAP", "Directory Readers, Global Reader."},
			notWant: []string{"User Administrator"}},
		{name: "20002", err: apiErr(403, "20002", "No relationship between caller and account"),
			want:    []string{"code 20002", "no commerce relationship", "lapsed or was removed", "only through GDAP", "not in the customers list", "Microsoft Graph"},
			notWant: []string{"approve a GDAP relationship"}},
		// Code 20002 is told the same in any language, and with any roles.
		{name: "20002 in German", err: apiErr(403, "20002", "Keine Beziehung zwischen Aufrufer und Konto"), locale: "de-DE",
			want: []string{"Keine Beziehung", "no commerce relationship", "only through GDAP"}},
		{name: "1002", err: apiErr(403, "1002", "Authorization Failed"), want: []string{"code 1002", "role does not allow", "Directory Readers, Global Reader."}},
		{name: "404", err: apiErr(404, "600008", "not found"), want: []string{"HTTP 404 with code 600008", "customer_id is the customer's tenant id"}},
		{name: "429", err: apiErr(429, "429", "Rate limit is exceeded"), want: []string{"HTTP 429", "throttling", "-parallelism"}},
		{name: "503", err: apiErr(503, "", "a text/html body"), want: []string{"HTTP 503", "transient"}},
		{name: "unusable body", err: &client.ResponseError{RequestRecord: recordWithoutURL, StatusCode: 200, Err: errors.New("the JSON body ends early (truncated)")}, want: []string{"HTTP 200", "truncated", "proxy or gateway"}},
		{name: "timeout", err: &client.TransportError{RequestRecord: recordWithoutURL, Err: fmt.Errorf("wrapped: %w", context.DeadlineExceeded)}, want: []string{"no answer", "timed out"}},
		{name: "cancelled", err: &client.TransportError{RequestRecord: recordWithoutURL, Err: context.Canceled}, want: []string{"cancelled"}},
		{name: "refused", err: &client.TransportError{RequestRecord: recordWithoutURL, Err: errors.New("connection refused")}, want: []string{"connection refused", "endpoint argument"}},
		// Partner Center's own codes and the requests never sent.
		{name: "role lacks rights", err: apiErr(403, "900150", "Access denied."), want: []string{"code 900150", "role does not allow", "Directory Readers, Global Reader."}},
		// The token's claims decide, not the description's language.
		{name: "app-only token refused by the service", err: apiErr(403, "", "This resource can't be accessed by application credentials."), appOnly: true,
			want: []string{"app-only", "secure application model"}, notWant: []string{"GDAP"}},
		{name: "app-only token refused in French", err: apiErr(403, "", "Les informations d'identification de l'application ne permettent pas d'accéder à cette ressource."), appOnly: true,
			want: []string{"app-only", "secure application model"}, notWant: []string{"GDAP"}},
		{name: "App+User token refused with English text", err: apiErr(403, "", "This resource can't be accessed by application credentials."),
			want: []string{"GDAP", "Directory Readers"}, notWant: []string{"app-only"}},
		{name: "400 with another locale", err: apiErr(400, "", "Locale es-CO is not supported"), locale: "es-CO",
			want: []string{"HTTP 400", `locale = "es-CO"`, "PARTNERCENTER_LOCALE", "en-US"}},
		{name: "400 with the default locale", err: apiErr(400, "", "Bad request"), locale: "en-US",
			want: []string{"HTTP 400", "data source's arguments"}, notWant: []string{"PARTNERCENTER_LOCALE"}},
		{name: "MFA, refresh token", err: apiErr(401, "900421", "Access denied."), signIn: auth.MethodRefreshToken,
			want: []string{"code 900421", "MFA", "consent again", "refresh_token"}, notWant: []string{"expired"}},
		{name: "MFA, Azure CLI", err: apiErr(401, "900421", "Access denied."), signIn: auth.MethodAzureCLI, want: []string{"MFA", "az login"}},
		{name: "MFA, passed token", err: apiErr(401, "900421", "Access denied."), signIn: auth.MethodAccessToken, want: []string{"MFA", "access_token"}},
		{name: "tenant not found", err: apiErr(404, "60003", "Tenant not found"), want: []string{"does not know this customer"}, notWant: []string{"endpoint"}},
		{name: "not found", err: apiErr(404, "1000", "Not found"), want: []string{"does not know this customer"}, notWant: []string{"endpoint"}},
		{name: "user not found", err: apiErr(404, "60002", "User not found"), hints: userLicensesHints, want: []string{"does not know this user in this customer's tenant"}},
		{name: "gateway 404", err: gatewayErr(404, "Resource not found"), want: []string{"gateway answered HTTP 404: Resource not found", "endpoint argument", "may be wrong", url},
			notWant: []string{"code 404", "customer_id"}},
		{name: "404 with another code", err: apiErr(404, "12345", "Whatever"), want: []string{"endpoint argument", "may be wrong"}},
		{name: "a well-formed body the provider cannot read", err: &client.ResponseError{RequestRecord: request, StatusCode: 200, WellFormed: true,
			Err: errors.New("item 2 (sku_part_number X)")}, want: []string{"item 2", "will not help", "provider's developers"}, notWant: []string{"proxy", "transient"}},
		{name: "customers list refused", err: apiErr(403, "900150", "Access denied."), hints: customersHints,
			want: []string{"partner-level call", "Admin agent, Sales agent, Helpdesk agent"}, notWant: []string{"GDAP role", "for this customer: .", "Entra app"}},
		{name: "customers list refused with 1002", err: apiErr(403, "1002", "Authorization Failed"), hints: customersHints,
			want: []string{"code 1002", "Admin agent, Sales agent, Helpdesk agent"}, notWant: []string{"GDAP role"}},
		{name: "customers list refused an app", err: apiErr(403, "", "Zugriff verweigert"), hints: customersHints, appOnly: true,
			want: []string{"app-only", "Microsoft Entra applications", "Admin agent, Sales agent, Helpdesk agent"}},
		{name: "a later page's 404", err: &client.PageError{List: "customers", Page: 3, ItemsBefore: 1000,
			Previous: client.RequestRecord{Trace: client.Trace{RequestID: "req-0"}, Method: "GET", URL: url + "&page=2"},
			Err:      apiErr(404, "1000", "Not found")}, hints: customersHints,
			want: []string{"Page 3 of the customers list failed", "pages 1 to 2, with 1000 items", "same endpoint", "no partial list",
				"not the suspect", "Page 2, read: GET " + url + "&page=2", "MS-RequestId: req-0", "Page 3, failed:\nRequest: GET " + url},
			notWant: []string{"may be wrong", "no customers list"}},
		{name: "app-only, not sent", err: notSent(auth.ErrAppOnlyToken), want: []string{"app-only", "Not sent: GET " + url, "never received"}, notWant: []string{"Request:"}},
		{name: "expired, not sent", err: notSent(&auth.ExpiredTokenError{}), want: []string{"expired", "Not sent:", "never received"}, notWant: []string{"Request:"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if tc.hints.notFound == "" {
				tc.hints = subscribedSKUsHints
			}
			var diags diag.Diagnostics
			addReadError(&diags, "Unable to Read Subscribed SKUs", tc.err, tc.hints, callerFacts{signIn: tc.signIn, appOnly: tc.appOnly, locale: tc.locale})
			if len(diags) != 1 || diags[0].Summary() != "Unable to Read Subscribed SKUs" {
				t.Fatalf("diags = %v", diags)
			}
			detail := diags[0].Detail()
			for _, w := range append(tc.want, "MS-RequestId: req-1", "MS-CorrelationId: corr-1") {
				if !strings.Contains(detail, w) {
					t.Errorf("detail does not mention %q:\n%s", w, detail)
				}
			}
			for _, w := range tc.notWant {
				if strings.Contains(detail, w) {
					t.Errorf("detail mentions %q:\n%s", w, detail)
				}
			}
		})
	}
}
