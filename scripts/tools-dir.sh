#!/usr/bin/env bash
# Prints the directory where built tools are kept: PARTNERCENTER_TOOLS_DIR
# if set, else partnercenter-tools beside Go's module cache (for a default
# GOPATH, ~/go/pkg/partnercenter-tools). Outside the clone, so that a fresh
# clone (CI's) reuses what an earlier one built, as Go's caches are reused;
# each tool is in a directory named for it and its version, so a new
# version builds beside the old.
set -euo pipefail
if [ -n "${PARTNERCENTER_TOOLS_DIR:-}" ]; then
  echo "$PARTNERCENTER_TOOLS_DIR"
else
  echo "$(dirname "$(go env GOMODCACHE)")/partnercenter-tools"
fi
