# Check seats across every customer of the partner in chunks: one
# partnercenter_customers lists them, one bulk read per chunk of ids reads
# their seats, and the chunks are merged before the same check as in
# examples/every-customer. Each read's state stays small; the requests are
# the same as one read's. The plan's JSON feeds the same OPA policy. Like
# examples/every-customer, it needs Terraform 1.8 or OpenTofu 1.7.
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

variable "chunk_size" {
  description = "Customers a read: smaller keeps each read's state smaller, at one more data source a chunk."
  type        = number
  default     = 500
}

# Listed once, at plan: it must not wait for a resource (no depends_on,
# no argument known only at apply), as count below needs the number of
# chunks then.
data "partnercenter_customers" "all" {}

locals {
  chunks = chunklist(data.partnercenter_customers.all.customer_ids, var.chunk_size)
}

# One read per chunk. count, not for_each: data sources are read afresh on
# every plan, so a chunk whose customers shift when one is added costs
# nothing.
data "partnercenter_subscribed_skus_by_customer" "chunk" {
  count = length(local.chunks)

  customer_ids      = local.chunks[count.index]
  sku_part_numbers  = [var.sku_part_number]
  on_customer_error = "warn"
}

locals {
  # The chunks merged: every customer is in one chunk only.
  available_units  = merge([for c in data.partnercenter_subscribed_skus_by_customer.chunk : c.available_units]...)
  failed_customers = merge([for c in data.partnercenter_subscribed_skus_by_customer.chunk : c.failed_customers]...)

  # From here on, as in examples/every-customer.
  with_sku = { for id, seats in local.available_units : id => seats if length(seats) > 0 }
  short    = provider::partnercenter::seat_shortfalls(local.with_sku, { (var.sku_part_number) = var.seats_per_customer })
  free     = { for id, seats in local.with_sku : id => sum([for n in values(seats) : coalesce(n, 0)]) }
}

check "seats_across_every_customer" {
  assert {
    condition     = length(local.with_sku) > 0
    error_message = "No customer has ${var.sku_part_number}: check the part number against the keys of available_units."
  }
  assert {
    condition     = length(local.short) == 0
    error_message = "Customers with fewer than ${var.seats_per_customer} free ${var.sku_part_number} seats: ${join(", ", sort(keys(local.short)))}"
  }
  # Every chunk's failed_customers, merged: a customer that could not be
  # read is in no chunk's available_units.
  assert {
    condition     = length(local.failed_customers) == 0
    error_message = "Customers whose seats could not be read: ${join(", ", sort(keys(local.failed_customers)))}"
  }
}

resource "terraform_data" "rollout" {
  input = { sku = var.sku_part_number, seats_per_customer = var.seats_per_customer }
}

output "free_seats" {
  value = local.free
}
