# Check seats across every customer of the partner in one plan: one data
# source reads them all, a check block warns about the customers short of
# seats, and the plan's JSON feeds the OPA policy in policy/. The check
# calls the provider's seat_shortfalls function, which needs Terraform 1.8
# or OpenTofu 1.7; the guide has the same check in plain HCL for 1.5 to 1.7.
terraform {
  required_version = ">= 1.8.0"
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
  # The rollout's customers: those the read found the SKU in. The data
  # source's filter matches the part number in any case, so this needs no
  # spelling of it.
  with_sku = {
    for id, seats in data.partnercenter_subscribed_skus_by_customer.all.available_units :
    id => seats if length(seats) > 0
  }
  # Customer id to part number to seats missing, for the customers short of
  # seats: the function matches the part number in any case and sums the
  # SKUs Partner Center lists under it.
  short = provider::partnercenter::seat_shortfalls(local.with_sku, { (var.sku_part_number) = var.seats_per_customer })
  # Free seats of the SKU, for each customer that has it.
  free = {
    for id, seats in local.with_sku : id => sum([for n in values(seats) : coalesce(n, 0)])
  }
}

check "seats_across_every_customer" {
  # No customer with the SKU at all is a misspelt part number far more
  # often than a rollout with nobody to roll out to: say so.
  assert {
    condition     = length(local.with_sku) > 0
    error_message = "No customer has ${var.sku_part_number}: check the part number against the keys of available_units."
  }
  assert {
    condition     = length(local.short) == 0
    error_message = "Customers with fewer than ${var.seats_per_customer} free ${var.sku_part_number} seats: ${join(", ", sort(keys(local.short)))}"
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
