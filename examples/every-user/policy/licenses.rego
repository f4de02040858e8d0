# Denies a plan whose rollout needs every user of a customer to hold one
# of some licences, when a user read in the same plan holds none, or could
# not be read: over every partnercenter_user_licenses_by_user of the plan,
# one or one per chunk of users.
# Input: `terraform show -json` of a plan of examples/every-user or
# examples/every-user-chunked.
package main

import rego.v1

# The bulk reads of the plan.
reads := [r.values |
	some r in input.prior_state.values.root_module.resources
	r.type == "partnercenter_user_licenses_by_user"
]

# Each rollout the plan would create or change.
rollouts := [rc.change.after.input |
	some rc in input.resource_changes
	rc.type == "terraform_data"
	rc.name == "rollout"
]

# Whether a user's part numbers hold one of wanted, in any case (part
# numbers keep Partner Center's spelling).
holds_one_of(parts, wanted) if {
	some part in parts
	some w in wanted
	upper(part) == upper(w)
}

# A user's name for a message: the principal name when the users were
# listed, else the key, which is the user as given.
name_of(read, user) := read.users[user].user_principal_name if {
	read.users[user].user_principal_name != null
} else := user

deny contains msg if {
	some rollout in rollouts
	some read in reads
	read.customer_id == rollout.customer_id
	some user, parts in read.sku_part_numbers
	not holds_one_of(parts, rollout.licenses_any_of)
	msg := sprintf("user %s of customer %s holds none of %s", [name_of(read, user), read.customer_id, concat(", ", rollout.licenses_any_of)])
}

# No user read for the rollout's customer is a wrong customer id, or a
# plan without the read, far more often than a tenant without users.
deny contains msg if {
	some rollout in rollouts
	count([u |
		some read in reads
		read.customer_id == rollout.customer_id
		some u, _ in object.union(read.sku_part_numbers, read.failed_users)
	]) == 0
	msg := sprintf("no user of customer %s was read: read partnercenter_user_licenses_by_user, and check customer_id", [rollout.customer_id])
}

# A user that could not be read (on_user_error = "warn") is in
# failed_users only; its licences are unknown, so the rollout is not
# cleared for it.
deny contains msg if {
	some read in reads
	some user, reason in read.failed_users
	msg := sprintf("user %s of customer %s could not be read (%s), so its licences are unknown", [user, read.customer_id, reason])
}
