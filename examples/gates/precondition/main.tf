# A precondition that blocks a rollout (terraform_data stands in for user
# onboarding) when it asks for more seats than the SKU has free.
terraform {
  required_version = ">= 1.5.0"
  required_providers {
    partnercenter = { source = "partnercenter-terraform/partnercenter" }
  }
}

variable "customer_id" {
  type    = string
  default = "0c39d6d5-c70d-4c55-bc02-f620844f3fd1"
}

variable "sku_part_number" {
  type    = string
  default = "WIN_ENT_E5"
}

variable "new_users" {
  description = "The users to onboard, one seat each."
  type        = list(string)
  default     = ["megan@contoso.onmicrosoft.com", "lee@contoso.onmicrosoft.com"]
}

data "partnercenter_subscribed_skus" "customer" {
  customer_id      = var.customer_id
  sku_part_numbers = [var.sku_part_number]
  require_all_skus = true # a misspelt SKU fails the plan instead of passing the gate
}

locals {
  free_seats = data.partnercenter_subscribed_skus.customer.skus_by_part_number[var.sku_part_number].available_units
}

resource "terraform_data" "onboarding" {
  input = var.new_users

  lifecycle {
    precondition {
      condition     = length(var.new_users) <= local.free_seats
      error_message = "Onboarding ${length(var.new_users)} users needs ${length(var.new_users)} ${var.sku_part_number} seats, but only ${local.free_seats} are free."
    }
  }
}
