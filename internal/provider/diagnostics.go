package provider

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/partnercenter-terraform/terraform-provider-partnercenter/internal/auth"
	"github.com/partnercenter-terraform/terraform-provider-partnercenter/internal/client"
)

// readHints are what a data source tells the user to check when Partner
// Center refuses it.
type readHints struct {
	// notFound explains a 404 for this read.
	notFound string
	// gdapRoles lists the GDAP roles, any one of which allows this read.
	gdapRoles []string
}

// relationshipMissingCode is Partner Center's "No relationship between
// caller and account": the GDAP relationship is missing or revoked.
const relationshipMissingCode = "20002"

// addReadError turns a client error into one diagnostic whose detail says
// what happened, what to do next, and ends with the ids support needs.
func addReadError(diags *diag.Diagnostics, summary string, err error, hints readHints) {
	var (
		apiErr       *client.APIError
		respErr      *client.ResponseError
		transportErr *client.TransportError
		tokenErr     *auth.TokenError
		expired      *auth.ExpiredTokenError
		b            strings.Builder
	)
	switch {
	case errors.As(err, &tokenErr):
		fmt.Fprintf(&b, "The provider could not get an access token from Microsoft Entra ID: %s\n\n%s\n\n", tokenErr, tokenErr.NextStep())
		writeTransportTrace(&b, err)
	case errors.As(err, &expired):
		fmt.Fprintf(&b, "The configured access token expired at %s, so it was not sent.\n\n"+
			"Get a new App+User token, or let the provider get its own: set tenant_id, client_id, client_secret and "+
			"refresh_token (the secure application model).\n\n", expired.Expiry.UTC().Format(time.RFC3339))
		writeTransportTrace(&b, err)
	case errors.Is(err, auth.ErrAppOnlyToken):
		b.WriteString("The access token has no signed-in user (app-only), and Partner Center answers these reads for App+User " +
			"tokens only, so it was not sent.\n\nUse the secure application model: set tenant_id, client_id, client_secret " +
			"and refresh_token (a refresh token a partner user obtained once, with MFA, for your app), or sign in with the " +
			"Azure CLI as a partner user (use_cli = true).\n\n")
		writeTransportTrace(&b, err)
	case errors.As(err, &apiErr):
		fmt.Fprintf(&b, "Partner Center answered HTTP %d%s", apiErr.StatusCode, client.AfterAttempts(apiErr.Attempts))
		if apiErr.Code != "" {
			fmt.Fprintf(&b, " with code %s", apiErr.Code)
		}
		fmt.Fprintf(&b, ": %s\n\n%s\n\n", apiErr.Description, nextStep(apiErr, hints))
		if apiErr.Credential != "" {
			fmt.Fprintf(&b, "The refused credential: %s.\n\n", apiErr.Credential)
		}
		writeTrace(&b, apiErr.Method, apiErr.Path, apiErr.Trace)
	case errors.As(err, &respErr):
		fmt.Fprintf(&b, "Partner Center answered HTTP %d%s, but the provider could not read the response: %v\n\n",
			respErr.StatusCode, client.AfterAttempts(respErr.Attempts), respErr.Err)
		b.WriteString("This is usually a proxy or gateway answering in Partner Center's place, or a transient fault; run the " +
			"plan again. If it persists, report it to Microsoft support with the ids below.\n\n")
		writeTrace(&b, respErr.Method, respErr.Path, respErr.Trace)
	case errors.As(err, &transportErr):
		fmt.Fprintf(&b, "The request got no answer from Partner Center%s: %v\n\n", client.AfterAttempts(transportErr.Attempts), transportErr.Err)
		switch {
		case errors.Is(err, context.Canceled):
			b.WriteString("The operation was cancelled.\n\n")
		case errors.Is(err, context.DeadlineExceeded) || isTimeout(err):
			b.WriteString("Each attempt timed out. Check the network path to the endpoint, raise request_timeout " +
				"(PARTNERCENTER_REQUEST_TIMEOUT) if Partner Center is slow, and run the plan again.\n\n")
		default:
			b.WriteString("Check the endpoint argument, your network and any proxy settings, then run the plan again.\n\n")
		}
		writeTrace(&b, transportErr.Method, transportErr.Path, transportErr.Trace)
	default:
		fmt.Fprintf(&b, "%v", err)
	}
	diags.AddError(summary, strings.TrimSpace(b.String()))
}

// writeTransportTrace adds the ids of a request that never got as far as
// being sent, when the error carries them.
func writeTransportTrace(b *strings.Builder, err error) {
	var transportErr *client.TransportError
	if errors.As(err, &transportErr) {
		writeTrace(b, transportErr.Method, transportErr.Path, transportErr.Trace)
	}
}

// isTimeout reports a per-attempt timeout (http.Client.Timeout), which is
// not the operation's own deadline.
func isTimeout(err error) bool {
	var timeout interface{ Timeout() bool }
	return errors.As(err, &timeout) && timeout.Timeout()
}

func writeTrace(b *strings.Builder, method, path string, trace client.Trace) {
	fmt.Fprintf(b, "Request: %s %s\nMS-RequestId: %s\nMS-CorrelationId: %s", method, path, trace.RequestID, trace.CorrelationID)
}

func nextStep(e *client.APIError, hints readHints) string {
	switch {
	case e.Code == relationshipMissingCode:
		return "Your partner tenant has no relationship with this customer: the GDAP relationship is missing, " +
			"expired or revoked. Ask the customer to approve a GDAP relationship that grants one of these roles: " +
			strings.Join(hints.gdapRoles, ", ") + "."
	case e.StatusCode == http.StatusBadRequest:
		return "Partner Center refused the request for the reason above. Check the data source's arguments."
	case e.StatusCode == http.StatusUnauthorized:
		return "The access token was refused, also after a refresh where one was possible: it may have expired, be " +
			"for another resource or tenant, or be app-only. Check the credential below: a token passed in access_token " +
			"(PARTNERCENTER_ACCESS_TOKEN) must be a current App+User token for Partner Center; with the secure " +
			"application model, check that the refresh token was issued to client_id in tenant_id by a partner user."
	case e.StatusCode == http.StatusForbidden:
		return "The signed-in user is not allowed to make this read. Through GDAP they need one of these roles for " +
			"this customer: " + strings.Join(hints.gdapRoles, ", ") + "."
	case e.StatusCode == http.StatusNotFound:
		return hints.notFound
	case e.StatusCode == http.StatusTooManyRequests:
		return "Partner Center kept throttling this partner or customer beyond the retries. Wait a minute and run " +
			"the plan again, lower Terraform's -parallelism, or raise max_retries (PARTNERCENTER_MAX_RETRIES)."
	case e.StatusCode >= 500:
		return "Partner Center, or a gateway in front of it, kept failing beyond the retries. It is usually " +
			"transient: run the plan again later. If it persists, report it to Microsoft support with the ids below."
	default:
		return "Check the data source's arguments and the provider configuration."
	}
}
