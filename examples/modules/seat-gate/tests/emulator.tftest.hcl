# Runs against the local Partner Center emulator: set PARTNERCENTER_ENDPOINT
# and PARTNERCENTER_ACCESS_TOKEN (make examples does).
variables {
  customer_id     = "0c39d6d5-c70d-4c55-bc02-f620844f3fd1"
  sku_part_number = "WIN_ENT_E5"
}

run "seed_customer_has_71_free_e5_seats" {
  command = plan
  variables {
    seats_requested = 10
  }
  assert {
    condition     = output.free_seats == 71
    error_message = "The seed customer has 71 free WIN_ENT_E5 seats."
  }
}

run "rollout_larger_than_free_seats_is_blocked" {
  command = plan
  variables {
    seats_requested = 72
  }
  expect_failures = [terraform_data.rollout]
}
