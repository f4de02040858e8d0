# The configuration `make demo` applies against the local emulator: a seat
# summary per SKU part number and a seat check. The endpoint and token come
# from PARTNERCENTER_ENDPOINT and PARTNERCENTER_ACCESS_TOKEN.
terraform {
  required_version = ">= 1.5.0"
  required_providers {
    partnercenter = {
      source = "partnercenter-terraform/partnercenter"
    }
  }
}

provider "partnercenter" {}

variable "customer_id" {
  description = "The customer's tenant id."
  type        = string
  default     = "0c39d6d5-c70d-4c55-bc02-f620844f3fd1"
}

variable "min_free_seats" {
  description = "The check warns about any SKU with fewer free seats than this."
  type        = number
  default     = 1
}

data "partnercenter_subscribed_skus" "customer" {
  customer_id = var.customer_id
}

locals {
  skus = data.partnercenter_subscribed_skus.customer.subscribed_skus
}

output "seat_summary" {
  description = "Seats per SKU part number."
  value = {
    for sku in local.skus : sku.product_sku.sku_part_number => {
      product   = sku.product_sku.name
      available = sku.available_units
      consumed  = sku.consumed_units
      total     = sku.total_units
    }
  }
}

check "free_seats" {
  assert {
    condition = alltrue([for sku in local.skus : sku.available_units >= var.min_free_seats])
    error_message = format("SKUs with fewer than %d free seats: %s", var.min_free_seats, join(", ", [
      for sku in local.skus : sku.product_sku.sku_part_number if sku.available_units < var.min_free_seats
    ]))
  }
}
