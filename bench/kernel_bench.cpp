// Microsimulation kernel benchmark: cohort models of 1,000,000 individuals over 20 annual cycles.
//  * sick_sicker: 4 states (healthy, sick, sicker, dead; competing rates; costs and utilities per
//    state), transitions on the state alone;
//  * cycle_effect: 7 states whose progression and remission rates carry a treatment effect in the
//    first two cycles (`"if": "cycle < 2"` rate ratios): transitions on the state and the cycle.
// Reports individual-cycles per second of the process phase alone (transitions, occupancy, costs
// and QALYs: the kernel) and of the whole Simulation (adding the foundation recorder's population
// and household counts and the living by stratum), as one JSON line per model and thread count.
// The phase is given each step's living by stratum as the simulation gives it, counted before the
// timer starts (the simulation keeps them up to date from deaths, births and birthdays: see
// bench/README.md, "What the kernel phase measures"). Target: >= 250 million individual-cycles per
// second on one thread for the kernel. kernel_cpu_s is the CPU seconds of the kernel (all threads):
// on a loaded host, with one thread, it is what the kernel's wall time would be on an idle one.
//
// Usage: kernel_bench [--model sick_sicker|cycle_effect|all] [--persons N] [--cycles T]
//                     [--threads 1,2] [--repeats R]  (median of R runs; default all models)
#include <omp.h>
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iterator>
#include <string>
#include <vector>

#include "api/run_scenario.hpp"
#include "engine/population/strata.hpp"
#include "engine/sim/phase.hpp"

namespace {
using Clock = std::chrono::steady_clock;
double since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}
double cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + 1e-9 * static_cast<double>(t.tv_nsec);
}

constexpr const char* kSickSicker = R"({
  "name": "kernel_bench", "horizon_years": 20, "step_months": 12, "seed": 7,
  "population": {"source": "cohort", "cohort": {"size": 1000000, "age": 40, "states": {"m": "H"}}},
  "processes": {"m": {
    "states": ["H", "S1", "S2", "D"],
    "transitions": [
      {"from": "H", "to": "S1", "rate_per_year": 0.15}, {"from": "H", "to": "D", "rate_per_year": 0.005},
      {"from": "S1", "to": "H", "rate_per_year": 0.5}, {"from": "S1", "to": "S2", "rate_per_year": 0.105},
      {"from": "S1", "to": "D", "rate_per_year": 0.015}, {"from": "S2", "to": "D", "rate_per_year": 0.05}],
    "cost_per_year": {"H": {"nhs": 2000}, "S1": {"nhs": 4000}, "S2": {"nhs": 15000}},
    "utility": {"H": 1, "S1": 0.75, "S2": 0.5, "D": 0}}}
})";

// A treatment in the first two cycles halves progression, raises remission by half and cuts
// disease deaths by 30%.
constexpr const char* kCycleEffect = R"({
  "name": "kernel_bench_cycle_effect", "horizon_years": 20, "step_months": 12, "seed": 7,
  "population": {"source": "cohort", "cohort": {"size": 1000000, "age": 40, "states": {"m": "mild"}}},
  "processes": {"m": {
    "states": ["well", "mild", "moderate", "severe", "remission", "dead_disease", "dead_other"],
    "transitions": [
      {"from": "well", "to": "mild", "rate_per_year": 0.05},
      {"from": "well", "to": "dead_other", "rate_per_year": 0.01},
      {"from": "mild", "to": "moderate", "rate_per_year": 0.2,
       "modifiers": [{"if": "cycle < 2", "rate_ratio": 0.5}]},
      {"from": "mild", "to": "remission", "rate_per_year": 0.3,
       "modifiers": [{"if": "cycle < 2", "rate_ratio": 1.5}]},
      {"from": "mild", "to": "dead_other", "rate_per_year": 0.01},
      {"from": "moderate", "to": "severe", "rate_per_year": 0.15,
       "modifiers": [{"if": "cycle < 2", "rate_ratio": 0.5}]},
      {"from": "moderate", "to": "mild", "rate_per_year": 0.1},
      {"from": "moderate", "to": "dead_other", "rate_per_year": 0.01},
      {"from": "severe", "to": "dead_disease", "rate_per_year": 0.25,
       "modifiers": [{"if": "cycle < 2", "rate_ratio": 0.7}]},
      {"from": "severe", "to": "dead_other", "rate_per_year": 0.01},
      {"from": "remission", "to": "well", "rate_per_year": 0.5},
      {"from": "remission", "to": "mild", "rate_per_year": 0.1},
      {"from": "remission", "to": "dead_other", "rate_per_year": 0.01}],
    "cost_per_year": {"mild": {"nhs": 3000}, "moderate": {"nhs": 8000}, "severe": {"nhs": 20000},
                      "remission": {"nhs": 1000}},
    "utility": {"well": 1, "mild": 0.85, "moderate": 0.7, "severe": 0.45, "remission": 0.9,
                "dead_disease": 0, "dead_other": 0}}}
})";

