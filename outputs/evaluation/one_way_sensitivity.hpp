// One-way sensitivity analysis (a tornado diagram) of an option against its baseline: for every
// number the option's scenario names under "uncertainty/one_way" (engine/scenario/one_way.hpp), the
// option's runs at the number's low and high values, each paired with the baseline's run at the
// same value (or the baseline's main run when the number is the option's alone, such as an
// intervention's effect), appraised as the headline is (Green Book accounting).
#pragma once

#include <string>
#include <vector>

#include "engine/evaluation/green_book_accounting.hpp"
#include "engine/scenario/one_way.hpp"
#include "outputs/evaluation/option_appraisal.hpp"
#include "outputs/evaluation/paired_runs.hpp"

namespace civicsim::evaluation {

struct OneWayResult {
  OneWayParameter parameter;
  GreenBookAppraisal at_low, at_high;  // of the mean flows over replications
};

// Reads the variant files beside `option.file` and `baseline.file` (none when the option was run
// without --one-way: no results). Throws InputError naming a missing, unpaired or stale variant
// file, or a number the baseline has but does not vary with the option. Appraised with the same
// accounting as the headline: the main run's classification of cost items (`classes`).
std::vector<OneWayResult> one_way_sensitivity(const Run& baseline, const Run& option,
                                              const FlowTiming& timing,
                                              const std::vector<double>& thresholds,
                                              const Classification& classes);

}  // namespace civicsim::evaluation
