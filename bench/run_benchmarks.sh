#!/usr/bin/env bash
# Whole-run benchmark of the full LCR, 10 years in monthly steps, demography only: population build
# time, person-steps per second, wall time and peak memory at 1 and 2 threads, at scale 1 and 10.
# Each configuration runs REPEATS times in its own process; the medians go to bench/results.md.
#
#   bash bench/run_benchmarks.sh [REPEATS]      (default 5; scale 10 runs max(3, REPEATS/2) times)
set -euo pipefail
cd "$(dirname "$0")/.."
repeats=${1:-5}
bash scripts/install_deps.sh
cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release -DCIVICSIM_NATIVE=ON -DCIVICSIM_BUILD_TESTS=OFF >/dev/null
cmake --build build-bench -j"$(nproc)" --target whole_run_bench >/dev/null

raw=$(mktemp)
for scale in 1 10; do
  n=$repeats
  [ "$scale" = 10 ] && n=$(( repeats / 2 > 3 ? repeats / 2 : 3 ))
  for threads in 1 2; do
    for _ in $(seq "$n"); do
      ./build-bench/bench/whole_run_bench scenarios/lcr/foundation.json --scale "$scale" --threads "$threads" >>"$raw"
    done
  done
done

python3 - "$raw" <<'PY' >bench/results.md
import json, statistics, sys, platform, subprocess
rows = [json.loads(l) for l in open(sys.argv[1])]
cpu = subprocess.run(["sh", "-c", "grep -m1 'model name' /proc/cpuinfo | cut -d: -f2"],
                     capture_output=True, text=True).stdout.strip()
print(f"Machine: {cpu}, {subprocess.run(['nproc'], capture_output=True, text=True).stdout.strip()} cores; "
      f"Release build with -march=native. Medians of the runs shown.\n")
print("| scale | threads | persons | runs | population build (s) | simulate (s) | person-steps/s | wall (s) | peak memory (MB) | peak bytes/person | agent-column bytes/person |")
print("|---|---|---|---|---|---|---|---|---|---|---|")
keys = sorted({(r["scale"], r["threads"]) for r in rows})
for scale, threads in keys:
    g = [r for r in rows if r["scale"] == scale and r["threads"] == threads]
    m = lambda k: statistics.median(r[k] for r in g)
    print(f"| {scale:g} | {threads} | {int(g[0]['persons']):,} | {len(g)} | {m('build_s'):.2f} | {m('simulate_s'):.2f} | "
          f"{m('person_steps_per_s')/1e6:.0f} M | {m('wall_s'):.2f} | {m('peak_rss_mb'):.0f} | "
          f"{m('peak_rss_bytes_per_person'):.0f} | {m('agent_bytes_per_person'):.1f} |")
PY
rm -f "$raw"
cat bench/results.md
