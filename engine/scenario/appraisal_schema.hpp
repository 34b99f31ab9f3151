// The scenario file's economic-appraisal declarations: "appraisal" (the period counted, the QALY
// value, optimism bias on costs and benefits), "payers" (their labels) and "cost_categories" (how
// each category of the costs series is counted). The engine does not read them: they are kept in
// the resolved scenario of each result file for the evaluation (outputs/evaluation/), which applies
// them. Declared here once, with the rules that need the rest of the document (the appraisal period
// lies within the run; a declared cost category is one that the costs series can hold).
#pragma once

#include <array>
#include <nlohmann/json.hpp>

#include "engine/scenario/scenario_schema.hpp"
#include "engine/scenario/schema.hpp"

namespace civicsim {

// The Green Book optimism-bias categories with their upper-bound uplifts on costs (HM Treasury
// Green Book supplementary guidance on optimism bias, Mott MacDonald 2002; via the greenbook
// package's optimism_bias.csv, docs/evidence/PARAMETERS.md section C).
struct OptimismBiasCategory {
  const char* name;
  double upper_bound;
};
inline constexpr std::array<OptimismBiasCategory, 6> kOptimismBiasCategories = {{
    {"standard_buildings", 0.24},
    {"non_standard_buildings", 0.51},
    {"standard_civil_engineering", 0.44},
    {"non_standard_civil_engineering", 0.66},
    {"equipment_development", 2.00},
    {"outsourcing", 0.41},
}};

// Optimism bias on benefits by confidence grade 1 (best evidence) .. 6: the corrections of HMT /
// New Economy (2014) "Supporting public service transformation: cost benefit analysis guidance
// for local partnerships", as recalled; docs/evidence/PARAMETERS.md marks that table a GAP (not
// readable in the stored pages), so these are to be checked against the guidance before use.
inline constexpr std::array<double, 6> kBenefitOptimismBiasByGrade = {0.0, 0.05, 0.10, 0.15, 0.25, 0.40};

schema::Node appraisal_schema();
schema::Node payer_labels_schema();
schema::Node cost_categories_schema();
// The string naming an optimism-bias category (an intervention's cost.category).
schema::Node optimism_bias_category_schema();

// The appraisal period lies within the run; cost_categories names categories of the costs series.
void check_appraisal_rules(const nlohmann::json& doc, const OriginFn& origin, DiagnosticList& out);

}  // namespace civicsim
