# The two gates of examples/seats-in-context over the plan's JSON, against
# the plan's own timestamp (what plantimestamp() returns there):
# 1. denies a subscription that ends within ending_within_days without
#    renewing itself, with seats bought, in a customer with seats in use;
# 2. denies, for review, a subscription still inside its cancellation
#    window in a customer with at least review_free_seats_at_least free
#    seats, naming those free seats.
# A subscription names no SKU, so both gates join subscriptions to seats
# by customer only.
# Input: `terraform show -json` of a plan of examples/seats-in-context.
package main

import rego.v1

now := time.parse_rfc3339_ns(input.timestamp)

day_ns := (24 * 60) * (60 * 1000000000)

subscription_reads := [r.values |
	some r in input.prior_state.values.root_module.resources
	r.type == "partnercenter_subscriptions_by_customer"
]

sku_reads := [r.values |
	some r in input.prior_state.values.root_module.resources
	r.type == "partnercenter_subscribed_skus_by_customer"
]

reviews := [rc.change.after.input |
	some rc in input.resource_changes
	rc.type == "terraform_data"
	rc.name == "seat_review"
]

# Seats in use and free seats of a customer, over every SKU read.
consumed(customer) := sum([n |
	some read in sku_reads
	some sku in read.customers[customer].subscribed_skus
	n := object.get(sku, "consumed_units", 0)
	n != null
])

free(customer) := sum([n |
	some read in sku_reads
	some seats in [read.available_units[customer]]
	some m in seats
	m != null
	n := max([m, 0])
])

deny contains msg if {
	some review in reviews
	some read in subscription_reads
	some customer, ends in read.ending_without_auto_renew
	some id, end in ends
	t := time.parse_rfc3339_ns(end)
	t >= now
	t <= now + review.ending_within_days * day_ns
	object.get(read.quantities[customer], id, 0) > 0
	consumed(customer) > 0
	msg := sprintf("subscription %s of customer %s ends %s without auto-renewal, within %d days, while the customer's seats are in use (%d assigned)",
		[id, customer, end, review.ending_within_days, consumed(customer)])
}

deny contains msg if {
	some review in reviews
	some read in subscription_reads
	some customer, windows in read.cancellable_until
	some id, until in windows
	time.parse_rfc3339_ns(until) > now
	free(customer) >= review.review_free_seats_at_least
	msg := sprintf("review: subscription %s of customer %s (%d seats) can be cancelled until %s; the customer has %d free seats",
		[id, customer, object.get(read.quantities[customer], id, 0), until, free(customer)])
}

# A customer that could not be read is in failed_customers only.
deny contains msg if {
	some read in array.concat(subscription_reads, sku_reads)
	some customer, reason in read.failed_customers
	msg := sprintf("customer %s could not be read (%s)", [customer, reason])
}