struct Model {
  const char* name;
  const char* scenario;
};
constexpr Model kModels[] = {{"sick_sicker", kSickSicker}, {"cycle_effect", kCycleEffect}};

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}
}  // namespace

int main(int argc, char** argv) {
  long persons = 1'000'000, cycles = 20, repeats = 5;
  std::string which = "all";
  std::vector<int> threads = {1, 2};
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--model")) which = argv[i + 1];
    if (!std::strcmp(argv[i], "--persons")) persons = std::atol(argv[i + 1]);
    if (!std::strcmp(argv[i], "--cycles")) cycles = std::atol(argv[i + 1]);
    if (!std::strcmp(argv[i], "--repeats")) repeats = std::atol(argv[i + 1]);
    if (!std::strcmp(argv[i], "--threads")) {
      threads.clear();
      for (const char* p = argv[i + 1]; *p;) {
        threads.push_back(std::atoi(p));
        while (*p && *p != ',') ++p;
        if (*p == ',') ++p;
      }
    }
  }
  if (which != "all" && std::none_of(std::begin(kModels), std::end(kModels),
                                     [&](const Model& m) { return which == m.name; })) {
    std::fprintf(stderr, "kernel_bench: --model is sick_sicker, cycle_effect or all, not '%s'\n",
                 which.c_str());
    return 1;
  }
  try {
    for (const Model& model : kModels) {
      if (which != "all" && which != model.name) continue;
      civicsim::RunRequest request;  // the whole run, in memory
      request.scenario =
          civicsim::ScenarioDocument{nlohmann::json::parse(model.scenario), "kernel_bench.json"};
      request.overrides["population"]["cohort"]["size"] = persons;
      request.overrides["horizon_years"] = cycles;
      // The scenario and cohort the kernel runs on: a first whole run's (untimed, a warm-up).
      const civicsim::RunOutcome first = civicsim::run_scenario(request);
      const civicsim::Scenario& scenario = first.scenario;
      const civicsim::Population& population = first.population;
      // The living by stratum at the end of each step: the phase's input (a cohort has no
      // demography, so they depend on the date alone).
      std::vector<std::vector<uint32_t>> living;
      for (int t = 0; t < cycles; ++t)
        living.push_back(civicsim::count_living(population, scenario.date_at(t + 1)));
      const double work = static_cast<double>(persons) * static_cast<double>(cycles);
      for (int n : threads) {
        omp_set_num_threads(n);
        std::vector<double> kernel_s, kernel_cpu_s, whole_s;
        for (long r = 0; r < repeats; ++r) {
          // The kernel: the process phase's steps only, on the cohort as built.
          civicsim::process::Phase phase(scenario, population);
          civicsim::RunResults results;
          results.dimensions = civicsim::standard_dimensions(population);
          for (long t = 0; t <= cycles; ++t)
            results.time.push_back(scenario.date_at(static_cast<int>(t)).to_string());
          phase.declare(results);
          std::vector<std::vector<double>> values(results.series.size());
          for (size_t s = 0; s < values.size(); ++s)
            values[s].assign(results.time_points(s) * results.cells(s), 0.0);
          civicsim::process::Columns columns;
          const civicsim::RandomKey key = civicsim::RandomKey::make(scenario.seed, 0);
          civicsim::Population working = population;  // the phase may write household columns
          phase.start(working, key, columns, values);
          const auto t0 = Clock::now();
          const double cpu0 = cpu_seconds();
          std::vector<civicsim::process::EventRequest> requests;
          for (int t = 0; t < cycles; ++t) {
            const auto events = phase.step(working, key, t, living[static_cast<size_t>(t)], columns,
                                           values, requests);
            phase.finish_step(working, columns, t, events, values);
          }
          kernel_s.push_back(since(t0));
          kernel_cpu_s.push_back(cpu_seconds() - cpu0);
          // The whole run: compiling the scenario and its replication (the cohort is built anew,
          // untimed).
          whole_s.push_back(civicsim::run_scenario(request).timings.simulation_s);
        }
        std::printf(
            "{\"model\": \"%s\", \"threads\": %d, \"persons\": %ld, \"cycles\": %ld, "
            "\"kernel_s\": %.4f, \"kernel_individual_cycles_per_s\": %.4g, "
            "\"whole_run_s\": %.4f, \"whole_run_individual_cycles_per_s\": %.4g, "
            "\"kernel_cpu_s\": %.4f, \"kernel_individual_cycles_per_cpu_s\": %.4g}\n",
            model.name, n, persons, cycles, median(kernel_s), work / median(kernel_s),
            median(whole_s), work / median(whole_s), median(kernel_cpu_s),
            work / median(kernel_cpu_s));
      }
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "kernel_bench: %s\n", e.what());
    return 1;
  }
  return 0;
}
