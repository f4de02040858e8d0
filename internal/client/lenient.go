package client

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
)

// Partner Center's SDKs have met collections sent as "" where an array
// belongs (the Java SDK, for other collections), and documented fields
// that are left out or null. The provider reads all three as absent, for
// every array and object field, so that one odd item costs no read.

// blank reports whether raw is how the service writes a missing array or
// object: null, or an empty string.
func blank(raw []byte) bool {
	raw = bytes.TrimSpace(raw)
	return len(raw) == 0 || bytes.Equal(raw, []byte("null")) || bytes.Equal(raw, []byte(`""`))
}

// List is a JSON array that reads null and "" as absent (nil). An empty
// array stays empty and non-nil.
type List[T any] []T

// UnmarshalJSON implements json.Unmarshaler.
func (l *List[T]) UnmarshalJSON(raw []byte) error {
	if blank(raw) {
		*l = nil
		return nil
	}
	var items []T
	if err := json.Unmarshal(raw, &items); err != nil {
		return err
	}
	*l = items
	return nil
}

// Object is a JSON object that reads null and "" as absent: Value is then
// nil. As a field's type it declares what List declares for arrays, so
// that a wire type needs no UnmarshalJSON of its own.
type Object[T any] struct {
	Value *T
}

// UnmarshalJSON implements json.Unmarshaler. A type error inside the
// object is returned as encoding/json made it, so that the decoder of the
// enclosing value puts the field's name in front of its path
// ("productSku.name").
func (o *Object[T]) UnmarshalJSON(raw []byte) error {
	if blank(raw) {
		o.Value = nil
		return nil
	}
	var v T
	if err := json.Unmarshal(raw, &v); err != nil {
		return err
	}
	o.Value = &v
	return nil
}

// ItemError is an item of a collection that could not be read although the
// body as a whole was valid JSON: a field holds a type the provider does not
// expect. It names the item so that the user, and the provider's developers,
// can find it.
type ItemError struct {
	// Index is the item's place in the collection's items, from 0.
	Index int
	// Name is what the item calls itself, such as "sku_part_number
	// AAD_PREMIUM" or "id 0c39d6d5-…"; empty when it says nothing.
	Name string
	Err  error
}

func (e *ItemError) Error() string {
	name := ""
	if e.Name != "" {
		name = " (" + e.Name + ")"
	}
	return fmt.Sprintf("items[%d]%s: %s", e.Index, name, describeTypeError(e.Err))
}

func (e *ItemError) Unwrap() error { return e.Err }

// describeTypeError says which field held what, in JSON's terms rather than
// Go's.
func describeTypeError(err error) string {
	var typeErr *json.UnmarshalTypeError
	if errors.As(err, &typeErr) && typeErr.Field != "" {
		return fmt.Sprintf("the field %q holds a JSON %s, which the provider cannot read as %s", typeErr.Field, typeErr.Value, jsonKind(typeErr))
	}
	if errors.As(err, &typeErr) {
		// A whole item or body of the wrong kind: encoding/json would name
		// the Go type it was decoding into.
		return fmt.Sprintf("the value is a JSON %s, which the provider cannot read as %s", typeErr.Value, jsonKind(typeErr))
	}
	return err.Error()
}

func jsonKind(e *json.UnmarshalTypeError) string {
	switch e.Type.Kind().String() {
	case "int", "int32", "int64", "float64":
		return "a number"
	case "string":
		return "a string"
	case "slice":
		return "an array"
	case "struct", "map", "ptr":
		return "an object"
	case "bool":
		return "true or false"
	}
	return e.Type.String()
}

// itemName finds what an item calls itself, for an error message, however
// odd the rest of the item is: a product's part number, or else an id.
func itemName(raw json.RawMessage) string {
	var probe struct {
		ProductSKU struct {
			SKUPartNumber string `json:"skuPartNumber"`
		} `json:"productSku"`
		ID any `json:"id"`
	}
	_ = json.Unmarshal(raw, &probe) // best effort: an item that will not say has no name
	switch id, _ := probe.ID.(string); {
	case probe.ProductSKU.SKUPartNumber != "":
		return "sku_part_number " + probe.ProductSKU.SKUPartNumber
	case id != "":
		return "id " + id
	}
	return ""
}
