package client

import (
	"bytes"
	"encoding/json"
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
