#include "api/variants.hpp"

#include <string>
#include <vector>

#include "engine/core/input_error.hpp"
#include "engine/scenario/scenario_loader.hpp"

namespace civicsim {
namespace {

// Compiles `variant`; an InputError says which variant or draw it was (`which`).
void check_compiles(const Scenario& variant, const Population& population,
                    const DemographyRates& rates, const std::string& which) {
  try {
    const Simulation compiled(variant, population, rates);
  } catch (const InputError& e) {  // the base scenario compiled: say which variant did not
    std::vector<Diagnostic> found = e.diagnostics();
    for (Diagnostic& d : found) d.found += " (in " + which + ")";
    throw InputError(std::move(found));
  }
}

}  // namespace

Scenario one_way_scenario(const Scenario& scenario, const nlohmann::json& base,
                          const OneWayParameter& p, bool high) {
  return scenario_from_document(
      one_way_variant(base, p, high), scenario.file,
      scenario.file.string() + " (one-way: " + p.label + (high ? " high" : " low") + ")");
}

void check_variants_and_draws(const Simulation& base, const Scenario& scenario,
                              const Population& population, const DemographyRates& rates,
                              bool one_way) {
  if (one_way) {
    const nlohmann::json doc = nlohmann::json::parse(scenario.resolved_json);
    for (const OneWayParameter& p : scenario.one_way)
      for (const bool high : {false, true})
        check_compiles(one_way_scenario(scenario, doc, p, high), population, rates,
                       "the one-way variant with " + p.pointer + " at its " +
                           (high ? "high" : "low") + " value " +
                           nlohmann::json(high ? p.high : p.low).dump());
  }
  base.for_each_draw([&](int r, const Scenario& drawn) {
    check_compiles(drawn, population, rates, "parameter draw " + std::to_string(r));
  });
}

}  // namespace civicsim
