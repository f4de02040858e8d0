# Every user of a customer, over every page.
data "partnercenter_customer_users" "contoso" {
  customer_id = "0c39d6d5-c70d-4c55-bc02-f620844f3fd1"
}

output "contoso_user_count" {
  value = data.partnercenter_customer_users.contoso.total_count
}

# User principal names by object id.
output "contoso_user_names" {
  value = { for u in data.partnercenter_customer_users.contoso.users : u.id => u.user_principal_name }
}

# Fields Partner Center leaves out are null: usage_location is missing on
# some users, and last_directory_sync_time is set only for users synced
# from an on-premises directory.
output "contoso_users_without_usage_location" {
  value = [for u in data.partnercenter_customer_users.contoso.users : u.user_principal_name if u.usage_location == null]
}
