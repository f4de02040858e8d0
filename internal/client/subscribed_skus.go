package client

import (
	"context"
	"fmt"
	"strings"
)

// SubscribedSKU is one product a customer has bought, with its seat counts
// (Int32 in every SDK; available = total - consumed, so it can be negative).
type SubscribedSKU struct {
	AvailableUnits   *int64             `json:"availableUnits"`
	ActiveUnits      *int64             `json:"activeUnits"`
	ConsumedUnits    *int64             `json:"consumedUnits"`
	SuspendedUnits   *int64             `json:"suspendedUnits"`
	TotalUnits       *int64             `json:"totalUnits"`
	WarningUnits     *int64             `json:"warningUnits"`
	CapabilityStatus *string            `json:"capabilityStatus"`
	ProductSKU       Object[ProductSKU] `json:"productSku"`
	ServicePlans     List[ServicePlan]  `json:"servicePlans"`
}

// SubscribedSKUsRequest is GET /v1/customers/{customer-id}/subscribedskus
// ("Get a list of available licenses by license group"), with
// licenseGroupIds repeated once per group. No groups means no parameter,
// and the service then answers Group1 only. App+User tokens only.
func SubscribedSKUsRequest(customerID string, groups []LicenseGroup) (Request, error) {
	if err := ValidateCustomerID(customerID); err != nil {
		return Request{}, fmt.Errorf("customer id %w", err)
	}
	// Tenant ids are GUIDs, which Partner Center matches in any case; one
	// spelling makes one cache key, so every data source that reads a
	// customer shares its request.
	return Request{Path: []string{"customers", strings.ToLower(customerID), "subscribedskus"}, Query: licenseGroupQuery(groups), AppUser: true}, nil
}

// ListSubscribedSKUs reads a customer's subscribed SKUs, with their seat
// counts, for the given licence groups. No answer has been seen in pages,
// but the REST reference declares links.next on the collection, so it is
// followed if it ever comes (PARTNER_CENTER_API.md, "Responses").
func (c *Client) ListSubscribedSKUs(ctx context.Context, customerID string, groups []LicenseGroup) (*Listing[SubscribedSKU], error) {
	req, err := SubscribedSKUsRequest(customerID, groups)
	if err != nil {
		return nil, err
	}
	return ListAll[SubscribedSKU](ctx, c, req, Paging{})
}
