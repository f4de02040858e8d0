#!/usr/bin/env bash
# make examples: run every example and guide against the emulator with a real
# terraform, and check that each gate passes and blocks when it should.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# conftest as `make examples` builds it (GNUmakefile, CONFTEST).
conftest="${CONFTEST:?set CONFTEST to a conftest binary, or run make examples}"
passed=0
failed=0
pass() { echo "    PASS: $1"; passed=$((passed + 1)); }
fail() { echo "    FAIL: $1" >&2; failed=$((failed + 1)); }

# expect_success NAME CMD...: CMD must succeed; its output is kept in $out.
expect_success() {
  local name=$1; shift
  if out="$("$@" 2>&1)"; then pass "$name"; else fail "$name"; echo "$out" >&2; fi
}
# expect_failure NAME PATTERN CMD...: CMD must fail with PATTERN in its output.
expect_failure() {
  local name=$1 pattern=$2; shift 2
  if out="$("$@" 2>&1)"; then fail "$name (it succeeded)"; echo "$out" >&2
  elif grep -qE "$pattern" <<<"$out"; then pass "$name"
  else fail "$name (no /$pattern/ in the output)"; echo "$out" >&2; fi
}
# plan_json DIR VARIABLE VALUE: the JSON of a plan of DIR with VARIABLE=VALUE,
# written to DIR/plan-VALUE.json, for the policies.
plan_json() {
  terraform -chdir="$1" plan -input=false -no-color -var "$2=$3" -out="$1/plan-$3.bin" >/dev/null
  terraform -chdir="$1" show -json "$1/plan-$3.bin" >"$1/plan-$3.json"
}

# expect_output NAME PATTERN: the last command's output, with Terraform's
# line wrapping undone, must match PATTERN.
expect_output() {
  if grep -qE "$2" <<<"$(tr -s '[:space:]' ' ' <<<"$out")"; then pass "$1"; else fail "$1 (no /$2/ in the output)"; echo "$out" >&2; fi
}

start_emulator

echo "==> examples/gates/check: a check block warns when a SKU has fewer than N free seats"
dir="$(copy_example gates/check)"
expect_success "check passes with min_free_seats=1" terraform -chdir="$dir" apply -auto-approve -input=false -no-color
expect_output "no warning with min_free_seats=1" "Apply complete"
grep -q "Check block assertion failed" <<<"$out" && fail "a warning with min_free_seats=1"
expect_success "plan with min_free_seats=20" terraform -chdir="$dir" plan -input=false -no-color -var min_free_seats=20
expect_output "check warns with min_free_seats=20, naming the SKUs" "SKUs with fewer than 20 free seats: AAD_PREMIUM, AX_TASK_USER"

echo "==> examples/gates/precondition: a rollout is blocked when it asks for more seats than are free"
dir="$(copy_example gates/precondition)"
expect_success "2 users onboard (71 free)" terraform -chdir="$dir" apply -auto-approve -input=false -no-color
expect_failure "80 users are blocked" "needs 80 WIN_ENT_E5 seats, but only 71 are free" \
  terraform -chdir="$dir" plan -input=false -no-color -var "new_users=[$(seq -s, -f '"u%g@contoso.com"' 1 80)]"
expect_failure "a misspelt SKU fails the plan" "Required SKUs Not Found" \
  terraform -chdir="$dir" plan -input=false -no-color -var sku_part_number=WIN_ENT_E6

echo "==> examples/gates/for_each: one seat summary per customer"
dir="$(copy_example gates/for_each)"
expect_success "apply" terraform -chdir="$dir" apply -auto-approve -input=false -no-color
expect_success "output" terraform -chdir="$dir" output -json seat_summary
expect_output "contoso has 71 free WIN_ENT_E5 seats" '"WIN_ENT_E5":71'
expect_output "fabrikam has no SKUs" '"fabrikam":\{"free":\{\},"full":\[\],"total":\{\}\}'

echo "==> examples/modules/seat-gate: terraform test, mocked and against the emulator"
dir="$(copy_example modules/seat-gate)"
expect_success "terraform test" terraform -chdir="$dir" test -no-color
expect_output "all four runs pass" "Success! 4 passed, 0 failed"

