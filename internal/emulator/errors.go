package emulator

import (
	"fmt"
	"net/http"
)

// Error codes the emulator puts in the "code" field. Where Partner Center's
// documentation gives a code (docs/development/partner-center-api.md,
// "Errors and throttling"), the emulator answers with it, as a number like the service.
// Where none is documented, the emulator had to invent one: those are
// strings, so that nobody takes them for the service's, and the README's
// table marks them.
const (
	// CodeInvalidInput is Partner Center's "Invalid input" (400056), used
	// for a malformed customer id or licenseGroupIds value.
	CodeInvalidInput = 400056
	// CodeTenantNotFound is Partner Center's 60003, tenant not found: the
	// customer id names no customer of the partner.
	CodeTenantNotFound = 60003
	// CodeUserNotFound is Partner Center's 60002, user object id not found.
	CodeUserNotFound = 60002
	// CodeNoRelationship is Partner Center's 20002: the partner has no
	// commerce (reseller or advisor) relationship with the customer, as for
	// a tenant reached only through GDAP.
	CodeNoRelationship = 20002
	// CodeMFARequired is Partner Center's 900421: an App+User token that
	// carries no MFA claim.
	CodeMFARequired = 900421
	// CodeInvalidToken marks a missing or wrong bearer token. Invented:
	// Microsoft documents no code for it.
	CodeInvalidToken = "InvalidToken"
	// CodeMethodNotAllowed marks a method other than GET. Invented.
	CodeMethodNotAllowed = "MethodNotAllowed"
	// CodeServerError marks the 5xx of a server_error fault. Invented.
	CodeServerError = "ServerError"
)

// Answers whose wording, not a code, is what Partner Center documents.
const (
	// appCredentialsRefused is the 403 for an app-only token on a call that
	// needs App+User; the service sends it without a code.
	appCredentialsRefused = "This resource can't be accessed by application credentials."
	// routeNotFound is the API gateway's answer for a path it has no route
	// for, which is what a wrong base URL meets.
	routeNotFound = "Resource not found"
)

// errorSource fills the "source" field so nobody mistakes an emulator answer
// for a real service response in a log.
const errorSource = "PartnerCenterEmulator"

// errorBody is Partner Center's error shape. Data is always an empty array,
// never null, as on the service.
type errorBody struct {
	Code        any    `json:"code,omitempty"`
	Description string `json:"description"`
	Data        []any  `json:"data"`
	Source      string `json:"source"`
}

func writeError(w http.ResponseWriter, status int, code any, description string) {
	writeJSON(w, status, errorBody{
		Code:        code,
		Description: description,
		Data:        []any{},
		Source:      errorSource,
	})
}

// writeNotFound answers a path no route serves as Partner Center's gateway
// does, in its {"statusCode", "message"} shape rather than the service's.
func writeNotFound(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusNotFound, gatewayError{StatusCode: http.StatusNotFound, Message: routeNotFound})
}

func writeMethodNotAllowed(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Allow", http.MethodGet)
	writeError(w, http.StatusMethodNotAllowed, CodeMethodNotAllowed,
		fmt.Sprintf("Method %s is not allowed; this resource supports GET.", r.Method))
}
