#!/usr/bin/env bash
# Installs the build in folder $1 (`cmake --install`) to a temporary prefix, builds the consumer
# project tests/consumer against it with find_package(civicsim), runs it on an installed reference
# scenario, and checks its result file equals the installed civicsim program's (h5diff outside
# /meta). Run by ctest as InstalledPackage (label install).
set -euo pipefail
build=$(cd "${1:?usage: check_install.sh BUILD_DIR}" && pwd)
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cmake --install "$build" --prefix "$work/prefix" >/dev/null
cmake -S "$root/tests/consumer" -B "$work/build" -DCMAKE_PREFIX_PATH="$work/prefix" \
  -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$work/build" -j"$(nproc)" >/dev/null
scenario="$work/prefix/share/civicsim/scenarios/reference/krijkamp2018_simple/treatment.json"
"$work/build/consumer" "$scenario" "$work/consumer.h5"
"$work/prefix/bin/civicsim" run "$scenario" --quiet --out "$work/program.h5" >/dev/null
h5diff --exclude-path /meta "$work/consumer.h5" "$work/program.h5"
echo "installed package: consumer built with find_package(civicsim) matches the civicsim program"
