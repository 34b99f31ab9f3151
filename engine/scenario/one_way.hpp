// One-way sensitivity analysis: numbers of a scenario named under "uncertainty/one_way" (by JSON
// pointer in the merged scenario), each set in turn to a low and a high value with every other
// number at its base value. A run of such a scenario also runs each variant, with the same seed
// and replications (so every difference is paired), into its own file beside the main one; the
// evaluation turns them into a tornado diagram (outputs/evaluation/one_way_sensitivity.hpp).
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "engine/core/input_error.hpp"
#include "engine/scenario/schema.hpp"

namespace civicsim {

struct OneWayParameter {
  std::string pointer;  // e.g. "/processes/need/transitions/3/rate_ratio"
  std::string label;    // what a reader calls it (default: the pointer)
  double base = 0.0;    // its value in the scenario
  double low = 0.0, high = 0.0;
};

schema::Node one_way_schema();

// Every pointer names a number under /processes, /services or /interventions; low and high are
// given together, low < high, or else the number has a distribution under
// "uncertainty/parameters" (its 2.5th and 97.5th percentiles are the range). Diagnostics name
// "/uncertainty/one_way/...".
void check_one_way_rules(const nlohmann::json& doc, const std::string& file, DiagnosticList& out);

// The one-way parameters of a resolved (checked) scenario document, in pointer order.
std::vector<OneWayParameter> bind_one_way(const nlohmann::json& doc);

// Each variant of the checked document `doc` (`parameters` from bind_one_way) is itself a valid
// scenario: the number within its schema range and every rule between fields holding, so that a
// bad low or high is an input error before anything runs, not after other variants were written.
// Diagnostics name /uncertainty/one_way/<pointer>/low or /high and say what the variant breaks.
void check_one_way_variants(const nlohmann::json& doc,
                            const std::vector<OneWayParameter>& parameters, const std::string& file,
                            DiagnosticList& out);

// The document with parameter p at its low (or high) value: p no longer drawn in a probabilistic
// analysis, and no one-way analysis of its own; with uncertainty/one_way_replications N, only the
// first N replications.
nlohmann::json one_way_variant(nlohmann::json doc, const OneWayParameter& p, bool high);

// Where the variant of a run written to `out` goes: <out without .h5>.one_way/<pointer>.<low|high>.h5,
// the pointer's '/' written as '.'.
std::filesystem::path one_way_file(const std::filesystem::path& out, const OneWayParameter& p,
                                   bool high);

}  // namespace civicsim
