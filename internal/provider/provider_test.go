package provider

import (
	"context"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/partnercenter-terraform/terraform-provider-partnercenter/internal/acctest"
	"github.com/partnercenter-terraform/terraform-provider-partnercenter/internal/emulator"
)

// Acceptance tests run the real terraform binary (TF_ACC=1) against the
// provider served in-process and an emulator on an httptest server.

const (
	testAccessToken = "acc-test-token-5f1c"
	seedCustomer    = "0c39d6d5-c70d-4c55-bc02-f620844f3fd1"
	emptyCustomer   = "7d1a3b2c-4e5f-4a6b-8c7d-9e0f1a2b3c4d"
	unknownCustomer = "11111111-2222-4333-8444-555555555555"
)

var testAccProtoV6ProviderFactories = map[string]func() (tfprotov6.ProviderServer, error){
	"partnercenter": func() (tfprotov6.ProviderServer, error) { return ProtocolServer("test")(), nil },
}

// startEmulator serves the emulator with fixture (the default when nil)
// for one test, accepting testAccessToken.
func startEmulator(t *testing.T, fixture *emulator.Fixture) *acctest.Server {
	t.Helper()
	return startEmulatorWith(t, emulator.Options{Fixture: fixture})
}

// startEmulatorWith serves the emulator opts describe for one test,
// accepting testAccessToken unless opts name a token.
func startEmulatorWith(t testing.TB, opts emulator.Options) *acctest.Server {
	t.Helper()
	if opts.AccessToken == "" {
		opts.AccessToken = testAccessToken
	}
	return acctest.StartEmulator(t, opts)
}

// testSteps runs steps with real terraform against the provider served
// in-process, beside the other parallel tests.
func testSteps(t *testing.T, steps ...resource.TestStep) {
	t.Helper()
	resource.ParallelTest(t, resource.TestCase{ProtoV6ProviderFactories: testAccProtoV6ProviderFactories, Steps: steps})
}

// testStepsAlone is testSteps for a test that sets the environment, which
// must not run beside others.
func testStepsAlone(t *testing.T, steps ...resource.TestStep) {
	t.Helper()
	resource.Test(t, resource.TestCase{ProtoV6ProviderFactories: testAccProtoV6ProviderFactories, Steps: steps})
}

// registeredDataSources is every data source the provider registers, by
// type name: the tests over every data source start here, so that a new one
// is covered without a test edit.
func registeredDataSources(t *testing.T) map[string]datasource.DataSource {
	t.Helper()
	ctx := context.Background()
	all := map[string]datasource.DataSource{}
	for _, newDataSource := range New("test")().DataSources(ctx) {
		ds := newDataSource()
		var meta datasource.MetadataResponse
		ds.Metadata(ctx, datasource.MetadataRequest{ProviderTypeName: "partnercenter"}, &meta)
		all[meta.TypeName] = ds
	}
	if len(all) == 0 {
		t.Fatal("no data sources are registered")
	}
	return all
}

// forEveryDataSource runs check as a subtest for every registered data
// source, named for its type, with its schema.
func forEveryDataSource(t *testing.T, check func(t *testing.T, typeName string, s schema.Schema)) {
	t.Helper()
	dataSources := registeredDataSources(t)
	for _, typeName := range slices.Sorted(maps.Keys(dataSources)) {
		t.Run(typeName, func(t *testing.T) {
			var resp datasource.SchemaResponse
			dataSources[typeName].Schema(context.Background(), datasource.SchemaRequest{}, &resp)
			check(t, typeName, resp.Schema)
		})
	}
}

// errorNaming builds an ExpectError pattern that requires every fragment,
// in order, allowing Terraform's line wrapping between words.
func errorNaming(fragments ...string) *regexp.Regexp {
	quoted := make([]string, len(fragments))
	for i, f := range fragments {
		words := strings.Fields(f)
		for j, w := range words {
			words[j] = regexp.QuoteMeta(w)
		}
		quoted[i] = strings.Join(words, `\s+`)
	}
	return regexp.MustCompile(`(?s)` + strings.Join(quoted, ".*"))
}

// checkBlockStatus asserts the status Terraform recorded for a check block.
type checkBlockStatus struct {
	name    string
	status  tfjson.CheckStatus
	message string
}

var _ statecheck.StateCheck = checkBlockStatus{}

func (c checkBlockStatus) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	if req.State == nil {
		resp.Error = fmt.Errorf("no state to look for check %q in", c.name)
		return
	}
	for _, result := range req.State.Checks {
		if result.Address.Kind != tfjson.CheckKindCheckBlock || result.Address.Name != c.name {
			continue
		}
		if result.Status != c.status {
			resp.Error = fmt.Errorf("check %q has status %q, want %q", c.name, result.Status, c.status)
			return
		}
		if c.message == "" {
			return
		}
		for _, instance := range result.Instances {
			for _, problem := range instance.Problems {
				if strings.Contains(problem.Message, c.message) {
					return
				}
			}
		}
		resp.Error = fmt.Errorf("check %q failed without the message %q", c.name, c.message)
		return
	}
	resp.Error = fmt.Errorf("check block %q not found in state", c.name)
}

