// A baseline run and option runs read for evaluation, checked to be comparable: the same population
// build, start, step, horizon, seed and replications, so replication r of every file drew from the
// same random numbers (common random numbers) and differences carry little noise; and the same
// price basis, so their costs can be subtracted.
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "engine/core/input_error.hpp"
#include "engine/scenario/prices.hpp"
#include "outputs/hdf5_reader.hpp"

namespace civicsim::evaluation {

struct Run {
  std::string file;  // as named on the command line
  ResultFile data;
  std::string name, description, assumptions;  // from the resolved scenario in /meta
  std::string label;                           // its `label`, or empty
  std::vector<std::string> not_counted;        // its `not_counted` sentences (none in old files)
  nlohmann::json scenario;                     // the resolved scenario (null in old files)
  double sampling_fraction = 1.0;              // population.scale: simulated per real person
  PriceBasis prices;          // from the resolved scenario: the price year its costs are at
  double price_factor = 1.0;  // takes its money to the evaluation's price year
};

struct PairedRuns {
  Run baseline;
  std::vector<Run> options;
};

// One result file, reading only what the evaluation uses; throws InputError.
Run read_run(const std::filesystem::path& file);

// Every way `option` differs from `baseline` in what pairing needs, as diagnostics on the option.
// `replications`: how many the option must have (absent: as many as the baseline).
void check_comparable(const Run& baseline, const Run& option, DiagnosticList& errors,
                      std::optional<int> replications = std::nullopt);

// The run with only its first n replications (a one-way run may have fewer than its main run).
Run first_replications(const Run& run, int n);

// Throws InputError naming the file and the field for an unreadable file, a missing baseline, no
// option, any option not comparable with the baseline, or an option whose `appraisal` settings
// differ from the baseline's (the appraisal is the baseline's). With `price_year`, every run's money is
// moved from the price year its scenario converted costs to (prices/year) to `price_year` with its
// index; an error when the runs have no price year or the index lacks the year.
PairedRuns read_paired_runs(const std::filesystem::path& baseline,
                            const std::vector<std::filesystem::path>& options,
                            std::optional<int> price_year = std::nullopt);

// The year the evaluation's money is at (the runs' prices/year unless moved), if any.
std::optional<int> evaluated_price_year(const PairedRuns& runs, std::optional<int> price_year);

}  // namespace civicsim::evaluation
