// Each arm's own results as members of the evaluation document: `arms` (per person and in total,
// costs, QALYs and life-years, undiscounted and discounted), `incremental` (the incremental table
// of the arms, sorted by cost, with dominance) and `trace` (occupancy by time point), and the
// convention they follow (`settings.convention`). Shapes: outputs/evaluation/README.md.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "engine/evaluation/cycle_convention.hpp"
#include "outputs/evaluation/arm_results.hpp"

namespace civicsim::evaluation {

struct ArmInput {
  std::string name, label;
  ArmResults results;
};

// {"state_rewards", "cycle_zero", "discount_time", "cycles", "cycle_years", "text"}.
nlohmann::json convention_document(const CycleConvention& c, const CycleGrid& grid);

// Rows {arm, label, measure ("costs", "qalys", "life_years"), discounted, per_person, total,
// persons}, per_person and total each {mean, low, high} over replications.
nlohmann::json arms_document(const std::vector<ArmInput>& arms);
// The arms by mean discounted cost per person (incremental_table.hpp): rows {arm, label, cost,
// qalys, status, compared_with, incremental_cost, incremental_qalys, icer, dominated_by}.
nlohmann::json incremental_document(const std::vector<ArmInput>& arms);
// Rows {arm, process, state, cycle, date, count, share}.
nlohmann::json trace_document(const std::vector<ArmInput>& arms);

}  // namespace civicsim::evaluation
