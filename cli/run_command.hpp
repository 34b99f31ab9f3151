// `civicsim run`: the command-line options of a run, given to civicsim::run_scenario
// (api/run_scenario.hpp), and the summary it prints.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace civicsim::cli {

struct RunOptions {
  std::string scenario;
  std::string out;  // empty: the scenario's outputs.file
  int threads = 0;  // 0: OpenMP's default
  std::optional<uint64_t> seed;
  std::optional<double> scale;
  std::optional<int> replications;
  bool quiet = false;
  bool one_way = false;  // also run the one-way sensitivity variants the scenario declares
  std::string command_line;
};

// Returns the exit status. Throws InputError for invalid input (the caller prints it and exits 2).
int run_scenario_command(const RunOptions& options);

}  // namespace civicsim::cli
