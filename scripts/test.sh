#!/usr/bin/env bash
# Builds civicsim with its tests, runs a short fuzzing run of the input readers (scripts/fuzz.sh:
# about a minute after its clang build; it fails the command if a fuzzer finds a fault of ours),
# then the whole suite with ctest, ending with ctest's summary.
# Pass --sanitize for an AddressSanitizer + UndefinedBehaviorSanitizer build (folder build-asan);
# that run leaves the fuzzers out (they are built with ASan and UBSan already).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install_deps.sh
dir=build-test
flags=(-DCMAKE_BUILD_TYPE=RelWithDebInfo -DCIVICSIM_BUILD_BENCH=OFF)
fuzz=1
if [ "${1:-}" = "--sanitize" ]; then
  dir=build-asan
  flags=(-DCMAKE_BUILD_TYPE=Debug -DCIVICSIM_SANITIZE=ON -DCIVICSIM_BUILD_BENCH=OFF)
  fuzz=0
fi
cmake -S . -B "$dir" "${flags[@]}" >/dev/null
cmake --build "$dir" -j"$(nproc)"
if [ "$fuzz" = 1 ]; then bash scripts/fuzz.sh; fi
cd "$dir"
ctest --output-on-failure -j"$(nproc)"
