#!/usr/bin/env bash
# build-tofu.sh VERSION: builds OpenTofu VERSION (e.g. 1.12.6) from source
# into TOOLS/tofu-VERSION/tofu, TOOLS being scripts/tools-dir.sh's directory
# (see build-from-proxy.sh), and prints that path. About nine minutes on two
# cores; skipped when the binary is already there.
set -euo pipefail
version="${1:?usage: build-tofu.sh VERSION}"
version="${version#v}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$(bash "$root/scripts/tools-dir.sh")/tofu-${version}/tofu"
if ! { [ -x "$out" ] && "$out" version | grep -q "^OpenTofu v${version}\b"; }; then
  bash "$root/scripts/build-from-proxy.sh" github.com/opentofu/opentofu "v${version}" "$out" ./cmd/tofu >&2
fi
echo "$out"
