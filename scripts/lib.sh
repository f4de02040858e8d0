# Shared by demo.sh and examples.sh: build the provider and the emulator,
# start the emulator on a free loopback port, and write a CLI config whose
# dev_overrides use the fresh provider. Source it; it sets $work,
# $emulator_pid and exports what terraform needs, and cleans up on exit.

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

if ! command -v terraform >/dev/null 2>&1; then
  echo "terraform is not on PATH; install Terraform >= 1.7 (https://developer.hashicorp.com/terraform/install)" >&2
  exit 1
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/partnercenter.XXXXXX")"
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

# start_emulator [emulator flags...]: builds everything and starts the
# emulator; exports PARTNERCENTER_ENDPOINT and PARTNERCENTER_ACCESS_TOKEN.
start_emulator() {
  echo "==> Building the provider and the emulator"
  (cd "$root" && go build -o "$work/bin/terraform-provider-partnercenter" . \
    && go build -o "$work/emulator" ./cmd/partnercenter-emulator)

  echo "==> Starting the Partner Center emulator on a free loopback port"
  PARTNERCENTER_ACCESS_TOKEN="local-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"
  launch_emulator "$@"

  # dev_overrides makes terraform use the binary just built; no terraform
  # init is run, as init with overrides in effect is neither needed nor
  # supported.
  cat >"$work/terraformrc" <<RC
provider_installation {
  dev_overrides {
    "partnercenter-terraform/partnercenter" = "$work/bin"
  }
  direct {}
}
RC
  export TF_CLI_CONFIG_FILE="$work/terraformrc" TF_IN_AUTOMATION=1 CHECKPOINT_DISABLE=1
}

# restart_emulator [emulator flags...]: stops the emulator start_emulator
# started and starts it again with these flags, on a new port and with the
# same token; exports the new PARTNERCENTER_ENDPOINT.
restart_emulator() {
  echo "==> Restarting the Partner Center emulator with: $*"
  kill "$emulator_pid"
  wait "$emulator_pid" 2>/dev/null || true
  emulator_pid=""
  launch_emulator "$@"
}

# launch_emulator [emulator flags...]: starts the built emulator with
# PARTNERCENTER_ACCESS_TOKEN as its token and waits for its URL.
launch_emulator() {
  rm -f "$work/url"
  PARTNERCENTER_EMULATOR_TOKEN="$PARTNERCENTER_ACCESS_TOKEN" "$work/emulator" -listen 127.0.0.1:0 -url-file "$work/url" "$@" 2>>"$work/emulator.log" &
  emulator_pid=$!
  for _ in $(seq 1 100); do
    [ -s "$work/url" ] && break
    kill -0 "$emulator_pid" 2>/dev/null || { echo "the emulator exited early" >&2; exit 1; }
    sleep 0.1
  done
  [ -s "$work/url" ] || { echo "the emulator did not start within 10 seconds" >&2; exit 1; }
  echo "    emulator at $(cat "$work/url")"
  export PARTNERCENTER_ENDPOINT PARTNERCENTER_ACCESS_TOKEN
  PARTNERCENTER_ENDPOINT="$(cat "$work/url")"
}

# copy_example DIR: a scratch copy of examples/DIR, so no state lands in the tree.
copy_example() {
  local dest="$work/examples/$1"
  mkdir -p "$dest"
  cp -R "$root/examples/$1/." "$dest/"
  echo "$dest"
}
