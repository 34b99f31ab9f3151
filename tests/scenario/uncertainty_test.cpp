// Probabilistic sensitivity analysis: each distribution's draws have its mean within 4 Monte Carlo
// standard errors; draws are a pure function of (seed, draw, pointer); a PSA cohort run uses draw r
// in replication r (its occupancy matches the exact one-step chain at that draw's rate within 4
// MCSE); bad uncertainty definitions give their exact messages.
#include "engine/scenario/uncertainty.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "engine/core/input_error.hpp"
#include "tests/process/process_test_support.hpp"

namespace civicsim {
namespace {

using nlohmann::json;

UncertainParameter param(Distribution d, double a, double b) {
  UncertainParameter p;
  p.pointer = "/processes/m/transitions/0/rate_per_year";
  p.distribution = d;
  p.a = a;
  p.b = b;
  return p;
}

// Mean and variance of the distribution, against 4000 draws.
TEST(Uncertainty, DrawsHaveTheirDistributionsMean) {
  struct Case {
    UncertainParameter p;
    double mean, variance;
  };
  const double s2 = 0.25 * 0.25;
  const std::vector<Case> cases = {
      {param(Distribution::kUniform, 1, 3), 2.0, 4.0 / 12},
      {param(Distribution::kNormal, 1, 0.2), 1.0, 0.04},
      {param(Distribution::kLognormal, 0, 0.25), std::exp(s2 / 2),
       (std::exp(s2) - 1) * std::exp(s2)},
      {param(Distribution::kGamma, 4, 0.5), 2.0, 4 * 0.25},
      {param(Distribution::kBeta, 2, 5), 2.0 / 7, 10.0 / (49 * 8)},
  };
  const int n = 4000;
  for (const Case& c : cases) {
    double sum = 0;
    for (int d = 0; d < n; ++d) sum += draw_parameter(c.p, 11, d);
    EXPECT_NEAR(sum / n, c.mean, 4 * std::sqrt(c.variance / n))
        << static_cast<int>(c.p.distribution);
  }
}

TEST(Uncertainty, DrawsArePureFunctionsOfSeedDrawAndPointer) {
  UncertainParameter p = param(Distribution::kGamma, 4, 0.5);
  EXPECT_EQ(draw_parameter(p, 11, 3), draw_parameter(p, 11, 3));
  EXPECT_NE(draw_parameter(p, 11, 3), draw_parameter(p, 11, 4));
  EXPECT_NE(draw_parameter(p, 11, 3), draw_parameter(p, 12, 3));
  UncertainParameter q = p;
  q.pointer = "/processes/m/transitions/1/rate_per_year";
  EXPECT_NE(draw_parameter(p, 11, 3), draw_parameter(q, 11, 3));
  UncertainParameter t;
  t.from_table = true;
  t.table = {0.1, 0.2, 0.3};
  EXPECT_EQ(draw_parameter(t, 11, 4), 0.2);
}

json psa_cohort(const json& uncertainty) {
  return {{"name", "psa"},
          {"start", "2020-01"},
          {"horizon_years", 1},
          {"step_months", 12},
          {"seed", 5},
          {"population",
           {{"source", "cohort"}, {"cohort", {{"size", 100000}, {"states", {{"m", "A"}}}}}}},
          {"processes",
           {{"m",
             {{"states", {"A", "B"}},
              {"transitions", {{{"from", "A"}, {"to", "B"}, {"rate_per_year", 0.3}}}}}}}},
          {"uncertainty", uncertainty}};
}

TEST(Uncertainty, ReplicationRRunsParameterDrawR) {
  const json u = {{"psa_draws", 4},
                  {"parameters",
                   {{"/processes/m/transitions/0/rate_per_year",
                     {{"distribution", "uniform"}, {"parameters", {0.1, 0.9}}}}}}};
  const RunResults r = testing::run_json(psa_cohort(u));
  ASSERT_EQ(r.replications, 4);
  const UncertainParameter p = bind_uncertainty(u).parameters[0];
  for (int rep = 0; rep < 4; ++rep) {
    const double rate = draw_parameter(p, 5, rep), moved = -std::expm1(-rate);
    const double b = testing::occupancy(r, "m", rep)(1, 1) / 100000;
    EXPECT_NEAR(b, moved, 4 * std::sqrt(moved * (1 - moved) / 100000)) << "draw " << rep;
  }
}

TEST(Uncertainty, BadDefinitionsGiveExactMessages) {
  const json missing = {{"psa_draws", 2},
                        {"parameters",
                         {{"/processes/m/transitions/3/rate_per_year",
                           {{"distribution", "gamma"}, {"parameters", {2, -1}}}}}}};
  EXPECT_EQ(
      testing::run_errors(psa_cohort(missing)),
      (std::vector<std::string>{
          "/uncertainty/parameters//processes/m/transitions/3/rate_per_year: expected a pointer to "
          "a number of the scenario, found nothing at /processes/m/transitions/3/rate_per_year",
          "/uncertainty/parameters//processes/m/transitions/3/rate_per_year/parameters: expected "
          "two positive parameters, found [2,-1]"}));
  const json seed = {
      {"psa_draws", 2},
      {"parameters", {{"/seed", {{"distribution", "uniform"}, {"parameters", {1, 2}}}}}}};
  EXPECT_EQ(
      testing::run_errors(psa_cohort(seed)),
      (std::vector<std::string>{"/uncertainty/parameters//seed: expected a number under "
                                "/processes, /services or /interventions (the population, clock "
                                "and seed are the same in every draw), found '/seed'"}));
  json reps = psa_cohort({{"psa_draws", 3}, {"parameters", json::object()}});
  reps["replications"] = 2;
  EXPECT_EQ(testing::run_errors(reps),
            (std::vector<std::string>{"/uncertainty/psa_draws: expected the number of replications "
                                      "(2) or replications left at 1, found 3"}));
}

// Every value a distribution can draw must be a valid value of the number it replaces (its schema
// range), so that no replication fails on its draw after others were written.
TEST(Uncertainty, DistributionsMustDrawWithinTheNumbersRange) {
  const std::string rate = "/processes/m/transitions/0/rate_per_year";
  const auto with = [&](const json& distribution) {
    return psa_cohort({{"psa_draws", 2}, {"parameters", {{rate, distribution}}}});
  };
  const std::string at = "/uncertainty/parameters/" + rate;
  // The upper bound is a magnitude cap (engine/core/input_limits.hpp): gamma and lognormal may
  // stand for the rate below, though their support is unbounded above.
  const std::string range =
      "expected draws within the range of " + rate + ": a number in [0, 1000000]";
  const std::string hint =
      " (a distribution whose every draw lies in it, e.g. beta for a probability, gamma or "
      "lognormal for a rate)";
  EXPECT_EQ(testing::run_errors(with({{"distribution", "normal"}, {"parameters", {0.3, 0.01}}})),
            std::vector<std::string>{at + "/distribution: " + range + hint +
                                     ", found a normal distribution, which draws any number"});
  EXPECT_EQ(testing::run_errors(with({{"distribution", "uniform"}, {"parameters", {-0.1, 0.5}}})),
            std::vector<std::string>{at + "/parameters: " + range + hint +
                                     ", found a uniform distribution over [-0.1, 0.5]"});
  EXPECT_EQ(testing::run_errors(with({{"distribution", "table"}, {"draws", {0.2, -1}}})),
            std::vector<std::string>{at + "/draws/1: " + range + ", found a number -1"});
  for (const json& fine : {json{{"distribution", "gamma"}, {"parameters", {2, 0.1}}},
                           json{{"distribution", "lognormal"}, {"parameters", {-1, 0.2}}},
                           json{{"distribution", "beta"}, {"parameters", {2, 5}}},
                           json{{"distribution", "uniform"}, {"parameters", {0, 0.5}}}})
    EXPECT_EQ(testing::run_errors(with(fine)), std::vector<std::string>{}) << fine;
}

}  // namespace
}  // namespace civicsim
