# Denies a plan whose rollout requests more seats than the customer has free.
# Input: `terraform show -json` of a plan of examples/policy.
package main

import rego.v1

# The subscribed SKUs read during the plan.
skus := [r.values |
	some r in input.prior_state.values.root_module.resources
	r.type == "partnercenter_subscribed_skus"
]

# Each rollout the plan would create or change.
rollouts := [rc.change.after.input |
	some rc in input.resource_changes
	rc.type == "terraform_data"
	rc.name == "rollout"
]

deny contains msg if {
	some rollout in rollouts
	some read in skus
	read.customer_id == rollout.customer_id
	free := read.available_units_by_part_number[rollout.sku]
	rollout.seats > free
	msg := sprintf("rollout requests %d %s seats for customer %s, but only %d are free", [rollout.seats, rollout.sku, rollout.customer_id, free])
}

deny contains msg if {
	some rollout in rollouts
	not seat_data_for(rollout)
	msg := sprintf("no Partner Center seat data for %s of customer %s in the plan", [rollout.sku, rollout.customer_id])
}

seat_data_for(rollout) if {
	some read in skus
	read.customer_id == rollout.customer_id
	read.available_units_by_part_number[rollout.sku]
}
