// The payer dimension: every payer a scenario may charge (engine/scenario/process_spec.hpp), the four
// original ones keeping their names and relative order, and a cost charged to each landing in that
// payer's slice of the costs series, in full and nowhere else.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/process/process_test_support.hpp"

namespace civicsim {
namespace {

using nlohmann::json;

TEST(Payers, TheCostsSeriesHasEveryPayerInItsOrder) {
  const std::vector<std::string> names(kPayerNames.begin(), kPayerNames.end());
  EXPECT_EQ(names, (std::vector<std::string>{"nhs", "council_childrens_services", "housing",
                                             "social_landlord", "private_landlord",
                                             "owner_occupier", "other"}));
  // A state cost of 10 x (k + 1) a year for payer k, for 12 persons staying in a over 2 yearly steps.
  json cost = {{"category", "c"}};
  for (int k = 0; k < kPayerCount; ++k) cost[kPayerNames[k]] = 10.0 * (k + 1);
  const json doc = {
      {"name", "payers"},
      {"horizon_years", 2},
      {"step_months", 12},
      {"population", {{"source", "cohort"}, {"cohort", {{"size", 12}}}}},
      {"processes", {{"p", {{"states", {"a", "b"}}, {"cost_per_year", {{"a", cost}}}}}}}};
  const RunResults r = testing::run_json(doc);
  EXPECT_EQ(r.dimension("payer").labels, names);
  const size_t s = r.series_index("costs"), cells = r.cells(s);
  ASSERT_EQ(r.series[s].dims.front(), "payer");
  const size_t per_payer = cells / kPayerCount;
  for (int k = 0; k < kPayerCount; ++k) {
    double total = 0;
    for (size_t t = 0; t < r.time_points(s); ++t)
      for (size_t c = 0; c < per_payer; ++c)
        total += r.values[s][0][t * cells + static_cast<size_t>(k) * per_payer + c];
    EXPECT_DOUBLE_EQ(total, 10.0 * (k + 1) * 12 * 2) << kPayerNames[k];
  }
}

}  // namespace
}  // namespace civicsim
