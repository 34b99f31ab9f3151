// What the evaluation says about its own precision: the sampling fraction, whether ranges are shown
// and what they include, and the Monte Carlo error of the headline (members `settings.sampling`,
// `settings.ranges` and each option's `mc_error` of the evaluation document).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "outputs/evaluation/option_flows.hpp"

namespace civicsim::evaluation {

// "£1.23m", "£35,000", "-£850": three significant figures, m/bn above a million.
std::string money_text(double pounds);
// "1,234", "12.5", "0.85": the report's number format.
std::string number_text(double x);

// {"fraction", "scale_up", "text"}.
nlohmann::json sampling_document(double fraction);

// {"min_replications", "shown", "text", "includes"}; `parameters`: how many numbers were given a
// distribution (probabilistic sensitivity analysis), 0 for none.
nlohmann::json ranges_document(int replications, int min_replications, size_t parameters);

// {"npsv_se", "method", "text"}, and with one replication "counts": the Poisson approximation
// for the event counts the option changes most. `outcome_labels` maps outcome names to labels.
nlohmann::json mc_error_document(const std::vector<double>& npsv_draws, const OptionFlows& f,
                                 const nlohmann::json& outcome_labels);

}  // namespace civicsim::evaluation
