package auth

import "strings"

// Cloud is one Partner Center deployment: where to sign in, where the API
// is, and which scope its tokens are for.
type Cloud struct {
	Name string
	// AuthorityHost is the Entra ID root, with a trailing slash.
	AuthorityHost string
	// APIEndpoint is the Partner Center API root.
	APIEndpoint string
	// Resource is the token audience; the scope is Resource + "/.default".
	Resource string
}

// Scope is the OAuth scope for Partner Center in this cloud.
func (c Cloud) Scope() string { return c.Resource + "/.default" }

// TokenURL is the v2.0 token endpoint of a tenant in this cloud.
func (c Cloud) TokenURL(tenantID string) string {
	return strings.TrimSuffix(c.AuthorityHost, "/") + "/" + tenantID + "/oauth2/v2.0/token"
}

// The clouds Partner Center runs in. Partner Center operated by 21Vianet
// signs in through Entra ID in China and is its own token audience.
var (
	PublicCloud = Cloud{
		Name:          "public",
		AuthorityHost: "https://login.microsoftonline.com/",
		APIEndpoint:   "https://api.partnercenter.microsoft.com",
		Resource:      "https://api.partnercenter.microsoft.com",
	}
	ChinaCloud = Cloud{
		Name:          "china",
		AuthorityHost: "https://login.chinacloudapi.cn/",
		APIEndpoint:   "https://partner.partnercenterapi.microsoftonline.cn",
		Resource:      "https://partner.partnercenterapi.microsoftonline.cn",
	}
)

// Clouds are the valid values of the environment argument.
var Clouds = []Cloud{PublicCloud, ChinaCloud}

// CloudNames are the valid spellings of the environment argument.
func CloudNames() []string {
	names := make([]string, len(Clouds))
	for i, c := range Clouds {
		names[i] = c.Name
	}
	return names
}

// CloudByName finds a cloud by its name, in any case.
func CloudByName(name string) (Cloud, bool) {
	for _, c := range Clouds {
		if strings.EqualFold(c.Name, name) {
			return c, true
		}
	}
	return Cloud{}, false
}
