package provider

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/partnercenter-terraform/terraform-provider-partnercenter/internal/auth"
	"github.com/partnercenter-terraform/terraform-provider-partnercenter/internal/client"
)

// readHints are what a data source tells the user to check when Partner
// Center refuses it.
type readHints struct {
	// notFound explains a 404 whose code says the customer (or, for reads
	// of a user, the customer or the user) does not exist.
	notFound string
	// userNotFound explains a 404 with code 60002 (user object id not
	// found); empty for reads that name no user.
	userNotFound string
	// gdapRoles lists the GDAP roles, any one of which allows this read,
	// as Microsoft's page for the call the provider makes lists them.
	gdapRoles []string
	// rolesSource says, in the docs, where gdapRoles come from, or, for a
	// partner-level call that needs none, what it needs instead.
	rolesSource string
	// partnerRoles are the Partner Center roles in the partner tenant, any
	// one of which allows a partner-level call (the customers list); a 403
	// then names them instead of GDAP roles. Empty for a customer read.
	partnerRoles []string
	// appOnlyToo marks a customer read Partner Center answers for app-only
	// tokens too, with no GDAP role (a customer's subscriptions): a 403 is
	// then not the token's kind, nor a GDAP role.
	appOnlyToo bool
	// list names what the read pages through, for the error of a later
	// page: "the customers list".
	list string
}

// Partner Center's own error codes, from
// docs/development/partner-center-api.md ("Errors and throttling") and
// Microsoft's Partner Center REST error-code reference.
const (
	// codeNoRelationship is "No relationship between caller and account":
	// the partner has no commerce (reseller or advisor) relationship with
	// the customer, which a tenant reached only through GDAP never had.
	codeNoRelationship = "20002"
	// codeRoleLacksRights: the signed-in user's role does not allow the
	// operation.
	codeRoleLacksRights = "900150"
	// codeAuthorizationFailed is "Authorization Failed", met on a call the
	// caller's role does not allow while other calls work.
	codeAuthorizationFailed = "1002"
	// codeMFARequired: an App+User token that carries no MFA claim,
	// refused since 2026.
	codeMFARequired = "900421"
	// codeUserNotFound: the user object id is not found.
	codeUserNotFound = "60002"
)

// customerNotFoundCodes are the 404 codes that say the customer is not
// there: 60003 (tenant not found), 1000 (not found) and 600008, which
// earlier clients of this provider's emulator saw. A 404 with any other
// code, or the gateway's bare {"statusCode": 404}, means no resource
// answers at that URL, which is a wrong endpoint more often than not.
var customerNotFoundCodes = []string{"60003", "1000", "600008"}

// addReadError turns a client error into one diagnostic whose detail says
// what happened, what to do next, and ends with the ids support needs.
// who is the caller, whose sign-in, token and locale decide the next step.
func addReadError(diags *diag.Diagnostics, summary string, err error, hints readHints, who callerFacts) {
	var (
		tokenErr *auth.TokenError
		expired  *auth.ExpiredTokenError
		b        strings.Builder
	)
	f := describeFailure(err, hints, who)
	switch {
	case errors.As(err, &tokenErr):
		fmt.Fprintf(&b, "The provider could not get an access token from Microsoft Entra ID: %s\n\n%s\n\n", tokenErr, tokenNextStep(tokenErr))
		writeNotSent(&b, f.request)
	case errors.As(err, &expired):
		fmt.Fprintf(&b, "The configured access token expired at %s, so it was not sent.\n\n"+
			"Get a new App+User token, or let the provider get its own: set tenant_id, client_id, client_secret and "+
			"refresh_token (the secure application model).\n\n", expired.Expiry.UTC().Format(time.RFC3339))
		writeNotSent(&b, f.request)
	case errors.Is(err, auth.ErrAppOnlyToken):
		b.WriteString("The access token has no signed-in user (app-only), and Partner Center answers this read for App+User " +
			"tokens only, so it was not sent.\n\n" + appUserSignIn + "\n\n")
		writeNotSent(&b, f.request)
	case f.request != nil:
		fmt.Fprintf(&b, "%s\n\n%s\n\n", f.answer, f.step)
		if f.credential != "" {
			fmt.Fprintf(&b, "The refused credential: %s.\n\n", f.credential)
		}
		writePreviousPage(&b, f)
		fmt.Fprintf(&b, "Request: %s %s\nMS-RequestId: %s\nMS-CorrelationId: %s", f.request.Method, f.request.URL,
			f.request.RequestID, f.request.CorrelationID)
	default:
		fmt.Fprintf(&b, "%v", err)
	}
	diags.AddError(summary, strings.TrimSpace(b.String()))
}

// failure is a failed read as the diagnostics tell it. The client's three
// error types share one request record; what each adds (an answer, an
// unusable body, no answer at all) is told here, and only here.
type failure struct {
	// request is the failed request, nil for an error that is not about
	// one.
	request *client.RequestRecord
	// head and detail are the one-line reason: the status and Partner
	// Center's code, then its description or why no answer came.
	head, detail string
	// answer is the diagnostic's first paragraph, with the attempts.
	answer string
	// step is what to do next; brief is the shorter step a report over
	// many keys gives once per kind of failure.
	step, brief string
	// credential names the credential a 401 refused, when known.
	credential string
	// previous is the request of the page before a later page that failed,
	// which succeeded, and its number; nil otherwise.
	previous     *client.RequestRecord
	previousPage int
}

