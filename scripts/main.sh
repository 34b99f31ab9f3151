#!/usr/bin/env bash
# The main job on a fresh Debian 12 machine: install what is missing, build a Release civicsim, run the
# built-in LCR default scenario (scenarios/lcr/baseline.json) and print what it wrote.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install_deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DCIVICSIM_NATIVE=ON -DCIVICSIM_BUILD_TESTS=OFF >/dev/null
cmake --build build -j"$(nproc)" --target civicsim
./build/cli/civicsim run scenarios/lcr/baseline.json "$@"
