package emulator

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
)

// Fixture is the data an Emulator serves. Items are raw JSON so that every
// field, including ones the provider does not model, reaches the client as
// written. On disk it looks like:
//
//	{"customers": [{
//	   "id": "<tenant GUID>",
//	   "listed": {<the Customer as the customers list returns it>},
//	   "subscribedSkus": [<SubscribedSku items as the API returns them>],
//	   (or "generatedSkus": {"skus": 80, "plansPerSku": 20}; see SkuShape)
//	   "users": [{"id": "<object id GUID>", "userPrincipalName": "a@b.onmicrosoft.com",
//	              "listed": {<the CustomerUser as the users list returns it>},
//	              "licenses": [<License items as the API returns them>],
//	              "deleted": true (listed, but its licences answer 404 60002)}],
//	   "generatedUsers": 1000 (users made up after "users"; see Customer),
//	   "subscriptions": [<Subscription items as the API returns them>],
//	   "generatedSubscriptions": 20 (made up after "subscriptions"; see Customer)
//	 }],
//	 "faults": [{"kind": "throttle", "count": 2}]}
//
// fixtures/default.json is a complete example. The "faults" array is
// optional; see Fault for its entries.
type Fixture struct {
	Customers []Customer `json:"customers"`
	// Faults are injected in this order, before any in Options.Faults.
	Faults []Fault `json:"faults,omitempty"`
}

// Customer is one customer tenant.
type Customer struct {
	// ID is the customer's tenant id, a GUID.
	ID string `json:"id"`
	// Listed is the customer exactly as GET /v1/customers lists it (id,
	// companyProfile, relationshipToPartner, links, attributes and any
	// field Microsoft adds), served as written; its id must be ID, or
	// absent or null to rehearse a customer listed without one.
	Listed json.RawMessage `json:"listed,omitempty"`
	// CompanyName, Domain and RelationshipToPartner are shorthands for a
	// customer without Listed: the list shows them as
	// companyProfile.companyName and .domain and relationshipToPartner,
	// with links and attributes as Microsoft's samples have them. Empty
	// ones are invented from the id: "Customer 1a2b3c4d",
	// "1a2b3c4d.onmicrosoft.com", "reseller".
	CompanyName           string `json:"companyName,omitempty"`
	Domain                string `json:"domain,omitempty"`
	RelationshipToPartner string `json:"relationshipToPartner,omitempty"`
	// SubscribedSkus are SubscribedSku items exactly as the API returns them.
	SubscribedSkus []json.RawMessage `json:"subscribedSkus"`
	// GeneratedSkus, instead of SubscribedSkus, serves SKUs the emulator
	// makes up on each request, in the shape asked for (see SkuShape), so
	// that a large fleet costs no memory per SKU.
	GeneratedSkus *SkuShape `json:"generatedSkus,omitempty"`
	Users         []User    `json:"users"`
	// GeneratedUsers, 0 to MaxGeneratedUsers, adds that many users after
	// Users, for load tests, made up on each request so that they cost no
	// memory per user. User k (from 1) is listed as Microsoft's
	// CustomerUser sample is, with the principal name user00001@,
	// user00002@ and so on at the customer's domain, an object id
	// whose first group is k in hex and whose rest is derived from the
	// customer's id, and, in turn, the licence AAD_PREMIUM, WIN_ENT_E5, or
	// both, with the seed's service plans, in group1.
	GeneratedUsers int `json:"generatedUsers,omitempty"`
	// NoRelationship makes every read of this customer answer as Partner
	// Center does when the partner has no commerce (reseller or advisor)
	// relationship with it, lapsed or never had, as for a tenant reached
	// only through GDAP: 403 with code 20002.
	NoRelationship bool `json:"noRelationship,omitempty"`
	// Subscriptions are Subscription items exactly as
	// GET /v1/customers/{id}/subscriptions returns them, served as
	// written, in this order.
	Subscriptions []json.RawMessage `json:"subscriptions,omitempty"`
	// GeneratedSubscriptions, 0 to MaxGeneratedSubscriptions, adds that
	// many subscriptions after Subscriptions, for load tests, made up on
	// each request (see generatedSubscription).
	GeneratedSubscriptions int `json:"generatedSubscriptions,omitempty"`
}

// User is one user of a customer tenant, reachable by object id or UPN.
type User struct {
	// ID is the user's object id, a GUID.
	ID                string `json:"id"`
	UserPrincipalName string `json:"userPrincipalName"`
	// Listed is the user exactly as GET /v1/customers/{id}/users lists it
	// (id, userPrincipalName, displayName, usageLocation, state, links,
	// attributes and any field Microsoft adds), served as written; its id
	// must be ID, or absent or null to rehearse a user listed without one
	// (the licence reads still find it by ID and UserPrincipalName), and
	// its userPrincipalName, when it has one, UserPrincipalName. Without it the list shows the id and the
	// userPrincipalName only, with links and attributes as Microsoft's
	// samples have them.
	Listed json.RawMessage `json:"listed,omitempty"`
	// Licenses are License items exactly as the API returns them.
	Licenses []json.RawMessage `json:"licenses"`
	// Deleted keeps the user in the users list but answers its licence
	// read with 404 and code 60002, as Partner Center does for a user
	// deleted after the list was read: a bulk read over the listed users
	// meets it.
	Deleted bool `json:"deleted,omitempty"`
}

// LoadFixture reads and validates the JSON fixture at path.
func LoadFixture(path string) (*Fixture, error) {
	data, err := os.ReadFile(path) //nolint:gosec // G304: reading the fixture the operator names is the point
	if err != nil {
		return nil, fmt.Errorf("reading fixture: %w", err)
	}
	f, err := ParseFixture(data)
	if err != nil {
		return nil, fmt.Errorf("fixture %s: %w", path, err)
	}
	return f, nil
}

// ParseFixture decodes and validates a JSON fixture. Unknown keys outside the
// items are rejected, because there they can only be typos (such as
// "subscribedSku") that would otherwise silently serve nothing. Key case does
// not matter there, as usual for encoding/json. A leading byte order mark
// is dropped.
func ParseFixture(data []byte) (*Fixture, error) {
	// A fixture saved from Microsoft's samples may keep their byte order mark.
	data = bytes.TrimPrefix(data, []byte(utf8BOM))
	if first := firstByte(data); first != '{' {
		return nil, errors.New("invalid fixture: the document must be a JSON object with a \"customers\" array")
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var f Fixture
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("invalid fixture: %w", err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, errors.New("invalid fixture: unexpected data after the top-level JSON object")
	}
	if err := f.Validate(); err != nil {
		return nil, err
	}
	return &f, nil
}

// Validate checks f the same way New does: customer ids are unique GUIDs,
// user ids are GUIDs and UPNs are non-empty and unique within a customer,
// every item is a JSON object (served as written; see compileItem for the
// licence group it is filtered by), and every fault is valid. The error names the offending
// customer, user, fault and index.
func (f *Fixture) Validate() error {
	_, err := compile(f)
	return err
}

// firstByte returns the first non-whitespace byte of data, or 0.
func firstByte(data []byte) byte {
	trimmed := bytes.TrimLeft(data, " \t\r\n")
	if len(trimmed) == 0 {
		return 0
	}
	return trimmed[0]
}