// noUsableAnswer is the brief next step of a request that got no usable
// answer.
const noUsableAnswer = "A request got no usable answer: check the endpoint, your network and any proxy, raise request_timeout or " +
	"max_retries if Partner Center is slow, and run the plan again."

// describeFailure tells err: the one place that looks at which of the
// client's error types it is.
func describeFailure(err error, hints readHints, who callerFacts) failure {
	var unkeyed *listedWithoutKeyError
	if errors.As(err, &unkeyed) {
		// Nothing was sent: the advice about requests would mislead.
		step := fmt.Sprintf("Partner Center listed a %[1]s without %[2]s, which the provider can neither key nor read, "+
			"so no request was sent for it. Report it to the provider's developers: it is a Partner Center answer the "+
			"provider cannot key.", unkeyed.noun, unkeyed.lacks)
		return failure{head: "not read", detail: "listed without " + unkeyed.lacks,
			answer: "Partner Center listed this " + unkeyed.noun + " without " + unkeyed.lacks + ".", step: step, brief: step}
	}
	reqErr, ok := client.AsRequestError(err)
	if !ok {
		return failure{head: "error", detail: err.Error(), answer: err.Error(), brief: noUsableAnswer}
	}
	f := failure{request: reqErr.Record(), brief: noUsableAnswer}
	attempts := client.AfterAttempts(f.request.Attempts)
	switch e := reqErr.(type) {
	case *client.APIError:
		f.head, f.detail = fmt.Sprintf("HTTP %d", e.StatusCode), e.Description
		if e.Gateway {
			// The gateway's {statusCode, message} carries no Partner Center code.
			f.answer = fmt.Sprintf("Partner Center's gateway answered HTTP %d%s", e.StatusCode, attempts)
		} else {
			f.answer = fmt.Sprintf("Partner Center answered HTTP %d%s", e.StatusCode, attempts)
		}
		if e.Code != "" && !e.Gateway {
			f.head += " code " + e.Code
			f.answer += " with code " + e.Code
		}
		f.answer += ": " + e.Description
		f.step = nextStep(e, hints, who)
		f.brief = f.step
		f.credential = e.Credential
	case *client.ResponseError:
		f.head, f.detail = fmt.Sprintf("HTTP %d", e.StatusCode), "an unusable body: "+e.Err.Error()
		f.answer = fmt.Sprintf("Partner Center answered HTTP %d%s, but the provider could not read the response: %v", e.StatusCode, attempts, e.Err)
		var (
			encErr *client.EncodingError
			capErr *client.SizeCapError
		)
		switch {
		case errors.As(e, &encErr):
			f.step, f.brief = encodingNextStep(encErr), encodingBrief
		case errors.As(e, &capErr):
			f.step, f.brief = sizeCapNextStep(capErr), sizeCapBrief
		case e.WellFormed:
			f.step = "The answer was complete, valid JSON, so running the plan again will not help: Partner Center " +
				"sent a shape the provider does not read. Report it to the provider's developers with the item named " +
				"above and the ids below."
			f.brief = "Partner Center sent a shape the provider does not read; report it to the provider's developers with the item and ids above."
		default:
			f.step = "This is usually a proxy or gateway answering in Partner Center's place, or a transient fault; run the " +
				"plan again. If it persists, report it to Microsoft support with the ids below."
		}
	case *client.TransportError:
		f.head, f.detail = "no answer", e.Err.Error()
		f.answer = fmt.Sprintf("The request got no answer from Partner Center%s: %v", attempts, e.Err)
		switch {
		case errors.Is(err, context.Canceled):
			f.step = "The operation was cancelled."
		case errors.Is(err, context.DeadlineExceeded) || isTimeout(err):
			f.step = "Each attempt timed out. Check the network path to the endpoint, raise request_timeout " +
				"(PARTNERCENTER_REQUEST_TIMEOUT) if Partner Center is slow, and run the plan again."
		default:
			f.step = "Check the endpoint argument, your network and any proxy settings, then run the plan again."
		}
	}
	var pageErr *client.PageError
	if errors.As(err, &pageErr) {
		f.tellLaterPage(pageErr, hints)
	}
	return f
}

// writeNotSent adds the request of a read that never got as far as being
// sent, saying so: support would look in vain for its ids.
func writeNotSent(b *strings.Builder, request *client.RequestRecord) {
	if request != nil {
		fmt.Fprintf(b, "Not sent: %s %s\nPartner Center never received this request, so it has no record of it.\n"+
			"MS-RequestId: %s\nMS-CorrelationId: %s", request.Method, request.URL, request.RequestID, request.CorrelationID)
	}
}

// isTimeout reports a per-attempt timeout (http.Client.Timeout), which is
// not the operation's own deadline.
func isTimeout(err error) bool {
	var timeout interface{ Timeout() bool }
	return errors.As(err, &timeout) && timeout.Timeout()
}

