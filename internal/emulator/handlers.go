package emulator

import (
	"fmt"
	"net/http"
	"strings"
)

// routes registers the reads, behind the fault list, and the gateway's 404 for
// everything else. Patterns carry no method so that a POST to a real route
// gets 405 rather than falling through to the catch-all 404.
func (e *Emulator) routes() *http.ServeMux {
	mux := http.NewServeMux()
	// The licence reads need App+User tokens: Partner Center refuses app-only ones
	// for them, and App+User ones without MFA.
	mux.HandleFunc("/v1/customers/{customerId}/subscribedskus", e.appUserOnly(e.withFaults(e.handleSubscribedSkus)))
	mux.HandleFunc("/v1/customers/{customerId}/users/{userId}/licenses", e.appUserOnly(e.withFaults(e.handleUserLicenses)))
	// The customers list is a partner-level call that takes app-only
	// tokens too.
	mux.HandleFunc("/v1/customers", e.partnerCall(e.withFaults(e.handleCustomers)))
	mux.HandleFunc("/", writeNotFound)
	return mux
}

func (e *Emulator) handleSubscribedSkus(w http.ResponseWriter, r *http.Request) {
	customer, groups, ok := e.customerRequest(w, r)
	if !ok {
		return
	}
	e.writeLicenceItems(w, r, filterByGroup(customer.skus, groups))
}

func (e *Emulator) handleUserLicenses(w http.ResponseWriter, r *http.Request) {
	customer, groups, ok := e.customerRequest(w, r)
	if !ok {
		return
	}
	// PathValue is the unescaped segment: "bob_fabrikam.com%23EXT%23@..."
	// arrives as "bob_fabrikam.com#EXT#@...", and "%2F" cannot split it.
	userID := r.PathValue("userId")
	user := customer.findUser(userID)
	if user == nil {
		writeError(w, http.StatusNotFound, CodeUserNotFound,
			fmt.Sprintf("The requested user %q was not found in customer %s.", userID, customer.id))
		return
	}
	e.writeLicenceItems(w, r, filterByGroup(user.licenses, groups))
}

// customerRequest does the checks the customer reads share, in the service's order:
// method, then input validation (400), then existence (404).
func (e *Emulator) customerRequest(w http.ResponseWriter, r *http.Request) (*customerData, map[string]bool, bool) {
	if r.Method != http.MethodGet {
		writeMethodNotAllowed(w, r)
		return nil, nil, false
	}
	customerID := r.PathValue("customerId")
	if !isGUID(customerID) {
		writeError(w, http.StatusBadRequest, CodeInvalidInput,
			fmt.Sprintf("The customer id %q is not valid; it must be the customer's tenant id, a GUID.", customerID))
		return nil, nil, false
	}
	groups, problem := licenseGroups(r.URL.RawQuery)
	if problem != "" {
		writeError(w, http.StatusBadRequest, CodeInvalidInput, problem)
		return nil, nil, false
	}
	customer := e.data.customers[strings.ToLower(customerID)]
	if customer == nil {
		writeError(w, http.StatusNotFound, CodeTenantNotFound,
			fmt.Sprintf("The requested customer %s was not found.", customerID))
		return nil, nil, false
	}
	if customer.noRelationship {
		writeError(w, http.StatusForbidden, CodeNoRelationship, "No relationship between caller and account")
		return nil, nil, false
	}
	return customer, groups, true
}

// findUser matches the object id or the UPN, both case-insensitively, as
// Partner Center accepts either in the user-id segment.
func (c *customerData) findUser(userID string) *userData {
	key := strings.ToLower(userID)
	if u := c.usersByID[key]; u != nil {
		return u
	}
	return c.usersByUPN[key]
}

// isCanonicalPath reports whether p needs none of the cleaning ServeMux
// would otherwise answer with a redirect: no empty, "." or ".." segments.
func isCanonicalPath(p string) bool {
	if !strings.HasPrefix(p, "/") {
		return false
	}
	segments := strings.Split(p[1:], "/")
	for i, s := range segments {
		last := i == len(segments)-1
		if (s == "" && !last) || s == "." || s == ".." {
			return false
		}
	}
	return true
}
