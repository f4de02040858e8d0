package emulator

import (
	"encoding/json"
	"strings"
	"testing"
)

// seedSku is what the 004 seed document says about each SKU, in its order.
type seedSku struct {
	part                                string
	group                               string
	available, active, consumed, total  int
	suspended, warning, servicePlanSize int
}

var seedSkus = []seedSku{
	{"AAD_PREMIUM", "group1", 15, 15, 0, 15, 0, 0, 3},
	{"AX_TASK_USER", "group1", 1, 1, 0, 1, 0, 0, 0},
	{"CFQ7TTC0K5DR/0002", "group2", 23, 72, 49, 72, 0, 0, 0},
	{"WIN_ENT_E5", "group1", 71, 112, 41, 112, 0, 0, 2},
}

func TestDefaultFixtureMatchesSeed(t *testing.T) {
	f := DefaultFixture()
	if len(f.Customers) != 2 {
		t.Fatalf("default fixture has %d customers, want 2", len(f.Customers))
	}
	c := f.Customers[0]
	if c.ID != contoso {
		t.Fatalf("first customer %q, want %s", c.ID, contoso)
	}
	if len(c.SubscribedSkus) != len(seedSkus) {
		t.Fatalf("%d SKUs, want %d", len(c.SubscribedSkus), len(seedSkus))
	}
	for i, want := range seedSkus {
		var got struct {
			AvailableUnits, ActiveUnits, ConsumedUnits, TotalUnits, SuspendedUnits, WarningUnits int
			CapabilityStatus                                                                     string
			ProductSku                                                                           struct{ SkuPartNumber, LicenseGroupID, TargetType string }
			ServicePlans                                                                         []json.RawMessage
			Attributes                                                                           struct{ ObjectType string }
		}
		if err := json.Unmarshal(c.SubscribedSkus[i], &got); err != nil {
			t.Fatalf("SKU %d: %v", i, err)
		}
		if got.ProductSku.SkuPartNumber != want.part || got.ProductSku.LicenseGroupID != want.group ||
			got.AvailableUnits != want.available || got.ActiveUnits != want.active ||
			got.ConsumedUnits != want.consumed || got.TotalUnits != want.total ||
			got.SuspendedUnits != want.suspended || got.WarningUnits != want.warning ||
			len(got.ServicePlans) != want.servicePlanSize {
			t.Errorf("SKU %d = %+v, want %+v", i, got, want)
		}
		if got.CapabilityStatus != "Enabled" || got.ProductSku.TargetType != "User" || got.Attributes.ObjectType != "SubscribedSku" {
			t.Errorf("SKU %d status/targetType/objectType = %q/%q/%q", i, got.CapabilityStatus, got.ProductSku.TargetType, got.Attributes.ObjectType)
		}
	}

	wantUsers := map[string]int{ // UPN -> licence count
		"adele.vance@contoso.onmicrosoft.com":           2,
		"bob_fabrikam.com#EXT#@contoso.onmicrosoft.com": 1,
		"o'brien+test&co@contoso.onmicrosoft.com":       1,
		"no.licenses@contoso.onmicrosoft.com":           0,
	}
	if len(c.Users) != len(wantUsers) {
		t.Fatalf("%d users, want %d", len(c.Users), len(wantUsers))
	}
	for _, u := range c.Users {
		n, ok := wantUsers[u.UserPrincipalName]
		if !ok || len(u.Licenses) != n {
			t.Errorf("user %s has %d licences, want %d (known: %v)", u.UserPrincipalName, len(u.Licenses), n, ok)
		}
		for _, l := range u.Licenses {
			if !strings.Contains(string(l), `"objectType":"License"`) && !strings.Contains(string(l), `"objectType": "License"`) {
				t.Errorf("user %s licence lacks objectType License: %s", u.UserPrincipalName, l)
			}
		}
	}

	other := f.Customers[1]
	if other.ID != fabrikam || other.SubscribedSkus == nil || len(other.SubscribedSkus) != 0 ||
		len(other.Users) != 1 || other.Users[0].UserPrincipalName != "new.hire@fabrikam.onmicrosoft.com" {
		t.Errorf("second customer = %+v", other)
	}
}

func TestDefaultFixtureReturnsIndependentCopies(t *testing.T) {
	a := DefaultFixture()
	a.Customers[0].SubscribedSkus[0][0] = 'X'
	a.Customers[0].Users = nil
	b := DefaultFixture()
	if b.Customers[0].SubscribedSkus[0][0] == 'X' || len(b.Customers[0].Users) != 4 {
		t.Fatal("changing one DefaultFixture() result changed another")
	}
}

func TestMustParseFixture(t *testing.T) {
	if f := mustParseFixture(defaultFixtureJSON); len(f.Customers) != 2 {
		t.Fatalf("embedded fixture parsed to %d customers", len(f.Customers))
	}
	defer func() {
		r := recover()
		if r == nil || !strings.Contains(r.(string), "embedded default fixture is invalid") {
			t.Fatalf("mustParseFixture on bad input: recover() = %v", r)
		}
	}()
	mustParseFixture([]byte(`{"customers": [{"id": "not-a-guid"}]}`))
}
