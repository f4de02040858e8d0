package emulator

import (
	"fmt"
	"net/http"
)

// Error codes the emulator puts in the "code" field. Partner Center mixes
// numeric and string codes, so the emulator does too: numbers where the public
// error-code reference or the API notes give one, strings for cases the
// emulator had to name itself. Clients must cope with both.
const (
	// CodeInvalidInput is Partner Center's "Invalid input" (400056), used
	// for a malformed customer id or licenseGroupIds value.
	CodeInvalidInput = 400056
	// CodeCustomerNotFound is the 600008-style "customer not found" code.
	CodeCustomerNotFound = 600008
	// CodeNotFound is Partner Center's generic "Not found" (1000), used for
	// paths the emulator does not serve.
	CodeNotFound = 1000
	// CodeUserNotFound marks an unknown user id or UPN. The public
	// references give no code for it, so the emulator names its own.
	CodeUserNotFound = "UserNotFound"
	// CodeInvalidToken marks a missing or wrong bearer token.
	CodeInvalidToken = "InvalidToken"
	// CodeNoRelationship is Partner Center's 20002: the partner has no
	// (GDAP) relationship with the customer.
	CodeNoRelationship = 20002
	// CodeAppOnlyToken marks a verified token with no signed-in user; these
	// reads accept App+User tokens only.
	CodeAppOnlyToken = "AppOnlyTokenNotSupported"
	// CodeMethodNotAllowed marks a method other than GET.
	CodeMethodNotAllowed = "MethodNotAllowed"
	// CodeServerError marks the 5xx of a server_error fault.
	CodeServerError = "ServerError"
)

// errorSource fills the "source" field so nobody mistakes an emulator answer
// for a real service response in a log.
const errorSource = "PartnerCenterEmulator"

// errorBody is Partner Center's error shape. Data is always an empty array,
// never null, as on the service.
type errorBody struct {
	Code        any    `json:"code"`
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

func writeNotFound(w http.ResponseWriter, r *http.Request) {
	writeError(w, http.StatusNotFound, CodeNotFound,
		fmt.Sprintf("No Partner Center resource at %s.", r.URL.EscapedPath()))
}

func writeMethodNotAllowed(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Allow", http.MethodGet)
	writeError(w, http.StatusMethodNotAllowed, CodeMethodNotAllowed,
		fmt.Sprintf("Method %s is not allowed; this resource supports GET.", r.Method))
}
