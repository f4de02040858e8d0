package provider

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
)

// The table of provider arguments, its model and its schema agree: each
// row has a providerModel field and an attribute, each field a row, each
// secret is Sensitive, and each description names its variable.
func TestProviderArgumentsTable(t *testing.T) {
	var resp provider.SchemaResponse
	New("test")().Schema(context.Background(), provider.SchemaRequest{}, &resp)
	model := reflect.TypeFor[providerModel]()
	if len(providerArguments) != model.NumField() || len(resp.Schema.Attributes) != model.NumField() {
		t.Errorf("%d rows, %d model fields, %d attributes: each argument is one of each", len(providerArguments), model.NumField(), len(resp.Schema.Attributes))
	}
	seenEnv := map[string]bool{}
	for _, a := range providerArguments {
		if _, ok := modelFieldFor[a.name]; !ok {
			t.Errorf("argument %s has no providerModel field", a.name)
		}
		attr, ok := resp.Schema.Attributes[a.name]
		if !ok {
			t.Errorf("argument %s has no schema attribute", a.name)
			continue
		}
		if !strings.HasPrefix(a.env, "PARTNERCENTER_") || seenEnv[a.env] {
			t.Errorf("argument %s: environment variable %q is not a unique PARTNERCENTER_ name", a.name, a.env)
		}
		seenEnv[a.env] = true
		if !strings.Contains(attr.GetMarkdownDescription(), "`"+a.env+"`") {
			t.Errorf("argument %s: the description does not name %s", a.name, a.env)
		}
		if s, ok := attr.(schema.StringAttribute); ok && s.Sensitive != (a.kind == secretArgument) {
			t.Errorf("argument %s: Sensitive is %v", a.name, s.Sensitive)
		}
	}
}
