#!/usr/bin/env bash
# The main job on a fresh Debian 12 machine: install what is missing, build a Release civicsim, run the
# built-in LCR default scenario (scenarios/lcr/baseline.json), print what it wrote and compare it with
# the observed LCR figures.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install_deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DCIVICSIM_NATIVE=ON -DCIVICSIM_BUILD_TESTS=OFF >/dev/null
cmake --build build -j"$(nproc)" --target civicsim
./build/cli/civicsim run scenarios/lcr/baseline.json "$@"
# The run against the observed LCR figures (docs/validation.md explains the table).
out=results/lcr_baseline.h5
prev=""
for a in "$@"; do [ "$prev" = "--out" ] && out="$a"; prev="$a"; done
./build/cli/civicsim observed "$out" --out "${out%.h5}_validation.md" >/dev/null
echo "civicsim: the run against observed LCR figures: ${out%.h5}_validation.md"