func TestAccProviderRefusesInvalidArgumentsAtPlan(t *testing.T) {
	em := startEmulator(t, nil)
	dataSource := skusBlock(seedCustomer, nil)
	remote := acctest.Args{"endpoint": "http://api.partnercenter.microsoft.com", "access_token": "x"}
	cases := map[string]struct {
		provider acctest.Args
		want     *regexp.Regexp
	}{
		"plain http to a remote host": {remote, errorNaming("endpoint", "only allowed for a loopback host", "use https")},
		"not a URL": {acctest.Args{"endpoint": "api.partnercenter.microsoft.com", "access_token": "x"},
			errorNaming("endpoint", "not an absolute URL")},
		"bad locale": {acctest.Args{"endpoint": em.URL, "access_token": "x", "locale": "en_US; x=y"},
			errorNaming("locale", "must be a language tag such as en-US")},
		"unknown environment": {acctest.Args{"environment": "germany"},
			errorNaming("environment", `value must be one of: ["public" "china"]`, `got: "germany"`)},
		"unknown auth method": {acctest.Args{"auth_method": "password"},
			errorNaming("auth_method", `["access_token" "refresh_token" "azure_cli" "client_credentials"]`)},
		"client id not a GUID": {acctest.Args{"client_id": "my-app"}, errorNaming("client_id", "must be a GUID")},
		"tenant id neither GUID nor domain": {acctest.Args{"tenant_id": "contoso"},
			errorNaming("tenant_id", "GUID) or domain such as contoso.onmicrosoft.com")},
		"secret and certificate together": {acctest.Args{"client_secret": "s", "client_certificate": "c"},
			errorNaming(`"client_certificate" cannot be specified when "client_secret" is specified`)},
		"plain http sign-in off loopback": {acctest.Args{"auth_endpoint": "http://login.example.com"},
			errorNaming("auth_endpoint", "only allowed for a loopback host")},
		"empty access token": {acctest.Args{"endpoint": em.URL, "access_token": ""},
			errorNaming("access_token", "string length must be at least 1")},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			testSteps(t, resource.TestStep{Config: acctest.Provider(tc.provider) + dataSource, ExpectError: tc.want})
		})
	}
	em.ExpectNoRequests(t)
}

// Environment variables must configure the provider on their own, as they
// do in CI; t.Setenv makes this test sequential.
func TestAccProviderConfiguredFromEnvironment(t *testing.T) {
	em := startEmulator(t, nil)
	t.Setenv(envFor["endpoint"], em.URL)
	t.Setenv(envFor["access_token"], testAccessToken)
	t.Setenv(envFor["locale"], "de-DE")
	testStepsAlone(t, resource.TestStep{
		Config: skusBlock(seedCustomer, nil),
		ConfigStateChecks: []statecheck.StateCheck{
			expectInt(skusAddress, "total_count", 4),
		},
	})
	requests := em.Requests()
	if len(requests) == 0 {
		t.Fatal("no request reached the emulator")
	}
	for _, r := range requests {
		if got := r.Header.Get("X-Locale"); got != "de-DE" {
			t.Errorf("X-Locale = %q, want de-DE from %s", got, envFor["locale"])
		}
		if ua := r.Header.Get("User-Agent"); !regexp.MustCompile(`^terraform-provider-partnercenter/test terraform/\d+\.\d+\.\d+`).MatchString(ua) {
			t.Errorf("User-Agent = %q", ua)
		}
		if !regexp.MustCompile(`^[0-9a-f-]{36}$`).MatchString(r.Header.Get("MS-CorrelationId")) {
			t.Errorf("MS-CorrelationId = %q, want a GUID", r.Header.Get("MS-CorrelationId"))
		}
	}
}

func TestAccProviderMissingTokenNamesTheVariable(t *testing.T) {
	em := startEmulator(t, nil)
	t.Setenv(envFor["access_token"], "")
	testStepsAlone(t, resource.TestStep{
		Config:      acctest.Provider(acctest.Args{"endpoint": em.URL}) + skusBlock(seedCustomer, nil),
		ExpectError: errorNaming("Missing Partner Center Credentials", "access_token", envFor["access_token"], "refresh_token", "use_cli"),
	})
	em.ExpectNoRequests(t)
}

func TestAccWrongTokenIsExplained(t *testing.T) {
	em := startEmulator(t, nil)
	testSteps(t, resource.TestStep{
		Config: em.Provider(acctest.Args{"access_token": "not-the-token"}) + skusBlock(seedCustomer, nil),
		ExpectError: errorNaming("Unable to Read Subscribed SKUs", "HTTP 401", "code InvalidToken",
			"access token was refused", "PARTNERCENTER_ACCESS_TOKEN", "MS-RequestId:", "MS-CorrelationId:"),
	})
}
