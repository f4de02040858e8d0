#!/usr/bin/env bash
# build-terraform.sh VERSION: builds Terraform VERSION (e.g. 1.5.7) from
# source into TOOLS/terraform-VERSION/terraform, TOOLS being
# scripts/tools-dir.sh's directory, for the acceptance suite's version matrix
# (see build-from-proxy.sh), and prints that path. Terraform 1.5.7 to 1.8.5
# build as they are (about four minutes each on two cores); from 1.9 on,
# Terraform's go.mod replaces backend modules with directories the proxy's
# copy lacks. Skipped when the binary is already there.
set -euo pipefail
version="${1:?usage: build-terraform.sh VERSION}"
version="${version#v}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$(bash "$root/scripts/tools-dir.sh")/terraform-${version}/terraform"
if ! { [ -x "$out" ] && "$out" version 2>/dev/null | grep -qx "Terraform v${version}"; }; then
  # A release build: without version.dev=no, 1.6 and later call themselves
  # "-dev", which terraform-plugin-testing reads as a pre-release.
  bash "$root/scripts/build-from-proxy.sh" github.com/hashicorp/terraform "v${version}" "$out" . \
    "-X github.com/hashicorp/terraform/version.dev=no" >&2
fi
echo "$out"
