// The evaluation document's `labels`: a readable name for every identifier it shows (scenario,
// payer, outcome, cost category, intervention, metric), from the scenarios' `label` fields, with a
// readable fallback built from the identifier where none is declared.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace civicsim::evaluation {

// "looked_after_residential" -> "Looked after residential".
std::string readable(const std::string& identifier);

struct LabelSources {
  // Resolved scenarios, the baseline first: a later one's declarations win (options extend the
  // baseline and may add processes, services and interventions).
  std::vector<const nlohmann::json*> scenarios;
  std::vector<std::pair<std::string, std::string>> scenario_labels;  // name, label ("" = none)
  std::vector<std::string> outcomes, cost_categories, interventions;
  std::vector<std::pair<std::string, std::string>> states;  // process, state (the trace's)
};

// Members scenarios, payers, outcomes, cost_categories, interventions and metrics; with states,
// also processes (process -> label) and states ("process.state" -> its state_labels entry).
nlohmann::json labels_document(const LabelSources& sources);

// The label of an outcome such as "asthma.events.attack" or "need.years_in.looked_after".
std::string outcome_label(const std::vector<const nlohmann::json*>& scenarios,
                          const std::string& outcome);

}  // namespace civicsim::evaluation
