package client

import "context"

// Subscription is one of a customer's subscriptions, with the fields of
// Microsoft's Subscription resource the provider returns
// (docs/development/partner-center-api.md, "Subscriptions"). Every field is
// a pointer because the resource leaves out what does not apply to a
// subscription (no commitment end date on a usage-based one, no parent on a
// base offer). It carries no product SKU id, so nothing joins it to a
// subscribed SKU.
type Subscription struct {
	ID                           *string      `json:"id"`
	OfferID                      *string      `json:"offerId"`
	OfferName                    *string      `json:"offerName"`
	FriendlyName                 *string      `json:"friendlyName"`
	Quantity                     *int64       `json:"quantity"`
	UnitType                     *string      `json:"unitType"`
	Status                       *string      `json:"status"` // open text: none, active, pending, suspended, expired, disabled, deleted, ...
	AutoRenewEnabled             *bool        `json:"autoRenewEnabled"`
	BillingType                  *string      `json:"billingType"`
	BillingCycle                 *string      `json:"billingCycle"` // open text: monthly, annual, triennial, none, ...
	TermDuration                 *string      `json:"termDuration"` // ISO 8601 duration: P1M, P1Y, P3Y
	CreationDate                 *string      `json:"creationDate"`
	EffectiveStartDate           *string      `json:"effectiveStartDate"`
	CommitmentEndDate            *string      `json:"commitmentEndDate"`
	CancellationAllowedUntilDate *string      `json:"cancellationAllowedUntilDate"`
	IsTrial                      *bool        `json:"isTrial"`
	ParentSubscriptionID         *string      `json:"parentSubscriptionId"`
	PartnerID                    *string      `json:"partnerId"`
	SuspensionReasons            List[string] `json:"suspensionReasons"`
}

// SubscriptionsRequest is GET /v1/customers/{customer-id}/subscriptions
// ("Get a list of a customer's subscriptions"). Unlike the licence reads,
// Partner Center answers it for app-only tokens as well as App+User ones,
// so the client does not refuse an app-only token here.
func SubscriptionsRequest(customerID string) (Request, error) {
	req, err := customerRequest(customerID, nil, "subscriptions")
	req.AppUser = false
	return req, err
}

// ListSubscriptions reads a customer's subscriptions, in Partner Center's
// order. The call is documented without paging; links.next is followed if
// it ever comes, as for the licence reads.
func (c *Client) ListSubscriptions(ctx context.Context, customerID string) (*Listing[Subscription], error) {
	req, err := SubscriptionsRequest(customerID)
	if err != nil {
		return nil, err
	}
	return ListAll[Subscription](ctx, c, req, Paging{})
}
