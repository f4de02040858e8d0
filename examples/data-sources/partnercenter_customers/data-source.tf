# Every customer of the partner, over every page.
data "partnercenter_customers" "all" {}

output "customer_count" {
  value = data.partnercenter_customers.all.total_count
}

# Only the customers whose company name starts with "Contoso", in any case.
data "partnercenter_customers" "contoso" {
  company_name_prefix = "Contoso"
}

# Customer ids by company name.
output "customer_ids_by_name" {
  value = { for c in data.partnercenter_customers.all.customers : c.company_name => c.id }
}
