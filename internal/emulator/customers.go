package emulator

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// The customers list, GET /v1/customers (docs/development/partner-center-api.md,
// "The customers list"): a starts_with filter on CompanyName or Domain,
// paged by seekPaged.

// customerFilter is Partner Center's filter parameter, URL-encoded JSON.
type customerFilter struct {
	Field    string `json:"Field"`
	Value    string `json:"Value"`
	Operator string `json:"Operator"`
}

// listCustomers is every customer the filter selects, in fixture order, as
// the list shows them.
func (e *Emulator) listCustomers(w http.ResponseWriter, _ *http.Request, query string) (listItems, bool) {
	q, _ := url.ParseQuery(query) // lenient, as ASP.NET binding is
	filter, problem := parseCustomerFilter(q.Get("filter"))
	if problem != "" {
		writeError(w, http.StatusBadRequest, CodeInvalidInput, problem)
		return nil, false
	}
	items := make([]json.RawMessage, 0, len(e.data.order))
	for _, c := range e.data.order {
		if filter.Field == "" || filter.matches(c) {
			items = append(items, c.listed)
		}
	}
	return heldItems(items), true
}

// listedCustomer is a customer as the list shows it: no billingProfile or
// allowDelegatedAccess, which only GET /v1/customers/{id} returns.
func listedCustomer(id, companyName, domain, relationship string) json.RawMessage {
	self := func(uri string) map[string]any {
		return map[string]any{"self": link{URI: uri, Method: http.MethodGet, Headers: []header{}}}
	}
	b, _ := json.Marshal(map[string]any{ // maps of strings always marshal
		"id": id,
		"companyProfile": map[string]any{
			"tenantId": id, "domain": domain, "companyName": companyName,
			"links": self("/customers/" + id + "/profiles/company"), "attributes": objectAttributes{ObjectType: "CustomerCompanyProfile"},
		},
		"relationshipToPartner": relationship,
		"links":                 self("/customers/" + id),
		"attributes":            objectAttributes{ObjectType: "Customer"},
	})
	return b
}

// parseCustomerFilter reads the filter parameter: CompanyName or Domain
// with starts_with, which the service matches ignoring case.
func parseCustomerFilter(raw string) (customerFilter, string) {
	if raw == "" {
		return customerFilter{}, ""
	}
	var f customerFilter
	if err := json.Unmarshal([]byte(raw), &f); err != nil {
		return f, fmt.Sprintf("The filter %q is not valid JSON: %v.", raw, err)
	}
	switch {
	case !strings.EqualFold(f.Field, "CompanyName") && !strings.EqualFold(f.Field, "Domain"):
		return f, fmt.Sprintf("The filter field %q is not supported by the emulator; use CompanyName or Domain.", f.Field)
	case !strings.EqualFold(f.Operator, "starts_with"):
		return f, fmt.Sprintf("The filter operator %q is not supported; starts_with is the only one.", f.Operator)
	}
	return f, ""
}

func (f customerFilter) matches(c *customerData) bool {
	value := c.companyName
	if strings.EqualFold(f.Field, "Domain") {
		value = c.domain
	}
	return strings.HasPrefix(strings.ToLower(value), strings.ToLower(f.Value))
}
