# Seats in context: every customer's active subscriptions and free seats
# in one plan, with two gates, each a check block here and an OPA policy
# over the plan's JSON in policy/:
# 1. a subscription that ends within N days without renewing itself, in a
#    customer whose seats are in use, blocks;
# 2. a subscription still inside its cancellation window is listed beside
#    its customer's free seats, for someone to decide whether to reduce it.
terraform {
  required_version = ">= 1.5.0"
  required_providers {
    partnercenter = { source = "partnercenter-terraform/partnercenter" }
  }
}

variable "ending_within_days" {
  description = "Gate 1: a subscription that ends within this many days without auto-renewal blocks."
  type        = number
  default     = 30
}

variable "review_free_seats_at_least" {
  description = "Gate 2: list the cancellable subscriptions of customers with at least this many free seats."
  type        = number
  default     = 1
}

data "partnercenter_subscriptions_by_customer" "all" {
  statuses          = ["active"]
  on_customer_error = "warn"
}

data "partnercenter_subscribed_skus_by_customer" "all" {
  on_customer_error = "warn"
}

locals {
  subs = data.partnercenter_subscriptions_by_customer.all
  skus = data.partnercenter_subscribed_skus_by_customer.all
  now  = plantimestamp()
  # The end of the window gate 1 looks at.
  horizon = timeadd(local.now, "${var.ending_within_days * 24}h")

  # Seats in use, by customer: the seats assigned over all its subscribed
  # SKUs. A subscription names no SKU, so this is the customer's, not the
  # subscription's: nothing Partner Center returns says which seats a
  # subscription's are.
  consumed = {
    for id, c in local.skus.customers :
    id => sum(concat([0], [for s in c.subscribed_skus : coalesce(s.consumed_units, 0)]))
  }
  # Free seats, by customer, summed over part numbers (negative ones, seats
  # over-assigned, count as none).
  free = {
    for id, seats in local.skus.available_units :
    id => sum(concat([0], [for n in values(seats) : max(coalesce(n, 0), 0)]))
  }

  # Gate 1: customer/subscription of each subscription that ends between
  # now and the horizon without renewing itself, with seats bought, in a
  # customer with seats in use.
  ending = flatten([
    for customer, ends in local.subs.ending_without_auto_renew : [
      for id, end in ends : "${customer}/${id} (${lookup(local.subs.quantities[customer], id, 0)} seats, ends ${end})"
      if timecmp(end, local.now) >= 0 && timecmp(end, local.horizon) <= 0
      && lookup(local.subs.quantities[customer], id, 0) > 0 && lookup(local.consumed, customer, 0) > 0
    ]
  ])

  # Gate 2: each subscription still inside its cancellation window, beside
  # its customer's free seats, in customers with enough free seats.
  cancellable = flatten([
    for customer, windows in local.subs.cancellable_until : [
      for id, until in windows :
      "${customer}/${id}: ${lookup(local.subs.quantities[customer], id, 0)} seats cancellable until ${until}; the customer has ${lookup(local.free, customer, 0)} free seats"
      if timecmp(until, local.now) > 0 && lookup(local.free, customer, 0) >= var.review_free_seats_at_least
    ]
  ])
}

check "subscriptions_ending_without_renewal" {
  assert {
    condition     = length(local.ending) == 0
    error_message = "Subscriptions that end within ${var.ending_within_days} days without auto-renewal while their customer's seats are in use: ${join("; ", sort(local.ending))}"
  }
  # A customer that could not be read is in failed_customers only: a gate
  # over the maps alone would pass it unseen.
  assert {
    condition     = length(local.subs.failed_customers) + length(local.skus.failed_customers) == 0
    error_message = "Customers that could not be read: ${join(", ", sort(distinct(concat(keys(local.subs.failed_customers), keys(local.skus.failed_customers)))))}"
  }
}

check "subscriptions_inside_their_cancellation_window" {
  assert {
    condition     = length(local.cancellable) == 0
    error_message = "Review before the cancellation window closes: ${join("; ", sort(local.cancellable))}"
  }
}

# The gates' settings, which the policy reads from the plan.
resource "terraform_data" "seat_review" {
  input = { ending_within_days = var.ending_within_days, review_free_seats_at_least = var.review_free_seats_at_least }
}

output "ending_without_renewal" {
  value = local.ending
}

output "cancellable" {
  value = local.cancellable
}
