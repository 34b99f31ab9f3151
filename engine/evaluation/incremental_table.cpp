#include "engine/evaluation/incremental_table.hpp"

#include <algorithm>
#include <limits>
#include <numeric>

namespace civicsim::evaluation {

std::vector<IncrementalRow> incremental_table(const std::vector<CostEffect>& options) {
  const std::vector<FrontierEntry> f = efficiency_frontier(options);
  const std::size_t n = f.size();
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    if (f[a].cost != f[b].cost) return f[a].cost < f[b].cost;
    return f[a].qalys > f[b].qalys;
  });
  std::vector<IncrementalRow> rows;
  for (std::size_t i : order) {
    const FrontierEntry& e = f[i];
    IncrementalRow r{i,
                     e.name,
                     e.cost,
                     e.qalys,
                     e.status,
                     e.compared_with,
                     e.incremental_cost,
                     e.incremental_qalys,
                     e.icer,
                     {}};
    switch (e.status) {
      case FrontierStatus::kOnFrontier:
        break;
      case FrontierStatus::kDominated:
      case FrontierStatus::kIdentical:
        // The cheapest option no worse on both counts (for an identical one: the same point).
        for (std::size_t j : order)
          if (j != i && f[j].cost <= e.cost && f[j].qalys >= e.qalys &&
              (e.status == FrontierStatus::kIdentical
                   ? f[j].status == FrontierStatus::kOnFrontier
                   : (f[j].cost < e.cost || f[j].qalys > e.qalys))) {
            r.dominated_by.push_back(j);
            break;
          }
        break;
      case FrontierStatus::kExtendedlyDominated: {
        // The frontier neighbours: the dearest frontier option cheaper than it and the cheapest
        // dearer one (it lies above the line between them).
        std::optional<std::size_t> below, above;
        for (std::size_t j : order) {
          if (f[j].status != FrontierStatus::kOnFrontier) continue;
          if (f[j].cost <= e.cost) below = j;
          if (f[j].cost > e.cost && !above) above = j;
        }
        if (below) r.dominated_by.push_back(*below);
        if (above) r.dominated_by.push_back(*above);
        break;
      }
    }
    rows.push_back(std::move(r));
  }
  return rows;
}

}  // namespace civicsim::evaluation
