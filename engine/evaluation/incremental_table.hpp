// The incremental cost-effectiveness table as published papers print it (Drummond et al. 2015,
// ch. 4; the dampack `calculate_icers` table): options sorted by cost, strongly dominated and
// extendedly dominated options marked with the options that dominate them, and each option on
// the efficiency frontier with its incremental cost, QALYs and ICER against the next cheaper
// frontier option. Pure, no I/O; the frontier itself is efficiency_frontier (economics.hpp).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "engine/evaluation/economics.hpp"

namespace civicsim::evaluation {

struct IncrementalRow {
  std::size_t option = 0;  // index into the input
  std::string name;
  double cost = 0.0, qalys = 0.0;
  FrontierStatus status = FrontierStatus::kOnFrontier;
  // On the frontier after the cheapest: the frontier option it is compared with (input index) and
  // the increments; NaN and nullopt otherwise.
  std::optional<std::size_t> compared_with;
  double incremental_cost = 0.0, incremental_qalys = 0.0, icer = 0.0;
  // Dominated: the cheapest option that costs no more and yields no fewer QALYs (one strictly).
  // Extendedly dominated: the two frontier options on either side, a mix of which dominates it.
  // Identical: the option that stands for it.
  std::vector<std::size_t> dominated_by;
};

// Rows sorted by cost, then by QALYs (more first), then input order.
std::vector<IncrementalRow> incremental_table(const std::vector<CostEffect>& options);

}  // namespace civicsim::evaluation
