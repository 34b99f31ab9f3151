// Whole-run benchmark: run a scenario in memory (civicsim::run_scenario: build the LCR population,
// simulate), and report time and memory as one JSON line. bench/run_benchmarks.sh runs it several
// times per configuration (one process each, so peak memory is per run) and writes the medians to
// bench/README.md.
//
// Usage: whole_run_bench SCENARIO [--scale F] [--threads N] [--years Y]
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "api/run_scenario.hpp"
#include "api/system_info.hpp"

namespace {
template <class V>
size_t bytes(const V& v) {
  return v.capacity() * sizeof(typename V::value_type);
}

// Bytes held by the agent columns (people and households), excluding the small area tables.
size_t agent_bytes(const civicsim::Population& p) {
  const auto& pe = p.people;
  const auto& h = p.households;
  return bytes(pe.uid) + bytes(pe.household) + bytes(pe.birth_month) + bytes(pe.area) +
         bytes(pe.sex) + bytes(pe.alive) + bytes(h.uid) + bytes(h.area) + bytes(h.tenure) +
         bytes(h.type) + bytes(h.condition) + bytes(h.living);
}
}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s SCENARIO [--scale F] [--threads N] [--years Y]\n", argv[0]);
    return 2;
  }
  civicsim::RunRequest request;  // in memory: no HDF5 write
  request.scenario = std::filesystem::path(argv[1]);
  for (int i = 2; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--scale")) request.scale = std::atof(argv[i + 1]);
    if (!std::strcmp(argv[i], "--threads")) request.threads = std::atoi(argv[i + 1]);
    if (!std::strcmp(argv[i], "--years"))
      request.overrides["horizon_years"] = std::atoi(argv[i + 1]);
  }
  request.replications = 1;
  try {
    const civicsim::RunOutcome outcome = civicsim::run_scenario(request);
    const civicsim::Scenario& scenario = outcome.scenario;
    const civicsim::Population& population = outcome.population;
    const civicsim::RunResults& results = outcome.results;
    // Building the population and loading the demography rates, and simulating (as before the
    // API: loading the scenario and hashing its inputs are not timed).
    const double build_s = outcome.timings.population_build_s;
    const double sim_s = outcome.timings.simulation_s;
    const double wall_s = build_s + sim_s;

    const size_t pop = results.series_index("population");
    const size_t cells = results.cells(pop);
    double person_steps = 0;
    for (int t = 0; t < scenario.steps(); ++t)
      for (size_t c = 0; c < cells; ++c) person_steps += results.values[pop][0][t * cells + c];
    const double persons = static_cast<double>(population.living_persons());
    std::printf(
        "{\"scale\": %g, \"threads\": %d, \"persons\": %.0f, \"households\": %zu, \"steps\": %d, "
        "\"build_s\": %.3f, \"simulate_s\": %.3f, \"wall_s\": %.3f, \"person_steps_per_s\": %.4g, "
        "\"agent_bytes_per_person\": %.1f, \"peak_rss_bytes_per_person\": %.1f, \"peak_rss_mb\": "
        "%.1f}\n",
        scenario.population.scale, outcome.meta.threads, persons, population.households.size(),
        scenario.steps(), build_s, sim_s, wall_s, person_steps / sim_s,
        static_cast<double>(agent_bytes(population)) / persons,
        static_cast<double>(civicsim::peak_rss_bytes()) / persons,
        static_cast<double>(civicsim::peak_rss_bytes()) / 1e6);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "whole_run_bench: %s\n", e.what());
    return 1;
  }
  return 0;
}
