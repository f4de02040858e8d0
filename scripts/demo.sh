#!/usr/bin/env bash
# make demo: build the provider and the emulator, start the emulator on a free
# loopback port, point a real terraform at both through dev_overrides, apply
# examples/demo, and stop everything it started, even on failure.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

start_emulator
config="$(copy_example demo)"

echo "==> terraform apply (examples/demo): seat summary, check passes with min_free_seats=1"
terraform -chdir="$config" apply -auto-approve -input=false -no-color "$@"

echo "==> terraform plan with min_free_seats=20: the seat check warns about SKUs below 20 free seats"
terraform -chdir="$config" plan -input=false -no-color -var min_free_seats=20 2>&1 | grep -A12 "Check block assertion failed" \
  || { echo "make demo: expected the seat check to warn" >&2; exit 1; }
echo "==> Demo finished; the emulator is stopped and its files removed"
