#!/usr/bin/env bash
# Screenshots an HTML report with headless Chromium (Debian package chromium; scripts/install_deps.sh).
#   scripts/report_screenshot.sh REPORT.html OUT.png [WIDTH,HEIGHT]   the page in a window (default 1280,3000)
#   scripts/report_screenshot.sh --first-page REPORT.html OUT.png       the printed first page (A4), as a
#                                                                       commissioner would take it to a meeting
# Virtual time lets the charts finish drawing before the picture is taken. The first page is printed to
# PDF by Chromium and turned into a PNG by pdftoppm (Debian package poppler-utils).
set -euo pipefail
first_page=0
if [ "${1:-}" = "--first-page" ]; then
  first_page=1
  shift
fi
if [ $# -lt 2 ]; then
  echo "usage: $0 [--first-page] REPORT.html OUT.png [WIDTH,HEIGHT]" >&2
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
flags=(--headless=new --no-sandbox --disable-gpu --hide-scrollbars --no-first-run --user-data-dir="$profile"
       --virtual-time-budget=20000)
if [ "$first_page" = 1 ]; then
  command -v pdftoppm >/dev/null || { echo "pdftoppm not found: run scripts/install_deps.sh" >&2; exit 1; }
  timeout 120 "$chromium" "${flags[@]}" --no-pdf-header-footer --print-to-pdf="$profile/report.pdf" \
    "file://$report" 2>"$profile/chromium.log" || { cat "$profile/chromium.log" >&2; exit 1; }
  # 130 dots per inch: an A4 page about 1075 pixels wide, sharp enough to read in a README.
  pdftoppm -f 1 -l 1 -r 130 -png -singlefile "$profile/report.pdf" "${out%.png}"
else
  timeout 120 "$chromium" "${flags[@]}" --window-size="$size" --screenshot="$out" "file://$report" \
    2>"$profile/chromium.log" || { cat "$profile/chromium.log" >&2; exit 1; }
fi
[ -s "$out" ] || { echo "no screenshot written" >&2; exit 1; }
echo "$out"
