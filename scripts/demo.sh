#!/usr/bin/env bash
# make demo: build the provider and the emulator, start the emulator on a free
# loopback port, point a real terraform at both through dev_overrides, apply
# examples/demo, and stop everything it started, even on failure.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
config="${DEMO_CONFIG:-$root/examples/demo}"

if ! command -v terraform >/dev/null 2>&1; then
  echo "make demo: terraform is not on PATH; install Terraform >= 1.5 (https://developer.hashicorp.com/terraform/install)" >&2
  exit 1
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/partnercenter-demo.XXXXXX")"
emulator_pid=""
cleanup() {
  status=$?
  if [ -n "$emulator_pid" ] && kill -0 "$emulator_pid" 2>/dev/null; then
    kill "$emulator_pid" 2>/dev/null || true
    wait "$emulator_pid" 2>/dev/null || true
  fi
  if [ "$status" -ne 0 ] && [ -s "$work/emulator.log" ]; then
    echo "--- emulator log ---" >&2
    cat "$work/emulator.log" >&2
  fi
  rm -rf "$work"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "==> Building the provider and the emulator"
(cd "$root" && go build -o "$work/bin/terraform-provider-partnercenter" . \
  && go build -o "$work/emulator" ./cmd/partnercenter-emulator)

echo "==> Starting the Partner Center emulator on a free loopback port"
token="demo-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"
PARTNERCENTER_EMULATOR_TOKEN="$token" "$work/emulator" -listen 127.0.0.1:0 -url-file "$work/url" 2>"$work/emulator.log" &
emulator_pid=$!
for _ in $(seq 1 100); do
  [ -s "$work/url" ] && break
  kill -0 "$emulator_pid" 2>/dev/null || { echo "make demo: the emulator exited early" >&2; exit 1; }
  sleep 0.1
done
[ -s "$work/url" ] || { echo "make demo: the emulator did not start within 10 seconds" >&2; exit 1; }
endpoint="$(cat "$work/url")"
echo "    emulator at $endpoint"

# dev_overrides makes terraform use the binary just built; no terraform init
# is run, as init with overrides in effect is neither needed nor supported.
cat >"$work/terraformrc" <<RC
provider_installation {
  dev_overrides {
    "partnercenter-terraform/partnercenter" = "$work/bin"
  }
  direct {}
}
RC

mkdir -p "$work/config"
cp "$config"/*.tf "$work/config/"

export TF_CLI_CONFIG_FILE="$work/terraformrc" TF_IN_AUTOMATION=1
export PARTNERCENTER_ENDPOINT="$endpoint" PARTNERCENTER_ACCESS_TOKEN="$token"

echo "==> terraform apply (examples/demo): seat summary, check passes with min_free_seats=1"
terraform -chdir="$work/config" apply -auto-approve -input=false -no-color "$@"

echo "==> terraform plan with min_free_seats=20: the seat check warns about SKUs below 20 free seats"
terraform -chdir="$work/config" plan -input=false -no-color -var min_free_seats=20 2>&1 | grep -A12 "Check block assertion failed" \
  || { echo "make demo: expected the seat check to warn" >&2; exit 1; }
echo "==> Demo finished; the emulator is stopped and $work removed"
