# Check seats across every customer of the partner in one plan: one data
# source reads them all, a check block warns about the customers short of
# seats, and the plan's JSON feeds the OPA policy in policy/.
terraform {
  required_version = ">= 1.5.0"
  required_providers {
    partnercenter = { source = "partnercenter-terraform/partnercenter" }
  }
}

variable "sku_part_number" {
  type    = string
  default = "WIN_ENT_E5"
}

variable "seats_per_customer" {
  description = "Seats the rollout assigns in every customer that has the SKU."
  type        = number
  default     = 10
}

data "partnercenter_subscribed_skus_by_customer" "all" {
  sku_part_numbers  = [var.sku_part_number]
  on_customer_error = "warn"
}

locals {
  # The filter matches part numbers in any case, but the keys of
  # available_units keep Partner Center's spelling: compare in upper case.
  wanted = upper(var.sku_part_number)
  # Free seats of the SKU, for each customer that has it.
  free = {
    for id, seats in data.partnercenter_subscribed_skus_by_customer.all.available_units :
    id => sum([for part, n in seats : coalesce(n, 0) if upper(part) == local.wanted])
    if anytrue([for part in keys(seats) : upper(part) == local.wanted])
  }
  short = [for id, free in local.free : id if free < var.seats_per_customer]
}

check "seats_across_every_customer" {
  # No customer with the SKU at all is a misspelt part number far more
  # often than a rollout with nobody to roll out to: say so.
  assert {
    condition     = length(local.free) > 0
    error_message = "No customer has ${var.sku_part_number}: check the part number against the keys of available_units."
  }
  assert {
    condition     = length(local.short) == 0
    error_message = "Customers with fewer than ${var.seats_per_customer} free ${var.sku_part_number} seats: ${join(", ", sort(local.short))}"
  }
  # A customer that could not be read is in failed_customers only: a gate
  # that looked at available_units alone would let it pass unseen.
  assert {
    condition     = length(data.partnercenter_subscribed_skus_by_customer.all.failed_customers) == 0
    error_message = "Customers whose seats could not be read: ${join(", ", sort(keys(data.partnercenter_subscribed_skus_by_customer.all.failed_customers)))}"
  }
}

# The rollout the policy checks against the seats read in the same plan.
resource "terraform_data" "rollout" {
  input = { sku = var.sku_part_number, seats_per_customer = var.seats_per_customer }
}

output "free_seats" {
  value = local.free
}
