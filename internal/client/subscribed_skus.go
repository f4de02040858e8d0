package client

import (
	"context"
	"fmt"
)

// ListSubscribedSKUs reads a customer's subscribed SKUs, with their seat
// counts, for the given licence groups. No groups means no filter, and the
// service then answers Group1 only.
func (c *Client) ListSubscribedSKUs(ctx context.Context, customerID string, groups []LicenseGroup) (*Collection[SubscribedSKU], error) {
	if err := ValidateCustomerID(customerID); err != nil {
		return nil, fmt.Errorf("customer id %w", err)
	}
	return cachedGet[SubscribedSKU](ctx, c, pathSegments("v1", "customers", customerID, "subscribedskus"), licenseGroupQuery(groups))
}
