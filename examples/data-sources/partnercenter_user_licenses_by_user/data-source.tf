# The licences of every user of a customer, in one data source: the users
# list is read, then each user once. 2,000 users take one data source
# here, where partnercenter_user_licenses under for_each takes 2,000.
data "partnercenter_user_licenses_by_user" "contoso" {
  customer_id = "0c39d6d5-c70d-4c55-bc02-f620844f3fd1"
  # A user deleted after the list was read is reported in failed_users
  # instead of failing the run.
  on_user_error = "warn"
}

# The principal names of the users without WIN_ENT_E5.
output "users_without_e5" {
  value = [
    for id, parts in data.partnercenter_user_licenses_by_user.contoso.sku_part_numbers :
    data.partnercenter_user_licenses_by_user.contoso.users[id].user_principal_name
    if !contains(parts, "WIN_ENT_E5")
  ]
}

output "unreadable_users" {
  value = data.partnercenter_user_licenses_by_user.contoso.failed_users
}

# Chosen users, by object id or principal name (a guest's included), in
# one licence group; keys are the names as given, in lower case.
data "partnercenter_user_licenses_by_user" "some" {
  customer_id       = "0c39d6d5-c70d-4c55-bc02-f620844f3fd1"
  user_ids          = ["adele.vance@contoso.onmicrosoft.com", "bob_fabrikam.com#EXT#@contoso.onmicrosoft.com"]
  license_group_ids = ["Group1"]
}
