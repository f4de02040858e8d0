package client

import (
	"context"
	"fmt"
)

// License is one licence assigned to a user. Its productSku carries no
// targetType in any documented sample.
type License struct {
	ProductSKU   Object[ProductSKU] `json:"productSku"`
	ServicePlans List[ServicePlan]  `json:"servicePlans"`
}

// UserLicensesRequest is GET /v1/customers/{customer-id}/users/{user-id}/licenses
// ("Check which licenses are assigned to a user"). userID is the user's
// object id or user principal name. App+User tokens only.
func UserLicensesRequest(customerID, userID string, groups []LicenseGroup) (Request, error) {
	req, err := customerRequest(customerID, licenseGroupQuery(groups), "users", userID, "licenses")
	if err != nil {
		return Request{}, err
	}
	if err := ValidateUserID(userID); err != nil {
		return Request{}, fmt.Errorf("user id %w", err)
	}
	return req, nil
}

// ListUserLicenses reads the licences assigned to one user of a customer,
// following links.next if it ever comes, as ListSubscribedSKUs does.
func (c *Client) ListUserLicenses(ctx context.Context, customerID, userID string, groups []LicenseGroup) (*Listing[License], error) {
	req, err := UserLicensesRequest(customerID, userID, groups)
	if err != nil {
		return nil, err
	}
	return ListAll[License](ctx, c, req, Paging{})
}
