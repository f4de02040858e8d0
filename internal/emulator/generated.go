package emulator

import (
	"encoding/json"
	"fmt"
	"hash/fnv"
	"strconv"
	"strings"

	"github.com/google/uuid"
)

// Generated subscribed SKUs: a fleet as large as the largest partners'
// (tens of thousands of customers, 80 SKUs of 20 service plans each) would
// be gigabytes of JSON if every customer held its own. A customer with a
// SkuShape holds none: its SKUs are built on each request from a catalog
// shared by every customer of that shape, and from seat counts derived
// from the customer's id, so that the emulator's memory does not grow with
// SKUs × plans × customers.

// MaxGeneratedSkus bounds SkuShape.Skus and SkuShape.PlansPerSku, well
// above what any tenant has.
const MaxGeneratedSkus = 1000

// SkuShape asks for generated subscribed SKUs: Skus SKUs a customer, each
// with PlansPerSku service plans. The SKUs are a catalog shared by every
// customer of the shape, as Microsoft's product SKUs are: SKU k has the
// same productSku id, name and skuPartNumber in every customer, and the
// part numbers of one customer are unique. The first two are the default
// fixture's AAD_PREMIUM and WIN_ENT_E5 (so that a filter of those two part
// numbers selects two SKUs of every customer), the others
// GENERATED_SKU_003 upwards. Every SKU is in group1, capabilityStatus
// Enabled; the seat counts differ from customer to customer and stay the
// same from request to request.
type SkuShape struct {
	// Skus is the number of SKUs a customer has, 1 to MaxGeneratedSkus.
	Skus int `json:"skus"`
	// PlansPerSku is the number of service plans of each SKU, 0 to
	// MaxGeneratedSkus.
	PlansPerSku int `json:"plansPerSku"`
}

func (s SkuShape) validate() error {
	if s.Skus < 1 || s.Skus > MaxGeneratedSkus {
		return fmt.Errorf("generatedSkus.skus %d must be from 1 to %d", s.Skus, MaxGeneratedSkus)
	}
	if s.PlansPerSku < 0 || s.PlansPerSku > MaxGeneratedSkus {
		return fmt.Errorf("generatedSkus.plansPerSku %d must be from 0 to %d", s.PlansPerSku, MaxGeneratedSkus)
	}
	return nil
}

// GeneratedCustomersWith is GeneratedCustomers with SKUs of the given
// shape instead of the seed's. The zero SkuShape gives GeneratedCustomers(n)
// exactly.
func GeneratedCustomersWith(n int, shape SkuShape) []Customer {
	if shape == (SkuShape{}) {
		return GeneratedCustomers(n)
	}
	out := make([]Customer, n)
	for i := range n {
		out[i] = Customer{ID: GeneratedCustomerID(i), GeneratedSkus: &shape}
	}
	return out
}

// catalogSku is one SKU of a shape's catalog.
type catalogSku struct {
	id, name, partNumber string
}

// seedCatalog is the default fixture's AAD_PREMIUM and WIN_ENT_E5, as
// fixtures/default.json has them, so that a filter written for the seed
// customer selects the same part numbers in generated ones.
var seedCatalog = []catalogSku{
	{"078d2b04-f1bd-4111-bbd4-b4b1b354cef4", "Azure Active Directory Premium P1", "AAD_PREMIUM"},
	{"1e7e1070-8ccb-4aca-b470-d7cb538cb07e", "Windows 10 Enterprise E5", "WIN_ENT_E5"},
}

// skuCatalog is a shape's SKUs, each kept as the end of its JSON from
// "productSku" on, which is the same in every customer; only the seat
// counts before it are built per customer.
type skuCatalog struct {
	tails [][]byte
}

// generatedID is a stable GUID for a name of the catalog (a version 5
// GUID), so that ids look like the service's and stay the same across runs.
func generatedID(name string) string {
	return uuid.NewSHA1(uuid.NameSpaceURL, []byte("urn:partnercenter-emulator:"+name)).String()
}

func newSkuCatalog(shape SkuShape) *skuCatalog {
	type servicePlan struct {
		DisplayName      string `json:"displayName"`
		ServiceName      string `json:"serviceName"`
		ID               string `json:"id"`
		CapabilityStatus string `json:"capabilityStatus"`
		TargetType       string `json:"targetType"`
	}
	type productSku struct {
		ID             string `json:"id"`
		Name           string `json:"name"`
		SkuPartNumber  string `json:"skuPartNumber"`
		TargetType     string `json:"targetType"`
		LicenseGroupID string `json:"licenseGroupId"`
	}
	type tail struct {
		ProductSku       productSku       `json:"productSku"`
		ServicePlans     []servicePlan    `json:"servicePlans"`
		CapabilityStatus string           `json:"capabilityStatus"`
		Attributes       objectAttributes `json:"attributes"`
	}
	c := &skuCatalog{tails: make([][]byte, shape.Skus)}
	for k := range shape.Skus {
		sku := catalogSku{name: fmt.Sprintf("Generated SKU %d", k+1), partNumber: fmt.Sprintf("GENERATED_SKU_%03d", k+1)}
		if k < len(seedCatalog) {
			sku = seedCatalog[k]
		} else {
			sku.id = generatedID("sku/" + sku.partNumber)
		}
		plans := make([]servicePlan, shape.PlansPerSku)
		for p := range plans {
			service := fmt.Sprintf("%s_PLAN_%02d", sku.partNumber, p+1)
			target := "User"
			if p == 0 { // as the seed's Exchange Foundation plan
				target = "Tenant"
			}
			plans[p] = servicePlan{DisplayName: fmt.Sprintf("%s plan %d", sku.name, p+1), ServiceName: service,
				ID: generatedID("plan/" + service), CapabilityStatus: "Enabled", TargetType: target}
		}
		b, _ := json.Marshal(tail{ // structs of strings always marshal
			ProductSku:   productSku{ID: sku.id, Name: sku.name, SkuPartNumber: sku.partNumber, TargetType: "User", LicenseGroupID: group1},
			ServicePlans: plans, CapabilityStatus: "Enabled", Attributes: objectAttributes{ObjectType: "SubscribedSku"},
		})
		c.tails[k] = b[1:] // without its "{": it follows the seat counts
	}
	return c
}

// items builds the customer's SKUs: seat counts from the customer's id and
// the SKU's place, then the catalog's JSON. A request holds them only
// while it is answered.
func (c *skuCatalog) items(customerID string) []item {
	h := fnv.New32a()
	_, _ = h.Write([]byte(strings.ToLower(customerID))) // a hash never fails
	seed := h.Sum32()
	out := make([]item, len(c.tails))
	for k, tail := range c.tails {
		u := seed ^ uint32(k+1)*2654435761 // Knuth's multiplicative hash spreads neighboring SKUs
		total := 1 + int(u%500)
		consumed := total * int((u>>9)%101) / 100
		b := make([]byte, 0, 128+len(tail))
		b = append(b, `{"availableUnits":`...)
		b = strconv.AppendInt(b, int64(total-consumed), 10)
		b = append(b, `,"activeUnits":`...)
		b = strconv.AppendInt(b, int64(total), 10)
		b = append(b, `,"consumedUnits":`...)
		b = strconv.AppendInt(b, int64(consumed), 10)
		b = append(b, `,"suspendedUnits":0,"totalUnits":`...)
		b = strconv.AppendInt(b, int64(total), 10)
		b = append(b, `,"warningUnits":0,`...)
		b = append(b, tail...)
		out[k] = item{raw: b, group: group1}
	}
	return out
}
