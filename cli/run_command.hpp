// `civicsim run`: load a scenario, build the population, simulate, write one HDF5 file.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "engine/population/population.hpp"
#include "engine/scenario/scenario.hpp"
#include "engine/sim/demography_rates.hpp"
#include "engine/sim/simulation.hpp"

namespace civicsim::cli {

struct RunOptions {
  std::string scenario;
  std::string out;  // empty: the scenario's outputs.file
  int threads = 0;  // 0: OpenMP's default
  std::optional<uint64_t> seed;
  std::optional<double> scale;
  bool quiet = false;
  bool one_way = false;  // also run the one-way sensitivity variants the scenario declares
  std::string command_line;
};

// The scenario fields a command line may override (--seed, --scale), as a JSON merge patch.
nlohmann::json command_line_overrides(std::optional<uint64_t> seed, std::optional<double> scale);

// Compiles, for `population` (conditions and tables against its attributes), what a run of
// `scenario` compiles after its start: each one-way variant when `one_way`, and with a
// probabilistic sensitivity analysis the scenario of every parameter draw the run will use (a draw
// may break a rule, e.g. drawn probabilities out of a state summing above 1). `base` is `scenario`
// already compiled. So `validate` and the start of `run` find every such input error before
// anything is written. Throws InputError naming the variant or draw.
void check_variants_and_draws(const Simulation& base, const Scenario& scenario,
                              const Population& population, const DemographyRates& rates,
                              bool one_way);

// Returns the exit status. Throws InputError for invalid input (the caller prints it and exits 2).
int run_scenario_command(const RunOptions& options);

}  // namespace civicsim::cli
