package acctest

import (
	"testing"
	"unicode/utf8"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

func TestBlockWritesGoValuesAsHCL(t *testing.T) {
	got := Data("partnercenter_user_licenses", "test", Args{
		"user_id":           `a\b${x}%{y}@contoso.com`,
		"license_group_ids": []string{"Group1"},
		"require_all_skus":  true,
		"max_retries":       2,
		"customer_ids":      []any{Expr("terraform_data.in.output.ids[0]"), "c"},
		"left_out":          []string(nil),
		"also_left_out":     nil,
		"input":             Object(Args{"b": "x", "a": 1}),
	})
	want := `data "partnercenter_user_licenses" "test" {
  customer_ids = [terraform_data.in.output.ids[0], "c"]
  input = { a = 1, b = "x" }
  license_group_ids = ["Group1"]
  max_retries = 2
  require_all_skus = true
  user_id = "a\\b$${x}%%{y}@contoso.com"
}
`
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func TestServerProviderBlock(t *testing.T) {
	s := &Server{URL: "http://127.0.0.1:1", AccessToken: "tok"}
	if got, want := s.Provider(Args{"endpoint": "http://127.0.0.1:1/v1"}),
		"provider \"partnercenter\" {\n  access_token = \"tok\"\n  endpoint = \"http://127.0.0.1:1/v1\"\n}\n"; got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if env := (&Server{URL: "u"}).Env(); len(env) != 1 || env["PARTNERCENTER_ENDPOINT"] != "u" {
		t.Errorf("env without a token: %v", env)
	}
}

// What quote writes, HCL reads back as the same string: control characters,
// quotes, backslashes and template openings included.
func FuzzQuoteRoundTrips(f *testing.F) {
	for _, s := range []string{"", `a\b${x}%{y}@contoso.com`, "tab\there\nnew\rline", "\x00\x07\x0b\x1b\x7f", `"q"`, "é😀", "$${", "%%{"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			return // Terraform configuration is UTF-8
		}
		q := quote(s)
		expr, diags := hclsyntax.ParseExpression([]byte(q), "test.tf", hcl.InitialPos)
		if diags.HasErrors() {
			t.Fatalf("HCL cannot parse %s: %s", q, diags.Error())
		}
		got, diags := expr.Value(nil)
		if diags.HasErrors() {
			t.Fatalf("HCL cannot evaluate %s: %s", q, diags.Error())
		}
		// cty keeps strings in Unicode normal form C, as HCL does.
		if !got.Type().Equals(cty.String) || !got.Equals(cty.StringVal(s)).True() {
			t.Errorf("quote(%q) = %s, which HCL reads as %#v", s, q, got)
		}
	})
}
