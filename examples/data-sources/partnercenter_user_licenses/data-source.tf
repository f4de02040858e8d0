# A user's licences, by user principal name (an object id GUID works too).
data "partnercenter_user_licenses" "adele" {
  customer_id = "0c39d6d5-c70d-4c55-bc02-f620844f3fd1"
  user_id     = "adele.vance@contoso.onmicrosoft.com"
}

# Does Adele have Windows 10 Enterprise E5?
output "adele_has_e5" {
  value = contains(data.partnercenter_user_licenses.adele.sku_part_numbers, "WIN_ENT_E5")
}

output "adele_products" {
  value = [for l in data.partnercenter_user_licenses.adele.licenses : l.product_sku.sku_part_number]
}

# Guest users keep their #EXT# user principal name; it is escaped for you.
data "partnercenter_user_licenses" "guest" {
  customer_id       = "0c39d6d5-c70d-4c55-bc02-f620844f3fd1"
  user_id           = "bob_fabrikam.com#EXT#@contoso.onmicrosoft.com"
  license_group_ids = ["Group1"]
}
