package emulator

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/google/uuid"
)

// index is the read-only form of a Fixture that handlers look things up in.
// Keys are lower-cased because Partner Center matches GUIDs and UPNs
// case-insensitively.
type index struct {
	customers map[string]*customerData
	// order is the customers in fixture order, which the customers list
	// keeps, as the service keeps its own.
	order []*customerData
}

type customerData struct {
	id string
	// listed is the customer as the customers list shows it, compacted.
	listed         json.RawMessage
	companyName    string
	domain         string
	noRelationship bool
	skus           []item
	// generated, when set, stands for skus: they are built on request.
	generated *skuCatalog
	// users are in fixture order, which the users list keeps.
	users      []*userData
	usersByID  map[string]*userData
	usersByUPN map[string]*userData
	// generatedUsers, when set, follow users: they are built on request.
	generatedUsers *userGenerator
	// subscriptions are served as written, then generatedSubscriptions
	// made up on request.
	subscriptions          []json.RawMessage
	generatedSubscriptions int
}

type userData struct {
	id  string
	upn string
	// listed is the user as the users list shows it, compacted.
	listed   json.RawMessage
	licenses []item
	// deleted: listed, but gone from the licence reads (User.Deleted).
	deleted bool
}

// item is one SubscribedSku or License: its JSON, compacted and owned by the
// index, plus the lower-cased licence group parsed for filtering ("" for an
// item in no group the emulator knows, which every answer includes).
type item struct {
	raw   json.RawMessage
	group string
}

// compile validates f and builds the index. Validation and indexing are one
// pass so the rules New enforces and the rules Validate reports cannot drift.
func compile(f *Fixture) (*index, error) {
	if f == nil {
		return nil, errors.New("invalid fixture: fixture is nil")
	}
	idx := &index{customers: make(map[string]*customerData, len(f.Customers))}
	catalogs := make(map[SkuShape]*skuCatalog) // one per shape, shared by its customers
	for i, c := range f.Customers {
		where := fmt.Sprintf("customers[%d] (id %q)", i, c.ID)
		if !isGUID(c.ID) {
			return nil, fmt.Errorf("invalid fixture: %s: id must be a GUID such as 0c39d6d5-c70d-4c55-bc02-f620844f3fd1", where)
		}
		key := strings.ToLower(c.ID)
		if prev, dup := idx.customers[key]; dup {
			return nil, fmt.Errorf("invalid fixture: %s: duplicate customer id (already used by %q)", where, prev.id)
		}
		cd, err := compileCustomer(c, where)
		if err != nil {
			return nil, err
		}
		if c.GeneratedSkus != nil {
			if len(c.SubscribedSkus) > 0 {
				return nil, fmt.Errorf("invalid fixture: %s: subscribedSkus and generatedSkus: give one or the other", where)
			}
			shape := *c.GeneratedSkus
			if err := shape.validate(); err != nil {
				return nil, fmt.Errorf("invalid fixture: %s: %w", where, err)
			}
			if catalogs[shape] == nil {
				catalogs[shape] = newSkuCatalog(shape)
			}
			cd.generated = catalogs[shape]
		}
		idx.customers[key] = cd
		idx.order = append(idx.order, cd)
	}
	if err := validateFaults(f.Faults, "invalid fixture: faults"); err != nil {
		return nil, err
	}
	return idx, nil
}

