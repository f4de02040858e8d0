package acctest

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
)

// The one HCL builder of the tests: a block is its header and its
// arguments as Go values, so a test says what it sets, not how HCL spells it.

// RequiredProviders pins the provider's source, for configurations run by
// the terraform CLI outside terraform-plugin-testing.
const RequiredProviders = "terraform {\n  required_providers {\n    partnercenter = { source = \"partnercenter-terraform/partnercenter\" }\n  }\n}\n"

// Args are a block's arguments by name, written in name order. A value is a
// string, a bool, an int or int64, a []string, a []any or an Expr; an
// argument whose value is nil, a nil slice too, is left out, which
// Terraform reads as null, so a case table can leave a column empty.
type Args map[string]any

// Expr is HCL written as it is: a reference, a function call, a list that
// mixes references and strings.
type Expr string

// Provider is a provider "partnercenter" block.
func Provider(args Args) string { return Block(`provider "partnercenter"`, args) }

// Data is a data "<typeName>" "<name>" block.
func Data(typeName, name string, args Args) string {
	return Block(fmt.Sprintf("data %q %q", typeName, name), args)
}

// Block is any block, header as written.
func Block(header string, args Args) string {
	var b strings.Builder
	b.WriteString(header + " {\n")
	for _, name := range slices.Sorted(maps.Keys(args)) {
		if absent(args[name]) {
			continue
		}
		fmt.Fprintf(&b, "  %s = %s\n", name, Value(args[name]))
	}
	b.WriteString("}\n")
	return b.String()
}

func absent(v any) bool {
	switch v := v.(type) {
	case nil:
		return true
	case []string:
		return v == nil
	case []any:
		return v == nil
	}
	return false
}

// Object is args as an HCL object expression, on one line.
func Object(args Args) Expr {
	items := make([]string, 0, len(args))
	for _, name := range slices.Sorted(maps.Keys(args)) {
		if !absent(args[name]) {
			items = append(items, name+" = "+Value(args[name]))
		}
	}
	return Expr("{ " + strings.Join(items, ", ") + " }")
}

// Value writes v as an HCL expression; it panics on a type it does not
// know, a mistake in the test that calls it.
func Value(v any) string {
	switch v := v.(type) {
	case nil:
		return "null"
	case Expr:
		return string(v)
	case string:
		return quote(v)
	case bool:
		return strconv.FormatBool(v)
	case int:
		return strconv.Itoa(v)
	case int64:
		return strconv.FormatInt(v, 10)
	case []string:
		items := make([]any, len(v))
		for i, s := range v {
			items[i] = s
		}
		return Value(items)
	case []any:
		items := make([]string, len(v))
		for i, item := range v {
			items[i] = Value(item)
		}
		return "[" + strings.Join(items, ", ") + "]"
	default:
		panic(fmt.Sprintf("acctest.Value: no HCL for %T", v))
	}
}

// quote is an HCL string literal: HCL's own escapes (\n, \r, \t, \", \\
// and \uNNNN for any other control character; Go's \x, \a or \v are
// not HCL), and template openings doubled so they stay literal.
func quote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	q := strings.ReplaceAll(b.String(), "${", "$${")
	return strings.ReplaceAll(q, "%{", "%%{")
}
