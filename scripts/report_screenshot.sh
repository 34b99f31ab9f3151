#!/usr/bin/env bash
# Screenshots an HTML report with headless Chromium (Debian package chromium; scripts/install_deps.sh).
#   scripts/report_screenshot.sh REPORT.html OUT.png [WIDTH,HEIGHT]   (default 1280,3000)
# Virtual time lets the charts finish drawing before the picture is taken.
set -euo pipefail
if [ $# -lt 2 ]; then
  echo "usage: $0 REPORT.html OUT.png [WIDTH,HEIGHT]" >&2
  exit 2
fi
report=$(realpath "$1")
out=$(realpath -m "$2")
size=${3:-1280,3000}
chromium=${CIVICSIM_CHROMIUM:-/usr/bin/chromium}
if [ ! -x "$chromium" ]; then
  echo "$chromium not found: run scripts/install_deps.sh" >&2
  exit 1
fi
[ -f "$report" ] || { echo "no such file: $1" >&2; exit 1; }
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
mkdir -p "$(dirname "$out")"
timeout 120 "$chromium" --headless=new --no-sandbox --disable-gpu --hide-scrollbars --no-first-run \
  --user-data-dir="$profile" --virtual-time-budget=10000 --window-size="$size" \
  --screenshot="$out" "file://$report" 2>"$profile/chromium.log" || {
  cat "$profile/chromium.log" >&2
  exit 1
}
[ -s "$out" ] || { echo "no screenshot written" >&2; exit 1; }
echo "$out"