func compileCustomer(c Customer, where string) (*customerData, error) {
	cd := &customerData{
		id:             c.ID,
		noRelationship: c.NoRelationship,
		usersByID:      make(map[string]*userData, len(c.Users)),
		usersByUPN:     make(map[string]*userData, len(c.Users)),
	}
	if err := cd.compileListed(c, where); err != nil {
		return nil, err
	}
	skus, err := compileItems(c.SubscribedSkus, where+": subscribedSkus")
	if err != nil {
		return nil, err
	}
	cd.skus = skus
	for k, raw := range c.Subscriptions {
		compact, _, err := rawObject(raw)
		if err != nil {
			return nil, fmt.Errorf("invalid fixture: %s: subscriptions[%d]: item %w", where, k, err)
		}
		cd.subscriptions = append(cd.subscriptions, compact)
	}
	if c.GeneratedSubscriptions < 0 || c.GeneratedSubscriptions > MaxGeneratedSubscriptions {
		return nil, fmt.Errorf("invalid fixture: %s: generatedSubscriptions %d must be from 0 to %d", where, c.GeneratedSubscriptions, MaxGeneratedSubscriptions)
	}
	cd.generatedSubscriptions = c.GeneratedSubscriptions
	for j, u := range c.Users {
		uwhere := fmt.Sprintf("%s: users[%d] (id %q, userPrincipalName %q)", where, j, u.ID, u.UserPrincipalName)
		if !isGUID(u.ID) {
			return nil, fmt.Errorf("invalid fixture: %s: id must be the user's object id, a GUID", uwhere)
		}
		if strings.TrimSpace(u.UserPrincipalName) == "" {
			return nil, fmt.Errorf("invalid fixture: %s: userPrincipalName must not be empty", uwhere)
		}
		idKey, upnKey := strings.ToLower(u.ID), strings.ToLower(u.UserPrincipalName)
		if prev, dup := cd.usersByID[idKey]; dup {
			return nil, fmt.Errorf("invalid fixture: %s: duplicate user id (already used by %q)", uwhere, prev.upn)
		}
		if prev, dup := cd.usersByUPN[upnKey]; dup {
			return nil, fmt.Errorf("invalid fixture: %s: duplicate userPrincipalName (UPNs compare case-insensitively; already used by user %s)", uwhere, prev.id)
		}
		licenses, err := compileItems(u.Licenses, uwhere+": licenses")
		if err != nil {
			return nil, err
		}
		listed, err := compileListedUser(c.ID, u, uwhere)
		if err != nil {
			return nil, err
		}
		ud := &userData{id: u.ID, upn: u.UserPrincipalName, listed: listed, licenses: licenses, deleted: u.Deleted}
		cd.users = append(cd.users, ud)
		cd.usersByID[idKey] = ud
		cd.usersByUPN[upnKey] = ud
	}
	if c.GeneratedUsers < 0 || c.GeneratedUsers > MaxGeneratedUsers {
		return nil, fmt.Errorf("invalid fixture: %s: generatedUsers %d must be from 0 to %d", where, c.GeneratedUsers, MaxGeneratedUsers)
	}
	if c.GeneratedUsers > 0 {
		g := newUserGenerator(cd, c.GeneratedUsers)
		// A licence read finds a fixture user first; one a generated user
		// shadows would be a user the list shows twice.
		for j, u := range cd.users {
			if k := max(g.find(u.id), g.find(u.upn)); k > 0 {
				return nil, fmt.Errorf("invalid fixture: %s: users[%d] (id %q, userPrincipalName %q) is generated user %d's: "+
					"generated users are %s upwards and user00001@%s upwards", where, j, u.id, u.upn, k, g.id(1), g.domain)
			}
		}
		cd.generatedUsers = g
	}
	return cd, nil
}

// compileListedUser keeps the user as the users list shows it: the
// fixture's "listed" object as written, so that a field Microsoft adds to
// the CustomerUser resource is served without code, or, without one, the
// id and principal name the licence reads find the user by.
func compileListedUser(customerID string, u User, where string) (json.RawMessage, error) {
	if u.Listed == nil {
		return listedUser(customerID, u.ID, u.UserPrincipalName), nil
	}
	listed, fields, err := rawObject(u.Listed)
	if err != nil {
		return nil, fmt.Errorf("invalid fixture: %s: listed %w", where, err)
	}
	// An id left out, or null, rehearses a user Partner Center lists
	// without one; the user is still found by its id and principal name.
	var id string
	if !absentOrNull(fields["id"]) && (json.Unmarshal(fields["id"], &id) != nil || !strings.EqualFold(id, u.ID)) {
		return nil, fmt.Errorf("invalid fixture: %s: listed.id must be the user's id, or absent or null", where)
	}
	// A principal name the list shows must find the user's licences.
	var upn string
	if json.Unmarshal(fields["userPrincipalName"], &upn) == nil && upn != "" && !strings.EqualFold(upn, u.UserPrincipalName) {
		return nil, fmt.Errorf("invalid fixture: %s: listed.userPrincipalName must be the user's userPrincipalName", where)
	}
	return listed, nil
}

// absentOrNull reports a field a listed object leaves out or sends as null.
func absentOrNull(field json.RawMessage) bool {
	return field == nil || string(bytes.TrimSpace(field)) == "null"
}

// listedUser is a user as the users list shows it, with only the id and
// principal name of the fields Microsoft's sample has.
func listedUser(customerID, id, upn string) json.RawMessage {
	b, _ := json.Marshal(map[string]any{ // maps of strings always marshal
		"id":                id,
		"userPrincipalName": upn,
		"links":             map[string]any{"self": link{URI: "/customers/" + customerID + "/users/" + id, Method: http.MethodGet, Headers: []header{}}},
		"attributes":        objectAttributes{ObjectType: "CustomerUser"},
	})
	return b
}

