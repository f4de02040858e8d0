#!/usr/bin/env bash
# check-tracked-files.sh: fails, naming each file, when a file git tracks
# (as it is in the work tree) is larger than 1 MiB or is an executable
# binary, so that a build output committed by accident (a 40 MB
# provider.test once was) stops CI at its first step. A file is taken for
# an executable binary when
#   - it starts with an executable's magic number: ELF, Mach-O (thin or
#     universal), PE (MZ with a "PE\0\0" header where e_lfanew points) or
#     WebAssembly, whatever its name;
#   - git tracks it as executable (mode 100755) and it does not start with
#     "#!": an executable that is not a script (a sourced shell library has
#     no business being executable either);
#   - it has a NUL byte in its first 8000 bytes (git's own test of a binary
#     file, `git ls-files --eol`'s "w/-text") and its extension is not one
#     of a few data formats (images, PDF, web fonts). Text, source, JSON and
#     Go's fuzz corpora have no NUL; any other binary needs its extension
#     added to DATA_EXTENSIONS here, on purpose.
# Run by .ci/run first; `bash scripts/check-tracked-files.sh` alone too.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

MAX_BYTES=$((1024 * 1024))
DATA_EXTENSIONS="png jpg jpeg gif webp ico pdf woff woff2"

bad=0
report() {
  echo "tracked file $1" >&2
  bad=$((bad + 1))
}
# hex FILE OFFSET COUNT: COUNT bytes of FILE from OFFSET, as lower-case hex.
hex() { od -An -tx1 -j"$2" -N"$3" -- "$1" | tr -d ' \n'; }

# Every size with one stat; files deleted in the work tree have none.
declare -A sizes
while IFS= read -r -d '' line; do
  sizes["${line#* }"]="${line%% *}"
done < <(git ls-files -z | xargs -0 stat --printf '%s %n\0' -- 2>/dev/null || true)

# git ls-files --eol marks a work-tree file with a NUL in its first 8000
# bytes "w/-text"; every executable format has NULs in its header, so only
# those files, and executable ones, are read here.
while IFS= read -r -d '' entry; do
  mode="${entry%% *}"
  rest="${entry#*$'\t'}" # "i/... w/... attr/... <TAB>path"
  path="${rest#*$'\t'}"
  case "$mode" in 120000 | 160000) continue ;; esac # symlinks, submodules
  size="${sizes[$path]:-}"
  [ -n "$size" ] || continue # deleted in the work tree

  if [ "$size" -gt "$MAX_BYTES" ]; then
    report "$path is $size bytes, over the limit of 1 MiB ($MAX_BYTES bytes)"
  fi

  if [ "$mode" = 100755 ] && [ "$(hex "$path" 0 2)" != 2321 ]; then
    report "$path is executable (mode 100755) but not a script starting with #!: drop its x bit (git update-index --chmod=-x) or remove it"
  fi

  case "$rest" in *w/-text*) ;; *) continue ;; esac
  magic="$(hex "$path" 0 4)"
  case "$magic" in
    7f454c46) report "$path is an ELF executable or object file"; continue ;;
    feedface | feedfacf | cefaedfe | cffaedfe) report "$path is a Mach-O executable or object file"; continue ;;
    cafebabe) report "$path is a Mach-O universal binary (or a Java class file)"; continue ;;
    0061736d) report "$path is a WebAssembly module"; continue ;;
    4d5a*)
      if [ "$size" -ge 64 ]; then
        lfanew="$(od -An -tu4 -j60 -N4 -- "$path" | tr -d ' \n')"
        if [ "$lfanew" -lt "$size" ] && [ "$(hex "$path" "$lfanew" 4)" = 50450000 ]; then
          report "$path is a PE (Windows) executable"
          continue
        fi
      fi
      ;;
  esac
  ext="${path##*/}"
  case "$ext" in *.*) ext="${ext##*.}" ;; *) ext="" ;; esac
  if [ -z "$ext" ] || ! grep -qiwF -- "$ext" <<<"$DATA_EXTENSIONS"; then
    report "$path has NUL bytes: a binary, not source or text (if it is data, add its extension to DATA_EXTENSIONS in scripts/check-tracked-files.sh)"
  fi
done < <(git ls-files -s --eol -z)

if [ "$bad" -gt 0 ]; then
  echo "$bad problem(s) with tracked files: build outputs and large files stay out of the repository (.gitignore; stage files by name)" >&2
  exit 1
fi
echo "$(git ls-files | wc -l) tracked files, none over 1 MiB, no executable binaries"