// nextStep says what to do about a refusal: first by Partner Center's own
// code, then by status, with the caller's facts. Never by the description:
// Partner Center words it in the caller's language.
func nextStep(e *client.APIError, hints readHints, who callerFacts) string {
	roles := strings.Join(hints.gdapRoles, ", ")
	switch {
	case e.StatusCode == http.StatusForbidden && len(hints.partnerRoles) > 0:
		// A partner-level call: no GDAP roles apply, whatever the code.
		return partnerRoleStep(hints, who)
	case e.Code == codeNoRelationship:
		return noCommerceRelationship
	case e.StatusCode == http.StatusForbidden && hints.appOnlyToo:
		return "This read takes app-only and App+User tokens and needs no GDAP role, so Partner Center refused the " +
			"partner's own access: check the Partner Center role, in your partner tenant, of the signed-in user or, for " +
			"an app-only token, of your Entra app (client_id), under Account settings > User management."
	case e.StatusCode == http.StatusForbidden && who.appOnly:
		// A customer read takes App+User tokens only; the client refuses an
		// app-only JWT before sending, so this is a token it could not read.
		return "The access token is app-only, and this read needs an App+User token. " + appUserSignIn
	case e.Code == codeRoleLacksRights || e.Code == codeAuthorizationFailed:
		return "The signed-in user's GDAP role does not allow this read. Assign the user (or their security group) " +
			"one of these roles for this customer: " + roles + "."
	case e.Code == codeMFARequired:
		return mfaNextStep(who.signIn)
	case e.StatusCode == http.StatusBadRequest && who.nonDefaultLocale():
		return unsupportedLocaleStep(who.locale)
	case e.StatusCode == http.StatusBadRequest:
		return "Partner Center refused the request for the reason above. Check the data source's arguments."
	case e.StatusCode == http.StatusUnauthorized && e.ClaimsChallenge:
		return claimsChallengeStep(who.signIn)
	case e.StatusCode == http.StatusUnauthorized:
		return "The access token was refused, also after a refresh where one was possible: it may have expired, be " +
			"for another resource or tenant, or be app-only. Check the credential below: a token passed in access_token " +
			"(PARTNERCENTER_ACCESS_TOKEN) must be a current App+User token for Partner Center; with the secure " +
			"application model, check that the refresh token was issued to client_id in tenant_id by a partner user."
	case e.StatusCode == http.StatusForbidden:
		return "The signed-in user is not allowed to make this read. Through GDAP they need one of these roles for " +
			"this customer: " + roles + "."
	case e.StatusCode == http.StatusNotFound && e.Code == codeUserNotFound && hints.userNotFound != "":
		return hints.userNotFound
	case e.StatusCode == http.StatusNotFound && !e.Gateway && slices.Contains(customerNotFoundCodes, e.Code):
		return hints.notFound
	case e.StatusCode == http.StatusNotFound && e.Gateway:
		// The gateway knows no such route: a customer the service does not
		// know gets the service's own code instead.
		return wrongEndpoint
	case e.StatusCode == http.StatusNotFound:
		return wrongEndpoint + " If the endpoint is right: " + hints.notFound
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

// wrongEndpoint is the next step of a 404 that names no customer or user.
const wrongEndpoint = "No Partner Center resource answers at the URL below, so the endpoint argument " +
	"(PARTNERCENTER_ENDPOINT) may be wrong: it must be the API root, such as " + client.DefaultEndpoint +
	" (a trailing /v1 is accepted), or your emulator's URL."

// appUserSignIn says how to get an App+User token.
const appUserSignIn = "Use the secure application model: set tenant_id, client_id, client_secret and refresh_token " +
	"(a refresh token a partner user obtained once, with MFA, for your app), or sign in with the Azure CLI as a " +
	"partner user (use_cli = true)."

// mfaNextStep says how to get a token with an MFA claim with the sign-in
// method in use. A refresh does not help: a refresh token obtained without
// MFA only ever gives tokens without it.
func mfaNextStep(signIn auth.Method) string {
	const why = "Partner Center refuses App+User tokens that carry no multifactor authentication (MFA) claim. "
	switch signIn {
	case auth.MethodRefreshToken:
		return why + "The refresh token in refresh_token (PARTNERCENTER_REFRESH_TOKEN) was obtained without MFA, " +
			"so every token redeemed from it lacks the claim. Run the secure application model's consent again, " +
			"signing in as a partner user with MFA, and set the new refresh token."
	case auth.MethodAzureCLI:
		return why + "Sign in to the Azure CLI again with MFA ('az logout', then 'az login' as a partner user whose " +
			"sign-in asks for MFA, with --tenant when needed), and run the plan again."
	case auth.MethodAccessToken:
		return why + "The token in access_token (PARTNERCENTER_ACCESS_TOKEN) was obtained without MFA. Obtain a " +
			"new App+User token from a sign-in that used MFA, or let the provider sign in with the secure " +
			"application model."
	default:
		return why + "Sign in as a partner user with MFA: " + appUserSignIn
	}
}
