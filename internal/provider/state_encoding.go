package provider

import (
	"bytes"
	"context"
	"fmt"
	"runtime/debug"
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
// other value goes through encodeValue. The encoding is written into one
// buffer of its exact size, so that a state of hundreds of megabytes is not
// copied again as a growing buffer doubles (BENCHMARKS.md, "A fleet: memory
// and size").
func encodeState(ctx context.Context, objectType types.ObjectType, attrs map[string]attr.Value) ([]byte, error) {
	names := make([]string, 0, len(objectType.AttrTypes))
	for name := range objectType.AttrTypes {
		names = append(names, name)
	}
	sort.Strings(names)
	// Each attribute is its name and either its encodedMap or its bytes.
	type piece struct {
		encoded []byte
		m       *encodedMap
	}
	pieces := make([]piece, len(names))
	size := maxMsgpackHeader
	for i, name := range names {
		v, ok := attrs[name]
		if !ok {
			return nil, fmt.Errorf("%s: no value set", name)
		}
		if !v.Type(ctx).Equal(objectType.AttrTypes[name]) {
			return nil, fmt.Errorf("%s: a value of type %s, want %s", name, v.Type(ctx), objectType.AttrTypes[name])
		}
		if m, isEncoded := v.(encodedMap); isEncoded {
			pieces[i].m = &m
			size += maxMsgpackHeader + len(name) + m.encodedLen()
			continue
		}
		encoded, err := encodeValue(ctx, v)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		pieces[i].encoded = encoded
		size += maxMsgpackHeader + len(name) + len(encoded)
	}
	collectBeforeCopy(size)
	out := bytes.NewBuffer(make([]byte, 0, size))
	enc := msgpack.NewEncoder(out)
	// A bytes.Buffer does not fail, so neither do these writes.
	_ = enc.EncodeMapLen(len(names))
	for i, name := range names {
		_ = enc.EncodeString(name)
		if m := pieces[i].m; m != nil {
			m.writeTo(enc)
			continue
		}
		_, _ = out.Write(pieces[i].encoded)
	}
	return out.Bytes(), nil
}

// releaseEncoded drops the encodedMaps' elements once a state of size bytes
// holds their copy, and, for a large state, hands the memory they took back
// to the system at once: gRPC is about to copy the state once more into its
// message, and without this the elements, garbage by then but not yet
// collected, would still count against the process's memory at that peak.
func releaseEncoded(attrs map[string]attr.Value, size int) {
	released := false
	for _, v := range attrs {
		if m, ok := v.(encodedMap); ok {
			clear(m.elements)
			released = true
		}
	}
	if released && size >= releaseToSystemBytes {
		debug.FreeOSMemory()
	}
}

// releaseToSystemBytes is the state size from which releaseEncoded returns
// memory to the system: a forced collection costs milliseconds, worth it
// only where the state is tens of megabytes.
const releaseToSystemBytes = 16 << 20

// maxMsgpackHeader is the most bytes a MessagePack string or map header
// takes (a marker and a 32-bit length).
const maxMsgpackHeader = 5

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
	encoded, err := encodeValue(ctx, v)
	if err != nil {
		return nil, err
	}
	// The encoder's buffer grew by doubling, so its bytes may sit in an
	// array up to twice their length; an element is kept until the whole
	// state is written, so it keeps an exact copy instead (a read of 4,000
	// customers with service plans held 365 MB for 192 MiB of elements).
	return bytes.Clone(encoded), nil
}

// encodedLen bounds the length of the map's encoding: each header at its
// longest.
func (m encodedMap) encodedLen() int {
	size := maxMsgpackHeader
	for k, v := range m.elements {
		size += maxMsgpackHeader + len(k) + len(v)
	}
	return size
}

// writeTo writes the map's encoding, its keys sorted. The elements keep the
// order tftypes gave their own maps, which is Go's random map order, so
// equal maps may encode to different bytes; Terraform decodes them alike.
func (m encodedMap) writeTo(enc *msgpack.Encoder) {
	keys := make([]string, 0, len(m.elements))
	for k := range m.elements {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	// The callers' writers are bytes.Buffers, which do not fail.
	_ = enc.EncodeMapLen(len(keys))
	for _, k := range keys {
		_ = enc.EncodeString(k)
		_ = enc.Encode(msgpack.RawMessage(m.elements[k]))
	}
}

// msgpack is the map's encoding, as writeTo writes it.
func (m encodedMap) msgpack() []byte {
	out := bytes.NewBuffer(make([]byte, 0, m.encodedLen()))
	m.writeTo(msgpack.NewEncoder(out))
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
