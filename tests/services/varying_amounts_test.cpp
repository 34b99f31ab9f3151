// Interventions' and services' amounts that vary with the cycle (issue #17 item 3): recurring and
// programme costs, capacities and costs per service given as expressions or tables of the cycle,
// billed at each step's cycle. Billed totals are checked exactly against the simulated occupancy,
// and against the exact cohort chain (Eigen) within Monte Carlo standard errors.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "tests/process/process_test_support.hpp"
#include "tests/services/abc_cohort.hpp"

namespace civicsim {
namespace {

using nlohmann::json;

constexpr int kPersons = 200'000;

// A drug for everyone from the start at 1,000 a year, 1,500 from cycle 2 on, billed at each step's
// start to the living (not in C); a programme cost of 2,000 + 10 x cycle once (cycle 0) and a
// running cost per year by a table of the cycle.
TEST(VaryingAmounts, RecurringCostRisesAfterCycleTwo) {
  const int years = 5;
  json doc = testing::abc_cohort("varying_amounts_test", years, kPersons, 11);
  doc["processes"]["m"]["death_states"] = {"C"};
  doc["rewards"] = {{"state_timing", "start_of_step"}};
  doc["interventions"] = {
      {"drug",
       {{"start", "2020-01"},
        {"every_months", 1200},
        {"cost",
         {{"per_unit_per_year", {{"nhs", "1000 + 500 * (cycle >= 2)"}}},
          {"fixed", {{"other", "2000 + 10 * cycle"}}},
          {"fixed_per_year",
           {{"housing", {{"by", {"cycle"}}, {"values", {{"0-1", 100}, {"2", 300}}}}}}}}}}}};
  const RunResults r = testing::run_json(doc);
  const auto amount = [](Eigen::Index t) { return t < 2 ? 1000.0 : 1500.0; };
  const Eigen::MatrixXd occ = testing::occupancy(r, "m");
  const Eigen::MatrixXd exact =
      verification::occupancy(testing::abc_matrix(), Eigen::RowVector3d(1, 0, 0), years);
  const std::vector<double> billed = testing::totals(r, "intervention_costs");
  ASSERT_EQ(billed.size(), static_cast<size_t>(years));
  for (Eigen::Index t = 0; t < years; ++t) {
    // Exactly the step's amount for each living holder at its start.
    const double living = kPersons - occ(t, 2);
    EXPECT_EQ(billed[static_cast<size_t>(t)], amount(t) * living) << "step " << t;
    // The expected bill per person of the exact chain, within 3 Monte Carlo standard errors.
    const double p = 1 - exact(t, 2), se = amount(t) * std::sqrt(p * (1 - p) / kPersons);
    EXPECT_NEAR(billed[static_cast<size_t>(t)] / kPersons, amount(t) * p, 3 * se + 1e-9)
        << "step " << t;
  }
  EXPECT_GT(billed[2] / (kPersons - occ(2, 2)), billed[1] / (kPersons - occ(1, 2)));
  // 2,000 once at cycle 0; 100 a year in cycles 0-1, 300 from cycle 2 (the last key carries).
  EXPECT_EQ(testing::totals(r, "intervention_fixed_costs"),
            (std::vector<double>{2100, 100, 300, 300, 300}));
}

// A clinic whose capacity rises by year (12, 24, then 36 a year, annual steps) and whose cost per
// request served is 50 x (1 + cycle): everyone in B asks each step, the served move to C.
TEST(VaryingAmounts, CapacityAndCostPerServiceChangeByYear) {
  json doc = testing::abc_cohort("varying_amounts_test", 4, 1000, 11);
  doc["services"] = {
      {"clinic",
       {{"regions", "lcr"},
        {"capacity_per_year", {{"by", {"cycle"}}, {"values", {{"0", 12}, {"1", 24}, {"2+", 36}}}}},
        {"cost_per_service", {{"nhs", "50 * (1 + cycle)"}, {"category", "clinic"}}},
        {"on_served", {{{"process", "m"}, {"to", "C"}, {"from", {"B"}}}}}}}};
  doc["processes"]["m"]["events"] = {
      {{"name", "ask"}, {"in", {"B"}}, {"rate_per_year", 1000}, {"service", "clinic"}}};
  const RunResults r = testing::run_json(doc);
  const std::vector<double> cap = {12, 24, 36, 36};
  EXPECT_EQ(testing::totals(r, "clinic.capacity"), cap);
  const auto served = testing::totals(r, "clinic.served"),
             waiting = testing::totals(r, "clinic.waiting"),
             requested = testing::totals(r, "clinic.requested"),
             costs = testing::totals(r, "costs");
  for (size_t t = 0; t < served.size(); ++t) {
    EXPECT_EQ(served[t], std::min(cap[t], waiting[t] + requested[t])) << "step " << t;
    EXPECT_EQ(costs[t], 50.0 * static_cast<double>(1 + t) * served[t]) << "step " << t;
  }
  EXPECT_EQ(served[2], 36);  // hundreds in B asked: the capacity binds
  EXPECT_EQ(served[3], 36);
}

// A capacity per council by cycle, plus what a programme adds from cycle 3 (an expression).
TEST(VaryingAmounts, CapacityByCouncilAndCycleWithAnAddedExpression) {
  json doc = testing::abc_cohort("varying_amounts_test", 4, 100, 11);
  doc["services"] = {
      {"clinic",
       {{"capacity_per_year",
         {{"by", {"council", "cycle"}}, {"values", {{"cohort", {{"0-1", 12}, {"2+", 24}}}}}}}}}};
  doc["interventions"] = {
      {"more",
       {{"start", "2020-01"},
        {"effects", {{{"add_capacity", "clinic"}, {"per_year", "6 * (cycle >= 3)"}}}}}}};
  const RunResults r = testing::run_json(doc);
  EXPECT_EQ(testing::totals(r, "clinic.capacity"), (std::vector<double>{12, 12, 24, 30}));
}

// Constant amounts written as numbers, as constant expressions and as one-row tables bill the same.
TEST(VaryingAmounts, ConstantFormsBillAlike) {
  auto bill = [](const json& amount) {
    json doc = testing::abc_cohort("varying_amounts_test", 3, 1000, 11);
    doc["interventions"] = {
        {"drug",
         {{"start", "2020-01"},
          {"every_months", 1200},
          {"cost", {{"per_unit", {{"nhs", amount}}}, {"fixed_per_year", {{"nhs", amount}}}}}}}};
    const RunResults r = testing::run_json(doc);
    return std::pair(testing::totals(r, "intervention_costs"),
                     testing::totals(r, "intervention_fixed_costs"));
  };
  const auto number = bill(40);
  EXPECT_EQ(number.first, (std::vector<double>{40'000, 0, 0}));
  EXPECT_EQ(bill("80 / 2"), number);
  EXPECT_EQ(bill(json{{"by", {"cycle"}}, {"values", {{"0+", 40}}}}), number);
}

}  // namespace
}  // namespace civicsim
