#!/usr/bin/env bash
# Builds OpenTofu from source into .tools/bin/tofu (see build-from-proxy.sh).
# About nine minutes on two cores; skipped when the binary is already there.
set -euo pipefail
version="${TOFU_VERSION:-v1.10.10}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$root/.tools/bin/tofu"
if [ -x "$out" ] && "$out" version | grep -q "OpenTofu ${version}\b"; then
  exit 0
fi
bash "$root/scripts/build-from-proxy.sh" github.com/opentofu/opentofu "$version" "$out" ./cmd/tofu
