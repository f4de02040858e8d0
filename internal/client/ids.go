package client

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"unicode"
)

// guidPattern is the canonical 8-4-4-4-12 form Partner Center uses for tenant
// and object ids. Braces and the 32-digit form are refused so that ids in
// state compare equal to what the service returns.
var guidPattern = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

// IsGUID reports whether s is a GUID in 8-4-4-4-12 form.
func IsGUID(s string) bool { return guidPattern.MatchString(s) }

// ValidateCustomerID checks a customer tenant id.
func ValidateCustomerID(id string) error {
	if !IsGUID(id) {
		return fmt.Errorf("must be the customer's tenant id, a GUID such as 0c39d6d5-c70d-4c55-bc02-f620844f3fd1; got %q", id)
	}
	return nil
}

// maxUserIDLength is a generous bound: real user principal names are far
// shorter, and the bound keeps a pasted blob out of request URLs.
const maxUserIDLength = 1024

// domainLabel is one DNS label of the UPN's domain part.
var domainLabel = regexp.MustCompile(`^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?$`)

// ValidateUserID checks a user's object id or user principal name. UPNs may
// legitimately hold ' # + & and guest UPNs look like
// bob_fabrikam.com#EXT#@contoso.onmicrosoft.com; all of those are escaped into
// one path segment. What is refused is anything that could leave that segment
// on the way to the service: slashes, backslashes (IIS treats them as
// slashes), percent signs (double decoding), '?', whitespace, control
// characters, and the dot segments "." and "..".
func ValidateUserID(id string) error {
	if IsGUID(id) {
		return nil
	}
	const want = "must be the user's object id (a GUID) or user principal name such as adele.vance@contoso.onmicrosoft.com"
	if id == "" {
		return fmt.Errorf("%s; got an empty string", want)
	}
	if len(id) > maxUserIDLength {
		return fmt.Errorf("%s; got %d characters, more than the %d allowed", want, len(id), maxUserIDLength)
	}
	for _, r := range id {
		switch {
		case r == '/' || r == '\\' || r == '%' || r == '?':
			return fmt.Errorf("%s; %q contains %q, which is not allowed in a user id", want, id, r)
		case unicode.IsSpace(r) || unicode.IsControl(r):
			return fmt.Errorf("%s; %q contains whitespace or a control character", want, id)
		}
	}
	local, domain, found := strings.Cut(id, "@")
	if !found || local == "" || strings.Contains(domain, "@") {
		return fmt.Errorf("%s; %q has no single @ between a name and a domain", want, id)
	}
	if local == "." || local == ".." {
		return fmt.Errorf("%s; %q is not a valid name", want, id)
	}
	labels := strings.Split(domain, ".")
	if len(labels) < 2 {
		return fmt.Errorf("%s; %q has no valid domain after the @", want, id)
	}
	for _, label := range labels {
		if !domainLabel.MatchString(label) {
			return fmt.Errorf("%s; %q has no valid domain after the @", want, id)
		}
	}
	return nil
}

// LicenseGroup is a Partner Center licence group id as sent in requests.
type LicenseGroup string

// The licence groups Partner Center knows. Responses spell them in lower case.
const (
	// LicenseGroup1 holds products whose licences are managed in Entra ID.
	LicenseGroup1 LicenseGroup = "Group1"
	// LicenseGroup2 holds Minecraft (Store for Business) products.
	LicenseGroup2 LicenseGroup = "Group2"
)

// AllLicenseGroups is every group, in request order. The provider asks for
// all of them by default; the service alone would answer Group1 only.
var AllLicenseGroups = []LicenseGroup{LicenseGroup1, LicenseGroup2}

// LicenseGroupNames are the valid spellings shown in error messages.
func LicenseGroupNames() []string {
	names := make([]string, len(AllLicenseGroups))
	for i, g := range AllLicenseGroups {
		names[i] = string(g)
	}
	return names
}

// ParseLicenseGroup accepts a group id in any case.
func ParseLicenseGroup(s string) (LicenseGroup, error) {
	for _, g := range AllLicenseGroups {
		if strings.EqualFold(s, string(g)) {
			return g, nil
		}
	}
	return "", fmt.Errorf("%q is not a licence group; valid values are %s (any case)", s, strings.Join(LicenseGroupNames(), ", "))
}

// NormalizeLicenseGroups parses groups, drops duplicates and returns them in
// canonical order, so equal sets of groups make equal requests and ids. An
// empty input means every group.
func NormalizeLicenseGroups(groups []string) ([]LicenseGroup, error) {
	if len(groups) == 0 {
		return append([]LicenseGroup(nil), AllLicenseGroups...), nil
	}
	want := make(map[LicenseGroup]bool, len(groups))
	for _, s := range groups {
		g, err := ParseLicenseGroup(s)
		if err != nil {
			return nil, err
		}
		want[g] = true
	}
	out := make([]LicenseGroup, 0, len(want))
	for _, g := range AllLicenseGroups {
		if want[g] {
			out = append(out, g)
		}
	}
	return out, nil
}

// licenseGroupQuery repeats licenseGroupIds once per group, as the service
// expects; a comma-joined value is refused by Partner Center.
func licenseGroupQuery(groups []LicenseGroup) url.Values {
	q := url.Values{}
	for _, g := range groups {
		q.Add("licenseGroupIds", string(g))
	}
	return q
}
