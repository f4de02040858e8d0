package emulator

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"reflect"
	"strings"
	"testing"
)

// generatedSku is what a SubscribedSku of a generated customer must carry,
// every field present (pointers tell a missing one from a zero).
type generatedSku struct {
	AvailableUnits, ActiveUnits, ConsumedUnits, SuspendedUnits, TotalUnits, WarningUnits *int
	CapabilityStatus                                                                     string
	ProductSku                                                                           struct {
		ID, Name, SkuPartNumber, TargetType, LicenseGroupID string
	}
	ServicePlans []struct {
		DisplayName, ServiceName, ID, CapabilityStatus, TargetType string
	}
	Attributes struct{ ObjectType string }
}

func getGeneratedSkus(t *testing.T, get func(string) response, customer, query string) []generatedSku {
	t.Helper()
	r := get(skusPath(customer) + query)
	if r.status != http.StatusOK {
		t.Fatalf("%s: HTTP %d %s", customer, r.status, r.body)
	}
	var page struct{ Items []generatedSku }
	if err := json.Unmarshal(r.body, &page); err != nil {
		t.Fatal(err)
	}
	return page.Items
}

func TestGeneratedSkus(t *testing.T) {
	const customers, skus, plans = 3, 80, 20
	em, srv := newServer(t, Options{Fixture: &Fixture{Customers: GeneratedCustomersWith(customers, SkuShape{Skus: skus, PlansPerSku: plans})}})
	get := func(path string) response { return do(t, srv, http.MethodGet, path, authed()) }

	seats := make(map[string]bool) // the seat counts of every customer's first SKU
	for i := range customers {
		id := GeneratedCustomerID(i)
		items := getGeneratedSkus(t, get, id, "")
		if len(items) != skus {
			t.Fatalf("customer %d: %d SKUs, want %d", i, len(items), skus)
		}
		ids, parts, planIDs := map[string]bool{}, map[string]bool{}, map[string]bool{}
		for k, s := range items {
			for name, v := range map[string]*int{"available": s.AvailableUnits, "active": s.ActiveUnits, "consumed": s.ConsumedUnits,
				"suspended": s.SuspendedUnits, "total": s.TotalUnits, "warning": s.WarningUnits} {
				if v == nil {
					t.Fatalf("customer %d SKU %d: no %sUnits", i, k, name)
				}
			}
			if *s.TotalUnits < 1 || *s.ConsumedUnits < 0 || *s.ConsumedUnits > *s.TotalUnits ||
				*s.AvailableUnits != *s.TotalUnits-*s.ConsumedUnits || *s.ActiveUnits != *s.TotalUnits {
				t.Errorf("customer %d SKU %d: seats available %d, active %d, consumed %d, total %d", i, k,
					*s.AvailableUnits, *s.ActiveUnits, *s.ConsumedUnits, *s.TotalUnits)
			}
			p := s.ProductSku
			if !isGUID(p.ID) || p.Name == "" || p.SkuPartNumber == "" || p.TargetType != "User" || p.LicenseGroupID != "group1" ||
				s.CapabilityStatus != "Enabled" || s.Attributes.ObjectType != "SubscribedSku" {
				t.Errorf("customer %d SKU %d: %+v", i, k, s)
			}
			if ids[p.ID] || parts[p.SkuPartNumber] {
				t.Errorf("customer %d SKU %d: id %s or part number %s repeated", i, k, p.ID, p.SkuPartNumber)
			}
			ids[p.ID], parts[p.SkuPartNumber] = true, true
			if len(s.ServicePlans) != plans {
				t.Fatalf("customer %d SKU %d: %d plans, want %d", i, k, len(s.ServicePlans), plans)
			}
			for _, sp := range s.ServicePlans {
				if !isGUID(sp.ID) || planIDs[sp.ID] || sp.DisplayName == "" || sp.ServiceName == "" || sp.CapabilityStatus != "Enabled" ||
					(sp.TargetType != "User" && sp.TargetType != "Tenant") {
					t.Errorf("customer %d SKU %d: plan %+v (or its id repeated)", i, k, sp)
				}
				planIDs[sp.ID] = true
			}
		}
		if items[0].ProductSku.SkuPartNumber != "AAD_PREMIUM" || items[1].ProductSku.SkuPartNumber != "WIN_ENT_E5" ||
			items[2].ProductSku.SkuPartNumber != "GENERATED_SKU_003" {
			t.Errorf("customer %d: part numbers start %s, %s, %s", i, items[0].ProductSku.SkuPartNumber,
				items[1].ProductSku.SkuPartNumber, items[2].ProductSku.SkuPartNumber)
		}
		seats[fmt.Sprint(*items[0].TotalUnits, *items[0].ConsumedUnits)] = true
		if got := getGeneratedSkus(t, get, id, "?licenseGroupIds=Group2"); len(got) != 0 {
			t.Errorf("customer %d: Group2 answered %d SKUs; generated ones are all group1", i, len(got))
		}
	}
	if len(seats) == 1 {
		t.Error("every customer has the same seat counts")
	}

	// A request answers the same as the last, and a customer's SKUs are
	// built on request, not kept: the customers of one shape share one
	// catalog.
	first, again := get(skusPath(GeneratedCustomerID(1))), get(skusPath(GeneratedCustomerID(1)))
	if !bytes.Equal(first.body, again.body) {
		t.Error("two reads of one generated customer differ")
	}
	a, b := em.data.customers[GeneratedCustomerID(0)], em.data.customers[GeneratedCustomerID(2)]
	if len(a.skus) != 0 || a.generated == nil || a.generated != b.generated {
		t.Errorf("generated customers hold skus %v, catalogs %p and %p", a.skus, a.generated, b.generated)
	}
}

