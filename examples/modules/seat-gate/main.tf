# A small module that gates a rollout on free seats of one SKU.
terraform {
  required_version = ">= 1.7.0"
  required_providers {
    partnercenter = { source = "partnercenter-terraform/partnercenter" }
  }
}

variable "customer_id" {
  description = "The customer's tenant id."
  type        = string
}

variable "sku_part_number" {
  description = "The SKU the rollout assigns, e.g. WIN_ENT_E5."
  type        = string
}

variable "seats_requested" {
  description = "How many seats the rollout assigns."
  type        = number
}

data "partnercenter_subscribed_skus" "this" {
  customer_id      = var.customer_id
  sku_part_numbers = [var.sku_part_number]
  require_all_skus = true
}

locals {
  free_seats = data.partnercenter_subscribed_skus.this.available_units_by_part_number[var.sku_part_number]
}

resource "terraform_data" "rollout" {
  input = { sku = var.sku_part_number, seats = var.seats_requested }

  lifecycle {
    precondition {
      condition     = var.seats_requested <= local.free_seats
      error_message = "The rollout needs ${var.seats_requested} ${var.sku_part_number} seats; ${local.free_seats} are free."
    }
  }
}

output "free_seats" {
  description = "Free seats of the SKU."
  value       = local.free_seats
}

output "seats_left_after_rollout" {
  description = "Free seats once the rollout has assigned its seats."
  value       = local.free_seats - var.seats_requested
}
