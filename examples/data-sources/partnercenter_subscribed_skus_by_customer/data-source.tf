# Free seats of every customer of the partner, in one data source: the
# customers list is read, then each customer once.
data "partnercenter_subscribed_skus_by_customer" "all" {
  sku_part_numbers = ["WIN_ENT_E5", "AAD_PREMIUM"]
  # A customer you no longer resell to (403, code 20002) is reported in
  # failed_customers instead of failing the run.
  on_customer_error = "warn"
}

# Free WIN_ENT_E5 seats by customer id.
output "win_ent_e5_free" {
  value = {
    for id, seats in data.partnercenter_subscribed_skus_by_customer.all.available_units :
    id => lookup(seats, "WIN_ENT_E5", 0)
  }
}

output "unreadable_customers" {
  value = data.partnercenter_subscribed_skus_by_customer.all.failed_customers
}

# A chosen set of customers, with their service plans.
data "partnercenter_subscribed_skus_by_customer" "some" {
  customer_ids          = ["0c39d6d5-c70d-4c55-bc02-f620844f3fd1", "7d1a3b2c-4e5f-4a6b-8c7d-9e0f1a2b3c4d"]
  include_service_plans = true
}
