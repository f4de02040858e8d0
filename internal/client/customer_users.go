package client

import "context"

// CustomerUser is one user of a customer as GET /v1/customers/{customer-id}/users
// lists it ("Get a list of all user accounts for a customer";
// docs/development/partner-center-api.md, "A customer's users"). id is the
// user's object id. Every field may be absent: usageLocation is missing on
// some users, lastDirectorySyncTime is null unless the user is synced from
// on-premises, and id, which every documented user has, is a pointer too so
// that a user listed without one reads as no id rather than as "".
type CustomerUser struct {
	ID                    *string `json:"id"`
	UserPrincipalName     *string `json:"userPrincipalName"`
	DisplayName           *string `json:"displayName"`
	FirstName             *string `json:"firstName"`
	LastName              *string `json:"lastName"`
	UsageLocation         *string `json:"usageLocation"`
	UserDomainType        *string `json:"userDomainType"`        // open text: none, managed, federated, ...
	State                 *string `json:"state"`                 // open text: active, inactive, ...
	LastDirectorySyncTime *string `json:"lastDirectorySyncTime"` // as Partner Center writes it
}

// CustomerUsersRequest is the first page of
// GET /v1/customers/{customer-id}/users?size=500, which is seek-paged like
// the customers list. App+User tokens only.
func CustomerUsersRequest(customerID string) (Request, error) {
	return customerRequest(customerID, firstPage(), "users")
}

// ListCustomerUsers reads every user of a customer, following every page,
// in Partner Center's order. Unlike the customers list, a next page
// answered with 400 and code 2000 is an error: only the customers list is
// documented to end that way (Paging.StaleTokenEnds), and a short list of
// users would let a gate over every user pass on the users it never saw.
func (c *Client) ListCustomerUsers(ctx context.Context, customerID string) (*Listing[CustomerUser], error) {
	req, err := CustomerUsersRequest(customerID)
	if err != nil {
		return nil, err
	}
	return ListAll[CustomerUser](ctx, c, req, Paging{})
}
