# Denies a plan whose rollout would assign more seats in some customer than
# that customer has free, across every customer one data source read.
# Input: `terraform show -json` of a plan of examples/every-customer.
package main

import rego.v1

# Free seats by customer id, then part number, as read during the plan.
available := r.values.available_units if {
	some r in input.prior_state.values.root_module.resources
	r.type == "partnercenter_subscribed_skus_by_customer"
}

# Each rollout the plan would create or change.
rollouts := [rc.change.after.input |
	some rc in input.resource_changes
	rc.type == "terraform_data"
	rc.name == "rollout"
]

deny contains msg if {
	some rollout in rollouts
	some customer, seats in available
	free := seats[rollout.sku]
	rollout.seats_per_customer > free
	msg := sprintf("customer %s has %d free %s seats; the rollout assigns %d", [customer, free, rollout.sku, rollout.seats_per_customer])
}

deny contains msg if {
	count(rollouts) > 0
	not available
	msg := "no Partner Center seat data in the plan: read partnercenter_subscribed_skus_by_customer"
}
