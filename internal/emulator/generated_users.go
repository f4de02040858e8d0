package emulator

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
)

// Generated users: a bulk read of every user's licences needs customers
// with thousands of users, and 100 customers of 1,000 users would be
// hundreds of megabytes if each user held its JSON. A customer with
// GeneratedUsers holds only their count: a user's id, principal name,
// listed object and licences are derived from the customer and the user's
// number on each request, and the licence items are shared by every
// generated user.

// MaxGeneratedUsers bounds Customer.GeneratedUsers, above the largest
// tenants' directories; a user's number must fit the eight hex digits of
// its id's first group.
const MaxGeneratedUsers = 1_000_000

// userGenerator stands for a customer's generated users, numbered 1 to n
// in the users list after the fixture's own users.
type userGenerator struct {
	n          int
	customerID string
	// idTail is every generated user's id after its first group, which is
	// the user's number in hex: the tail is a version 5 GUID's, named after
	// the customer, so that ids differ from customer to customer and stay
	// the same from run to run, and a user is found from its id without a
	// table of them.
	idTail string
	// domain is the principal names' domain, and domainJSON the same as a
	// JSON string's content.
	domain, domainJSON string
}

func newUserGenerator(cd *customerData, n int) *userGenerator {
	domain := strings.ToLower(cd.domain)
	if domain == "" { // a listed customer without companyProfile.domain
		domain = strings.ToLower(cd.id[:8]) + ".onmicrosoft.com"
	}
	quoted, _ := json.Marshal(domain) // a string always marshals
	return &userGenerator{n: n, customerID: cd.id, idTail: generatedID("users/" + strings.ToLower(cd.id))[8:],
		domain: domain, domainJSON: string(quoted[1 : len(quoted)-1])}
}

// generatedUserLicenses are the licences a generated user may have: the
// seed's AAD_PREMIUM and WIN_ENT_E5, which every generated customer's SKUs
// include too, each as a License item with its SKU's service plans, as
// fixtures/default.json's licences are. User k has the (k-1)%3-th set: one
// licence or the other, or both.
var generatedUserLicenses = func() [3][]item {
	var aad, win item
	for _, raw := range defaultFixture.Customers[0].SubscribedSkus {
		var s struct {
			ProductSku   json.RawMessage `json:"productSku"`
			ServicePlans json.RawMessage `json:"servicePlans"`
			Part         struct {
				SkuPartNumber string `json:"skuPartNumber"`
			}
		}
		if json.Unmarshal(raw, &s) != nil || json.Unmarshal(s.ProductSku, &s.Part) != nil {
			continue // TestGeneratedUserLicensesAreTheSeeds finds out
		}
		b, _ := json.Marshal(struct { // raw JSON the fixture's parse checked
			ProductSku   json.RawMessage  `json:"productSku"`
			ServicePlans json.RawMessage  `json:"servicePlans"`
			Attributes   objectAttributes `json:"attributes"`
		}{s.ProductSku, s.ServicePlans, objectAttributes{ObjectType: "License"}})
		switch s.Part.SkuPartNumber {
		case seedCatalog[0].partNumber:
			aad = item{raw: b, group: group1}
		case seedCatalog[1].partNumber:
			win = item{raw: b, group: group1}
		}
	}
	return [3][]item{{aad}, {win}, {aad, win}}
}()

// id is user k's object id.
func (g *userGenerator) id(k int) string { return fmt.Sprintf("%08x", k) + g.idTail }

// upn is user k's principal name: user00001@ and the customer's domain.
func (g *userGenerator) upn(k int) string { return fmt.Sprintf("user%05d@", k) + g.domain }

// find is the number of the generated user with the object id or principal
// name userID, compared without case, or 0.
func (g *userGenerator) find(userID string) int {
	if len(userID) == 36 && strings.EqualFold(userID[8:], g.idTail) {
		if k, err := strconv.ParseUint(userID[:8], 16, 32); err == nil && k >= 1 && int(k) <= g.n {
			return int(k)
		}
		return 0
	}
	local, domain, ok := strings.Cut(userID, "@")
	digits, isUser := strings.CutPrefix(strings.ToLower(local), "user")
	if !ok || !isUser || !strings.EqualFold(domain, g.domain) {
		return 0
	}
	k, err := strconv.Atoi(digits)
	if err != nil || k < 1 || k > g.n || fmt.Sprintf("%05d", k) != digits { // user1@ is not user00001@
		return 0
	}
	return k
}

// user is user k as the licence reads find it.
func (g *userGenerator) user(k int) *userData {
	return &userData{id: g.id(k), upn: g.upn(k), licenses: generatedUserLicenses[(k-1)%3]}
}

// listed is user k as the users list shows it, shaped as Microsoft's
// CustomerUser sample: a cloud-only user (userDomainType none, never
// synchronized), active.
func (g *userGenerator) listed(k int) json.RawMessage {
	id, number := g.id(k), fmt.Sprintf("%05d", k)
	b := make([]byte, 0, 400+2*len(g.domainJSON))
	b = append(b, `{"usageLocation":"US","id":"`...)
	b = append(b, id...)
	b = append(b, `","userPrincipalName":"user`...)
	b = append(b, number...)
	b = append(b, '@')
	b = append(b, g.domainJSON...)
	b = append(b, `","firstName":"User","lastName":"`...)
	b = append(b, number...)
	b = append(b, `","displayName":"User `...)
	b = append(b, number...)
	b = append(b, `","userDomainType":"none","state":"active","lastDirectorySyncTime":null,"links":{"self":{"uri":"/customers/`...)
	b = append(b, g.customerID...)
	b = append(b, `/users/`...)
	b = append(b, id...)
	b = append(b, `","method":"`+http.MethodGet+`","headers":[]}},"attributes":{"objectType":"CustomerUser"}}`...)
	return b
}

// customerUsers is a customer's users list: the fixture's users, then the
// generated ones, built only for the page asked for.
type customerUsers struct {
	held []*userData
	gen  *userGenerator // nil: none
}

func (u customerUsers) len() int {
	if u.gen == nil {
		return len(u.held)
	}
	return len(u.held) + u.gen.n
}

func (u customerUsers) page(start, end int) []json.RawMessage {
	out := make([]json.RawMessage, 0, end-start)
	for i := start; i < end; i++ {
		if i < len(u.held) {
			out = append(out, u.held[i].listed)
		} else {
			out = append(out, u.gen.listed(i-len(u.held)+1))
		}
	}
	return out
}
