// One price basis: costs converted from their sources' price years to the scenario's with the
// built-in HM Treasury GDP deflator or a scenario's own index, checked by hand through a whole run;
// and the exact messages for costs and indices that cannot be converted.
#include "engine/scenario/prices.hpp"

#include <gtest/gtest.h>

#include <numeric>

#include "engine/evaluation/gdp_deflator.hpp"
#include "tests/process/process_test_support.hpp"

namespace civicsim {
namespace {

using nlohmann::json;

// 100 persons in state B for one yearly step: B costs `per_year` a person-year; the prices section
// and each cost's price year as given.
json cohort(const json& prices, const json& cost) {
  json doc = {
      {"name", "prices"},
      {"start", "2020-01"},
      {"horizon_years", 1},
      {"step_months", 12},
      {"population", {{"source", "cohort"}, {"cohort", {{"size", 100}, {"states", {{"m", "B"}}}}}}},
      {"processes",
       {{"m",
         {{"states", {"A", "B"}},
          {"transitions", {{{"from", "A"}, {"to", "B"}, {"rate_per_year", 0.1}}}},
          {"cost_per_year", {{"B", cost}}}}}}}};
  if (!prices.is_null()) doc["prices"] = prices;
  return doc;
}

double total_costs(const json& doc) {
  const std::vector<double> c = testing::totals(testing::run_json(doc), "costs");
  return std::accumulate(c.begin(), c.end(), 0.0);
}

TEST(Prices, CostsAreConvertedFromTheirPriceYearWithTheGdpDeflator) {
  // 2019 prices to 2024: x 100 / 81.1085 (HM Treasury GDP deflator, calendar years, 2024 = 100).
  const json doc = cohort({{"year", 2024}}, {{"nhs", 1000}, {"price_year", 2019}});
  EXPECT_NEAR(total_costs(doc), 100 * 1000 * 100 / 81.1085, 1e-9);
  // Without a price year every cost is used as stated.
  EXPECT_NEAR(total_costs(cohort(nullptr, {{"nhs", 1000}})), 100 * 1000, 1e-9);
  // The built-in index is the published one: 2015 -> 2024 is 100 / 75.1536.
  EXPECT_EQ(gdp_deflator_index()["2015"], 75.1536);
  EXPECT_EQ(gdp_deflator_index()["2024"], 100.0);
}

TEST(Prices, ExpressionAndTableAmountsAreConvertedToo) {
  // A process's amount may be an expression or a table (#17 item 3): each value is converted.
  const json prices = {
      {"year", 2010}, {"deflator", {{"source", "test"}, {"index", {{"2000", 50}, {"2010", 100}}}}}};
  EXPECT_NEAR(
      total_costs(cohort(prices, {{"nhs", "500 + 500 * (cycle < 1)"}, {"price_year", 2000}})),
      100 * 2000, 1e-9);
  const json table = {{"by", {"cycle"}}, {"values", {{"0", 1000}}}};
  EXPECT_NEAR(total_costs(cohort(prices, {{"nhs", table}, {"price_year", 2000}})), 100 * 2000,
              1e-9);
  // An amount that varies charges something, so it needs a price year.
  EXPECT_EQ(testing::run_errors(cohort(prices, {{"nhs", "1000 * (cycle < 1)"}})),
            std::vector<std::string>{
                "/processes/m/cost_per_year/B/price_year: expected the price year of this cost's "
                "source (/prices/year is set, so every cost is converted to it from its own), "
                "found nothing"});
}

TEST(Prices, AScenarioMayGiveItsOwnIndex) {
  const json prices = {
      {"year", 2010}, {"deflator", {{"source", "test"}, {"index", {{"2000", 50}, {"2010", 100}}}}}};
  EXPECT_NEAR(total_costs(cohort(prices, {{"nhs", 1000}, {"price_year", 2000}})), 100 * 2000, 1e-9);
}

TEST(Prices, DrawnCostsAreConvertedToo) {
  // The conversion is applied to the document as bound, so a value set later (a draw of a
  // probabilistic analysis, a one-way end) is converted with it: one draw of 2000 at 2019 prices.
  json doc = cohort({{"year", 2024}}, {{"nhs", 1000}, {"price_year", 2019}});
  doc["uncertainty"] = {
      {"psa_draws", 1},
      {"parameters",
       {{"/processes/m/cost_per_year/B/nhs", {{"distribution", "table"}, {"draws", {2000}}}}}}};
  EXPECT_NEAR(total_costs(doc), 100 * 2000 * 100 / 81.1085, 1e-9);
}

TEST(Prices, InterventionCostsAreConvertedAndTheStatedDocumentKept) {
  json doc =
      cohort({{"year", 2024}, {"deflator", {{"source", "HMT"}, {"index", gdp_deflator_index()}}}},
             {{"nhs", 0}});
  doc["interventions"] = {{"fix",
                           {{"start", "2020-01"},
                            {"effects", {{{"set", "m"}, {"to", "A"}}}},
                            {"cost",
                             {{"price_year", 2019},
                              {"per_unit", {{"housing", 10}}},
                              {"fixed", {{"housing", 1000}}}}}}}};
  const json priced = costs_at_price_year(doc);
  const double f = 100 / 81.1085;
  EXPECT_DOUBLE_EQ(priced["interventions"]["fix"]["cost"]["per_unit"]["housing"].get<double>(),
                   10 * f);
  EXPECT_DOUBLE_EQ(priced["interventions"]["fix"]["cost"]["fixed"]["housing"].get<double>(),
                   1000 * f);
  EXPECT_EQ(priced["interventions"]["fix"]["cost"]["price_year"], 2019);
  // The document itself (as /meta keeps it) is left as stated.
  EXPECT_EQ(doc["interventions"]["fix"]["cost"]["per_unit"]["housing"], 10);
  PriceBasis basis;
  basis.index = {{2019, 81.1085}, {2024, 100.0}};
  EXPECT_DOUBLE_EQ(price_factor(basis, 2024, 2019, "f"), 0.811085);
  EXPECT_THROW(price_factor(basis, 2018, 2024, "f"), InputError);
}

TEST(Prices, CostsThatCannotBeConvertedAreNamed) {
  using testing::run_errors;
  const char* const kCost = "/processes/m/cost_per_year/B";
  EXPECT_EQ(run_errors(cohort({{"year", 2024}}, {{"nhs", 1000}})),
            std::vector<std::string>{std::string(kCost) +
                                     "/price_year: expected the price year of this cost's source "
                                     "(/prices/year is set, so every cost is converted to it from "
                                     "its own), found nothing"});
  // A cost of nothing needs no price year.
  EXPECT_TRUE(run_errors(cohort({{"year", 2024}}, {{"nhs", 0}})).empty());
  EXPECT_EQ(run_errors(cohort(nullptr, {{"nhs", 1000}, {"price_year", 2019}})),
            std::vector<std::string>{"/prices/year: expected the year to convert costs to (" +
                                     std::string(kCost) +
                                     "/price_year states a price year), found nothing"});
  EXPECT_EQ(
      run_errors(cohort({{"year", 2030}}, {{"nhs", 1000}, {"price_year", 1980}})),
      (std::vector<std::string>{
          "/prices/year: expected a year in /prices/deflator/index (1990 to 2024), found 2030",
          std::string(kCost) + "/price_year: expected a price year in /prices/deflator/index "
                               "(1990 to 2024), found 1980"}));
  const json bad_key = {
      {"year", 2010},
      {"deflator", {{"source", "test"}, {"index", {{"2000", 50}, {"twenty10", 100}}}}}};
  EXPECT_EQ(
      run_errors(cohort(bad_key, {{"nhs", 1000}, {"price_year", 2000}})),
      (std::vector<std::string>{
          "/prices/deflator/index/twenty10: expected a calendar year (1800 to 2200) as the "
          "key, found \"twenty10\"",
          "/prices/year: expected a year in /prices/deflator/index (2000 to 2000), found 2010"}));
}

}  // namespace
}  // namespace civicsim
