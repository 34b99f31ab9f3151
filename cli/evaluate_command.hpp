// `civicsim evaluate BASELINE.h5 OPTION.h5 [OPTION2.h5 ...] [--out DIR]`: the evaluation of option
// runs against their baseline, written as a report, tidy CSV tables and an HDF5 file.
#pragma once

#include <string>
#include <vector>

#include "outputs/evaluation/evaluate.hpp"

namespace civicsim::cli {

struct EvaluateOptions {
  std::string baseline;
  std::vector<std::string> options;
  std::string out = "results/evaluation";
  evaluation::EvaluationSettings settings;
  bool quiet = false;
};

int evaluate_command(const EvaluateOptions& options);

}  // namespace civicsim::cli
