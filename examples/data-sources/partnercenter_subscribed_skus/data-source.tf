# Every subscribed SKU of a customer: both licence groups are read when
# license_group_ids is omitted.
data "partnercenter_subscribed_skus" "contoso" {
  customer_id = "0c39d6d5-c70d-4c55-bc02-f620844f3fd1"
}

# Free seats per SKU part number, e.g. { AAD_PREMIUM = 15, WIN_ENT_E5 = 71, ... }.
output "free_seats" {
  value = {
    for sku in data.partnercenter_subscribed_skus.contoso.subscribed_skus :
    sku.product_sku.sku_part_number => sku.available_units
  }
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
