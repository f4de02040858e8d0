package client

import (
	"context"
	"fmt"
)

// ListUserLicenses reads the licences assigned to one user of a customer.
// userID is the user's object id or user principal name.
func (c *Client) ListUserLicenses(ctx context.Context, customerID, userID string, groups []LicenseGroup) (*Collection[License], error) {
	if err := ValidateCustomerID(customerID); err != nil {
		return nil, fmt.Errorf("customer id %w", err)
	}
	if err := ValidateUserID(userID); err != nil {
		return nil, fmt.Errorf("user id %w", err)
	}
	return cachedGet[License](ctx, c, pathSegments("v1", "customers", customerID, "users", userID, "licenses"), licenseGroupQuery(groups))
}