echo "==> examples/policy: an OPA policy (conftest) on the plan's JSON"
if [ ! -x "$conftest" ]; then
  echo "conftest is not built: run 'make tools'" >&2
  exit 1
fi
dir="$(copy_example policy)"
plan_json "$dir" seats_requested 10
plan_json "$dir" seats_requested 100
expect_success "10 seats pass the policy" "$conftest" test --no-color -p "$dir/policy" "$dir/plan-10.json"
expect_failure "100 seats are denied" "rollout requests 100 WIN_ENT_E5 seats for customer 0c39d6d5-c70d-4c55-bc02-f620844f3fd1, but only 71 are free" \
  "$conftest" test --no-color -p "$dir/policy" "$dir/plan-100.json"

echo "==> examples/every-customer: every customer in one data source, a check and an OPA policy"
dir="$(copy_example every-customer)"
expect_success "10 seats a customer: the check passes" terraform -chdir="$dir" apply -auto-approve -input=false -no-color
grep -q "Check block assertion failed" <<<"$out" && fail "a warning with 10 seats a customer"
expect_success "plan with 100 seats a customer" terraform -chdir="$dir" plan -input=false -no-color -var seats_per_customer=100
expect_output "the check names the customer short of seats" "fewer than 100 free WIN_ENT_E5 seats: 0c39d6d5-c70d-4c55-bc02-f620844f3fd1"
plan_json "$dir" seats_per_customer 10
plan_json "$dir" seats_per_customer 100
expect_success "10 seats a customer pass the policy" "$conftest" test --no-color -p "$dir/policy" "$dir/plan-10.json"
expect_failure "100 seats a customer are denied" "customer 0c39d6d5-c70d-4c55-bc02-f620844f3fd1 has 71 free WIN_ENT_E5 seats; the rollout assigns 100" \
  "$conftest" test --no-color -p "$dir/policy" "$dir/plan-100.json"
# The part number in another case is the same SKU; a misspelt one is no SKU
# at all, which must block, not pass with nobody short.
expect_success "plan with win_ent_e5 and 100 seats" terraform -chdir="$dir" plan -input=false -no-color -var sku_part_number=win_ent_e5 -var seats_per_customer=100
expect_output "the part number in lower case is checked" "fewer than 100 free win_ent_e5 seats: 0c39d6d5-c70d-4c55-bc02-f620844f3fd1"
expect_success "plan with a misspelt part number" terraform -chdir="$dir" plan -input=false -no-color -var sku_part_number=WIN_ENT_E55
expect_output "a misspelt part number is named" "No customer has WIN_ENT_E55: check the part number"
terraform -chdir="$dir" plan -input=false -no-color -var sku_part_number=win_ent_e5 -var seats_per_customer=100 -out="$dir/plan-win_ent_e5.bin" >/dev/null
terraform -chdir="$dir" show -json "$dir/plan-win_ent_e5.bin" >"$dir/plan-win_ent_e5.json"
plan_json "$dir" sku_part_number WIN_ENT_E55
expect_failure "the policy checks the part number in lower case" "customer 0c39d6d5-c70d-4c55-bc02-f620844f3fd1 has 71 free win_ent_e5 seats; the rollout assigns 100" \
  "$conftest" test --no-color -p "$dir/policy" "$dir/plan-win_ent_e5.json"
expect_failure "the policy denies a misspelt part number" "no customer has WIN_ENT_E55" \
  "$conftest" test --no-color -p "$dir/policy" "$dir/plan-WIN_ENT_E55.json"

echo "==> examples/every-customer for Terraform 1.5 to 1.7: the guide's plain-HCL locals in place of seat_shortfalls"
# The guide's two edits: required_version back to 1.5, and the locals block
# of main.tf replaced by terraform-1.5/locals.tf.
dir="$work/examples/every-customer-terraform-1.5"
mkdir -p "$dir"
awk 'skip && /^}/ { skip = 0; next } /^locals \{/ { skip = 1 } !skip { sub(/">= 1\.8\.0"/, "\">= 1.5.0\""); print }' \
  "$root/examples/every-customer/main.tf" >"$dir/main.tf"
