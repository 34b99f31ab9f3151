// Cycle conventions against totals worked by hand on a three-state cohort (H, S, D; two annual
// cycles, 10% discounting so that every factor is a plain fraction), and against an Eigen chain
// for monthly cycles; and the incremental table on two published examples.
#include "engine/evaluation/cycle_convention.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>

#include "engine/evaluation/incremental_table.hpp"
#include "tests/verification/markov_exact.hpp"

namespace civicsim::evaluation {
namespace {

// P = [[0.8, 0.1, 0.1], [0, 0.5, 0.5], [0, 0, 1]] from everyone in H: occupancy (1, 0, 0),
// (0.8, 0.1, 0.1), (0.64, 0.13, 0.23). Costs per cycle H 100, S 1000, D 0: point rewards
// R = 100, 180, 194.
const std::vector<double> kPoints = {100.0, 180.0, 194.0};
const RateSchedule kTenPercent = {{0, 0.10}};

Totals totals(StateRewards s, DiscountTime d = DiscountTime::kElapsed, bool cycle_zero = false,
              const std::vector<double>& flows = {}) {
  return convention_totals({s, cycle_zero, d}, 1.0, kTenPercent, kPoints, flows);
}

TEST(CycleConvention, EachConventionByHand) {
  using S = StateRewards;
  Totals t = totals(S::kStartOfCycle);  // points 0, 1 at times 0, 1
  EXPECT_DOUBLE_EQ(t.undiscounted, 280.0);
  EXPECT_DOUBLE_EQ(t.discounted, 100.0 + 180.0 / 1.1);
  t = totals(S::kEndOfCycle);  // points 1, 2 at times 1, 2
  EXPECT_DOUBLE_EQ(t.undiscounted, 374.0);
  EXPECT_DOUBLE_EQ(t.discounted, 180.0 / 1.1 + 194.0 / 1.21);
  t = totals(S::kEndOfCycle, DiscountTime::kElapsed, true);  // points 0, 1, 2
  EXPECT_DOUBLE_EQ(t.undiscounted, 474.0);
  EXPECT_DOUBLE_EQ(t.discounted, 100.0 + 180.0 / 1.1 + 194.0 / 1.21);
  t = totals(S::kHalfCycle);  // 1/2, 1, 1/2
  EXPECT_DOUBLE_EQ(t.undiscounted, 327.0);
  EXPECT_DOUBLE_EQ(t.discounted, 50.0 + 180.0 / 1.1 + 97.0 / 1.21);
  t = totals(S::kSimpson);  // 1/3, 4/3, 1/3
  EXPECT_DOUBLE_EQ(t.undiscounted, 338.0);
  EXPECT_NEAR(t.discounted, (100.0 + 4.0 * 180.0 / 1.1 + 194.0 / 1.21) / 3.0, 1e-12);
  // End-of-cycle rewards discounted by cycle number from 0 (what evaluate did before): each
  // cycle's reward at the cycle's start, one year too early.
  t = totals(S::kEndOfCycle, DiscountTime::kCycleStart);
  EXPECT_DOUBLE_EQ(t.discounted, 180.0 + 194.0 / 1.1);
  // Annual cycles: whole years are cycle starts.
  EXPECT_DOUBLE_EQ(totals(S::kHalfCycle, DiscountTime::kYear).discounted,
                   50.0 + 90.0 + 90.0 / 1.1 + 97.0 / 1.1);
}

TEST(CycleConvention, FlowsFallWhereTheStateRewardsDo) {
  const std::vector<double> flows = {10.0, 20.0};
  const std::vector<double> none(3, 0.0);
  const auto pv = [&](StateRewards s, DiscountTime d) {
    return convention_totals({s, false, d}, 1.0, kTenPercent, none, flows).discounted;
  };
  EXPECT_DOUBLE_EQ(pv(StateRewards::kStartOfCycle, DiscountTime::kElapsed), 10.0 + 20.0 / 1.1);
  EXPECT_DOUBLE_EQ(pv(StateRewards::kEndOfCycle, DiscountTime::kElapsed), 10.0 / 1.1 + 20.0 / 1.21);
  EXPECT_DOUBLE_EQ(pv(StateRewards::kHalfCycle, DiscountTime::kElapsed),
                   10.0 / std::sqrt(1.1) + 20.0 / std::pow(1.1, 1.5));
  EXPECT_DOUBLE_EQ(pv(StateRewards::kHalfCycle, DiscountTime::kCycleStart), 10.0 + 20.0 / 1.1);
}

TEST(CycleConvention, RefusesWhatDoesNotApply) {
  EXPECT_THROW(point_slots({StateRewards::kSimpson, false, DiscountTime::kElapsed}, 3, 1.0),
               std::invalid_argument);
  EXPECT_THROW(point_slots({StateRewards::kHalfCycle, true, DiscountTime::kElapsed}, 2, 1.0),
               std::invalid_argument);
  EXPECT_THROW(state_rewards_from("mid_cycle"), std::invalid_argument);
  EXPECT_EQ(state_rewards_from("simpson"), StateRewards::kSimpson);
  EXPECT_EQ(discount_time_from("cycle_start"), DiscountTime::kCycleStart);
}

TEST(CycleConvention, DiscountWithinAYearOfADecliningSchedule) {
  const RateSchedule gb = DiscountRates::green_book().cost;
  EXPECT_DOUBLE_EQ(discount_factor_at(gb, 0.0), 1.0);
  EXPECT_NEAR(discount_factor_at(gb, 0.5), std::pow(1.035, -0.5), 1e-15);
  EXPECT_NEAR(discount_factor_at(gb, 30.0), std::pow(1.035, -30), 1e-15);
  EXPECT_NEAR(discount_factor_at(gb, 30.25), std::pow(1.035, -30) * std::pow(1.03, -0.25), 1e-15);
  EXPECT_NEAR(discount_factor_at(gb, 31.0), std::pow(1.035, -30) / 1.03, 1e-15);
  // At whole years, exactly the accounting's table (the same divisions in the same order).
  const std::vector<double> table = discount_factors(gb, 80);
  for (int y = 0; y < 80; ++y) EXPECT_EQ(discount_factor_at(gb, y), table[y]) << y;
}

// Monthly cycles of the same chain's monthly equivalent, 24 cycles, by an Eigen chain: the
// weights of each convention applied to the exact occupancy, discounted at t/12 years.
TEST(CycleConvention, MonthlyCyclesMatchAnEigenChain) {
  Eigen::MatrixXd P(3, 3);
  P << 0.98, 0.01, 0.01, 0.0, 0.95, 0.05, 0.0, 0.0, 1.0;
  Eigen::RowVectorXd start(3);
  start << 1.0, 0.0, 0.0;
  const int n = 24;
  const double dt = 1.0 / 12.0;
  const Eigen::MatrixXd occ = verification::occupancy(P, start, n);
  Eigen::VectorXd cost(3);
  cost << 100.0 * dt, 1000.0 * dt, 0.0;
  const Eigen::VectorXd r = occ * cost;
  std::vector<double> points(r.data(), r.data() + r.size());
  const RateSchedule nice = DiscountRates::nice().cost;
  double start_pv = 0, end_pv = 0, half_pv = 0, simpson_pv = 0;
  for (int t = 0; t <= n; ++t) {
    const double d = std::pow(1.035, -t * dt);
    if (t < n) start_pv += r(t) * d;
    if (t > 0) end_pv += r(t) * d;
    half_pv += (t == 0 || t == n ? 0.5 : 1.0) * r(t) * d;
    simpson_pv += (t == 0 || t == n ? 1.0 : t % 2 == 1 ? 4.0 : 2.0) / 3.0 * r(t) * d;
  }
  const auto pv = [&](StateRewards s) {
    return convention_totals({s, false, DiscountTime::kElapsed}, dt, nice, points, {}).discounted;
  };
  EXPECT_NEAR(pv(StateRewards::kStartOfCycle), start_pv, 1e-9);
  EXPECT_NEAR(pv(StateRewards::kEndOfCycle), end_pv, 1e-9);
  EXPECT_NEAR(pv(StateRewards::kHalfCycle), half_pv, 1e-9);
  EXPECT_NEAR(pv(StateRewards::kSimpson), simpson_pv, 1e-9);
  // By whole years: the 12 months of year 1 all at 1/1.035.
  double year_pv = 0;
  for (int t = 0; t < n; ++t) year_pv += r(t) * (t < 12 ? 1.0 : 1.0 / 1.035);
  EXPECT_NEAR(convention_totals({StateRewards::kStartOfCycle, false, DiscountTime::kYear}, dt, nice,
                                points, {})
                  .discounted,
              year_pv, 1e-9);
}

// The worked example of the VA Health Economics Resource Center's cost-effectiveness analysis
// page (herc.research.va.gov, "Cost-Effectiveness Analysis"), as dampack's test_calculate_icers.R
// (DARTH-git/dampack) checks it: six strategies, one dominated (A) and one extendedly dominated
// (C); frontier UC -> B (5,000 per unit of effect) -> D (12,500) -> E (20,000).
TEST(IncrementalTable, HercSixStrategies) {
  const auto rows = incremental_table({{"E", 55000, 5},
                                       {"D", 35000, 4},
                                       {"C", 25000, 3},
                                       {"B", 10000, 2},
                                       {"A", 12000, 1.5},
                                       {"UC", 5000, 1}});
  ASSERT_EQ(rows.size(), 6u);
  const std::vector<std::string> order = {"UC", "B", "A", "C", "D", "E"};
  for (size_t k = 0; k < rows.size(); ++k) EXPECT_EQ(rows[k].name, order[k]);
  using S = FrontierStatus;
  EXPECT_EQ(rows[0].status, S::kOnFrontier);
  EXPECT_FALSE(rows[0].compared_with);
  EXPECT_EQ(rows[1].status, S::kOnFrontier);
  EXPECT_DOUBLE_EQ(rows[1].icer, 5000.0);
  EXPECT_EQ(rows[2].status, S::kDominated);
  EXPECT_EQ(rows[2].dominated_by, std::vector<size_t>{3});  // B (input index 3)
  EXPECT_EQ(rows[3].status, S::kExtendedlyDominated);
  EXPECT_EQ(rows[3].dominated_by, (std::vector<size_t>{3, 1}));  // between B and D
  EXPECT_EQ(rows[4].status, S::kOnFrontier);
  EXPECT_DOUBLE_EQ(rows[4].incremental_cost, 25000.0);
  EXPECT_DOUBLE_EQ(rows[4].incremental_qalys, 2.0);
  EXPECT_DOUBLE_EQ(rows[4].icer, 12500.0);
  EXPECT_EQ(rows[4].compared_with, std::optional<size_t>(3));
  EXPECT_DOUBLE_EQ(rows[5].icer, 20000.0);
}

// Alarid-Escudero et al. (Med Decis Making 2023;43(1):3-20), table "table-cea": SoC, B (ICER
// 72,988), AB (125,764); A dominated. Unrounded costs and QALYs as our cohort code derives them
// (tests/verification/reference_models/sick_sicker_alarid2023.json).
TEST(IncrementalTable, AlaridSickSickerAsPublished) {
  const auto rows = incremental_table({{"SoC", 151579.866, 20.7113315},
                                       {"A", 284804.513, 21.4986628},
                                       {"B", 259100.411, 22.1844651},
                                       {"AB", 378875.198, 23.1368441}});
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[0].name, "SoC");
  EXPECT_EQ(rows[1].name, "B");
  EXPECT_NEAR(rows[1].icer, 72988, 1.0);
  EXPECT_NEAR(rows[1].incremental_cost, 107521, 1.0);
  EXPECT_EQ(rows[2].name, "A");
  EXPECT_EQ(rows[2].status, FrontierStatus::kDominated);
  EXPECT_EQ(rows[2].dominated_by, std::vector<size_t>{2});
  EXPECT_EQ(rows[3].name, "AB");
  EXPECT_NEAR(rows[3].icer, 125764, 1.0);
  EXPECT_EQ(rows[3].compared_with, std::optional<size_t>(2));
}

}  // namespace
}  // namespace civicsim::evaluation
