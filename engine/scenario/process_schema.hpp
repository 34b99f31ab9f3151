// The scenario file's "processes", "rewards" and cohort sections: their one declaration (types,
// units, ranges, defaults, descriptions), the rules between their fields that a per-field
// declaration cannot state (known states, one value kind per transition, probabilities per cycle
// only where the step is the cycle), and their binding to ProcessSpec. Kept apart from
// scenario_schema.cpp because the modelling language is most of the schema's text. Checks that need
// the population's attributes (names in conditions, strata labels, row sums after modifiers) happen
// when processes are compiled (engine/model/compile.hpp).
#pragma once

#include <nlohmann/json.hpp>
#include <vector>

#include "engine/scenario/process_spec.hpp"
#include "engine/scenario/scenario.hpp"
#include "engine/scenario/scenario_schema.hpp"
#include "engine/scenario/schema.hpp"

namespace civicsim {

schema::Node processes_schema();  // map of process name -> process
// The optional "source" (citation) field that every object holding model numbers accepts.
schema::Field source_field();
// A number, or a table of numbers by up to three attributes: {"by": [...], "values": {...}}.
schema::Node stratified_schema(schema::Node number, const std::string& what);
// An amount per payer ({"nhs": 120, ...}), with an optional cost category.
schema::Node payers_schema(const std::string& what, bool with_category);
// A number, an expression (a string, read as one) or a table of numbers by attributes.
schema::Node varying_schema(schema::Node number, const std::string& what);
// payers_schema whose every payer's amount is a varying_schema; `varies_with` ends each payer's
// description (what the amount may depend on).
schema::Node varying_payers_schema(const std::string& what, bool with_category,
                                   const std::string& varies_with);
schema::Node rewards_schema();
schema::Node cohort_schema();

// Rules between fields of the processes and the cohort, on the merged document.
void check_process_rules(const nlohmann::json& doc, const OriginFn& origin, DiagnosticList& out);

// The processes of a checked document, in name order (JSON objects are sorted by key).
std::vector<ProcessSpec> bind_processes(const nlohmann::json& doc);
CohortSettings bind_cohort(const nlohmann::json& cohort);
RewardSettings bind_rewards(const nlohmann::json& rewards);
StratifiedValue bind_stratified(const nlohmann::json& value, const std::string& json_path);
// bind_stratified, whose expression must stay within [lowest, highest] wherever it is read.
StratifiedValue bind_varying(const nlohmann::json& value, const std::string& json_path,
                             double lowest, double highest);
// A cost whose payers' amounts may vary (varying_payers_schema): per payer a constant in
// amount_gbp, or an expression or table in varying (kept within [0, kMaxMoneyGbp]).
CostSpec bind_varying_cost(const nlohmann::json& cost, const std::string& json_path);

}  // namespace civicsim
