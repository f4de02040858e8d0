package provider

import (
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

// Every figure of the license-group page's sample response
// (internal/client/testdata/seed_004_as_printed.json),
// written out by hand so the acceptance tests check the provider against the
// document, not against the emulator's copy of it.

func productSKU(id, name, partNumber, targetType, group string) knownvalue.Check {
	return stringsObject(map[string]string{
		"id": id, "name": name, "sku_part_number": partNumber, "target_type": targetType, "license_group_id": group,
	})
}

func servicePlan(displayName, serviceName, id, status, targetType string) knownvalue.Check {
	return stringsObject(map[string]string{
		"id": id, "display_name": displayName, "service_name": serviceName, "capability_status": status, "target_type": targetType,
	})
}

// stringsObject is an object of exactly these string attributes.
func stringsObject(attributes map[string]string) knownvalue.Check {
	checks := make(map[string]knownvalue.Check, len(attributes))
	for name, want := range attributes {
		checks[name] = knownvalue.StringExact(want)
	}
	return knownvalue.ObjectExact(checks)
}

type seats struct{ available, active, consumed, suspended, total, warning int64 }

func subscribedSKU(s seats, status string, product knownvalue.Check, plans ...knownvalue.Check) knownvalue.Check {
	if plans == nil {
		plans = []knownvalue.Check{}
	}
	return knownvalue.ObjectExact(map[string]knownvalue.Check{
		"available_units":   knownvalue.Int64Exact(s.available),
		"active_units":      knownvalue.Int64Exact(s.active),
		"consumed_units":    knownvalue.Int64Exact(s.consumed),
		"suspended_units":   knownvalue.Int64Exact(s.suspended),
		"total_units":       knownvalue.Int64Exact(s.total),
		"warning_units":     knownvalue.Int64Exact(s.warning),
		"capability_status": knownvalue.StringExact(status),
		"product_sku":       product,
		"service_plans":     knownvalue.ListExact(plans),
	})
}

func license(product knownvalue.Check, plans ...knownvalue.Check) knownvalue.Check {
	if plans == nil {
		plans = []knownvalue.Check{}
	}
	return knownvalue.ObjectExact(map[string]knownvalue.Check{
		"product_sku":   product,
		"service_plans": knownvalue.ListExact(plans),
	})
}

var (
	aadPremiumProduct = productSKU("078d2b04-f1bd-4111-bbd4-b4b1b354cef4", "Azure Active Directory Premium P1", "AAD_PREMIUM", "User", "group1")
	axTaskProduct     = productSKU("54b84594-9c77-4499-8d65-5e0d5f410e78", "Dynamics AX Task", "AX_TASK_USER", "User", "group1")
	minecraftProduct  = productSKU("984df360-9a74-4647-8cf8-696749f6247a", "Minecraft Education Edition Faculty", "CFQ7TTC0K5DR/0002", "User", "group2")
	winE5Product      = productSKU("1e7e1070-8ccb-4aca-b470-d7cb538cb07e", "Windows 10 Enterprise E5", "WIN_ENT_E5", "User", "group1")

	winE5Plans = []knownvalue.Check{
		servicePlan("Windows Defender Advanced Threat Protection", "WINDEFATP", "871d91ec-ec1a-452b-a83f-bd76c7d770ef", "Enabled", "User"),
		servicePlan("Windows 10 Enterprise E3", "WIN10_PRO_ENT_SUB", "21b439ba-a0ca-424f-a6cc-52f954a5b111", "Enabled", "User"),
	}

	seedAADPremium = subscribedSKU(seats{15, 15, 0, 0, 15, 0}, "Enabled", aadPremiumProduct,
		servicePlan("Exchange Foundation", "EXCHANGE_S_FOUNDATION", "113feb6c-3fe4-4440-bddc-54d774bf0318", "Enabled", "Tenant"),
		servicePlan("Azure Active Directory Premium P1", "AAD_PREMIUM", "41781fb2-bc02-4b7c-bd55-b576c07bb09d", "Enabled", "User"),
		servicePlan("Microsoft Azure Multifactor Authentication", "MFA_PREMIUM", "8a256a2b-b617-496d-b51b-e76466e88db0", "Enabled", "User"),
	)
	seedAXTask    = subscribedSKU(seats{1, 1, 0, 0, 1, 0}, "Enabled", axTaskProduct)
	seedMinecraft = subscribedSKU(seats{23, 72, 49, 0, 72, 0}, "Enabled", minecraftProduct)
	seedWinE5     = subscribedSKU(seats{71, 112, 41, 0, 112, 0}, "Enabled", winE5Product, winE5Plans...)
)

// expectValue checks a top-level attribute of a data source's state.
func expectValue(address, attribute string, check knownvalue.Check) statecheck.StateCheck {
	return statecheck.ExpectKnownValue(address, tfjsonpath.New(attribute), check)
}

func expectInt(address, attribute string, want int64) statecheck.StateCheck {
	return expectValue(address, attribute, knownvalue.Int64Exact(want))
}

func expectString(address, attribute, want string) statecheck.StateCheck {
	return expectValue(address, attribute, knownvalue.StringExact(want))
}

func expectList(address, attribute string, items ...knownvalue.Check) statecheck.StateCheck {
	if items == nil {
		items = []knownvalue.Check{}
	}
	return expectValue(address, attribute, knownvalue.ListExact(items))
}
