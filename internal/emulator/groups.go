package emulator

import (
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
)

// Licence groups, in the lower-case spelling responses use.
const (
	group1 = "group1" // products whose licences are managed in Entra ID
	group2 = "group2" // Minecraft / Store for Business products
)

const validGroupsText = "valid values are Group1 and Group2"

// normalizeGroup maps a group name, in any case, to its response spelling.
func normalizeGroup(s string) (string, bool) {
	switch strings.ToLower(s) {
	case group1:
		return group1, true
	case group2:
		return group2, true
	}
	return "", false
}

// licenseGroups reads the licenseGroupIds query parameter, which the service
// expects repeated once per group. Without it the service returns Group1
// only. A comma-joined list is rejected on purpose: it is the most likely
// client bug and the emulator must not hide it.
//
// The parameter name is matched case-insensitively, like ASP.NET model
// binding on the real service.
//
// On failure it returns the description for the 400 response; it is a
// sentence for a client developer, not a Go error to wrap.
func licenseGroups(rawQuery string) (groups map[string]bool, problem string) {
	q, err := url.ParseQuery(rawQuery)
	if err != nil {
		return nil, fmt.Sprintf("The query string is malformed: %v.", err)
	}
	var values []string
	for k, vs := range q {
		if strings.EqualFold(k, "licenseGroupIds") {
			values = append(values, vs...)
		}
	}
	if len(values) == 0 {
		return map[string]bool{group1: true}, ""
	}
	groups = make(map[string]bool, 2)
	for _, v := range values {
		g, ok := normalizeGroup(v)
		if !ok {
			return nil, fmt.Sprintf("The licenseGroupIds value %q is not valid; %s, and each group needs its own parameter (licenseGroupIds=Group1&licenseGroupIds=Group2).", v, validGroupsText)
		}
		groups[g] = true
	}
	return groups, ""
}

// filterByGroup keeps the fixture order, as the service keeps its own, and
// the items in no known group (see compileItem).
func filterByGroup(items []item, groups map[string]bool) []json.RawMessage {
	out := make([]json.RawMessage, 0, len(items))
	for _, it := range items {
		if it.group == "" || groups[it.group] {
			out = append(out, it.raw)
		}
	}
	return out
}
