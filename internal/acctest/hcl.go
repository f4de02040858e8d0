package acctest

import (
	"fmt"
	"strings"
)

// HCL builders, one per block a test writes. extra lines are added to the
// block as written, each on its own line.

// RequiredProviders pins the provider's source, for configurations run by
// the terraform CLI outside terraform-plugin-testing.
const RequiredProviders = "terraform {\n  required_providers {\n    partnercenter = { source = \"partnercenter-terraform/partnercenter\" }\n  }\n}\n"

// ProviderBlock configures the provider for an emulator at endpoint.
func ProviderBlock(endpoint, accessToken string, extra ...string) string {
	return block("provider \"partnercenter\"", append([]string{
		fmt.Sprintf("endpoint     = %q", endpoint), fmt.Sprintf("access_token = %q", accessToken)}, extra...))
}

// SubscribedSKUs is a partnercenter_subscribed_skus data source.
func SubscribedSKUs(name, customerID string, extra ...string) string {
	return block(fmt.Sprintf("data \"partnercenter_subscribed_skus\" %q", name),
		append([]string{fmt.Sprintf("customer_id = %q", customerID)}, extra...))
}

// UserLicenses is a partnercenter_user_licenses data source.
func UserLicenses(name, customerID, userID string, extra ...string) string {
	return block(fmt.Sprintf("data \"partnercenter_user_licenses\" %q", name),
		append([]string{fmt.Sprintf("customer_id = %q", customerID), fmt.Sprintf("user_id     = %q", userID)}, extra...))
}

func block(header string, lines []string) string {
	var b strings.Builder
	b.WriteString(header + " {\n")
	for _, l := range lines {
		if l = strings.TrimSpace(l); l != "" {
			for part := range strings.SplitSeq(l, "\n") {
				b.WriteString("  " + strings.TrimSpace(part) + "\n")
			}
		}
	}
	b.WriteString("}\n")
	return b.String()
}

// Customers is a partnercenter_customers data source.
func Customers(name string, extra ...string) string {
	return block(fmt.Sprintf("data \"partnercenter_customers\" %q", name), extra)
}

// SubscribedSKUsByCustomer is a partnercenter_subscribed_skus_by_customer
// data source; without a customer_ids line it reads every customer.
func SubscribedSKUsByCustomer(name string, extra ...string) string {
	return block(fmt.Sprintf("data \"partnercenter_subscribed_skus_by_customer\" %q", name), extra)
}

// List writes a list of strings as HCL.
func List(values []string) string {
	quoted := make([]string, len(values))
	for i, v := range values {
		quoted[i] = fmt.Sprintf("%q", v)
	}
	return "[" + strings.Join(quoted, ", ") + "]"
}
