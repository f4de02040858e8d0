#!/usr/bin/env bash
# Builds Terraform VERSION (e.g. 1.5.7) from source into
# .tools/bin/terraform-VERSION, for the acceptance suite's version matrix.
# The source comes from the module proxy with `go mod download` and is built
# in place, as scripts/build-tofu.sh does for OpenTofu. Terraform 1.5.7 to
# 1.8.5 build as they are (about four minutes each on two cores); from 1.9
# on, Terraform's go.mod replaces backend modules with directories the
# proxy's copy lacks. Skipped when the binary is already there.
set -euo pipefail
version="${1:?usage: build-terraform.sh VERSION}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$root/.tools/bin/terraform-${version}"
if [ -x "$out" ] && "$out" version | grep -qx "Terraform v${version}"; then
  exit 0
fi
dir="$(go mod download -json "github.com/hashicorp/terraform@v${version}" | sed -n 's/^\t"Dir": "\(.*\)",$/\1/p')"
[ -n "$dir" ] || { echo "could not download Terraform ${version}" >&2; exit 1; }
mkdir -p "$(dirname "$out")"
echo "==> building Terraform ${version} from ${dir}"
# A release build: without version.dev=no, 1.6 and later call themselves
# "-dev", which terraform-plugin-testing reads as a pre-release.
(cd "$dir" && GOFLAGS=-mod=mod go build -trimpath -ldflags "-X github.com/hashicorp/terraform/version.dev=no" -o "$out" .)
"$out" version
