// The scenario file's economic-appraisal declarations: "appraisal" (the period counted, the QALY
// value, optimism bias on costs and benefits), "payers" (their labels) and "cost_categories" (how
// each category of the costs series is counted). The engine does not read them: they are kept in
// the resolved scenario of each result file for the evaluation (outputs/evaluation/), which applies
// them. Declared here once, with the rules that need the rest of the document (the appraisal period
// lies within the run; a declared cost category is one that the costs series can hold).
#pragma once

#include <nlohmann/json.hpp>

#include "engine/evaluation/appraisal_defaults.hpp"
#include "engine/scenario/scenario_schema.hpp"
#include "engine/scenario/schema.hpp"

namespace civicsim {

schema::Node appraisal_schema();
schema::Node payer_labels_schema();
schema::Node cost_categories_schema();
// The string naming an optimism-bias category (an intervention's cost.category).
schema::Node optimism_bias_category_schema();

// The appraisal period lies within the run; cost_categories names categories of the costs series.
void check_appraisal_rules(const nlohmann::json& doc, const OriginFn& origin, DiagnosticList& out);

}  // namespace civicsim
