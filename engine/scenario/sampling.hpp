// The sampling fraction of a run: the share of the real population it simulates. A synthetic LCR
// population at population.scale 0.05 holds one person in twenty, so every total it records (counts,
// costs, QALYs) is about a twentieth of the whole population's; a linked extract or a cohort is
// simulated as it is (population.scale does not apply to them). One definition for the run (which
// gives a sample its share of capacities, budgets and programme costs), `civicsim info` and the
// evaluation (which scales totals up by 1 / fraction).
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "engine/scenario/scenario.hpp"

namespace civicsim {

double sampling_fraction(const PopulationSettings& population);

// From a resolved scenario (a result file's /meta scenario_json): nothing when it records no
// population section (a file not written by civicsim run).
std::optional<double> sampling_fraction(const nlohmann::json& resolved_scenario);

// What a fraction means for the totals of a result file, in one sentence for `civicsim info`:
// "5% of the population (scale 0.05): totals in this file are about 1/20 of the whole
// population's; civicsim evaluate scales them up".
std::string sampling_text(double fraction);

// The Monte Carlo error a sample implies for a count (fraction < 1), in words: "a scaled-up count of
// 1,000 carries a Monte Carlo standard error of about 141 (14.1%): ..." (a count in the sample is
// about Poisson, so a total N scaled up from it has a standard error of sqrt(N / fraction)).
std::string sampling_error_text(double fraction);

}  // namespace civicsim
