// Household processes: a state machine on households (cohort mode: each person in a household of
// their own) and a person process whose rate depends on it, against the exact joint Markov chain
// (Eigen): the joint move probability is the product of the household's and, given the household's
// state at the step's start, the person's.
#include <gtest/gtest.h>

#include <cmath>

#include "tests/process/process_test_support.hpp"

namespace civicsim {
namespace {

using nlohmann::json;

constexpr int kPersons = 200'000;

TEST(HouseholdProcess, JointWithAPersonProcessMatchesTheExactChain) {
  const json doc = {
      {"name", "household_test"},
      {"horizon_years", 10},
      {"step_months", 12},
      {"seed", 3},
      {"population",
       {{"source", "cohort"},
        {"cohort", {{"size", kPersons}, {"states", {{"home", "a"}, {"person", "x"}}}}}}},
      {"processes",
       {{"home",
         {{"entity", "household"},
          {"states", {"a", "b"}},
          {"transitions",
           {{{"from", "a"}, {"to", "b"}, {"rate_per_year", 0.3}},
            {{"from", "b"}, {"to", "a"}, {"rate_per_year", 0.2}}}},
          {"cost_per_year", {{"b", {{"housing", 100}}}}}}},
        {"person",
         {{"states", {"x", "y"}},
          {"transitions",
           {{{"from", "x"},
             {"to", "y"},
             {"rate_per_year", 0.1},
             {"modifiers", {{{"if", "home == 'b'"}, {"rate_ratio", 3}}}}},
            {{"from", "y"}, {"to", "x"}, {"rate_per_year", 0.5}}}}}}}}};
  testing::TempDir dir;
  testing::write_file(dir / "s.json", doc.dump());
  const RunResults r = testing::run_scenario(dir / "s.json");

  auto two = [](double up, double down) {
    Eigen::Matrix2d P;
    P << std::exp(-up), 1 - std::exp(-up), 1 - std::exp(-down), std::exp(-down);
    return P;
  };
  const Eigen::Matrix2d H = two(0.3, 0.2), Pa = two(0.1, 0.5), Pb = two(0.3, 0.5);
  Eigen::Matrix4d joint;  // states (a,x), (a,y), (b,x), (b,y)
  for (int h = 0; h < 2; ++h)
    for (int h2 = 0; h2 < 2; ++h2) joint.block<2, 2>(2 * h, 2 * h2) = H(h, h2) * (h == 0 ? Pa : Pb);
  const Eigen::MatrixXd exact = verification::occupancy([&](int) { return Eigen::MatrixXd(joint); },
                                                        Eigen::RowVector4d(1, 0, 0, 0), 10);
  const Eigen::MatrixXd home = testing::occupancy(r, "home") / kPersons,
                        person = testing::occupancy(r, "person") / kPersons;
  auto expect = [](double sim, double p, const std::string& what) {
    EXPECT_NEAR(sim, p, 4 * std::sqrt(p * (1 - p) / kPersons) + 1e-12) << what;
  };
  double cost = 0, expected_cost = 0;
  const auto costs = testing::totals(r, "costs");
  for (Eigen::Index t = 0; t < exact.rows(); ++t) {
    expect(home(t, 1), exact(t, 2) + exact(t, 3), "home b at " + std::to_string(t));
    expect(person(t, 1), exact(t, 1) + exact(t, 3), "person y at " + std::to_string(t));
    if (t < 10) {
      cost += costs[static_cast<size_t>(t)];
      expected_cost += 100.0 * kPersons * (exact(t, 2) + exact(t, 3));
    }
  }
  // State costs at each step's start: 100 a household-year in b. The sum's standard deviation is at
  // most the sum of the ten counts' (each at most 100 sqrt(N / 4)).
  EXPECT_NEAR(cost, expected_cost, 4 * 10 * 100.0 * std::sqrt(kPersons / 4.0));
}

}  // namespace
}  // namespace civicsim
