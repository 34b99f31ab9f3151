#!/usr/bin/env bash
# The main job on a fresh Debian 12 machine: install what is missing, build a Release civicsim, run the
# built-in LCR default scenario (scenarios/lcr/baseline.json) and compare it with the observed LCR
# figures, then run the shipped options and end with the commissioner's report comparing them with
# the baseline (results/evaluation/report.html). Every run also runs its one-way sensitivity analysis
# (--one-way: each number the scenarios name under uncertainty/one_way at its low and high value), for
# the report's tornado diagram.
#
# Every main run has 20 replications, paired by seed across the baseline and the options: each
# option's net present social value then has a Monte Carlo standard error of GBP 0.1-2.1 million
# (0.6-2.8% of it), every option's NPSV and fiscal NPV lie more than 20 standard errors from zero
# and the ranking of the options is not in doubt. Each one-way run has the first replication only
# (uncertainty/one_way_replications in the baseline). 16 minutes on the project's 2-core machine
# (bench/README.md).
#
#   bash scripts/main.sh [civicsim run options, e.g. --threads 2 --scale 0.1 --replications 5]
set -euo pipefail
cd "$(dirname "$0")/.."

replications=(--replications 20)
for arg in "$@"; do
  if [[ "$arg" == --replications* ]]; then replications=(); fi
done

bash scripts/install_deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DCIVICSIM_NATIVE=ON -DCIVICSIM_BUILD_TESTS=OFF >/dev/null
cmake --build build -j"$(nproc)" --target civicsim
civicsim=./build/cli/civicsim

$civicsim run scenarios/lcr/baseline.json --out results/lcr_baseline.h5 --one-way "${replications[@]}" "$@"
$civicsim observed results/lcr_baseline.h5 --out results/lcr_baseline_validation.md >/dev/null
echo "civicsim: the baseline against observed LCR figures: results/lcr_baseline_validation.md"

options=(damp_remediation sensors_with_remediation earlier_family_help combined)
files=()
for option in "${options[@]}"; do
  $civicsim run "scenarios/lcr/$option.json" --out "results/lcr_$option.h5" --one-way --quiet \
    "${replications[@]}" "$@"
  files+=("results/lcr_$option.h5")
  echo "civicsim: ran $option"
done
$civicsim evaluate results/lcr_baseline.h5 "${files[@]}" --out results/evaluation
echo "civicsim: open results/evaluation/report.html in a browser"
