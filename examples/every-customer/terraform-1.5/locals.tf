# The locals block of examples/every-customer/main.tf for Terraform 1.5 to
# 1.7, which have no provider functions: the same values in plain HCL,
# comparing part numbers in upper case and summing every key that matches,
# as seat_shortfalls does.
locals {
  wanted = upper(var.sku_part_number)
  # Free seats of the SKU, for each customer that has it.
  free = {
    for id, seats in data.partnercenter_subscribed_skus_by_customer.all.available_units :
    id => sum([for part, n in seats : coalesce(n, 0) if upper(part) == local.wanted])
    if anytrue([for part in keys(seats) : upper(part) == local.wanted])
  }
  with_sku = local.free
  # Customer id to the seats missing, for the customers short of seats.
  short = { for id, free in local.free : id => var.seats_per_customer - free if free < var.seats_per_customer }
}
