# A rollout's seat gate for one customer in one expression: the part
# numbers with fewer free seats than the rollout needs, and how many are
# missing. Part numbers match in any case, and one the customer does not
# have (a typo) counts as 0 free seats, so it blocks.
data "partnercenter_subscribed_skus" "contoso" {
  customer_id = "0c39d6d5-c70d-4c55-bc02-f620844f3fd1"
}

locals {
  contoso_short = provider::partnercenter::seat_shortfall(
    data.partnercenter_subscribed_skus.contoso.available_units_by_part_number,
    { win_ent_e5 = 25, AAD_PREMIUM = 5 },
  )
}

check "seats" {
  assert {
    condition     = length(local.contoso_short) == 0
    error_message = "Seats missing: ${jsonencode(local.contoso_short)}"
  }
}

# Pure and offline: it works on any map(number), with no request to
# Partner Center. This is { WIN_ENT_E55 = 1 }: no such SKU, so 1 is missing.
output "typo" {
  value = provider::partnercenter::seat_shortfall({ WIN_ENT_E5 = 71 }, { WIN_ENT_E55 = 1 })
}
