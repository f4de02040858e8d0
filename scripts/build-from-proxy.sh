#!/usr/bin/env bash
# build-from-proxy.sh MODULE VERSION OUT PACKAGE [LDFLAGS]: builds PACKAGE of
# MODULE@VERSION, whose source comes from the module proxy with
# `go mod download`, into OUT, in place. `go install` refuses modules with
# replace directives, as OpenTofu's and Terraform's have. Used by
# build-tofu.sh and build-terraform.sh. OUT appears only once it is whole
# (built beside it, then renamed), so an interrupted or concurrent build
# never leaves a half-written binary where the next run would trust it.
set -euo pipefail
module="$1" version="$2" out="$3" package="$4" ldflags="${5:-}"
dir="$(go mod download -json "${module}@${version}" | sed -n 's/^\t"Dir": "\(.*\)",$/\1/p')"
[ -n "$dir" ] || { echo "could not download ${module}@${version}" >&2; exit 1; }
mkdir -p "$(dirname "$out")"
tmp="${out}.tmp.$$"
trap 'rm -f "$tmp"' EXIT
echo "==> building ${module}@${version} from ${dir} into ${out}"
(cd "$dir" && GOFLAGS=-mod=mod go build -trimpath -ldflags "$ldflags" -o "$tmp" "$package")
"$tmp" version
mv -f "$tmp" "$out"
