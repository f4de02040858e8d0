package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

// Terraform's validate walk, which plan runs first, treats every variable as
// unknown, and a resource's outputs are unknown until it is created. Every
// argument of every data source must take an unknown value, whole or element
// by element: checks skip it, and the read waits for apply.

const unknownUser = "adele.vance@contoso.onmicrosoft.com"

// Every argument from a variable: list(string) for the collections, as in
// the report.
func TestAccEveryArgumentFromAVariable(t *testing.T) {
	em := startEmulator(t, nil)
	config := em.providerBlock() + `
variable "customer_id" {
  type    = string
  default = "` + seedCustomer + `"
}
variable "groups" {
  type    = list(string)
  default = ["Group1", "Group2"]
}
variable "required_skus" {
  type    = list(string)
  default = ["WIN_ENT_E5"]
}
variable "product_sku_ids" {
  type    = list(string)
  default = ["078d2b04-f1bd-4111-bbd4-b4b1b354cef4"]
}
variable "require_all" {
  type    = bool
  default = true
}
variable "user_id" {
  type    = string
  default = "` + unknownUser + `"
}

data "partnercenter_subscribed_skus" "test" {
  customer_id       = var.customer_id
  license_group_ids = var.groups
  sku_part_numbers  = var.required_skus
  product_sku_ids   = var.product_sku_ids
  require_all_skus  = var.require_all
}

data "partnercenter_user_licenses" "test" {
  customer_id       = var.customer_id
  user_id           = var.user_id
  license_group_ids = var.groups
}
`
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: config,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(skusAddress, tfjsonpath.New("subscribed_skus"), partNumbersOf("AAD_PREMIUM", "WIN_ENT_E5")),
				statecheck.ExpectKnownValue("data.partnercenter_user_licenses.test", tfjsonpath.New("sku_part_numbers"),
					knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("CFQ7TTC0K5DR/0002"), knownvalue.StringExact("WIN_ENT_E5")})),
			},
		}},
	})
}

// Every argument from a resource's output, whole and element by element:
// the plan shows the reads as known after apply, and apply reads them.
func TestAccEveryArgumentFromAResourceOutput(t *testing.T) {
	em := startEmulator(t, nil)
	config := em.providerBlock() + `
resource "terraform_data" "in" {
  input = {
    customer_id = "` + seedCustomer + `"
    groups      = ["Group1", "Group2"]
    group       = "Group1"
    parts       = ["WIN_ENT_E5"]
    part        = "AAD_PREMIUM"
    ids         = ["078d2b04-f1bd-4111-bbd4-b4b1b354cef4"]
    id          = "078d2b04-f1bd-4111-bbd4-b4b1b354cef4"
    require     = true
    user_id     = "` + unknownUser + `"
  }
}

data "partnercenter_subscribed_skus" "whole" {
  customer_id       = terraform_data.in.output.customer_id
  license_group_ids = terraform_data.in.output.groups
  sku_part_numbers  = terraform_data.in.output.parts
  product_sku_ids   = terraform_data.in.output.ids
  require_all_skus  = terraform_data.in.output.require
}

data "partnercenter_subscribed_skus" "elements" {
  customer_id       = "` + seedCustomer + `"
  license_group_ids = [terraform_data.in.output.group, "Group2"]
  sku_part_numbers  = [terraform_data.in.output.part, "WIN_ENT_E5"]
  product_sku_ids   = [terraform_data.in.output.id]
  require_all_skus  = true
}

data "partnercenter_user_licenses" "whole" {
  customer_id       = terraform_data.in.output.customer_id
  user_id           = terraform_data.in.output.user_id
  license_group_ids = terraform_data.in.output.groups
}

data "partnercenter_user_licenses" "elements" {
  customer_id       = "` + seedCustomer + `"
  user_id           = "` + unknownUser + `"
  license_group_ids = [terraform_data.in.output.group]
}
`
	reads := []string{"data.partnercenter_subscribed_skus.whole", "data.partnercenter_subscribed_skus.elements",
		"data.partnercenter_user_licenses.whole", "data.partnercenter_user_licenses.elements"}
	deferred := make([]plancheck.PlanCheck, 0, len(reads))
	for _, address := range reads {
		deferred = append(deferred, plancheck.ExpectUnknownValue(address, tfjsonpath.New("id")))
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:           config,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: deferred},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.partnercenter_subscribed_skus.whole", tfjsonpath.New("subscribed_skus"), partNumbersOf("AAD_PREMIUM", "WIN_ENT_E5")),
				statecheck.ExpectKnownValue("data.partnercenter_subscribed_skus.elements", tfjsonpath.New("subscribed_skus"), partNumbersOf("AAD_PREMIUM", "WIN_ENT_E5")),
				statecheck.ExpectKnownValue("data.partnercenter_user_licenses.whole", tfjsonpath.New("licenses"), knownvalue.ListSizeExact(2)),
				statecheck.ExpectKnownValue("data.partnercenter_user_licenses.elements", tfjsonpath.New("sku_part_numbers"),
					knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("WIN_ENT_E5")})),
			},
		}},
	})
}
