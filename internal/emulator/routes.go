package emulator

import (
	"net/http"
	"net/url"
	"strings"
)

// route is one read the emulator serves.
type route struct {
	// pattern is an http.ServeMux pattern without a method, so that a POST
	// to a real route gets 405 rather than the gateway's 404.
	pattern string
	// list is the name a fault gives this read (Fault.List).
	list    FaultList
	tokens  tokens
	handler http.HandlerFunc
}

// tokens is which tokens a call takes (docs/development/partner-center-api.md,
// "Authentication"). Either way an App+User token without MFA gets 401
// with code 900421.
type tokens bool

const (
	// appUserOnly: Partner Center refuses app-only tokens with 403, as on
	// the licence reads.
	appUserOnly tokens = true
	// appOnlyToo: a partner-level call, such as the customers list, that
	// takes app-only tokens as well as App+User ones.
	appOnlyToo tokens = false
)

// routeTable is everything the emulator serves. A list is its listFunc
// under the pager that pages it as the service does.
func (e *Emulator) routeTable() []route {
	return []route{
		{"/v1/customers", ListCustomers, appOnlyToo, e.seekPaged(e.listCustomers, mayEndWith2000)},
		{"/v1/customers/{customerId}/users", ListUsers, appUserOnly, e.seekPaged(e.listUsers, endsAtLastPage)},
		{"/v1/customers/{customerId}/subscribedskus", ListSubscribedSkus, appUserOnly, e.onePage(e.listSubscribedSkus)},
		{"/v1/customers/{customerId}/users/{userId}/licenses", ListLicenses, appUserOnly, e.onePage(e.listUserLicenses)},
		{"/v1/customers/{customerId}/subscriptions", ListSubscriptions, appOnlyToo, e.onePage(e.listSubscriptions)},
	}
}

// routes registers the route table, each read behind the locale check, its
// token check and then the fault list, and the gateway's 404 for everything
// else.
func (e *Emulator) routes() *http.ServeMux {
	mux := http.NewServeMux()
	for _, rt := range e.routeTable() {
		guard := e.guardPartnerCall
		if rt.tokens == appUserOnly {
			guard = e.guardAppUserCall
		}
		mux.HandleFunc(rt.pattern, e.checkLocale(guard(e.withFaults(rt.list, rt.handler))))
	}
	mux.HandleFunc("/", writeNotFound)
	return mux
}

// listUsers is a customer's users in fixture order, then its generated
// ones, as the users list shows them (docs/development/partner-center-api.md,
// "A customer's users"). The deleted users' filter is refused rather than
// answered with the active users.
func (e *Emulator) listUsers(w http.ResponseWriter, r *http.Request, query string) (listItems, bool) {
	customer, ok := e.customerRequest(w, r, func() string {
		if q, _ := url.ParseQuery(query); q.Has("filter") { // lenient, as ASP.NET binding is
			return "The emulator does not filter a customer's users; it lists the active ones without a filter."
		}
		return ""
	})
	if !ok {
		return nil, false
	}
	return customerUsers{held: customer.users, gen: customer.generatedUsers}, true
}

func (e *Emulator) listSubscribedSkus(w http.ResponseWriter, r *http.Request, query string) (listItems, bool) {
	customer, groups, ok := e.licenseRequest(w, r, query)
	if !ok {
		return nil, false
	}
	return heldItems(filterByGroup(customer.subscribedSkus(), groups)), true
}

// subscribedSkus is the customer's SKUs: the fixture's, or those of its
// generated shape, built now.
func (c *customerData) subscribedSkus() []item {
	if c.generated != nil {
		return c.generated.items(c.id)
	}
	return c.skus
}

func (e *Emulator) listUserLicenses(w http.ResponseWriter, r *http.Request, query string) (listItems, bool) {
	customer, groups, ok := e.licenseRequest(w, r, query)
	if !ok {
		return nil, false
	}
	// PathValue is the unescaped segment: "bob_fabrikam.com%23EXT%23@..."
	// arrives as "bob_fabrikam.com#EXT#@...", and "%2F" cannot split it.
	userID := r.PathValue("userId")
	user := customer.findUser(userID)
	if user == nil || user.deleted {
		writeError(w, http.StatusNotFound, CodeUserNotFound, localize(w, userNotFound, userID, customer.id))
		return nil, false
	}
	return heldItems(filterByGroup(user.licenses, groups)), true
}

// licenseRequest is customerRequest for the licence reads, whose query is
// licenseGroupIds.
func (e *Emulator) licenseRequest(w http.ResponseWriter, r *http.Request, query string) (*customerData, map[string]bool, bool) {
	var groups map[string]bool
	customer, ok := e.customerRequest(w, r, func() (problem string) {
		groups, problem = licenseGroups(query)
		return problem
	})
	return customer, groups, ok
}

// customerRequest does the checks a customer's reads share, in the
// service's order (the pager has checked the method): input validation
// (400), the customer id's and then, when checkQuery is given, the read's
// own query's, whose problem it returns; then existence (404) and the
// relationship (403).
func (e *Emulator) customerRequest(w http.ResponseWriter, r *http.Request, checkQuery func() (problem string)) (*customerData, bool) {
	customerID := r.PathValue("customerId")
	if !isGUID(customerID) {
		writeError(w, http.StatusBadRequest, CodeInvalidInput, localize(w, customerIDInvalid, customerID))
		return nil, false
	}
	if checkQuery != nil {
		if problem := checkQuery(); problem != "" {
			writeError(w, http.StatusBadRequest, CodeInvalidInput, problem)
			return nil, false
		}
	}
	customer := e.data.customers[strings.ToLower(customerID)]
	if customer == nil {
		writeError(w, http.StatusNotFound, CodeTenantNotFound, localize(w, customerNotFound, customerID))
		return nil, false
	}
	if customer.noRelationship {
		writeError(w, http.StatusForbidden, CodeNoRelationship, localize(w, noRelationship))
		return nil, false
	}
	return customer, true
}

// findUser matches the object id or the UPN, both case-insensitively, as
// Partner Center accepts either in the user-id segment: a fixture user's,
// or a generated one's.
func (c *customerData) findUser(userID string) *userData {
	key := strings.ToLower(userID)
	if u := c.usersByID[key]; u != nil {
		return u
	}
	if u := c.usersByUPN[key]; u != nil {
		return u
	}
	if c.generatedUsers != nil {
		if k := c.generatedUsers.find(userID); k > 0 {
			return c.generatedUsers.user(k)
		}
	}
	return nil
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

// listSubscriptions is a customer's subscriptions: the fixture's, served
// as written, then its generated ones (docs/development/partner-center-api.md,
// "A customer's subscriptions"). The call takes no query.
func (e *Emulator) listSubscriptions(w http.ResponseWriter, r *http.Request, _ string) (listItems, bool) {
	customer, ok := e.customerRequest(w, r, nil)
	if !ok {
		return nil, false
	}
	return customerSubscriptions{customerID: customer.id, held: customer.subscriptions, gen: customer.generatedSubscriptions}, true
}
