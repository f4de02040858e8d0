# A customer's active subscriptions, with their term and renewal.
data "partnercenter_customer_subscriptions" "contoso" {
  customer_id = "0c39d6d5-c70d-4c55-bc02-f620844f3fd1"
  statuses    = ["active"]
}

# The subscriptions that will not renew themselves, with the end of their
# term (RFC 3339, so timecmp and timeadd take it as it is).
output "ending_without_renewal" {
  value = {
    for s in data.partnercenter_customer_subscriptions.contoso.subscriptions :
    s.id => s.commitment_end_date if s.auto_renew_enabled == false && s.commitment_end_date != null
  }
}

# The subscriptions whose seats can still be reduced in this term.
output "still_cancellable" {
  value = [
    for s in data.partnercenter_customer_subscriptions.contoso.subscriptions :
    "${s.offer_name}: ${s.quantity} seats until ${s.cancellation_allowed_until_date}"
    if s.cancellation_allowed_until_date != null && timecmp(coalesce(s.cancellation_allowed_until_date, "1970-01-01T00:00:00Z"), plantimestamp()) > 0
  ]
}
