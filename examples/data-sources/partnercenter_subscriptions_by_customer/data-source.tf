# Every customer's active subscriptions, in one data source: the customers
# list is read, then each customer once.
data "partnercenter_subscriptions_by_customer" "all" {
  statuses = ["active"]
  # A customer you no longer resell to (403, code 20002) is reported in
  # failed_customers instead of failing the run.
  on_customer_error = "warn"
}

# By customer, the subscriptions that end within 30 days without renewing.
output "ending_within_30_days" {
  value = {
    for customer, ends in data.partnercenter_subscriptions_by_customer.all.ending_without_auto_renew :
    customer => [for id, end in ends : id if timecmp(end, timeadd(plantimestamp(), "720h")) <= 0]
  }
}

output "customers_whose_subscriptions_failed" {
  value = data.partnercenter_subscriptions_by_customer.all.failed_customers
}
