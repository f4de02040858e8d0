package provider

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"sort"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/vmihailenco/msgpack/v5"
)

// A data source's state travels to Terraform as MessagePack, in the
// encoding of Terraform's plugin protocol (cty's msgpack: an object is a
// map of its attribute names, sorted, to their values; a map is a map; null
// is nil), which terraform-plugin-go's tftypes writes. This file writes a
// state one attribute at a time, and a large map one element at a time, so
// that no whole-state value tree is ever held: for thousands of customers
// the trees the framework builds and copies around a read took many times
// the encoded state's size (BENCHMARKS.md, "Every customer in one plan
// (issue 12), as measured above").

// encodeValue is v's protocol encoding, through tftypes.
func encodeValue(ctx context.Context, v attr.Value) ([]byte, error) {
	tfValue, err := v.ToTerraformValue(ctx)
	if err != nil {
		return nil, err
	}
	encoded, err := tfprotov6.NewDynamicValue(v.Type(ctx).TerraformType(ctx), tfValue)
	if err != nil {
		return nil, err
	}
	return encoded.MsgPack, nil
}

// encodeState is the protocol encoding of an object of objectType with
// attrs, as tftypes would write it: an encodedMap is copied as it is, any
// other value goes through encodeValue.
func encodeState(ctx context.Context, objectType types.ObjectType, attrs map[string]attr.Value) ([]byte, error) {
	names := make([]string, 0, len(objectType.AttrTypes))
	for name := range objectType.AttrTypes {
		names = append(names, name)
	}
	sort.Strings(names)
	var out bytes.Buffer
	enc := msgpack.NewEncoder(&out)
	if err := enc.EncodeMapLen(len(names)); err != nil {
		return nil, err
	}
	for _, name := range names {
		v, ok := attrs[name]
		if !ok {
			return nil, fmt.Errorf("%s: no value set", name)
		}
		if !v.Type(ctx).Equal(objectType.AttrTypes[name]) {
			return nil, fmt.Errorf("%s: a value of type %s, want %s", name, v.Type(ctx), objectType.AttrTypes[name])
		}
		var encoded []byte
		if m, isEncoded := v.(encodedMap); isEncoded {
			encoded = m.msgpack()
		} else {
			var err error
			if encoded, err = encodeValue(ctx, v); err != nil {
				return nil, fmt.Errorf("%s: %w", name, err)
			}
		}
		if err := enc.EncodeString(name); err != nil {
			return nil, err
		}
		if err := enc.Encode(msgpack.RawMessage(encoded)); err != nil {
			return nil, err
		}
	}
	return out.Bytes(), nil
}

// encodedMap is a known map whose elements are already encoded, each built
// and encoded as soon as it was read and its value tree dropped. It is an
// attr.Value, so a model can hold it where a types.Map goes; ProtocolServer
// copies its bytes into the state, and ToTerraformValue decodes them for
// the framework's own read path.
type encodedMap struct {
	typ types.MapType
	// elements holds each key's encoded element.
	elements map[string][]byte
}

var _ attr.Value = encodedMap{}

// newEncodedMap is an empty known map of elemType.
func newEncodedMap(elemType attr.Type, size int) encodedMap {
	return encodedMap{typ: types.MapType{ElemType: elemType}, elements: make(map[string][]byte, size)}
}

// add puts an element that encodeElement encoded under key.
func (m encodedMap) add(key string, encoded []byte) { m.elements[key] = encoded }

// encodeElement encodes v as an element of a map of elemType; it is safe
// to call from many goroutines, where add is not.
func encodeElement(ctx context.Context, elemType attr.Type, v attr.Value) ([]byte, error) {
	if !v.Type(ctx).Equal(elemType) {
		return nil, fmt.Errorf("a value of type %s, want %s", v.Type(ctx), elemType)
	}
	return encodeValue(ctx, v)
}

// msgpack is the map's encoding, its keys sorted. The elements keep the
// order tftypes gave their own maps, which is Go's random map order, so
// equal maps may encode to different bytes; Terraform decodes them alike.
func (m encodedMap) msgpack() []byte {
	keys := make([]string, 0, len(m.elements))
	size := 5
	for k, v := range m.elements {
		keys = append(keys, k)
		size += len(k) + 5 + len(v)
	}
	slices.Sort(keys)
	out := bytes.NewBuffer(make([]byte, 0, size))
	enc := msgpack.NewEncoder(out)
	// A bytes.Buffer does not fail, so neither do these writes.
	_ = enc.EncodeMapLen(len(keys))
	for _, k := range keys {
		_ = enc.EncodeString(k)
		_ = enc.Encode(msgpack.RawMessage(m.elements[k]))
	}
	return out.Bytes()
}

func (m encodedMap) Type(context.Context) attr.Type { return m.typ }

// ToTerraformValue decodes the map, for the framework's read path, which
// holds whole value trees anyway.
func (m encodedMap) ToTerraformValue(ctx context.Context) (tftypes.Value, error) {
	return (&tfprotov6.DynamicValue{MsgPack: m.msgpack()}).Unmarshal(m.typ.TerraformType(ctx))
}

// Equal compares the decoded maps: equal maps need not encode to the same
// bytes (see msgpack).
func (m encodedMap) Equal(other attr.Value) bool {
	o, ok := other.(encodedMap)
	if !ok || !m.typ.Equal(o.typ) {
		return false
	}
	mine, err1 := m.ToTerraformValue(context.Background())
	theirs, err2 := o.ToTerraformValue(context.Background())
	return err1 == nil && err2 == nil && mine.Equal(theirs)
}

func (m encodedMap) IsNull() bool    { return false }
func (m encodedMap) IsUnknown() bool { return false }
func (m encodedMap) String() string {
	return fmt.Sprintf("<map of %d encoded elements>", len(m.elements))
}
