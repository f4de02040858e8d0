package client

import "context"

// SubscribedSKU is one product a customer has bought, with its seat counts.
type SubscribedSKU struct {
	// The seat counts are Int32 in every SDK; the documents relate them.
	AvailableUnits   *int64             `json:"availableUnits"` // total - consumed: negative when more are assigned than bought
	ActiveUnits      *int64             `json:"activeUnits"`
	ConsumedUnits    *int64             `json:"consumedUnits"`
	SuspendedUnits   *int64             `json:"suspendedUnits"`
	TotalUnits       *int64             `json:"totalUnits"` // active + warning
	WarningUnits     *int64             `json:"warningUnits"`
	CapabilityStatus *string            `json:"capabilityStatus"` // open text: Enabled, Suspended, Disabled, ...
	ProductSKU       Object[ProductSKU] `json:"productSku"`
	ServicePlans     List[ServicePlan]  `json:"servicePlans"`
}

// SubscribedSKUsRequest is GET /v1/customers/{customer-id}/subscribedskus
// ("Get a list of available licenses by license group"), with
// licenseGroupIds repeated once per group. No groups means no parameter,
// and the service then answers Group1 only. App+User tokens only.
func SubscribedSKUsRequest(customerID string, groups []LicenseGroup) (Request, error) {
	return customerRequest(customerID, licenseGroupQuery(groups), "subscribedskus")
}

// ListSubscribedSKUs reads a customer's subscribed SKUs, with their seat
// counts, for the given licence groups. No answer has been seen in pages,
// but the REST reference declares links.next on the collection, so it is
// followed if it ever comes (docs/development/partner-center-api.md,
// "Responses").
func (c *Client) ListSubscribedSKUs(ctx context.Context, customerID string, groups []LicenseGroup) (*Listing[SubscribedSKU], error) {
	req, err := SubscribedSKUsRequest(customerID, groups)
	if err != nil {
		return nil, err
	}
	return ListAll[SubscribedSKU](ctx, c, req, Paging{})
}
