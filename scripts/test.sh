#!/usr/bin/env bash
# What CI runs (.ci/run), in order, stopping at the first failure:
#  1. installs missing Debian packages (scripts/install_deps.sh);
#  2. checks the formatting of the C and C++ files changed since .ci/format_base
#     (scripts/check_format.sh);
#  3. builds civicsim with its tests and benchmarks (RelWithDebInfo, folder build-test), warnings in
#     civicsim's own code as errors; the benchmarks are built, never run;
#  4. a short fuzzing run of the input readers (scripts/fuzz.sh: about a minute after its clang build;
#     it fails the command if a fuzzer finds a fault of ours);
#  5. the whole suite with ctest;
#  6. an AddressSanitizer + UndefinedBehaviorSanitizer build (Debug, folder build-asan) and the suite
#     under it without the tests labelled slow (fault injection, which skips under sanitizers) and
#     browser (Chromium itself is not instrumented; the main suite runs those tests).
# Each ctest run ends with its summary. On 2 cores the whole takes about 30 minutes (README.md).
# --sanitize: only step 1 and the sanitizer build, with the whole suite under it.
set -euo pipefail
cd "$(dirname "$0")/.."

jobs=$(nproc)
# ccache, when present, keeps the objects of each build folder for the next run.
launcher=()
if command -v ccache >/dev/null; then
  launcher=(-DCMAKE_C_COMPILER_LAUNCHER=ccache -DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
fi
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1}"

# The sanitizer build: Debug keeps assertions and exact stack traces. No -Werror here: the main build
# is the one that holds the warnings, and instrumented code can draw GCC false positives.
sanitizer_build() {
  cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DCIVICSIM_SANITIZE=ON \
    -DCIVICSIM_BUILD_TESTS=ON -DCIVICSIM_BUILD_BENCH=OFF "${launcher[@]}" >/dev/null
  cmake --build build-asan -j"$jobs"
}

bash scripts/install_deps.sh
if [ "${1:-}" = "--sanitize" ]; then
  sanitizer_build
  (cd build-asan && ctest --output-on-failure -j"$jobs")
  exit 0
fi

bash scripts/check_format.sh
cmake -S . -B build-test -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCIVICSIM_WERROR=ON \
  -DCIVICSIM_BUILD_TESTS=ON -DCIVICSIM_BUILD_BENCH=ON "${launcher[@]}" >/dev/null
cmake --build build-test -j"$jobs"
bash scripts/fuzz.sh
(cd build-test && ctest --output-on-failure -j"$jobs")
sanitizer_build
(cd build-asan && ctest --output-on-failure -j"$jobs" -LE 'slow|browser')
