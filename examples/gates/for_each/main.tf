# One seat summary per customer, for a map of customers.
terraform {
  required_version = ">= 1.5.0"
  required_providers {
    partnercenter = { source = "partnercenter-terraform/partnercenter" }
  }
}

variable "customers" {
  description = "Customers by name: their tenant ids."
  type        = map(string)
  default = {
    contoso  = "0c39d6d5-c70d-4c55-bc02-f620844f3fd1"
    fabrikam = "7d1a3b2c-4e5f-4a6b-8c7d-9e0f1a2b3c4d"
  }
}

data "partnercenter_subscribed_skus" "customer" {
  for_each    = var.customers
  customer_id = each.value
}

output "seat_summary" {
  description = "Per customer: free and total seats per SKU part number, and the SKUs with no free seat."
  value = {
    for name, skus in data.partnercenter_subscribed_skus.customer : name => {
      free  = { for part, sku in skus.skus_by_part_number : part => sku.available_units }
      total = { for part, sku in skus.skus_by_part_number : part => sku.total_units }
      full  = [for part, sku in skus.skus_by_part_number : part if sku.available_units == 0]
    }
  }
}
