package provider

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"
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

// testEmulator is one emulator on its own loopback server, for one test
// (acctest's), with what these tests ask of it.
type testEmulator struct{ *acctest.Server }

func startEmulator(t *testing.T, fixture *emulator.Fixture) *testEmulator {
	t.Helper()
	return &testEmulator{acctest.StartEmulator(t, emulator.Options{AccessToken: testAccessToken, Fixture: fixture})}
}

// providerBlock configures the provider for the emulator.
func (e *testEmulator) providerBlock() string { return acctest.ProviderBlock(e.URL, testAccessToken) }

// expectNoRequests fails the test if the emulator saw any request: invalid
// arguments must be refused before anything is sent.
func (e *testEmulator) expectNoRequests(t *testing.T) {
	t.Helper()
	if n := e.RequestCount(); n != 0 {
		t.Errorf("the emulator received %d requests, want 0", n)
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
	dataSource := fmt.Sprintf("data \"partnercenter_subscribed_skus\" \"test\" {\n  customer_id = %q\n}\n", seedCustomer)
	cases := map[string]struct {
		provider string
		want     *regexp.Regexp
	}{
		"plain http to a remote host": {
			provider: `provider "partnercenter" {
  endpoint     = "http://api.partnercenter.microsoft.com"
  access_token = "x"
}`,
			want: errorNaming("endpoint", "only allowed for a loopback host", "use https"),
		},
		"not a URL": {
			provider: `provider "partnercenter" {
  endpoint     = "api.partnercenter.microsoft.com"
  access_token = "x"
}`,
			want: errorNaming("endpoint", "not an absolute URL"),
		},
		"bad locale": {
			provider: fmt.Sprintf(`provider "partnercenter" {
  endpoint     = %q
  access_token = "x"
  locale       = "en_US; x=y"
}`, em.URL),
			want: errorNaming("locale", "must be a language tag such as en-US"),
		},
		"unknown environment": {
			provider: `provider "partnercenter" {
  environment = "germany"
}`,
			want: errorNaming("environment", `value must be one of: ["public" "china"]`, `got: "germany"`),
		},
		"unknown auth method": {
			provider: `provider "partnercenter" {
  auth_method = "password"
}`,
			want: errorNaming("auth_method", `["access_token" "refresh_token" "azure_cli" "client_credentials"]`),
		},
		"client id not a GUID": {
			provider: `provider "partnercenter" {
  client_id = "my-app"
}`,
			want: errorNaming("client_id", "must be a GUID"),
		},
		"tenant id neither GUID nor domain": {
			provider: `provider "partnercenter" {
  tenant_id = "contoso"
}`,
			want: errorNaming("tenant_id", "GUID) or domain such as contoso.onmicrosoft.com"),
		},
		"secret and certificate together": {
			provider: `provider "partnercenter" {
  client_secret      = "s"
  client_certificate = "c"
}`,
			want: errorNaming(`"client_certificate" cannot be specified when "client_secret" is specified`),
		},
		"plain http sign-in off loopback": {
			provider: `provider "partnercenter" {
  auth_endpoint = "http://login.example.com"
}`,
			want: errorNaming("auth_endpoint", "only allowed for a loopback host"),
		},
		"empty access token": {
			provider: fmt.Sprintf(`provider "partnercenter" {
  endpoint     = %q
  access_token = ""
}`, em.URL),
			want: errorNaming("access_token", "string length must be at least 1"),
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps:                    []resource.TestStep{{Config: tc.provider + "\n" + dataSource, ExpectError: tc.want}},
			})
		})
	}
	em.expectNoRequests(t)
}

// Environment variables must configure the provider on their own, as they
// do in CI; t.Setenv makes this test sequential.
func TestAccProviderConfiguredFromEnvironment(t *testing.T) {
	em := startEmulator(t, nil)
	t.Setenv(envFor["endpoint"], em.URL)
	t.Setenv(envFor["access_token"], testAccessToken)
	t.Setenv(envFor["locale"], "de-DE")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: fmt.Sprintf("data \"partnercenter_subscribed_skus\" \"test\" {\n  customer_id = %q\n}\n", seedCustomer),
			ConfigStateChecks: []statecheck.StateCheck{
				expectInt(skusAddress, "total_count", 4),
			},
		}},
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
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      fmt.Sprintf("provider \"partnercenter\" {\n  endpoint = %q\n}\ndata \"partnercenter_subscribed_skus\" \"test\" {\n  customer_id = %q\n}\n", em.URL, seedCustomer),
			ExpectError: errorNaming("Missing Partner Center Credentials", "access_token", envFor["access_token"], "refresh_token", "use_cli"),
		}},
	})
	em.expectNoRequests(t)
}

func TestAccWrongTokenIsExplained(t *testing.T) {
	em := startEmulator(t, nil)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: fmt.Sprintf("provider \"partnercenter\" {\n  endpoint = %q\n  access_token = \"not-the-token\"\n}\n"+
				"data \"partnercenter_subscribed_skus\" \"test\" {\n  customer_id = %q\n}\n", em.URL, seedCustomer),
			ExpectError: errorNaming("Unable to Read Subscribed SKUs", "HTTP 401", "code InvalidToken",
				"access token was refused", "PARTNERCENTER_ACCESS_TOKEN", "MS-RequestId:", "MS-CorrelationId:"),
		}},
	})
}
