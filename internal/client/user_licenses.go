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
	var out Collection[License]
	path := pathSegments("v1", "customers", customerID, "users", userID, "licenses")
	if err := c.getJSON(ctx, path, licenseGroupQuery(groups), &out); err != nil {
		return nil, err
	}
	if out.Items == nil {
		out.Items = []License{}
	}
	return &out, nil
}
