// Probabilistic sensitivity analysis: any number in a scenario may be given a distribution under
// "uncertainty/parameters", keyed by its JSON pointer in the (merged) scenario. With
// "uncertainty/psa_draws" N the run has N replications and replication r uses parameter draw r for
// every such number, so Monte Carlo and parameter uncertainty are propagated together. Draw r of a
// parameter is a pure function of (seed, r, its pointer): arms sharing a seed share their
// parameter draws, and adding a parameter does not change the others.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "engine/core/distribution_draw.hpp"
#include "engine/core/input_error.hpp"
#include "engine/scenario/schema.hpp"

namespace civicsim {

struct UncertainParameter {
  std::string pointer;      // e.g. "/processes/asthma/transitions/0/modifiers/0/rate_ratio"
  bool from_table = false;  // "draws": a table of values, draw r takes value r mod n
  Distribution distribution = Distribution::kUniform;
  double a = 0.0, b = 0.0;
  std::vector<double> table;
};

struct UncertaintySpec {
  int psa_draws = 0;  // 0: no probabilistic sensitivity analysis
  std::vector<UncertainParameter> parameters;
  bool active() const { return psa_draws > 0 && !parameters.empty(); }
};

schema::Node uncertainty_schema();

// Every pointer names a number of the document; distribution parameters are valid; psa_draws and
// replications agree. Diagnostics name "/uncertainty/...".
void check_uncertainty_rules(const nlohmann::json& doc, const std::string& file,
                             DiagnosticList& out);

// Whether `pointer` names a number under /processes, /services or /interventions of `doc`; if not,
// adds a diagnostic at `at`.
bool check_model_number(const nlohmann::json& doc, const std::string& pointer,
                        const std::string& at, const std::string& file, DiagnosticList& out);

UncertaintySpec bind_uncertainty(const nlohmann::json& uncertainty);

// One entry of "uncertainty/parameters", checked.
UncertainParameter bind_parameter(const std::string& pointer, const nlohmann::json& p);

// The q-quantile (0 < q < 1) of a parameter's distribution (a table: type 7 over its draws).
double parameter_quantile(const UncertainParameter& p, double q);

// Draw `draw` of one parameter.
double draw_parameter(const UncertainParameter& p, uint64_t seed, int draw);

// The scenario document with every uncertain parameter set to its draw `draw`.
nlohmann::json with_parameter_draw(nlohmann::json doc, const UncertaintySpec& u, uint64_t seed,
                                   int draw);

}  // namespace civicsim
