package client

import (
	"context"
	"encoding/json"
)

// Customer is one customer of the partner as GET /v1/customers lists it
// (Microsoft's "Get a list of customers"; the list carries no billing
// profile). id is the customer's tenant id; a pointer, so that a customer
// listed without one reads as no id rather than as "".
type Customer struct {
	ID                    *string                `json:"id"`
	CompanyProfile        Object[CompanyProfile] `json:"companyProfile"`
	RelationshipToPartner *string                `json:"relationshipToPartner"` // open text: reseller, advisor, ...
}

// CompanyProfile is the part of a customer's company profile the list
// shows.
type CompanyProfile struct {
	TenantID    *string `json:"tenantId"`
	Domain      *string `json:"domain"`
	CompanyName *string `json:"companyName"`
}

// CustomerField is a field the customers list can be filtered on.
type CustomerField string

// The fields the provider filters on.
const (
	CustomerCompanyName CustomerField = "CompanyName"
	CustomerDomain      CustomerField = "Domain"
)

// CustomerFilter keeps the customers whose Field starts with Prefix, in any
// case, as Partner Center's starts_with operator does.
type CustomerFilter struct {
	Field  CustomerField
	Prefix string
}

// CustomersRequest is the first page of GET /v1/customers?size=500, with
// the filter as Partner Center's URL-encoded JSON. App-only tokens are
// accepted: it is a partner-level call.
func CustomersRequest(filter *CustomerFilter) Request {
	query := firstPage()
	if filter != nil {
		b, _ := json.Marshal(struct { // strings always marshal
			Field    CustomerField `json:"Field"`
			Value    string        `json:"Value"`
			Operator string        `json:"Operator"`
		}{filter.Field, filter.Prefix, "starts_with"})
		query.Set("filter", string(b))
	}
	return Request{Path: []string{"customers"}, Query: query}
}

// ListCustomers reads every customer of the partner that filter (nil: all)
// keeps, following every page, in Partner Center's order. A next page
// answered with 400 and code 2000 ends the list (Paging.StaleTokenEnds).
func (c *Client) ListCustomers(ctx context.Context, filter *CustomerFilter) (*Listing[Customer], error) {
	return ListAll[Customer](ctx, c, CustomersRequest(filter), Paging{StaleTokenEnds: true})
}
