// Compares a result file with observed figures: the validation table of docs/validation.md.
//
// Each target (data/lcr/observed_targets.csv) names a measure, an area (a council, "LCR", or for
// damp a tenure), the model period it is compared at and the observed value. The model's value is
// computed per replication from the stored series; its uncertainty is the spread between
// replications (or, with one replication, the Poisson error of the count behind it), combined with
// the Poisson error of the observed count where the source gives one. A model value further than
// 1.96 combined standard errors from the observed one is reported as a miss.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "engine/core/results.hpp"

namespace civicsim {

struct ObservedTarget {
  std::string measure, area, period, source;
  // What the model value is: per x sum(numerator) / sum(denominator), each "series[dim=a|b;...]"
  // (denominator blank: 1; a stock denominator of a flow is the mean of the period's two ends).
  std::string numerator, denominator;
  double per = 1.0;
  double observed = 0.0;
  double observed_count = -1.0;  // -1: the source gives no count
};

struct FitRow {
  ObservedTarget target;
  double model_mean = 0.0, model_low = 0.0, model_high = 0.0;  // mean and 95% interval
  double z = 0.0;  // (model - observed) / combined standard error
  bool within = true;
};

// Reads the targets CSV; throws InputError naming the line and column of every bad cell.
std::vector<ObservedTarget> read_observed_targets(const std::filesystem::path& csv);

// Throws InputError (file, series or period) when the results lack what a target needs.
std::vector<FitRow> compare_with_observed(const RunResults& results, const std::string& file,
                                          const std::vector<ObservedTarget>& targets);

// A Markdown table with a line on how to read it.
std::string fit_table_markdown(const std::vector<FitRow>& rows, const std::string& result_file,
                               int replications);

}  // namespace civicsim
