package emulator

import (
	_ "embed" // for go:embed
	"encoding/json"
	"fmt"
	"slices"
)

// defaultFixtureJSON is the seed customer from Microsoft's "get available
// licences by licence group" sample plus demonstration users; see
// fixtures/default.json.
//
//go:embed fixtures/default.json
var defaultFixtureJSON []byte

// defaultFixture is parsed once at init. The embedded file is part of the
// build, so a failure here is a programming error that
// TestDefaultFixtureMatchesSeed catches before release; it can never depend
// on user input.
var defaultFixture = mustParseFixture(defaultFixtureJSON)

// DefaultFixture returns a fresh copy of the embedded default fixture, so a
// caller may modify it (add a user, drop a SKU) without affecting others.
func DefaultFixture() *Fixture {
	return defaultFixture.clone()
}

func mustParseFixture(data []byte) *Fixture {
	f, err := ParseFixture(data)
	if err != nil {
		panic(fmt.Sprintf("emulator: embedded default fixture is invalid: %v", err))
	}
	return f
}

// clone deep-copies f, including the raw item bytes.
func (f *Fixture) clone() *Fixture {
	out := &Fixture{Customers: make([]Customer, len(f.Customers)), Faults: slices.Clone(f.Faults)}
	for i, c := range f.Customers {
		users := make([]User, len(c.Users))
		for j, u := range c.Users {
			users[j] = User{ID: u.ID, UserPrincipalName: u.UserPrincipalName, Listed: append(json.RawMessage(nil), u.Listed...),
				Licenses: cloneRaw(u.Licenses)}
		}
		c.Listed, c.SubscribedSkus, c.Users = append(json.RawMessage(nil), c.Listed...), cloneRaw(c.SubscribedSkus), users
		if c.GeneratedSkus != nil {
			shape := *c.GeneratedSkus
			c.GeneratedSkus = &shape
		}
		out.Customers[i] = c
	}
	return out
}

func cloneRaw(in []json.RawMessage) []json.RawMessage {
	if in == nil {
		return nil
	}
	out := make([]json.RawMessage, len(in))
	for i, r := range in {
		out[i] = append(json.RawMessage(nil), r...)
	}
	return out
}

// GeneratedCustomers returns n customers for load tests and benchmarks, in
// a stable order: ids 00000000-0000-4000-8000-000000000000 upwards (the n-th
// is GeneratedCustomerID(n)), each with the default fixture's first
// customer's subscribed SKUs.
func GeneratedCustomers(n int) []Customer {
	seed := defaultFixture.Customers[0].SubscribedSkus
	out := make([]Customer, n)
	for i := range n {
		out[i] = Customer{ID: GeneratedCustomerID(i), SubscribedSkus: seed}
	}
	return out
}

// GeneratedCustomerID is the tenant id of GeneratedCustomers' i-th customer.
func GeneratedCustomerID(i int) string { return fmt.Sprintf("%08x-0000-4000-8000-%012x", i, i) }
