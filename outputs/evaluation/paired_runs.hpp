// A baseline run and option runs read for evaluation, checked to be comparable: the same population
// build, start, step, horizon, seed and replications, so replication r of every file drew from the
// same random numbers (common random numbers) and differences carry little noise.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "engine/core/input_error.hpp"
#include "outputs/hdf5_reader.hpp"

namespace civicsim::evaluation {

struct Run {
  std::string file;         // as named on the command line
  ResultFile data;
  std::string name, description, assumptions;  // from the resolved scenario in /meta
};

struct PairedRuns {
  Run baseline;
  std::vector<Run> options;
};

// One result file, reading only what the evaluation uses; throws InputError.
Run read_run(const std::filesystem::path& file);

// Every way `option` differs from `baseline` in what pairing needs, as diagnostics on the option.
void check_comparable(const Run& baseline, const Run& option, DiagnosticList& errors);

// Throws InputError naming the file and the field for an unreadable file, a missing baseline, no
// option, or any option not comparable with the baseline.
PairedRuns read_paired_runs(const std::filesystem::path& baseline,
                            const std::vector<std::filesystem::path>& options);

}  // namespace civicsim::evaluation
