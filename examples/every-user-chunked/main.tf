# The check of examples/every-user, in chunks: partnercenter_customer_users
# lists the users once, one partnercenter_user_licenses_by_user reads each
# chunk of chunklist over its user_ids, and the check merges the chunks.
terraform {
  required_version = ">= 1.5.0"
  required_providers {
    partnercenter = { source = "partnercenter-terraform/partnercenter" }
  }
}

variable "customer_id" {
  type    = string
  default = "00000000-0000-4000-8000-000000000000"
}

variable "licenses_any_of" {
  type    = list(string)
  default = ["AAD_PREMIUM", "WIN_ENT_E5"]
}

variable "chunk_size" {
  description = "Users a data source reads; see the guide for how to choose it."
  type        = number
  default     = 2000
}

data "partnercenter_customer_users" "all" {
  customer_id = var.customer_id
}

# count, not for_each: the number of chunks is known once the users are
# listed, which happens during the plan, as customer_id is known.
data "partnercenter_user_licenses_by_user" "chunk" {
  count         = ceil(length(data.partnercenter_customer_users.all.user_ids) / var.chunk_size)
  customer_id   = var.customer_id
  user_ids      = chunklist(data.partnercenter_customer_users.all.user_ids, var.chunk_size)[count.index]
  on_user_error = "warn"
}

locals {
  # Keys are object ids here, as given; the names come from the list.
  names        = { for u in data.partnercenter_customer_users.all.users : lower(u.id) => u.user_principal_name }
  part_numbers = merge([for c in data.partnercenter_user_licenses_by_user.chunk : c.sku_part_numbers]...)
  failed       = merge([for c in data.partnercenter_user_licenses_by_user.chunk : c.failed_users]...)
  wanted       = [for p in var.licenses_any_of : upper(p)]
  without = [
    for id, parts in local.part_numbers : lookup(local.names, id, id)
    if length(setintersection([for p in parts : upper(p)], local.wanted)) == 0
  ]
}

check "licences_of_every_user" {
  assert {
    condition     = length(local.part_numbers) + length(local.failed) > 0
    error_message = "Customer ${var.customer_id} has no users: check customer_id."
  }
  assert {
    condition     = length(local.without) == 0
    error_message = "${length(local.without)} users hold none of ${join(", ", var.licenses_any_of)}: ${join(", ", sort(local.without))}"
  }
  assert {
    condition     = length(local.failed) == 0
    error_message = "Users whose licences could not be read: ${join(", ", sort(keys(local.failed)))}"
  }
}

resource "terraform_data" "rollout" {
  input = { customer_id = var.customer_id, licenses_any_of = var.licenses_any_of }
}

output "users_read" {
  value = length(local.part_numbers)
}

output "users_without" {
  value = local.without
}
