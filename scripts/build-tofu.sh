#!/usr/bin/env bash
# Builds OpenTofu from source into .tools/bin/tofu. `go install` refuses
# OpenTofu's module (it has replace directives), so the source comes from the
# module proxy with `go mod download` and is built in place. About nine
# minutes on two cores; skipped when the binary is already there.
set -euo pipefail
version="${TOFU_VERSION:-v1.10.10}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$root/.tools/bin/tofu"
if [ -x "$out" ] && "$out" version | grep -q "OpenTofu ${version}\b"; then
  exit 0
fi
dir="$(go mod download -json "github.com/opentofu/opentofu@${version}" | sed -n 's/^\t"Dir": "\(.*\)",$/\1/p')"
[ -n "$dir" ] || { echo "could not download OpenTofu ${version}" >&2; exit 1; }
mkdir -p "$(dirname "$out")"
echo "==> building OpenTofu ${version} from ${dir}"
(cd "$dir" && go build -trimpath -o "$out" ./cmd/tofu)
"$out" version
