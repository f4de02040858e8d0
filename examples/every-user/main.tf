# Check the licences of every user of a customer in one plan: one data
# source lists the users and reads each user's licences, a check block
# warns about the users who hold none of the licences the rollout needs,
# and the plan's JSON feeds the OPA policy in policy/.
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
  description = "Part numbers, any one of which every user must hold for the rollout."
  type        = list(string)
  default     = ["AAD_PREMIUM", "WIN_ENT_E5"]
}

data "partnercenter_user_licenses_by_user" "all" {
  customer_id = var.customer_id
  # A user deleted after the list was read is reported in failed_users
  # instead of failing the run.
  on_user_error = "warn"
}

locals {
  read = data.partnercenter_user_licenses_by_user.all
  # Part numbers keep Partner Center's spelling: compare in upper case.
  wanted = [for p in var.licenses_any_of : upper(p)]
  # The users, by principal name, who hold none of the wanted licences.
  without = [
    for id, parts in local.read.sku_part_numbers : coalesce(local.read.users[id].user_principal_name, id)
    if length(setintersection([for p in parts : upper(p)], local.wanted)) == 0
  ]
}

check "licences_of_every_user" {
  # No user at all is a wrong customer_id far more often than a tenant
  # without users: a gate over nobody must not pass.
  assert {
    condition     = length(local.read.users) + length(local.read.failed_users) > 0
    error_message = "Customer ${var.customer_id} has no users: check customer_id."
  }
  assert {
    condition     = length(local.without) == 0
    error_message = "${length(local.without)} users hold none of ${join(", ", var.licenses_any_of)}: ${join(", ", sort(local.without))}"
  }
  # A user that could not be read is in failed_users only: a gate that
  # looked at sku_part_numbers alone would let it pass unseen.
  assert {
    condition     = length(local.read.failed_users) == 0
    error_message = "Users whose licences could not be read: ${join(", ", sort(keys(local.read.failed_users)))}"
  }
}

# The rollout the policy checks against the licences read in the same plan.
resource "terraform_data" "rollout" {
  input = { customer_id = var.customer_id, licenses_any_of = var.licenses_any_of }
}

output "users_without" {
  value = local.without
}
