# Runs without any Partner Center: the provider is mocked. The module reads
# the flat available_units_by_part_number map, which mocks can fill
# (terraform test leaves nested attributes such as skus_by_part_number empty).
mock_provider "partnercenter" {
  mock_data "partnercenter_subscribed_skus" {
    defaults = {
      available_units_by_part_number = { WIN_ENT_E5 = 3 }
    }
  }
}

variables {
  customer_id     = "0c39d6d5-c70d-4c55-bc02-f620844f3fd1"
  sku_part_number = "WIN_ENT_E5"
}

run "enough_seats" {
  command = plan
  variables {
    seats_requested = 2
  }
  assert {
    condition     = output.seats_left_after_rollout == 1
    error_message = "2 of 3 free seats should leave 1."
  }
}

run "too_few_seats" {
  command = plan
  variables {
    seats_requested = 4
  }
  expect_failures = [terraform_data.rollout]
}
