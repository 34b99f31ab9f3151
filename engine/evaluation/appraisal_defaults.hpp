// The defaults of a scenario's economic-appraisal declarations (appraisal_schema.hpp), each stated
// once: the schema shows them, and the evaluation (engine/evaluation, outputs/evaluation) falls back
// on them for a document that does not state them.
#pragma once

#include <array>

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
inline constexpr std::array<double, 6> kBenefitOptimismBiasByGrade = {0.0,  0.05, 0.10,
                                                                      0.15, 0.25, 0.40};

// The social value of a QALY, pounds: HM Treasury Green Book (2022) / DHSC (docs/evidence/
// PARAMETERS.md, greenbook qaly.csv).
inline constexpr int kDefaultQalyValue = 70000;  // whole pounds (so the schema shows 70000)
// Confidence grade of a benefit whose evidence is not graded (a cost category's, the QALYs'): the
// middle of the six grades.
inline constexpr int kDefaultConfidenceGrade = 3;
// Fewer replications than this: no range and no acceptability curve.
inline constexpr int kDefaultMinReplicationsForRanges = 10;

}  // namespace civicsim