cp "$root/examples/every-customer/terraform-1.5/locals.tf" "$dir/"
if grep -q 'provider::\|>= 1.8.0' "$dir/main.tf"; then fail "the 1.5 configuration still needs 1.8"; cat "$dir/main.tf" >&2; fi
expect_success "10 seats a customer: the check passes" terraform -chdir="$dir" apply -auto-approve -input=false -no-color
grep -q "Check block assertion failed" <<<"$out" && fail "a warning with 10 seats a customer"
expect_success "plan with win_ent_e5 and 100 seats" terraform -chdir="$dir" plan -input=false -no-color -var sku_part_number=win_ent_e5 -var seats_per_customer=100
expect_output "the part number in lower case is checked" "fewer than 100 free win_ent_e5 seats: 0c39d6d5-c70d-4c55-bc02-f620844f3fd1"
expect_success "plan with a misspelt part number" terraform -chdir="$dir" plan -input=false -no-color -var sku_part_number=WIN_ENT_E55
expect_output "a misspelt part number is named" "No customer has WIN_ENT_E55: check the part number"

echo "==> examples/every-customer-chunked: every customer in chunks of 3, merged, the same check and policy"
# Seven generated customers beside the default two, all but fabrikam with
# the seed's 71 free WIN_ENT_E5 seats: nine ids, three chunks.
restart_emulator -customers 7
dir="$(copy_example every-customer-chunked)"
generated="00000000-0000-4000-8000-000000000000"
expect_success "10 seats a customer: the check passes" terraform -chdir="$dir" apply -auto-approve -input=false -no-color -var chunk_size=3
grep -q "Check block assertion failed" <<<"$out" && fail "a warning with 10 seats a customer"
expect_success "the chunks are read" terraform -chdir="$dir" state list
if [ "$(grep -c '^data.partnercenter_subscribed_skus_by_customer.chunk\[[0-2]\]$' <<<"$out")" -eq 3 ] && [ "$(grep -c chunk <<<"$out")" -eq 3 ]; then
  pass "three chunks"
