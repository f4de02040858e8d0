package provider

import (
	"strings"

	"github.com/partnercenter-terraform/terraform-provider-partnercenter/internal/auth"
	"github.com/partnercenter-terraform/terraform-provider-partnercenter/internal/client"
)

// callerFacts is what a diagnostic knows of who made a call and how: the
// configuration and the token's claims. The next step of a refusal is
// decided from these, the status and Partner Center's code, never from
// the description, which Partner Center words in the language X-Locale
// asks for (docs/development/partner-center-api.md, "Errors and
// throttling").
type callerFacts struct {
	// signIn is the provider's sign-in method, for the next step of an MFA
	// refusal.
	signIn auth.Method
	// appOnly is set when the token has no signed-in user: a
	// client-credentials sign-in, or a token whose claims say so.
	appOnly bool
	// locale is what every request sent as X-Locale; empty is the default.
	locale string
}

// nonDefaultLocale reports whether the requests asked for a language of
// their own, which Partner Center may not support.
func (w callerFacts) nonDefaultLocale() bool {
	return w.locale != "" && !strings.EqualFold(w.locale, client.DefaultLocale)
}

// facts are the caller's facts as known now: the token's claims are read
// when a read first asks for the client (checkToken).
func (pd *providerData) facts() callerFacts {
	return callerFacts{
		signIn:  pd.signIn,
		appOnly: pd.signIn == auth.MethodClientCredentials || pd.appOnlyToken.Load(),
		locale:  pd.locale,
	}
}