// compileListed keeps the customer as the customers list shows it: the
// fixture's "listed" object as written, so that a field Microsoft adds to
// the Customer resource is served without code, or, without one, an object
// built from the id and the shorthand fields. The filter reads the company
// name and domain from what is served.
func (cd *customerData) compileListed(c Customer, where string) error {
	if c.Listed == nil {
		cd.companyName, cd.domain = c.CompanyName, c.Domain
		if cd.companyName == "" {
			cd.companyName = "Customer " + c.ID[:8]
		}
		if cd.domain == "" {
			cd.domain = strings.ToLower(c.ID[:8]) + ".onmicrosoft.com"
		}
		relationship := c.RelationshipToPartner
		if relationship == "" {
			relationship = "reseller"
		}
		cd.listed = listedCustomer(c.ID, cd.companyName, cd.domain, relationship)
		return nil
	}
	if c.CompanyName != "" || c.Domain != "" || c.RelationshipToPartner != "" {
		return fmt.Errorf("invalid fixture: %s: companyName, domain and relationshipToPartner are shorthands for a customer without \"listed\"; "+
			"with \"listed\", write them inside it as the list shows them (companyProfile.companyName, companyProfile.domain, relationshipToPartner)", where)
	}
	listed, fields, err := rawObject(c.Listed)
	if err != nil {
		return fmt.Errorf("invalid fixture: %s: listed %w", where, err)
	}
	// An id left out, or null, rehearses a customer Partner Center lists
	// without one; the customer's reads still answer at its id.
	var id string
	if !absentOrNull(fields["id"]) && (json.Unmarshal(fields["id"], &id) != nil || !strings.EqualFold(id, c.ID)) {
		return fmt.Errorf("invalid fixture: %s: listed.id must be the customer's id, or absent or null", where)
	}
	var profile struct {
		CompanyName string `json:"companyName"`
		Domain      string `json:"domain"`
	}
	_ = json.Unmarshal(fields["companyProfile"], &profile) // absent or odd: nothing to filter on, served as written
	cd.listed, cd.companyName, cd.domain = listed, profile.CompanyName, profile.Domain
	return nil
}

func compileItems(raws []json.RawMessage, where string) ([]item, error) {
	items := make([]item, 0, len(raws))
	for k, raw := range raws {
		it, err := compileItem(raw)
		if err != nil {
			return nil, fmt.Errorf("invalid fixture: %s[%d]: %w", where, k, err)
		}
		items = append(items, it)
	}
	return items, nil
}

// compileItem checks that raw is a JSON object and reads its
// productSku.licenseGroupId for filtering. Everything else is served as
// written, a null productSku or a servicePlans of "" included, so that a
// fixture can reproduce whatever Partner Center sends. An item without a
// group the emulator knows (no productSku, no licenseGroupId, or another
// group such as "group3") cannot be asked for by licenseGroupIds, so it is
// served in every answer rather than in none.
func compileItem(raw json.RawMessage) (item, error) {
	compact, fields, err := rawObject(raw)
	if err != nil {
		return item{}, fmt.Errorf("item %w", err)
	}
	var group string
	var sku map[string]json.RawMessage
	if json.Unmarshal(fields["productSku"], &sku) == nil {
		var name string
		if json.Unmarshal(sku["licenseGroupId"], &name) == nil {
			group, _ = normalizeGroup(name)
		}
	}
	return item{raw: compact, group: group}, nil
}

// rawObject checks that raw is one JSON object and returns it compacted,
// owned by the caller, with its top-level fields to read what the emulator
// needs from it. Keys are matched exactly (unlike encoding/json struct
// decoding), because a client reading "ProductSku" would not see what the
// emulator read.
func rawObject(raw json.RawMessage) (json.RawMessage, map[string]json.RawMessage, error) {
	if firstByte(raw) != '{' {
		return nil, nil, errors.New("must be a JSON object")
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(raw, &fields); err != nil {
		return nil, nil, fmt.Errorf("is not valid JSON: %w", err)
	}
	var compact bytes.Buffer
	if err := json.Compact(&compact, raw); err != nil {
		return nil, nil, fmt.Errorf("is not valid JSON: %w", err)
	}
	return compact.Bytes(), fields, nil
}

// isGUID accepts only the canonical 8-4-4-4-12 form Partner Center uses;
// uuid.Parse alone would also take braces, "urn:uuid:" and bare hex.
func isGUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	_, err := uuid.Parse(s)
	return err == nil
}
