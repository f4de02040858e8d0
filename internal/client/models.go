package client

// Wire types, decoded from Partner Center's JSON. Pointers mark fields the
// service may leave out, so that callers can tell "absent" from zero. Status
// and type strings are open text: new values appear without notice.

// Collection is Partner Center's list envelope.
type Collection[T any] struct {
	TotalCount int64 `json:"totalCount"`
	Items      []T   `json:"items"`
}

// SubscribedSKU is one product a customer has bought, with its seat counts.
type SubscribedSKU struct {
	AvailableUnits   *int64        `json:"availableUnits"`
	ActiveUnits      *int64        `json:"activeUnits"`
	ConsumedUnits    *int64        `json:"consumedUnits"`
	SuspendedUnits   *int64        `json:"suspendedUnits"`
	TotalUnits       *int64        `json:"totalUnits"`
	WarningUnits     *int64        `json:"warningUnits"`
	CapabilityStatus *string       `json:"capabilityStatus"`
	ProductSKU       *ProductSKU   `json:"productSku"`
	ServicePlans     []ServicePlan `json:"servicePlans"`
}

// License is one licence assigned to a user.
type License struct {
	ProductSKU   *ProductSKU   `json:"productSku"`
	ServicePlans []ServicePlan `json:"servicePlans"`
}

// ProductSKU identifies a product.
type ProductSKU struct {
	ID             *string `json:"id"`
	Name           *string `json:"name"`
	SKUPartNumber  *string `json:"skuPartNumber"`
	TargetType     *string `json:"targetType"`
	LicenseGroupID *string `json:"licenseGroupId"`
}

// ServicePlan is one service included in a product.
type ServicePlan struct {
	ID               *string `json:"id"`
	DisplayName      *string `json:"displayName"`
	ServiceName      *string `json:"serviceName"`
	CapabilityStatus *string `json:"capabilityStatus"`
	TargetType       *string `json:"targetType"`
}
