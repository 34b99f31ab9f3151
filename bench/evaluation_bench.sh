#!/usr/bin/env bash
# Evaluation benchmark: `civicsim evaluate` of five options against the baseline, 100 paired
# replications each (the LCR scenarios on a 0.2% sample: result files hold the same series, so the
# same amount to read, at any scale). Runs the six scenarios once (skipped when their files are
# newer than the civicsim that reads them), then times the evaluation REPEATS times and prints the
# median.
#
#   bash bench/evaluation_bench.sh [REPEATS]     (default 5)
set -euo pipefail
cd "$(dirname "$0")/.."
repeats=${1:-5}
bash scripts/install_deps.sh
cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release -DCIVICSIM_NATIVE=ON -DCIVICSIM_BUILD_TESTS=OFF >/dev/null
cmake --build build-bench -j"$(nproc)" --target civicsim >/dev/null
mkdir -p results/bench_evaluation
names=(baseline damp_remediation sensors_with_remediation earlier_family_help combined fgc_only)
for n in "${names[@]}"; do
  [ "results/bench_evaluation/$n.h5" -nt build-bench/cli/civicsim ] || ./build-bench/cli/civicsim run "bench/scenarios/evaluation/$n.json" --out "results/bench_evaluation/$n.h5" --quiet
done
files=()
for n in "${names[@]}"; do files+=("results/bench_evaluation/$n.h5"); done
times=()
for _ in $(seq "$repeats"); do
  start=$(date +%s%N)
  ./build-bench/cli/civicsim evaluate "${files[@]}" --out results/bench_evaluation/out --quiet
  end=$(date +%s%N)
  times+=("$(( (end - start) / 1000000 ))")
done
median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}')
echo "evaluate: 5 options x 100 replications: median ${median} ms over ${repeats} runs (${times[*]} ms)"
