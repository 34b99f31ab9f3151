// A unit's own amounts (issue #17 item 3): an intervention's per_unit and per_unit_per_year and a
// service's cost_per_service reading the unit's age, sex, household tenure, process state, time in
// state and cycle, each billed for the unit it is charged for, as the unit is when it is charged.
// Against exact answers: sums over a small linked extract of known ages and tenures, the simulated
// occupancy times each state's amount and the exact cohort chain (Eigen) within 4 Monte Carlo
// standard errors; a budget that binds on units of different cash; the load errors; the same totals
// at 1 and 2 threads.
#include <gtest/gtest.h>
#include <omp.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>
#include <vector>

#include "engine/core/random.hpp"
#include "tests/process/process_test_support.hpp"
#include "tests/services/abc_cohort.hpp"

namespace civicsim {
namespace {

using nlohmann::json;

// A person of a linked extract: born in January of `born` (so aged 2020 - born at the 2020-01
// start, one more each annual step), of `sex`, in household `household` (an index of the tenures).
struct Person {
  int born;
  const char* sex;
  size_t household;
};

// The households of the extracts (all in one LSOA, so one council x quintile cell) and persons,
// listed by household: persons then sit in file order, their uid their line (population.md).
const std::vector<std::string> kTenures = {"owner_occupied", "social_rented", "private_rented",
                                           "social_rented"};
const std::vector<Person> kPersons = {{2020, "female", 0}, {2016, "male", 0},   {2003, "female", 1},
                                      {2002, "male", 2},   {1980, "female", 2}, {1956, "male", 2},
                                      {1955, "female", 3}, {1930, "male", 3}};

int age_at_start(const Person& p) { return 2020 - p.born; }

// A yearly scenario over the linked extract in `dir` (no births or deaths), with a person process
// m (states A, B; nobody moves).
json linked(const testing::TempDir& dir, int years) {
  std::string households =
      "household_id,lsoa11_code,tenure,type,damp,poor_condition,no_central_heating,overcrowded\n";
  for (size_t h = 0; h < kTenures.size(); ++h)
    households += "H" + std::to_string(h) + ",E01012367," + kTenures[h] + ",other,0,0,0,0\n";
  std::string persons = "person_id,household_id,birth_month,sex\n";
  for (size_t i = 0; i < kPersons.size(); ++i)
    persons += "P" + std::to_string(i) + ",H" + std::to_string(kPersons[i].household) + "," +
               std::to_string(kPersons[i].born) + "-01," + kPersons[i].sex + "\n";
  testing::write_file(dir / "households.csv", households);
  testing::write_file(dir / "persons.csv", persons);
  return {{"name", "unit_amounts_test"},
          {"start", "2020-01"},
          {"horizon_years", years},
          {"step_months", 12},
          {"seed", 7},
          {"population",
           {{"source", "linked"},
            {"data_dir", testing::lcr_data_dir().string()},
            {"households_csv", (dir / "households.csv").string()},
            {"persons_csv", (dir / "persons.csv").string()}}},
          {"demography", {{"births", false}, {"deaths", false}}},
          {"processes", {{"m", {{"states", {"A", "B"}}}}}}};
}

// Sum over the cells of series `name` paid by `payer`, at each time point.
std::vector<double> paid_by(const RunResults& r, const std::string& name,
                            const std::string& payer) {
  return testing::totals_where(r, name, "payer", payer);
}

// Enrolled every year (once: false): each receipt billed 100 + 10 x age for the NHS and 7 for a
// man to "other", the age at the step of receipt.
TEST(UnitAmounts, AOneOffCostOfAgeAndSexIsEachUnitsOwn) {
  testing::TempDir dir;
  json doc = linked(dir, 3);
  doc["interventions"] = {
      {"check",
       {{"start", "2020-01"},
        {"every_months", 12},
        {"once", false},
        {"cost", {{"per_unit", {{"nhs", "100 + 10 * age"}, {"other", "7 * (sex == 'male')"}}}}}}}};
  const RunResults r = testing::run_json(doc);
  const std::vector<double> nhs = paid_by(r, "intervention_costs", "nhs"),
                            other = paid_by(r, "intervention_costs", "other");
  ASSERT_EQ(nhs.size(), 3u);
  for (size_t t = 0; t < nhs.size(); ++t) {
    double expected_nhs = 0, expected_other = 0;
    for (const Person& p : kPersons) {
      expected_nhs += 100 + 10 * (age_at_start(p) + static_cast<int>(t));
      expected_other += std::string(p.sex) == "male" ? 7 : 0;
    }
    EXPECT_EQ(nhs[t], expected_nhs) << "step " << t;
    EXPECT_EQ(other[t], expected_other) << "step " << t;
  }
  EXPECT_EQ(testing::totals(r, "check.received"), (std::vector<double>{8, 8, 8}));
}

// Households' repairs through a service: its cost per request served and the intervention's
// one-off cost read the household's tenure; persons' own requests (an event) cost their household's
// price too, served at the next step's start.
TEST(UnitAmounts, AServiceCostOfTheHouseholdsTenureIsReadAtEachRequest) {
  testing::TempDir dir;
  json doc = linked(dir, 3);
  const json price = {{"owner_occupied", 50}, {"social_rented", 500}, {"private_rented", 800}};
  doc["services"] = {{"repairs",
                      {{"regions", "lcr"},
                       {"capacity_per_year", 1000},
                       {"cost_per_service",
                        {{"housing", {{"by", {"household.tenure"}}, {"values", price}}},
                         {"category", "repairs"}}}}}};
  doc["processes"]["m"]["events"] = {
      {{"name", "ask"}, {"in", {"A"}}, {"rate_per_year", 1000}, {"service", "repairs"}}};
  doc["interventions"] = {
      {"remediate",
       {{"start", "2020-01"},
        {"every_months", 1200},
        {"unit", "household"},
        {"through", "repairs"},
        {"cost",
         {{"per_unit", {{"housing", "1000 * (household.tenure == 'private_rented') + 10"}}}}}}}};
  const RunResults r = testing::run_json(doc);
  double households = 0, persons = 0;
  for (const std::string& t : kTenures) households += price.at(t).get<double>();
  for (const Person& p : kPersons) persons += price.at(kTenures[p.household]).get<double>();
  // Step 0 serves the households' requests; steps 1, 2 the persons' of the step before.
  const std::vector<double> costs = paid_by(r, "costs", "housing");
  EXPECT_EQ(costs, (std::vector<double>{households, persons, persons}));
  EXPECT_EQ(testing::totals(r, "repairs.served"), (std::vector<double>{4, 8, 8}));
  // One private renter's 1,010 and three others' 10, all received in step 0.
  EXPECT_EQ(paid_by(r, "intervention_costs", "housing"), (std::vector<double>{1040, 0, 0}));
}

// A budget of 1,800 against one-off costs of 100 + 10 x age: units are taken in the documented
// random order (engine/services/README.md: word 2 of Philox block (uid, step, stream)) and each is
// enrolled if its own cost still fits (with seed 7: 740, 750 and 140 are enrolled, 1,000, 280 and
// 500 do not fit, 100 does, 270 does not).
TEST(UnitAmounts, ABudgetBindsOnEachUnitsOwnCash) {
  testing::TempDir dir;
  json doc = linked(dir, 1);
  const double budget = 1800;
  doc["interventions"] = {{"check",
                           {{"start", "2020-01"},
                            {"budget_per_year", budget},
                            {"cost", {{"per_unit", {{"nhs", "100 + 10 * age"}}}}}}}};
  const RunResults r = testing::run_json(doc);
  const RandomKey key = RandomKey::make(7, 0);
  std::vector<std::pair<uint32_t, uint32_t>> order;  // (key, uid)
  for (uint32_t uid = 0; uid < kPersons.size(); ++uid)
    order.push_back({philox_block(key, uid, 0, stream_id("intervention.check"), 0)[2], uid});
  std::sort(order.begin(), order.end());
  double committed = 0, enrolled = 0, over = 0;
  bool skipped = false, enrolled_after_skip = false;
  for (const auto& [word, uid] : order) {
    const double cash = 100 + 10 * age_at_start(kPersons[uid]);
    if (committed + cash > budget) {
      over += 1;
      skipped = true;
      continue;
    }
    committed += cash;
    enrolled += 1;
    enrolled_after_skip = enrolled_after_skip || skipped;
  }
  // The order makes a dearer unit wait out a cheaper later one: costs of their own, not one price.
  ASSERT_TRUE(enrolled_after_skip);
  EXPECT_EQ(enrolled, 4);
  EXPECT_EQ(testing::totals(r, "check.enrolled"), std::vector<double>{enrolled});
  EXPECT_EQ(testing::totals(r, "check.over_budget"), std::vector<double>{over});
  EXPECT_EQ(testing::totals(r, "intervention_costs"), std::vector<double>{committed});
}

// A drug for the whole cohort from the start, billed per year by the holder's state (1,000 in A,
// 3,000 in B, nothing in C), to "other" by its time in A and the cycle, and to housing by age (40 at
// the start): at the step's start, at its end (states and times in state of time point t + 1, cycle
// and age of t), or half of each; exactly the simulated occupancy times the amounts, and within 4
// Monte Carlo standard errors of the exact chain.
TEST(UnitAmounts, ARecurringCostOfTheStateIsBilledAsTheUnitIsWhenBilled) {
  constexpr int kN = 100'000, kYears = 5;
  const Eigen::MatrixXd exact =
      verification::occupancy(testing::abc_matrix(), Eigen::RowVector3d(1, 0, 0), kYears);
  for (const char* timing : {"start_of_step", "end_of_step", "half_step"}) {
    json doc = testing::abc_cohort("unit_amounts_test", kYears, kN, 23);
    doc["population"]["cohort"]["age"] = 40;
    doc["rewards"] = {{"state_timing", timing}};
    doc["interventions"] = {
        {"drug",
         {{"start", "2020-01"},
          {"every_months", 1200},
          {"cost",
           {{"per_unit_per_year",
             {{"nhs", {{"by", {"m"}}, {"values", {{"A", 1000}, {"B", 3000}, {"C", 0}}}}},
              {"other", "(m == 'A') * (100 * m.time_in_state + 10 * cycle)"},
              {"housing", "age"}}}}}}}};
    const RunResults r = testing::run_json(doc);
    const Eigen::MatrixXd occ = testing::occupancy(r, "m");
    const std::vector<double> nhs = paid_by(r, "intervention_costs", "nhs"),
                              other = paid_by(r, "intervention_costs", "other"),
                              housing = paid_by(r, "intervention_costs", "housing");
    const std::string when = timing;
    const double start = when == "end_of_step" ? 0 : when == "half_step" ? 0.5 : 1;
    for (Eigen::Index t = 0; t < kYears; ++t) {
      const auto k = static_cast<size_t>(t);
      const double at_start = 1000 * occ(t, 0) + 3000 * occ(t, 1),
                   at_end = 1000 * occ(t + 1, 0) + 3000 * occ(t + 1, 1);
      EXPECT_EQ(nhs[k], start * at_start + (1 - start) * at_end) << timing << " step " << t;
      const double c = static_cast<double>(t);
      EXPECT_EQ(other[k], start * occ(t, 0) * (100 * c + 10 * c) +
                              (1 - start) * occ(t + 1, 0) * (100 * (c + 1) + 10 * c))
          << timing << " step " << t;
      EXPECT_EQ(housing[k], kN * (40 + c)) << timing << " step " << t;
      // The exact chain: the expected bill per person and its Monte Carlo standard error, from
      // the occupancy at each point billed (the two shares' errors bounded as if added).
      double mean = 0, se = 0;
      for (const auto& [share, point] : {std::pair(start, t), std::pair(1 - start, t + 1)}) {
        if (share == 0) continue;
        const double a = exact(point, 0), b = exact(point, 1);
        const double m = 1000 * a + 3000 * b, m2 = 1e6 * a + 9e6 * b;
        mean += share * m;
        se += share * std::sqrt((m2 - m * m) / kN);
      }
      EXPECT_NEAR(nhs[k] / kN, mean, 4 * se) << timing << " step " << t;
    }
  }
}

// Per-row amounts of every kind, over five blocks of rows: the same totals at 1 and 2 threads.
TEST(UnitAmounts, TotalsAreTheSameForAnyThreadCount) {
  json doc = testing::abc_cohort("unit_amounts_test", 4, 40'000, 5);
  doc["rewards"] = {{"state_timing", "half_step"}};
  doc["services"] = {
      {"clinic",
       {{"capacity_per_year", 5000},
        {"cost_per_service", {{"nhs", "30.5 + 12.25 * (m == 'B') + 0.75 * m.time_in_state"}}}}}};
  doc["processes"]["m"]["events"] = {
      {{"name", "ask"}, {"in", {"A", "B"}}, {"rate_per_year", 0.4}, {"service", "clinic"}}};
  doc["interventions"] = {
      {"drug",
       {{"start", "2020-01"},
        {"who", "m == 'B'"},
        {"coverage", 0.7},
        {"budget_per_year", 1.5e6},
        {"cost",
         {{"per_unit", {{"nhs", "120.3 + 3.1 * cycle + 0.9 * (m.time_in_state + 1)"}}},
          {"per_unit_per_year", {{"other", "1000.7 * (m == 'B') + 13.3 * m.time_in_state"}}}}}}}};
  std::vector<RunResults> runs;
  for (int threads : {1, 2}) {
    omp_set_num_threads(threads);
    runs.push_back(testing::run_json(doc));
  }
  omp_set_num_threads(omp_get_num_procs());
  for (const char* series :
       {"costs", "intervention_costs", "drug.enrolled", "drug.over_budget", "clinic.served"}) {
    const size_t s = runs[0].series_index(series);
    EXPECT_EQ(runs[0].values[s], runs[1].values[s]) << series;
  }
  EXPECT_GT(testing::totals(runs[0], "intervention_costs")[2], 0);
  EXPECT_GT(testing::totals(runs[0], "costs")[2], 0);
  const std::vector<double> over = testing::totals(runs[0], "drug.over_budget");
  EXPECT_GT(std::accumulate(over.begin(), over.end(), 0.0), 0);  // the budget binds
}

TEST(UnitAmounts, AHouseholdsAmountCannotReadAPersonsAttribute) {
  json doc = testing::abc_cohort("unit_amounts_test", 2, 10, 5);
  doc["interventions"] = {{"fix",
                           {{"start", "2020-01"},
                            {"unit", "household"},
                            {"cost", {{"per_unit", {{"nhs", "100 + 10 * age"}}}}}}}};
  EXPECT_EQ(testing::run_errors(doc),
            std::vector<std::string>{
                "/interventions/fix/cost/per_unit/nhs: expected attributes of the household, its "
                "area or household processes, or the cycle (a household intervention's unit is a "
                "household), found 'age', which is a person's"});
  // A service delivering a household intervention serves households: its cost is read there.
  doc["interventions"]["fix"]["cost"] = {{"per_unit_per_year", {{"nhs", "5 * cycle"}}}};
  doc["interventions"]["fix"]["through"] = "repairs";
  doc["services"] = {
      {"repairs",
       {{"capacity_per_year", 10}, {"cost_per_service", {{"housing", "40 + 5 * (m == 'B')"}}}}}};
  EXPECT_EQ(testing::run_errors(doc),
            std::vector<std::string>{
                "/services/repairs/cost_per_service/housing: expected attributes of the "
                "household, its area or household processes, or the cycle (household "
                "intervention 'fix' is delivered through this service), found 'm', which is a "
                "person's"});
  // Read by households, the household's tenure is fine.
  doc["services"]["repairs"]["cost_per_service"] = {
      {"housing", "40 + 5 * (household.tenure == 'social_rented')"}};
  EXPECT_EQ(testing::run_errors(doc), std::vector<std::string>{});
}

// Each payer's table is small; their union (age x time in state x cycle x receipt over 60 annual
// steps, for every payer) is refused as an event's cost would be.
TEST(UnitAmounts, AUnionOfPayersTooLargeIsRefused) {
  json doc = testing::abc_cohort("unit_amounts_test", 60, 10, 5);
  doc["interventions"] = {
      {"drug",
       {{"start", "2020-01"},
        {"cost",
         {{"per_unit",
           {{"nhs", "age + m.time_in_state"}, {"other", "cycle + 2 * (drug.time_since + 1)"}}}}}}}};
  EXPECT_EQ(testing::run_errors(doc),
            std::vector<std::string>{"/interventions/drug/cost/per_unit: expected amounts "
                                     "depending on fewer variables, found a table of " +
                                     std::to_string(111 * 61 * 61 * 62 * kPayerCount) + " values"});
}

TEST(UnitAmounts, ProgrammeCostsStillReadTheCycleOnly) {
  json doc = testing::abc_cohort("unit_amounts_test", 2, 10, 5);
  doc["interventions"] = {{"i", {{"start", "2020-01"}, {"cost", {{"fixed", {{"nhs", "age"}}}}}}}};
  EXPECT_EQ(testing::run_errors(doc),
            std::vector<std::string>{
                "/interventions/i/cost/fixed/nhs: expected an amount that depends on the cycle "
                "only (programme costs are read by step, not by unit), found one that depends on "
                "age"});
}

}  // namespace
}  // namespace civicsim
