package provider

import (
	"fmt"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/partnercenter-terraform/terraform-provider-partnercenter/internal/acctest"
	"github.com/partnercenter-terraform/terraform-provider-partnercenter/internal/emulator"
)

// The examples in the docs are applied as written, so a page can never show
// a configuration that does not work. They name the provider by its registry
// source, so the test reattaches it under that namespace; endpoint and token
// come from the environment, as the examples tell users to do.

func readExamples(t *testing.T, dirs ...string) string {
	t.Helper()
	var b strings.Builder
	for _, dir := range dirs {
		files, err := filepath.Glob(filepath.Join("..", "..", "examples", dir, "*.tf"))
		if err != nil || len(files) == 0 {
			t.Fatalf("no example files in examples/%s (%v)", dir, err)
		}
		for _, f := range files {
			content, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			b.Write(content)
			b.WriteString("\n")
		}
	}
	return b.String()
}

// useEmulatorFromEnvironment serves the emulator with fixture (the default
// when nil) and points the provider at it through the environment.
func useEmulatorFromEnvironment(t *testing.T, fixture *emulator.Fixture) *acctest.Server {
	t.Setenv("TF_ACC_PROVIDER_NAMESPACE", "partnercenter-terraform")
	em := startEmulator(t, fixture)
	for variable, value := range em.Env() {
		t.Setenv(variable, value)
	}
	return em
}

// dataSourceExamples is the examples of every data source the provider
// registers, each of which must show its own type: tfplugindocs takes a
// data source's page example from examples/data-sources/<type>/.
func dataSourceExamples(t *testing.T) []string {
	t.Helper()
	var dirs []string
	for _, typeName := range slices.Sorted(maps.Keys(registeredDataSources(t))) {
		dir := path.Join("data-sources", typeName)
		if example := readExamples(t, dir); !strings.Contains(example, fmt.Sprintf("data %q", typeName)) {
			t.Errorf("examples/%s has no data %q block", dir, typeName)
		}
		dirs = append(dirs, dir)
	}
	return dirs
}

func TestAccExamplesOfTheDocs(t *testing.T) {
	useEmulatorFromEnvironment(t, nil)
	testStepsAlone(t, resource.TestStep{
		Config: readExamples(t, append([]string{"provider"}, dataSourceExamples(t)...)...),
		ConfigStateChecks: []statecheck.StateCheck{
			statecheck.ExpectKnownOutputValue("free_seats", knownvalue.ObjectExact(map[string]knownvalue.Check{
				"AAD_PREMIUM":       knownvalue.Int64Exact(15),
				"AX_TASK_USER":      knownvalue.Int64Exact(1),
				"CFQ7TTC0K5DR/0002": knownvalue.Int64Exact(23),
				"WIN_ENT_E5":        knownvalue.Int64Exact(71),
			})),
			statecheck.ExpectKnownOutputValue("adele_products", knownvalue.ListExact([]knownvalue.Check{
				knownvalue.StringExact("WIN_ENT_E5"), knownvalue.StringExact("CFQ7TTC0K5DR/0002"),
			})),
			statecheck.ExpectKnownOutputValue("adele_has_e5", knownvalue.Bool(true)),
			statecheck.ExpectKnownOutputValue("aad_premium_free_seats", knownvalue.Int64Exact(15)),
			expectInt("data.partnercenter_subscribed_skus.contoso_rollout", "total_count", 4),
			checkBlockStatus{name: "contoso_free_seats", status: "pass"},
			expectInt("data.partnercenter_subscribed_skus.contoso_minecraft", "total_count", 1),
			expectInt("data.partnercenter_user_licenses.guest", "total_count", 1),
		},
	})
}

func TestAccExampleDemo(t *testing.T) {
	useEmulatorFromEnvironment(t, nil)
	testStepsAlone(t, resource.TestStep{
		Config: readExamples(t, "demo"),
		ConfigStateChecks: []statecheck.StateCheck{
			statecheck.ExpectKnownOutputValue("seat_summary", knownvalue.MapPartial(map[string]knownvalue.Check{
				"WIN_ENT_E5": knownvalue.ObjectExact(map[string]knownvalue.Check{
					"product":   knownvalue.StringExact("Windows 10 Enterprise E5"),
					"available": knownvalue.Int64Exact(71),
					"consumed":  knownvalue.Int64Exact(41),
					"total":     knownvalue.Int64Exact(112),
				}),
			})),
			checkBlockStatus{name: "free_seats", status: "pass"},
		},
	})
}
