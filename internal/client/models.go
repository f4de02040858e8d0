package client

import "encoding/json"

// Wire types, decoded from Partner Center's JSON. Pointers mark fields the
// service may leave out, so that callers can tell "absent" from zero; array
// and object fields read null and "" as absent too (see lenient.go). Status
// and type strings are open text: new values appear without notice.

// Collection is Partner Center's list envelope.
type Collection[T any] struct {
	TotalCount int64 `json:"totalCount"`
	Items      []T   `json:"items"`
}

// UnmarshalJSON reads the envelope, then each item on its own, so that an
// item that cannot be read is named (*ItemError) rather than losing the
// read in a message about the whole body.
func (c *Collection[T]) UnmarshalJSON(raw []byte) error {
	var envelope struct {
		TotalCount int64                 `json:"totalCount"`
		Items      List[json.RawMessage] `json:"items"`
	}
	if err := json.Unmarshal(raw, &envelope); err != nil {
		return err
	}
	c.TotalCount = envelope.TotalCount
	c.Items = make([]T, len(envelope.Items))
	for i, item := range envelope.Items {
		if err := json.Unmarshal(item, &c.Items[i]); err != nil {
			return &ItemError{Index: i, PartNumber: partNumberOf(item), Err: err}
		}
	}
	return nil
}

// SubscribedSKU is one product a customer has bought, with its seat counts.
type SubscribedSKU struct {
	AvailableUnits   *int64            `json:"availableUnits"`
	ActiveUnits      *int64            `json:"activeUnits"`
	ConsumedUnits    *int64            `json:"consumedUnits"`
	SuspendedUnits   *int64            `json:"suspendedUnits"`
	TotalUnits       *int64            `json:"totalUnits"`
	WarningUnits     *int64            `json:"warningUnits"`
	CapabilityStatus *string           `json:"capabilityStatus"`
	ProductSKU       *ProductSKU       `json:"productSku"`
	ServicePlans     List[ServicePlan] `json:"servicePlans"`
}

// UnmarshalJSON reads productSku as absent when it is null or "".
func (s *SubscribedSKU) UnmarshalJSON(raw []byte) error {
	type plain SubscribedSKU // without this method
	aux := struct {
		*plain
		ProductSKU json.RawMessage `json:"productSku"` // shadows plain's
	}{plain: (*plain)(s)}
	if err := json.Unmarshal(raw, &aux); err != nil {
		return err
	}
	var err error
	s.ProductSKU, err = optionalObject[ProductSKU]("productSku", aux.ProductSKU)
	return err
}

// License is one licence assigned to a user.
type License struct {
	ProductSKU   *ProductSKU       `json:"productSku"`
	ServicePlans List[ServicePlan] `json:"servicePlans"`
}

// UnmarshalJSON reads productSku as absent when it is null or "".
func (l *License) UnmarshalJSON(raw []byte) error {
	type plain License
	aux := struct {
		*plain
		ProductSKU json.RawMessage `json:"productSku"`
	}{plain: (*plain)(l)}
	if err := json.Unmarshal(raw, &aux); err != nil {
		return err
	}
	var err error
	l.ProductSKU, err = optionalObject[ProductSKU]("productSku", aux.ProductSKU)
	return err
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
