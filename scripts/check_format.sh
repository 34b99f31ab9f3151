#!/usr/bin/env bash
# Checks that the C and C++ files changed since a base commit are formatted as .clang-format says
# (clang-format --dry-run --Werror), and names each one that is not. Files nobody touched since the
# base are not read, so a clang-format of another version cannot fail them.
#
#   bash scripts/check_format.sh [BASE]        # check; BASE defaults to the commit in .ci/format_base
#   bash scripts/check_format.sh --fix [BASE]  # format those files in place instead
#
# .ci/format_base holds the commit that formatted the whole tree; every file is formatted from there
# on, so the files changed since then are the ones to check. Without that file (the tree has not
# been formatted yet) nothing is checked. The files compared are those of the working tree: commits
# since BASE, changes not committed and new files git does not ignore. If BASE is not in this clone
# (a shallow clone), every file is checked. CLANG_FORMAT names the program (default clang-format-14,
# else clang-format; Debian 12's is version 14, and other versions format some code differently).
set -euo pipefail
cd "$(dirname "$0")/.."

fix=0
if [ "${1:-}" = "--fix" ]; then
  fix=1
  shift
fi
base=${1:-}
if [ -z "$base" ]; then
  if [ ! -f .ci/format_base ]; then
    echo "check_format: no .ci/format_base (the tree has not been formatted yet): nothing checked"
    exit 0
  fi
  base=$(tr -d '[:space:]' <.ci/format_base)
fi

if [ -z "${CLANG_FORMAT:-}" ]; then
  CLANG_FORMAT=clang-format
  if command -v clang-format-14 >/dev/null; then CLANG_FORMAT=clang-format-14; fi
fi
if ! command -v "$CLANG_FORMAT" >/dev/null; then
  echo "check_format: $CLANG_FORMAT not found: run scripts/install_deps.sh (Debian package" \
    "clang-format) or set CLANG_FORMAT" >&2
  exit 1
fi
version=$("$CLANG_FORMAT" --version)
if [[ "$version" != *" version 14."* ]]; then
  echo "check_format: note: $version; .clang-format is kept with version 14" >&2
fi

# The C and C++ sources of the project (not third_party/), NUL-separated.
patterns=('*.cpp' '*.hpp' '*.c' '*.h' ':!third_party/')
files=()
if git rev-parse -q --verify "$base^{commit}" >/dev/null; then
  what="changed since ${base:0:12}"
  while IFS= read -r -d '' f; do files+=("$f"); done < <(
    {
      git diff -z --name-only --diff-filter=d "$base" -- "${patterns[@]}"
      git ls-files -z --others --exclude-standard -- "${patterns[@]}"
    } | sort -zu)
else
  what="in the tree (base $base is not in this clone)"
  while IFS= read -r -d '' f; do files+=("$f"); done < <(
    git ls-files -z --cached --others --exclude-standard -- "${patterns[@]}")
fi

if [ ${#files[@]} -eq 0 ]; then
  echo "check_format: no C or C++ file $what"
  exit 0
fi
if [ "$fix" = 1 ]; then
  "$CLANG_FORMAT" -i "${files[@]}"
  echo "check_format: formatted ${#files[@]} files $what"
  exit 0
fi
bad=()
for f in "${files[@]}"; do
  "$CLANG_FORMAT" --dry-run --Werror "$f" 2>/dev/null || bad+=("$f")
done
if [ ${#bad[@]} -gt 0 ]; then
  "$CLANG_FORMAT" --dry-run "${bad[@]}" 2>&1 | head -n 40 >&2
  echo "check_format: ${#bad[@]} of ${#files[@]} files $what are not formatted:" >&2
  printf '  %s\n' "${bad[@]}" >&2
  echo "check_format: format them with: bash scripts/check_format.sh --fix${1:+ $1}" >&2
  exit 1
fi
echo "check_format: ${#files[@]} files $what are formatted"
