// Probabilistic sensitivity analysis benchmark: run a scenario with "uncertainty/psa_draws" in memory
// (civicsim::run_scenario, no HDF5 file) several times per thread count and print, as one JSON line
// per thread count, the medians of: the whole call (wall_s: loading the scenario, building the
// cohort, compiling every draw before any runs, the replications), the replications alone
// (simulate_s: compiling and running each draw) and person-cycles per second of the latter, and
// the CPU seconds of the whole call summed over threads (cpu_s): on a loaded host, where wall time
// measures the other work too, cpu_s / threads approximates (from below when threads wait for each
// other) the wall time on an idle one.
// bench/README.md reports it on bench/scenarios/psa_sick_sicker.json.
//
// Usage: psa_bench SCENARIO [--threads 1,2] [--repeats N]
#include <time.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "api/run_scenario.hpp"

namespace {
double cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + 1e-9 * static_cast<double>(t.tv_nsec);
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}
}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s SCENARIO [--threads 1,2] [--repeats N]\n", argv[0]);
    return 2;
  }
  std::vector<int> threads = {1, 2};
  long repeats = 5;
  for (int i = 2; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--repeats")) repeats = std::max(1L, std::atol(argv[i + 1]));
    if (!std::strcmp(argv[i], "--threads")) {
      threads.clear();
      for (const char* p = argv[i + 1]; *p;) {
        threads.push_back(std::atoi(p));
        while (*p && *p != ',') ++p;
        if (*p == ',') ++p;
      }
    }
  }
  try {
    for (const int n : threads) {
      std::vector<double> wall, simulate, cpu;
      double person_cycles = 0;
      int draws = 0;
      for (long r = 0; r < repeats; ++r) {
        civicsim::RunRequest request;  // in memory
        request.scenario = std::filesystem::path(argv[1]);
        request.threads = n;
        const double cpu0 = cpu_seconds();
        const civicsim::RunOutcome out = civicsim::run_scenario(request);
        cpu.push_back(cpu_seconds() - cpu0);
        wall.push_back(out.timings.wall_s);
        simulate.push_back(out.timings.simulation_s);
        draws = out.scenario.replications;
        person_cycles = static_cast<double>(out.identity.initial_persons) * out.scenario.steps() *
                        out.scenario.replications;
      }
      std::printf(
          "{\"scenario\": \"%s\", \"threads\": %d, \"draws\": %d, \"runs\": %ld, "
          "\"wall_s\": %.4f, \"simulate_s\": %.4f, \"person_cycles_per_s\": %.4g, "
          "\"cpu_s\": %.4f}\n",
          argv[1], n, draws, repeats, median(wall), median(simulate),
          person_cycles / median(simulate), median(cpu));
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "psa_bench: %s\n", e.what());
    return 1;
  }
  return 0;
}
