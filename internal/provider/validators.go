package provider

import (
	"context"
	"fmt"
	"regexp"

	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/partnercenter-terraform/terraform-provider-partnercenter/internal/client"
)

// checkString adapts one of the client's checks into a plan-time validator,
// so the rule that guards the request and the one that guards the plan are
// the same code.
type checkString struct {
	summary     string
	description string
	check       func(string) error
}

var _ validator.String = checkString{}

func (v checkString) Description(context.Context) string         { return v.description }
func (v checkString) MarkdownDescription(context.Context) string { return v.description }

func (v checkString) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if err := v.check(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, v.summary, fmt.Sprintf("Attribute %s %s", req.Path, err))
	}
}

func customerIDValidator() validator.String {
	return checkString{
		summary:     "Invalid Customer ID",
		description: "value must be a GUID",
		check:       client.ValidateCustomerID,
	}
}

// guidValidator requires a GUID in 8-4-4-4-12 form for the named argument;
// hint, when given, ends the error with what the user may have meant.
func guidValidator(what, hint string) validator.String {
	if hint != "" {
		hint = " (" + hint + ")"
	}
	return checkString{
		summary:     "Invalid " + what,
		description: "value must be a GUID",
		check: func(s string) error {
			if client.IsGUID(s) {
				return nil
			}
			return fmt.Errorf("must be a GUID such as 0c39d6d5-c70d-4c55-bc02-f620844f3fd1; got %q%s", s, hint)
		},
	}
}

// tenantIDValidator accepts a tenant's GUID or its domain name.
func tenantIDValidator() validator.String {
	return checkString{
		summary:     "Invalid Tenant ID",
		description: "value must be a tenant id (GUID) or domain name",
		check: func(s string) error {
			if client.IsGUID(s) || tenantDomain.MatchString(s) {
				return nil
			}
			return fmt.Errorf("must be the partner tenant's id (a GUID) or domain such as contoso.onmicrosoft.com; got %q", s)
		},
	}
}

var tenantDomain = regexp.MustCompile(`^([A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?\.)+[A-Za-z]{2,}$`)

func userIDValidator() validator.String {
	return checkString{
		summary:     "Invalid User ID",
		description: "value must be a user object id (GUID) or user principal name",
		check:       client.ValidateUserID,
	}
}

// endpointValidator refuses, at plan time, an endpoint that would send the
// token in clear text to another machine.
type endpointValidator struct{}

func (endpointValidator) Description(context.Context) string {
	return "value must be an https URL, or an http URL on a loopback host"
}
func (v endpointValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (endpointValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if _, err := client.ParseEndpoint(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid Partner Center Endpoint",
			fmt.Sprintf("Attribute %s: %s.", req.Path, err))
	}
}

// licenseGroupIDsValidators accept Group1 and Group2 in any case, with the
// valid values taken from the client so the two cannot drift apart.
func licenseGroupIDsValidators() []validator.List {
	return []validator.List{
		listvalidator.SizeAtLeast(1),
		listvalidator.NoNullValues(),
		listvalidator.ValueStringsAre(stringvalidator.OneOfCaseInsensitive(client.LicenseGroupNames()...)),
	}
}

// localePattern is a loose BCP 47 language tag (en-US, zh-Hans-CN); it also
// keeps header-breaking characters out of X-Locale.
var localePattern = regexp.MustCompile(`^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$`)

const localeRule = "must be a language tag such as en-US, de-DE or zh-CN"

func localeValidator() validator.String {
	return stringvalidator.RegexMatches(localePattern, localeRule)
}
