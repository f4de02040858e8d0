# Every customer's seat gate in one expression: customer id to part number
# to seats missing, leaving out the customers with enough. A customer
# without the SKU is short of all 10 seats.
data "partnercenter_subscribed_skus_by_customer" "all" {
  sku_part_numbers  = ["WIN_ENT_E5"]
  on_customer_error = "warn"
}

locals {
  fleet_short = provider::partnercenter::seat_shortfalls(
    data.partnercenter_subscribed_skus_by_customer.all.available_units,
    { WIN_ENT_E5 = 10 },
  )
}

check "seats_across_every_customer" {
  assert {
    condition     = length(local.fleet_short) == 0
    error_message = "Customers short of seats: ${jsonencode(local.fleet_short)}"
  }
  # A customer that could not be read is in failed_customers only, where
  # the function cannot see it.
  assert {
    condition     = length(data.partnercenter_subscribed_skus_by_customer.all.failed_customers) == 0
    error_message = "Customers not read: ${join(", ", keys(data.partnercenter_subscribed_skus_by_customer.all.failed_customers))}"
  }
}
