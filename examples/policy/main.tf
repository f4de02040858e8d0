# The configuration the seat policy checks: its plan, as JSON, holds both the
# seats a rollout requests and what Partner Center says is free.
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

variable "seats_requested" {
  type = number
}

data "partnercenter_subscribed_skus" "customer" {
  customer_id      = var.customer_id
  sku_part_numbers = [var.sku_part_number]
  require_all_skus = true
}

resource "terraform_data" "rollout" {
  input = { customer_id = var.customer_id, sku = var.sku_part_number, seats = var.seats_requested }
}