// The shared part numbers are the seed's, with the seed's product ids.
func TestGeneratedSkusShareTheSeedsPartNumbers(t *testing.T) {
	seed := map[string]string{}
	for _, raw := range DefaultFixture().Customers[0].SubscribedSkus {
		var s struct {
			ProductSku struct{ ID, Name, SkuPartNumber string }
		}
		if err := json.Unmarshal(raw, &s); err != nil {
			t.Fatal(err)
		}
		seed[s.ProductSku.SkuPartNumber] = s.ProductSku.ID + " " + s.ProductSku.Name
	}
	for _, c := range seedCatalog {
		if seed[c.partNumber] != c.id+" "+c.name {
			t.Errorf("%s: %q in the seed, %q generated", c.partNumber, seed[c.partNumber], c.id+" "+c.name)
		}
	}
}

func TestGeneratedCustomersWithZeroShapeIsTheDefault(t *testing.T) {
	if got, want := GeneratedCustomersWith(5, SkuShape{}), GeneratedCustomers(5); !reflect.DeepEqual(got, want) {
		t.Errorf("GeneratedCustomersWith(5, SkuShape{}) = %+v, want GeneratedCustomers(5)", got)
	}
}

func TestGeneratedSkusPageAndFewPlans(t *testing.T) {
	_, srv := newServer(t, Options{Fixture: &Fixture{Customers: GeneratedCustomersWith(1, SkuShape{Skus: 7})}, PageSize: 3})
	var parts []string
	path := skusPath(GeneratedCustomerID(0))
	header := authed()
	for range 5 {
		r := do(t, srv, http.MethodGet, path, header)
		p := decodePage(t, r)
		var raw struct{ Items []generatedSku }
		if err := json.Unmarshal(r.body, &raw); err != nil {
			t.Fatal(err)
		}
		for _, s := range raw.Items {
			parts = append(parts, s.ProductSku.SkuPartNumber)
			if s.ServicePlans == nil || len(s.ServicePlans) != 0 {
				t.Errorf("%s: servicePlans %v, want []", s.ProductSku.SkuPartNumber, s.ServicePlans)
			}
		}
		if p.Links.Next == nil {
			break
		}
		path = "/v1/" + strings.TrimPrefix(p.Links.Next.URI, "/")
		header = authed()
		for _, h := range p.Links.Next.Headers {
			header[h.Key] = h.Value
		}
	}
	want := []string{"AAD_PREMIUM", "WIN_ENT_E5", "GENERATED_SKU_003", "GENERATED_SKU_004", "GENERATED_SKU_005", "GENERATED_SKU_006", "GENERATED_SKU_007"}
	if !reflect.DeepEqual(parts, want) {
		t.Errorf("paged part numbers %v, want %v", parts, want)
	}
}

func TestGeneratedSkusInAFixture(t *testing.T) {
	f, err := ParseFixture([]byte(`{"customers": [{"id": "` + contoso + `", "generatedSkus": {"skus": 2, "plansPerSku": 1}}]}`))
	if err != nil {
		t.Fatal(err)
	}
	_, srv := newTestServer(t, f)
	get := func(path string) response { return do(t, srv, http.MethodGet, path, authed()) }
	if items := getGeneratedSkus(t, get, contoso, ""); len(items) != 2 || len(items[1].ServicePlans) != 1 {
		t.Errorf("items %+v", items)
	}
	for _, tt := range []struct{ doc, want string }{
		{`"generatedSkus": {"skus": 0, "plansPerSku": 3}`, "generatedSkus.skus 0 must be from 1 to 1000"},
		{`"generatedSkus": {"skus": 1001}`, "generatedSkus.skus 1001"},
		{`"generatedSkus": {"skus": 1, "plansPerSku": -1}`, "generatedSkus.plansPerSku -1 must be from 0 to 1000"},
		{`"generatedSkus": {"skus": 1}, "subscribedSkus": [{}]`, "subscribedSkus and generatedSkus: give one or the other"},
		{`"generatedSkus": {"skus": 1, "plans": 2}`, `unknown field "plans"`},
	} {
		_, err := ParseFixture([]byte(`{"customers": [{"id": "` + contoso + `", ` + tt.doc + `}]}`))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: err = %v, want %q", tt.doc, err, tt.want)
		}
	}
}
