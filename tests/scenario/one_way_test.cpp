// One-way sensitivity definitions: ranges given or taken from a distribution's 2.5th and 97.5th
// percentiles (checked against known quantiles), the variant documents, their file names, and the
// exact messages for bad definitions.
#include "engine/scenario/one_way.hpp"

#include <gtest/gtest.h>

#include "engine/core/input_error.hpp"
#include "tests/process/process_test_support.hpp"

namespace civicsim {
namespace {

using nlohmann::json;

const char* const kRate = "/processes/m/transitions/0/rate_per_year";

json cohort(const json& uncertainty) {
  return {{"name", "one_way"},
          {"start", "2020-01"},
          {"horizon_years", 1},
          {"step_months", 12},
          {"seed", 5},
          {"population",
           {{"source", "cohort"}, {"cohort", {{"size", 1000}, {"states", {{"m", "A"}}}}}}},
          {"processes",
           {{"m",
             {{"states", {"A", "B"}},
              {"transitions", {{{"from", "A"}, {"to", "B"}, {"rate_per_year", 0.3}}}}}}}},
          {"uncertainty", uncertainty}};
}

TEST(OneWay, RangesGivenOrFromTheDistributionsPercentiles) {
  json doc =
      cohort({{"one_way", {{kRate, {{"low", 0.1}, {"high", 0.5}, {"label", "Onset rate"}}}}}});
  std::vector<OneWayParameter> p = bind_one_way(doc);
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0].label, "Onset rate");
  EXPECT_EQ(p[0].base, 0.3);
  EXPECT_EQ(p[0].low, 0.1);
  EXPECT_EQ(p[0].high, 0.5);
  // Normal(0.3, 0.05): 0.3 -/+ 1.959964 x 0.05. Beta(2, 5): the roots of its closed-form CDF
  // 1 - (1 - x)^6 - 6x(1 - x)^5 = 0.025 and 0.975.
  // Uniform [0.2, 0.4]: 0.205 and 0.395. A table: type-7 percentiles of its draws.
  const std::vector<std::pair<json, std::pair<double, double>>> cases = {
      {{{"distribution", "normal"}, {"parameters", {0.3, 0.05}}}, {0.2020018, 0.3979982}},
      {{{"distribution", "beta"}, {"parameters", {2, 5}}}, {0.04327187, 0.64123458}},
      {{{"distribution", "uniform"}, {"parameters", {0.2, 0.4}}}, {0.205, 0.395}},
      {{{"distribution", "table"}, {"draws", {0.1, 0.2, 0.3, 0.4, 0.5}}}, {0.11, 0.49}},
  };
  for (const auto& [distribution, range] : cases) {
    doc = cohort({{"parameters", {{kRate, distribution}}}, {"one_way", {{kRate, json::object()}}}});
    p = bind_one_way(doc);
    EXPECT_NEAR(p[0].low, range.first, 1e-7) << distribution;
    EXPECT_NEAR(p[0].high, range.second, 1e-7) << distribution;
    EXPECT_EQ(p[0].label, kRate);
  }
}

TEST(OneWay, VariantsSetTheNumberAndStopDrawingIt) {
  const json doc =
      cohort({{"psa_draws", 2},
              {"parameters", {{kRate, {{"distribution", "uniform"}, {"parameters", {0.2, 0.4}}}}}},
              {"one_way", {{kRate, json::object()}}}});
  const OneWayParameter p = bind_one_way(doc)[0];
  const json high = one_way_variant(doc, p, true);
  EXPECT_EQ(high.at(json::json_pointer(kRate)), p.high);
  EXPECT_TRUE(high["uncertainty"]["parameters"].empty());
  EXPECT_TRUE(high["uncertainty"]["one_way"].empty());
  EXPECT_EQ(high["uncertainty"]["psa_draws"], 2);  // other numbers would still be drawn
  EXPECT_EQ(
      one_way_file("out/base.h5", p, false),
      std::filesystem::path("out/base.one_way/processes.m.transitions.0.rate_per_year.low.h5"));
  // The variant is a valid scenario of its own: it runs, with the scenario's replications.
  EXPECT_EQ(testing::run_json(high).replications, 2);
}

TEST(OneWay, BadDefinitionsGiveExactMessages) {
  const json bad = {{"one_way",
                     {{kRate, {{"low", 0.5}, {"high", 0.1}}},
                      {"/processes/m/transitions/1/rate_per_year", {{"low", 0.1}}},
                      {"/seed", {{"low", 1}, {"high", 2}}}}}};
  EXPECT_EQ(
      testing::run_errors(cohort(bad)),
      (std::vector<std::string>{
          "/uncertainty/one_way//processes/m/transitions/0/rate_per_year: expected low < high, "
          "found 0.5 and 0.1",
          "/uncertainty/one_way//processes/m/transitions/1/rate_per_year: expected a pointer to a "
          "number of the scenario, found nothing at /processes/m/transitions/1/rate_per_year",
          "/uncertainty/one_way//processes/m/transitions/1/rate_per_year/high: expected low and "
          "high given together, found only one",
          "/uncertainty/one_way//seed: expected a number under /processes, /services or "
          "/interventions (the population, clock and seed are the same in every draw), found "
          "'/seed'"}));
  EXPECT_EQ(
      testing::run_errors(cohort({{"one_way", {{kRate, json::object()}}}})),
      (std::vector<std::string>{
          "/uncertainty/one_way//processes/m/transitions/0/rate_per_year: expected low and high, "
          "or a distribution for /processes/m/transitions/0/rate_per_year under "
          "/uncertainty/parameters to take its 2.5th and 97.5th percentiles, found neither"}));
}

}  // namespace
}  // namespace civicsim
