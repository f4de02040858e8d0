package provider

import (
	"regexp"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/partnercenter-terraform/terraform-provider-partnercenter/internal/acctest"
	"github.com/partnercenter-terraform/terraform-provider-partnercenter/internal/emulator"
)

// What a failed read says, with real terraform against an emulator that
// fails the way Partner Center has: the page, the cause, the setting to
// change. Each pattern names the substance, so another wording of the same
// advice passes and advice that blames the wrong thing fails.

// appOnlyToken is a client-credentials token: no signed-in user.
func appOnlyToken(t *testing.T) string {
	t.Helper()
	token, err := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims{
		"idtyp": "app", "roles": []string{"x"}, "exp": time.Now().Add(time.Hour).Unix(),
	}).SignedString([]byte("acctest-key"))
	if err != nil {
		t.Fatal(err)
	}
	return token
}

// A list's second page answers 404 while its first answered 200, as Partner
// Center's did for days: the error names the list, the page and the items
// before it, clears the endpoint, and gives both pages' requests.
func TestAccLaterPageFailureNamesThePage(t *testing.T) {
	cases := map[string]struct {
		list   emulator.FaultList
		fault  emulator.Fault
		config func(em *acctest.Server) string
		want   []string
	}{
		"customers list, the gateway's 404": {
			fault:  emulator.Fault{Kind: emulator.FaultError, Status: 404, Description: "Resource not found", List: emulator.ListCustomers, Page: 2},
			config: func(em *acctest.Server) string { return em.Provider(nil) + acctest.Data(customersType, "test", nil) },
			want: []string{"Unable to List Customers", "Page 2 of the customers list failed", "page 1, with 2 items",
				"same endpoint", "gateway answered HTTP 404: Resource not found", "no partial list", "the endpoint is not the suspect",
				"report it to Microsoft support with both pages' request ids"},
		},
		"a customer's users, the service's 404": {
			fault:  emulator.Fault{Kind: emulator.FaultError, Status: 404, Code: "1000", Description: "Not found", List: emulator.ListUsers, Page: 2},
			config: func(em *acctest.Server) string { return customerUsersConfig(em, seedCustomer) },
			want: []string{"Unable to List Customer Users", "Page 2 of the customer's users list failed", "page 1, with 2 items",
				"HTTP 404 with code 1000", "no partial list", "the endpoint is not the suspect"},
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			em := startEmulatorWith(t, emulator.Options{Fixture: customersFixture(3), PageSize: 2, Faults: []emulator.Fault{tc.fault}})
			// Both pages' requests, each with its own id: the first read, the
			// second failed.
			requests := []string{"Page 1, read: GET " + em.URL + "/v1/", "MS-RequestId: [0-9a-f-]{36}", "Page 2, failed:",
				"Request: GET " + em.URL + "/v1/", "seekOperation=Next", "MS-RequestId: [0-9a-f-]{36}", "MS-CorrelationId:"}
			testSteps(t, resource.TestStep{Config: tc.config(em), ExpectError: errorNamingPatterns(tc.want, requests)})
			if em.FaultsInjected()[emulator.FaultError] == 0 {
				t.Error("the second page was never failed; the case proves nothing")
			}
		})
	}
}

// errorNamingPatterns is errorNaming's pattern, then patterns as regular
// expressions, in order.
func errorNamingPatterns(fragments, patterns []string) *regexp.Regexp {
	return regexp.MustCompile(errorNaming(fragments...).String() + ".*" + joinPatterns(patterns))
}

func joinPatterns(patterns []string) string {
	out := ""
	for i, p := range patterns {
		if i > 0 {
			out += ".*"
		}
		out += regexp.MustCompile(`\s+`).ReplaceAllString(p, `\s+`)
	}
	return out
}

// A domain prefix that matches nothing and looks like a custom domain gets
// a warning saying the filter sees default domains only, and where to look
// instead; a default domain's prefix gets none.
func TestAccDomainPrefixLikeACustomDomainIsWarned(t *testing.T) {
	em := startEmulator(t, customersFixture(2))
	out := planOutput(t, acctest.RequiredProviders+em.Provider(nil)+
		acctest.Data(customersType, "custom", acctest.Args{"domain_prefix": "fabrikam.com"})+
		acctest.Data(customersType, "default", acctest.Args{"domain_prefix": "contoso."}))
	want := errorNaming("Warning: Domain Prefix Looks Like a Custom Domain", `data.partnercenter_customers.custom`,
		`No customer's default domain starts with "fabrikam.com"`, "default domain only", "never the custom domains",
		"company_name_prefix", "tenant id")
	if !want.MatchString(out) {
		t.Errorf("plan output lacks the warning:\n%s", out)
	}
	if n := len(regexp.MustCompile(`Domain Prefix Looks Like`).FindAllString(out, -1)); n != 1 {
		t.Errorf("%d warnings, want 1, for fabrikam.com only:\n%s", n, out)
	}
}

