#!/usr/bin/env bash
# build-tofu.sh VERSION: builds OpenTofu VERSION (e.g. 1.12.6) from source
# into TOOLS/tofu-VERSION/tofu, TOOLS being scripts/tools-dir.sh's directory
# (see build-from-proxy.sh), and prints that path. About nine minutes on two
# cores; skipped when the binary is already there. OpenTofu 1.12 needs
# Go 1.26.6 or later (its go.mod's go line).
set -euo pipefail
version="${1:?usage: build-tofu.sh VERSION}"
version="${version#v}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$(bash "$root/scripts/tools-dir.sh")/tofu-${version}/tofu"
if ! { [ -x "$out" ] && "$out" version 2>/dev/null | grep -qx "OpenTofu v${version}"; }; then
  # A release build: without version.dev=no, the binary calls itself
  # "-dev", which terraform-plugin-testing reads as a pre-release.
  bash "$root/scripts/build-from-proxy.sh" github.com/opentofu/opentofu "v${version}" "$out" ./cmd/tofu \
    "-X github.com/opentofu/opentofu/version.dev=no" >&2
fi
echo "$out"
