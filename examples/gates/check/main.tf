# A check block that warns, without failing the run, when any SKU of a
# customer has fewer than min_free_seats free seats.
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

variable "min_free_seats" {
  type    = number
  default = 1
}

data "partnercenter_subscribed_skus" "customer" {
  customer_id = var.customer_id
}

check "free_seats" {
  assert {
    condition = alltrue([
      for sku in data.partnercenter_subscribed_skus.customer.subscribed_skus : sku.available_units >= var.min_free_seats
    ])
    error_message = format("SKUs with fewer than %d free seats: %s", var.min_free_seats, join(", ", [
      for sku in data.partnercenter_subscribed_skus.customer.subscribed_skus :
      sku.product_sku.sku_part_number if sku.available_units < var.min_free_seats
    ]))
  }
}
