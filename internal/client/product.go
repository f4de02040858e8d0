package client

// Wire types shared by the licence reads, decoded from Partner Center's
// JSON (Microsoft's "License resources" page;
// docs/development/partner-center-api.md, "Responses").
// Pointers mark fields the service may leave out, so that callers can tell
// "absent" from zero; array and object fields read null and "" as absent
// too (see lenient.go). Status and type strings are open text: new values
// appear without notice.

// ProductSKU identifies a product.
type ProductSKU struct {
	ID   *string `json:"id"`
	Name *string `json:"name"`
	// SKUPartNumber is not a key: Partner Center lists an
	// introductory-price SKU and the full SKU under one part number (seen
	// with Microsoft_Teams_Premium).
	SKUPartNumber *string `json:"skuPartNumber"`
	// TargetType is absent in every sample of a user's licenses.
	TargetType *string `json:"targetType"`
	// LicenseGroupID is spelled in lower case (group1), although requests
	// name the groups Group1 and Group2.
	LicenseGroupID *string `json:"licenseGroupId"`
}

// ServicePlan is one service included in a product.
type ServicePlan struct {
	ID *string `json:"id"`
	// DisplayName is for people; ServiceName is the plan's short name, such
	// as EXCHANGE_S_FOUNDATION.
	DisplayName      *string `json:"displayName"`
	ServiceName      *string `json:"serviceName"`
	CapabilityStatus *string `json:"capabilityStatus"`
	TargetType       *string `json:"targetType"` // User or Tenant
}