// A 403 names the roles of the call that was refused: Partner Center's own
// roles for the customers list, with where an Entra app gets one when the
// token is app-only, and GDAP roles for a customer's read; code 1002
// ("Authorization Failed") reads as a role problem.
func TestAccRoleRefusalsNameTheRolesOfTheCall(t *testing.T) {
	appOnly := appOnlyToken(t)
	cases := map[string]struct {
		token  string
		fault  emulator.Fault
		config func(em *acctest.Server) string
		want   []string
	}{
		"customers list, a user": {
			fault:  emulator.Fault{Kind: emulator.FaultError, Status: 403, Code: "1002", Description: "Authorization Failed", List: emulator.ListCustomers},
			config: func(em *acctest.Server) string { return em.Provider(nil) + acctest.Data(customersType, "test", nil) },
			want: []string{"HTTP 403 with code 1002: Authorization Failed", "partner-level call", "no GDAP relationship",
				"Admin agent, Sales agent, Helpdesk agent", "Account settings > User management"},
		},
		"customers list, an app-only token": {
			token: appOnly,
			fault: emulator.Fault{Kind: emulator.FaultError, Status: 403, Code: "1002", Description: "Authorization Failed", List: emulator.ListCustomers},
			config: func(em *acctest.Server) string {
				return em.Provider(acctest.Args{"access_token": appOnly}) + acctest.Data(customersType, "test", nil)
			},
			want: []string{"HTTP 403 with code 1002", "app-only", "Entra app", "Account settings > User management > Microsoft Entra applications",
				"Admin agent, Sales agent, Helpdesk agent"},
		},
		"a customer's SKUs, code 1002": {
			fault:  emulator.Fault{Kind: emulator.FaultError, Status: 403, Code: "1002", Description: "Authorization Failed", Customer: seedCustomer},
			config: func(em *acctest.Server) string { return skusConfig(em, seedCustomer, nil) },
			want:   []string{"HTTP 403 with code 1002", "GDAP role does not allow", "one of these roles for this customer: Directory Readers, Global Reader."},
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			em := startEmulatorWith(t, emulator.Options{AccessToken: tc.token, Faults: []emulator.Fault{tc.fault}})
			testSteps(t, resource.TestStep{Config: tc.config(em), ExpectError: errorNaming(tc.want...)})
		})
	}
}

// Partner Center words its descriptions in the language X-Locale asks for,
// so the next step rests on the status, the code and the token's claims:
// an app-only token refused in French gets the app's advice, an App+User
// token refused with the English words of an app-only refusal gets GDAP
// advice, and a locale the service refuses points at the locale setting.
func TestAccDecisionsRestOnStatusCodeAndClaims(t *testing.T) {
	appOnly := appOnlyToken(t)
	cases := map[string]struct {
		token  string
		fault  *emulator.Fault
		config func(em *acctest.Server) string
		want   []string
	}{
		"an app-only token refused in French": {
			token: appOnly,
			fault: &emulator.Fault{Kind: emulator.FaultError, Status: 403, Code: "900150", Description: "Accès refusé.", List: emulator.ListCustomers},
			config: func(em *acctest.Server) string {
				return em.Provider(acctest.Args{"access_token": appOnly, "locale": "fr-FR"}) + acctest.Data(customersType, "test", nil)
			},
			want: []string{"HTTP 403 with code 900150: Accès refusé.", "app-only", "Microsoft Entra applications"},
		},
		"an App+User token refused with an app-only refusal's English words": {
			fault:  &emulator.Fault{Kind: emulator.FaultError, Status: 403, Description: "This resource can't be accessed by application credentials.", Customer: seedCustomer},
			config: func(em *acctest.Server) string { return skusConfig(em, seedCustomer, nil) },
			want:   []string{"HTTP 403", "application credentials", "Through GDAP they need one of these roles", "Directory Readers, Global Reader."},
		},
		"a locale the service does not support": {
			config: func(em *acctest.Server) string {
				return em.Provider(acctest.Args{"locale": "es-CO"}) + skusBlock(seedCustomer, nil)
			},
			want: []string{"HTTP 400", "Locale es-CO is not supported", `locale = "es-CO"`, "PARTNERCENTER_LOCALE",
				"refuses a locale it does not support with HTTP 400", "remove it for en-US"},
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			opts := emulator.Options{AccessToken: tc.token}
			if tc.fault != nil {
				opts.Faults = []emulator.Fault{*tc.fault}
			}
			em := startEmulatorWith(t, opts)
			testSteps(t, resource.TestStep{Config: tc.config(em), ExpectError: errorNaming(tc.want...)})
		})
	}
}
