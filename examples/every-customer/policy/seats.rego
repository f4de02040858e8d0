# Denies a plan whose rollout would assign more seats in some customer than
# that customer has free, across every customer one data source read, or
# several reading a chunk of the customers each.
# Input: `terraform show -json` of a plan of examples/every-customer or
# examples/every-customer-chunked.
package main

import rego.v1

# The bulk reads of the plan: one, or one per chunk of customers.
reads := [r.values |
	some r in input.prior_state.values.root_module.resources
	r.type == "partnercenter_subscribed_skus_by_customer"
]

# Free seats by customer id, then part number, as read during the plan,
# merged over the reads (a customer is in one chunk only).
available := object.union_n([read.available_units | some read in reads]) if {
	count(reads) > 0
}

# Each rollout the plan would create or change.
rollouts := [rc.change.after.input |
	some rc in input.resource_changes
	rc.type == "terraform_data"
	rc.name == "rollout"
]

# The free seats of sku in a customer's seats, matching the part number in
# any case (the data source's filter does; the keys keep Partner Center's
# spelling); undefined when the customer has no such SKU.
free_of(seats, sku) := sum(matches) if {
	matches := [n | some part, n in seats; upper(part) == upper(sku)]
	count(matches) > 0
}

deny contains msg if {
	some rollout in rollouts
	some customer, seats in available
	free := free_of(seats, rollout.sku)
	rollout.seats_per_customer > free
	msg := sprintf("customer %s has %d free %s seats; the rollout assigns %d", [customer, free, rollout.sku, rollout.seats_per_customer])
}

# No customer with the SKU at all is far more often a misspelt part number
# than a rollout with nobody to roll out to.
deny contains msg if {
	some rollout in rollouts
	available
	count([c | some c, seats in available; free_of(seats, rollout.sku)]) == 0
	msg := sprintf("no customer has %s: check the part number against the keys of available_units", [rollout.sku])
}

deny contains msg if {
	count(rollouts) > 0
	not available
	msg := "no Partner Center seat data in the plan: read partnercenter_subscribed_skus_by_customer"
}

# A customer that could not be read (on_customer_error = "warn") is in
# failed_customers only; its seats are unknown, so the rollout is not
# cleared for it.
deny contains msg if {
	some read in reads
	some customer, reason in read.failed_customers
	msg := sprintf("customer %s could not be read (%s), so its seats are unknown", [customer, reason])
}
