package client

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// utf8BOM is the byte order mark Microsoft's own response samples start
// with (docs/development/partner-center-api.md, "Responses"; and
// testdata/user-licenses-group1-group2.bom.json). .NET's HTTP stack drops
// it silently; encoding/json refuses it.
var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// trimBOM drops one leading UTF-8 byte order mark, so that every body the
// client decodes, success or error, reads the same with or without one.
func trimBOM(body []byte) []byte { return bytes.TrimPrefix(body, utf8BOM) }

func describeDecodeError(err error, body []byte, contentType string) error {
	var syntax *json.SyntaxError
	switch {
	case len(bytes.TrimSpace(body)) == 0:
		return errors.New("the body is empty")
	case errors.Is(err, io.ErrUnexpectedEOF), errors.As(err, &syntax) && syntax.Offset >= int64(len(body)):
		return errors.New("the JSON body ends early (truncated)")
	case errors.As(err, &syntax):
		return fmt.Errorf("the body is not valid JSON (Content-Type %q) at byte %d: %w; it starts %q", contentType, syntax.Offset, err, printableSnippet(body))
	case wellFormed(err):
		var itemErr *ItemError
		if errors.As(err, &itemErr) {
			return fmt.Errorf("the answer is valid JSON, but an item does not have the expected shape: %w", itemErr)
		}
		return fmt.Errorf("the answer is valid JSON, but it does not have the expected shape: %s", describeTypeError(err))
	default:
		return fmt.Errorf("the JSON body does not have the expected shape: %w", err)
	}
}

// wellFormed reports a decoding error of valid, complete JSON: a field of a
// type the provider does not expect, not a cut or foreign body.
func wellFormed(err error) bool {
	var itemErr *ItemError
	var typeErr *json.UnmarshalTypeError
	return errors.As(err, &itemErr) || errors.As(err, &typeErr)
}

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
