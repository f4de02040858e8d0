package provider

import (
	"fmt"
	"strings"

	"github.com/partnercenter-terraform/terraform-provider-partnercenter/internal/client"
)

// The next steps whose cause has more than one reading, each chosen by
// nextStep from the status, the code and the caller's facts.

// noCommerceRelationship is the next step of code 20002, which Microsoft's
// error table words as no *commerce* relationship: the partner neither
// resells to nor advises the customer. A tenant reached only through GDAP
// never had one, so asking for a GDAP relationship would send the user
// after something they have (docs/development/partner-center-api.md, "The
// customers list").
const noCommerceRelationship = "Partner Center has no commerce relationship between your partner tenant and this customer: " +
	"you neither resell to nor advise it. There are two causes. (1) The reseller or advisor relationship lapsed or " +
	"was removed: look for the customer in Partner Center's customers list, or in partnercenter_customers. (2) You " +
	"reach this tenant only through GDAP, without a reseller or advisor relationship: such a tenant is not in the " +
	"customers list, and Partner Center answers no read of it (licences, users or subscriptions) whatever GDAP " +
	"roles you hold; under GDAP, read what your roles allow through Microsoft Graph instead (its licences: " +
	"subscribedSkus). Partner Center's subscriptions exist only where you resell."

// partnerRoleStep is the next step of a 403 on a partner-level call: the
// roles are the partner tenant's own, not GDAP roles, and an app-only token
// is checked against the roles of its Entra app.
func partnerRoleStep(hints readHints, who callerFacts) string {
	roles := strings.Join(hints.partnerRoles, ", ")
	if who.appOnly {
		return "The access token is app-only, so Partner Center checks the Partner Center role of your Entra app (client_id), " +
			"not a user's. In Partner Center, under Account settings > User management > Microsoft Entra applications, add " +
			"the app and give it one of these roles: " + roles + ". Or sign in as a partner user who holds one."
	}
	return "The signed-in user may not make this partner-level call, which needs no GDAP relationship but one of these " +
		"Partner Center roles in your partner tenant: " + roles + ". Assign one under Account settings > User management " +
		"in Partner Center."
}

// unsupportedLocaleStep is the next step of a 400 when the requests asked
// for a language other than the default: Partner Center refuses a locale
// it does not support with 400, and the refusal's code is not known, so
// the locale is named as a cause of any 400 rather than recognized.
func unsupportedLocaleStep(locale string) string {
	return fmt.Sprintf("The provider sends locale = %q (PARTNERCENTER_LOCALE) as X-Locale with every request, and Partner "+
		"Center refuses a locale it does not support with HTTP 400, whatever the read. If every read fails this way, "+
		"set the provider's locale to one Partner Center supports, or remove it for %s, and run the plan again. "+
		"Otherwise, check the data source's arguments.", locale, client.DefaultLocale)
}
