#!/usr/bin/env bash
# Builds civicsim with its tests and runs the whole suite with ctest.
# Pass --sanitize for an AddressSanitizer + UndefinedBehaviorSanitizer build (folder build-asan).
# Ends with a short fuzzing run of the input readers (scripts/fuzz.sh, about a minute after its
# clang build), which fails the command if a fuzzer finds a crash.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install_deps.sh
dir=build-test
flags=(-DCMAKE_BUILD_TYPE=RelWithDebInfo -DCIVICSIM_BUILD_BENCH=OFF)
if [ "${1:-}" = "--sanitize" ]; then
  dir=build-asan
  flags=(-DCMAKE_BUILD_TYPE=Debug -DCIVICSIM_SANITIZE=ON -DCIVICSIM_BUILD_BENCH=OFF)
fi
cmake -S . -B "$dir" "${flags[@]}" >/dev/null
cmake --build "$dir" -j"$(nproc)"
cd "$dir"
ctest --output-on-failure -j"$(nproc)"
cd ..
bash scripts/fuzz.sh