else fail "not three chunks"; echo "$out" >&2; fi
expect_success "free seats of every customer" terraform -chdir="$dir" output -json free_seats
if [ "$(grep -o '":71' <<<"$out" | wc -l)" -eq 8 ]; then pass "8 customers with 71 free seats, merged"
else fail "not 8 customers with 71 free seats"; echo "$out" >&2; fi
expect_success "plan with 100 seats a customer" terraform -chdir="$dir" plan -input=false -no-color -var chunk_size=3 -var seats_per_customer=100
expect_output "the check names every customer short of seats, from every chunk" \
  "fewer than 100 free WIN_ENT_E5 seats: $generated, .*00000006-0000-4000-8000-000000000006, 0c39d6d5-c70d-4c55-bc02-f620844f3fd1"
expect_success "plan with a misspelt part number" terraform -chdir="$dir" plan -input=false -no-color -var chunk_size=3 -var sku_part_number=WIN_ENT_E55
expect_output "a misspelt part number is named" "No customer has WIN_ENT_E55: check the part number"
# The policy of examples/every-customer merges the chunks itself.
for seats in 10 100; do
  terraform -chdir="$dir" plan -input=false -no-color -var chunk_size=3 -var seats_per_customer=$seats -out="$dir/plan-$seats.bin" >/dev/null
  terraform -chdir="$dir" show -json "$dir/plan-$seats.bin" >"$dir/plan-$seats.json"
done
expect_success "10 seats a customer pass the policy" "$conftest" test --no-color -p "$root/examples/every-customer/policy" "$dir/plan-10.json"
expect_failure "100 seats a customer are denied in every chunk" "customer $generated has 71 free WIN_ENT_E5 seats; the rollout assigns 100" \
  "$conftest" test --no-color -p "$root/examples/every-customer/policy" "$dir/plan-100.json"
expect_output "the policy denies all 8 customers" "8 failures"

echo "==> examples/every-user: every user's licences in one data source, a check and an OPA policy"
# One generated customer of 30 users in pages of 10: user k holds
# AAD_PREMIUM, WIN_ENT_E5 or both in turn, so every user holds one of the
# two, and users 1, 4, ..., 28 lack WIN_ENT_E5.
restart_emulator -customers 1 -users-per-customer 30 -page-size 10
dir="$(copy_example every-user)"
customer="00000000-0000-4000-8000-000000000000"
expect_success "AAD_PREMIUM or WIN_ENT_E5: the check passes" terraform -chdir="$dir" apply -auto-approve -input=false -no-color
grep -q "Check block assertion failed" <<<"$out" && fail "a warning with AAD_PREMIUM or WIN_ENT_E5"
expect_success "plan with WIN_ENT_E5 alone" terraform -chdir="$dir" plan -input=false -no-color -var 'licenses_any_of=["WIN_ENT_E5"]'
expect_output "the check names the 10 users without it" "10 users hold none of WIN_ENT_E5: user00001@00000000.onmicrosoft.com, .*user00028@00000000.onmicrosoft.com"
expect_success "plan with win_ent_e5 in lower case" terraform -chdir="$dir" plan -input=false -no-color -var 'licenses_any_of=["win_ent_e5"]'
expect_output "the part number in lower case is checked" "10 users hold none of win_ent_e5"
# The default fixture's fabrikam has one user, without licences: [].
expect_success "plan with a user without licences" terraform -chdir="$dir" plan -input=false -no-color -var customer_id=7d1a3b2c-4e5f-4a6b-8c7d-9e0f1a2b3c4d
expect_output "a user without licences is named" "1 users hold none of AAD_PREMIUM, WIN_ENT_E5: new.hire@fabrikam.onmicrosoft.com"
for wanted in both e5; do
  licenses='["AAD_PREMIUM","WIN_ENT_E5"]'; [ "$wanted" = e5 ] && licenses='["WIN_ENT_E5"]'
  terraform -chdir="$dir" plan -input=false -no-color -var "licenses_any_of=$licenses" -out="$dir/plan-$wanted.bin" >/dev/null
  terraform -chdir="$dir" show -json "$dir/plan-$wanted.bin" >"$dir/plan-$wanted.json"
done
expect_success "every user holds one: the policy passes" "$conftest" test --no-color -p "$dir/policy" "$dir/plan-both.json"
expect_failure "users without WIN_ENT_E5 are denied" "user user00004@00000000.onmicrosoft.com of customer $customer holds none of WIN_ENT_E5" \
  "$conftest" test --no-color -p "$dir/policy" "$dir/plan-e5.json"
expect_output "the policy denies all 10" "10 failures"
plan_json "$dir" customer_id 7d1a3b2c-4e5f-4a6b-8c7d-9e0f1a2b3c4d
expect_failure "the policy denies a user without licences" "user new.hire@fabrikam.onmicrosoft.com of customer 7d1a3b2c-4e5f-4a6b-8c7d-9e0f1a2b3c4d holds none of" \
  "$conftest" test --no-color -p "$dir/policy" "$dir/plan-7d1a3b2c-4e5f-4a6b-8c7d-9e0f1a2b3c4d.json"
# A user refused (403) is in failed_users: the check and the policy name it.
second="$(curl -sf -H "Authorization: Bearer $PARTNERCENTER_ACCESS_TOKEN" "$PARTNERCENTER_ENDPOINT/v1/customers/$customer/users?size=2" | grep -o '"id":"[^"]*"' | sed -n 2p | cut -d'"' -f4)"
restart_emulator -customers 1 -users-per-customer 30 -page-size 10 -fault "kind=error,status=403,code=900150,description=Access denied.,user=$second"
expect_success "plan with a refused user" terraform -chdir="$dir" plan -input=false -no-color
expect_output "the check names the refused user" "Users whose licences could not be read: $second"
plan_json "$dir" customer_id "$customer"
expect_failure "the policy denies a refused user" "user $second of customer $customer could not be read \(HTTP 403 code 900150: Access denied.\)" \
  "$conftest" test --no-color -p "$dir/policy" "$dir/plan-$customer.json"

echo "==> examples/every-user-chunked: every user's licences in chunks of 7, merged, the same check and policy"
restart_emulator -customers 1 -users-per-customer 30 -page-size 10
dir="$(copy_example every-user-chunked)"
expect_success "AAD_PREMIUM or WIN_ENT_E5: the check passes" terraform -chdir="$dir" apply -auto-approve -input=false -no-color -var chunk_size=7
grep -q "Check block assertion failed" <<<"$out" && fail "a warning with AAD_PREMIUM or WIN_ENT_E5"
expect_output "30 users read" "users_read = 30"
expect_success "the chunks are read" terraform -chdir="$dir" state list
if [ "$(grep -c '^data.partnercenter_user_licenses_by_user.chunk\[[0-4]\]$' <<<"$out")" -eq 5 ]; then pass "five chunks"
else fail "not five chunks"; echo "$out" >&2; fi
expect_success "plan with WIN_ENT_E5 alone" terraform -chdir="$dir" plan -input=false -no-color -var chunk_size=7 -var 'licenses_any_of=["WIN_ENT_E5"]'
expect_output "the check names the 10 users without it, from every chunk" "10 users hold none of WIN_ENT_E5: user00001@00000000.onmicrosoft.com, .*user00028@00000000.onmicrosoft.com"
terraform -chdir="$dir" plan -input=false -no-color -var chunk_size=7 -var 'licenses_any_of=["WIN_ENT_E5"]' -out="$dir/plan-e5.bin" >/dev/null
terraform -chdir="$dir" show -json "$dir/plan-e5.bin" >"$dir/plan-e5.json"
expect_failure "the policy of examples/every-user denies them in every chunk" "holds none of WIN_ENT_E5" \
  "$conftest" test --no-color -p "$root/examples/every-user/policy" "$dir/plan-e5.json"
expect_output "the policy denies all 10" "10 failures"

echo "==> examples/seats-in-context: subscriptions beside seats, two gates in check blocks and an OPA policy"
# The default fixture: contoso's active subscriptions are Entra ID P1
# (auto-renewing), Windows E5 (not renewing, its term ending in 2099,
# cancellable until 2099-06-07), a Teams Premium add-on (cancellable until
# 2099-01-21) and a trial that ended in 2025.
restart_emulator
dir="$(copy_example seats-in-context)"
contoso="0c39d6d5-c70d-4c55-bc02-f620844f3fd1"
e5="a4c1de90-19b2-4d6f-9c1e-3b1f2d9e0a02"
expect_success "30 days, review at 1000 free seats: both checks pass" terraform -chdir="$dir" apply -auto-approve -input=false -no-color -var review_free_seats_at_least=1000
grep -q "Check block assertion failed" <<<"$out" && fail "a warning with 30 days and 1000 free seats"
expect_success "plan with 30000 days" terraform -chdir="$dir" plan -input=false -no-color -var ending_within_days=30000 -var review_free_seats_at_least=1000
expect_output "gate 1 names the subscription that will not renew" "end within 30000 days without auto-renewal while their customer's seats are in use: $contoso/$e5 \\(5 seats, ends 2099-05-31T00:00:00Z\\)"
expect_success "plan reviewing customers with a free seat" terraform -chdir="$dir" plan -input=false -no-color
expect_output "gate 2 lists the cancellable subscriptions beside the free seats" "$contoso/$e5: 5 seats cancellable until 2099-06-07T00:00:00Z; the customer has 110 free seats"
for days in 30 30000; do
  terraform -chdir="$dir" plan -input=false -no-color -var ending_within_days=$days -var review_free_seats_at_least=1000 -out="$dir/plan-$days.bin" >/dev/null
  terraform -chdir="$dir" show -json "$dir/plan-$days.bin" >"$dir/plan-$days.json"
done
plan_json "$dir" review_free_seats_at_least 1
expect_success "30 days, review at 1000 free seats: the policy passes" "$conftest" test --no-color -p "$dir/policy" "$dir/plan-30.json"
expect_failure "the policy denies the subscription that ends within 30000 days" "subscription $e5 of customer $contoso ends 2099-05-31T00:00:00Z without auto-renewal, within 30000 days" \
  "$conftest" test --no-color -p "$dir/policy" "$dir/plan-30000.json"
expect_failure "the policy lists the cancellable subscriptions for review" "review: subscription $e5 of customer $contoso \\(5 seats\\) can be cancelled until 2099-06-07T00:00:00Z; the customer has 110 free seats" \
  "$conftest" test --no-color -p "$dir/policy" "$dir/plan-1.json"
expect_output "two to review" "2 failures"

echo "examples: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
