package emulator

import (
	"fmt"
	"net/http"
	"strings"
)

// Partner Center words an error's description in the language X-Locale
// asks for, and refuses a locale it does not support with 400
// (docs/development/partner-center-api.md, "Errors and throttling"), so a
// client that decides from the description's English words breaks for
// every partner who asks for another language. The emulator answers in
// English, German and French, and refuses every other locale, so that tests
// can show a client deciding from the status and the code alone.

// defaultLocale is what a request without X-Locale gets, as on the service.
const defaultLocale = "en-US"

// supportedLocales are the locales the emulator answers in, by their
// lower-case tag: a choice of the emulator's, not Partner Center's list,
// which is longer and not published.
var supportedLocales = map[string]string{"en-us": "en", "de-de": "de", "fr-fr": "fr"}

// translations are the descriptions the emulator translates, by their
// English format; any other description is sent in English whatever the
// locale. The translations are the emulator's own.
var translations = map[string]map[string]string{
	bearerRequired: {
		"de": "Ein Authorization-Header mit einem Bearer-Token ist erforderlich.",
		"fr": "Un en-tête Authorization avec un jeton du porteur est requis.",
	},
	bearerInvalid: {
		"de": "Das Bearer-Token ist für diesen Emulator nicht gültig.",
		"fr": "Le jeton du porteur n'est pas valide pour cet émulateur.",
	},
	appCredentialsRefused: {
		"de": "Auf diese Ressource kann mit Anwendungsanmeldeinformationen nicht zugegriffen werden.",
		"fr": "Cette ressource n'est pas accessible avec les informations d'identification d'une application.",
	},
	mfaMissing: {
		"de": "Zugriff verweigert. Das Zugriffstoken enthält keinen Anspruch auf mehrstufige Authentifizierung.",
		"fr": "Accès refusé. Le jeton d'accès ne contient aucune revendication d'authentification multifacteur.",
	},
	customerIDInvalid: {
		"de": "Die Kunden-ID %q ist ungültig; sie muss die Mandanten-ID des Kunden sein, eine GUID.",
		"fr": "L'ID client %q n'est pas valide ; il doit s'agir de l'ID de locataire du client, un GUID.",
	},
	customerNotFound: {
		"de": "Der angeforderte Kunde %s wurde nicht gefunden.",
		"fr": "Le client demandé %s est introuvable.",
	},
	userNotFound: {
		"de": "Der angeforderte Benutzer %q wurde im Kunden %s nicht gefunden.",
		"fr": "L'utilisateur demandé %q est introuvable chez le client %s.",
	},
	noRelationship: {
		"de": "Keine Beziehung zwischen Aufrufer und Konto",
		"fr": "Aucune relation entre l'appelant et le compte",
	},
}

// The English descriptions the emulator translates.
const (
	bearerRequired    = "Authorization header with a bearer token is required."
	bearerInvalid     = "The bearer token is not valid for this emulator."
	mfaMissing        = "Access denied. The access token carries no multifactor authentication claim."
	customerIDInvalid = "The customer id %q is not valid; it must be the customer's tenant id, a GUID."
	customerNotFound  = "The requested customer %s was not found."
	userNotFound      = "The requested user %q was not found in customer %s."
	noRelationship    = "No relationship between caller and account"
	// localeRefused is the service's answer to a locale it does not
	// support, as Microsoft's SDK has shown it.
	localeRefused = "Locale %s is not supported"
)

// localeWriter carries the answer's language to the error writers, which
// are handed the response writer only.
type localeWriter struct {
	http.ResponseWriter
	language string // "en", "de", "fr"; "" for an unsupported locale
}

// Unwrap lets http.ResponseController reach the connection underneath, for
// the reset and truncated_json faults.
func (w *localeWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// withLocale keeps r's language on w.
func withLocale(w http.ResponseWriter, r *http.Request) http.ResponseWriter {
	return &localeWriter{ResponseWriter: w, language: supportedLocales[strings.ToLower(requestLocale(r))]}
}

// requestLocale is r's X-Locale, or the default without one.
func requestLocale(r *http.Request) string {
	if locale := strings.TrimSpace(r.Header.Get("X-Locale")); locale != "" {
		return locale
	}
	return defaultLocale
}

// localize formats an English description in the language of w's answer,
// or in English when it has no translation.
func localize(w http.ResponseWriter, format string, args ...any) string {
	if translated, ok := translations[format][languageOf(w)]; ok {
		format = translated
	}
	if len(args) == 0 {
		return format
	}
	return fmt.Sprintf(format, args...)
}

// languageOf finds the answer's language among w's wrappers.
func languageOf(w http.ResponseWriter) string {
	for {
		if lw, ok := w.(*localeWriter); ok {
			return lw.language
		}
		u, ok := w.(interface{ Unwrap() http.ResponseWriter })
		if !ok {
			return ""
		}
		w = u.Unwrap()
	}
}

// checkLocale guards a read: a locale the emulator does not answer in gets
// the service's 400, which carries no code that any source shows.
func (e *Emulator) checkLocale(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if locale := requestLocale(r); supportedLocales[strings.ToLower(locale)] == "" {
			writeJSON(w, http.StatusBadRequest, errorBody{Description: fmt.Sprintf(localeRefused, locale), Data: []any{}, Source: errorSource})
			return
		}
		next(w, r)
	}
}
