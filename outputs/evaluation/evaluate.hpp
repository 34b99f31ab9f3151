// The evaluation of option runs against their baseline: the document that the report, the CSV
// tables and the HDF5 file all show (its shape: outputs/report/README.md). Paired by replication,
// discounted from the stored undiscounted flows (engine/evaluation/economics.hpp), with Monte Carlo
// intervals over replications, the efficiency frontier, acceptability curves and results by council
// and IMD quintile.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "outputs/evaluation/paired_runs.hpp"

namespace civicsim::evaluation {

// Discounting and the cycle convention: the command line's, else the baseline's
// appraisal/discounting, else the NICE reference case (3.5% costs and effects) with the half-cycle
// correction and discounting at the time each reward falls (outputs/evaluation/README.md).
struct EvaluationSettings {
  std::optional<std::string> discounting;        // "green_book", "nice" or "custom" (the two rates)
  std::optional<double> cost_rate, health_rate;  // with "custom" (absent: 3.5% each)
  std::optional<std::string> state_rewards;  // start_of_cycle, end_of_cycle, half_cycle, simpson
  std::optional<bool> cycle_zero;            // end_of_cycle: also count the state at time 0
  std::optional<std::string> discount_time;  // elapsed, cycle_start, year
  // Move the runs' money to this year's prices (absent: keep the runs' prices/year).
  std::optional<int> price_year;
  std::vector<double> thresholds;  // empty: NICE 20,000 and 30,000, Green Book 70,000 per QALY
  std::string question;            // empty: a question built from the option names
  // Counts below this are suppressed when the population comes from linked (individual) data.
  int disclosure_threshold = 10;
  std::string generated;  // date of the evaluation, YYYY-MM-DD (empty: today)
  // Fewer replications than this: no range and no acceptability curve (absent: the baseline's
  // appraisal.min_replications_for_ranges, default 10).
  std::optional<int> min_replications;
};

nlohmann::json evaluation_document(const PairedRuns& runs, const EvaluationSettings& settings);

}  // namespace civicsim::evaluation
