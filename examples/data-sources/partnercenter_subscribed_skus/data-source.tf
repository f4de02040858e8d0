# Every subscribed SKU of a customer: both licence groups are read when
# license_group_ids is omitted.
data "partnercenter_subscribed_skus" "contoso" {
  customer_id = "0c39d6d5-c70d-4c55-bc02-f620844f3fd1"
}

# One SKU's free seats, by part number.
output "aad_premium_free_seats" {
  value = data.partnercenter_subscribed_skus.contoso.skus_by_part_number["AAD_PREMIUM"].available_units
}

# Free seats per SKU part number, e.g. { AAD_PREMIUM = 15, WIN_ENT_E5 = 71, ... }.
output "free_seats" {
  value = {
    for part, sku in data.partnercenter_subscribed_skus.contoso.skus_by_part_number : part => sku.available_units
  }
}

# Only the SKUs a rollout needs, and fail the read if one is missing, so a
# typo or a lapsed subscription cannot let a gate pass. Matching is exact
# and case-insensitive, never a substring match.
data "partnercenter_subscribed_skus" "contoso_rollout" {
  customer_id      = "0c39d6d5-c70d-4c55-bc02-f620844f3fd1"
  sku_part_numbers = ["WIN_ENT_E5", "AAD_PREMIUM"]
  require_all_skus = true
}

# Only the Minecraft (Group2) products.
data "partnercenter_subscribed_skus" "contoso_minecraft" {
  customer_id       = "0c39d6d5-c70d-4c55-bc02-f620844f3fd1"
  license_group_ids = ["Group2"]
}

# Warn, without failing the run, when any SKU is about to run out of seats.
check "contoso_free_seats" {
  assert {
    condition = alltrue([
      for sku in data.partnercenter_subscribed_skus.contoso.subscribed_skus : sku.available_units >= 1
    ])
    error_message = "A Contoso SKU has no free seats left."
  }
}
