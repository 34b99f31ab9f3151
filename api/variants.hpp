// The scenarios a run compiles after its start, besides its own: each one-way variant
// (engine/scenario/one_way.hpp) and, with a probabilistic sensitivity analysis, the scenario of
// every parameter draw. They are compiled before anything is written, so that none fails after
// others were written.
#pragma once

#include <nlohmann/json.hpp>

#include "engine/population/population.hpp"
#include "engine/scenario/scenario.hpp"
#include "engine/sim/demography_rates.hpp"
#include "engine/sim/simulation.hpp"

namespace civicsim {

// One-way variant `p` of `scenario` at its low or high value; `base` is the scenario's resolved
// document. Labelled for diagnostics "<file> (one-way: <label> low|high)".
Scenario one_way_scenario(const Scenario& scenario, const nlohmann::json& base,
                          const OneWayParameter& p, bool high);

// Compiles, for `population` (conditions and tables against its attributes), what a run of
// `scenario` compiles after its start: each one-way variant when `one_way`, and with a
// probabilistic sensitivity analysis the scenario of every parameter draw the run will use (a draw
// may break a rule, e.g. drawn probabilities out of a state summing above 1). `base` is `scenario`
// already compiled. So `validate` and the start of a run find every such input error before
// anything is written. Throws InputError naming the variant or draw.
void check_variants_and_draws(const Simulation& base, const Scenario& scenario,
                              const Population& population, const DemographyRates& rates,
                              bool one_way);

}  // namespace civicsim
