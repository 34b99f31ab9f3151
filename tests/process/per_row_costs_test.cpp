// Costs that vary between rows (#17 item 3): an event's cost of age, sex, deprivation, a household
// attribute or the time in state, billed per event on the row it happens to; a household process's
// state and event costs of its own time in state. Each against an exact answer: the event counts of
// each results cell times that cell's cost, deterministic household totals, or the exact expected
// total within Monte Carlo standard errors; the same totals for any thread count; and load errors
// for what a household cannot read.
#include <gtest/gtest.h>
#include <omp.h>

#include <cmath>

#include "engine/population/linked_csv.hpp"
#include "engine/population/strata.hpp"
#include "tests/process/process_test_support.hpp"

namespace civicsim {
namespace {

using nlohmann::json;

// The LCR foundation's population (a 1% sample) over one year of monthly steps, with the given
// processes; with `fixed`, no births or deaths.
json lcr(const json& processes, bool fixed) {
  json doc = {{"extends", (testing::source_dir() / "scenarios/lcr/foundation.json").string()},
              {"name", "per_row_costs"},
              {"horizon_years", 1},
              {"population", {{"scale", 0.01}}},
              {"processes", processes}};
  if (fixed) doc["demography"] = {{"births", false}, {"deaths", false}};
  return doc;
}

// A yearly cohort of `size` aged 40 (each in a household of its own) starting in the given states.
json cohort(const json& processes, const json& states, int years, int size) {
  return {{"name", "per_row_costs_cohort"},
          {"horizon_years", years},
          {"step_months", 12},
          {"seed", 17},
          {"population",
           {{"source", "cohort"}, {"cohort", {{"size", size}, {"age", 40}, {"states", states}}}}},
          {"processes", processes}};
}

// An event at 1.5 a year in state "well", where everyone stays (a process has two states at least).
json visits(const json& cost) {
  return {{"p",
           {{"states", {"well", "unused"}},
            {"events",
             {{{"name", "visit"}, {"in", {"well"}}, {"rate_per_year", 1.5}, {"cost", cost}}}}}}};
}

TEST(PerRowCosts, AnEventCostOfAgeSexAndDeprivationIsItsCountsTimesTheCost) {
  // Age at the step's start is what the event series is counted by; the cost's age breaks fall on
  // age band boundaries (18, 65), so each cell of the series has one cost.
  const json cost = {
      {"nhs", "100 + 10 * (age >= 18) + 30 * (age >= 65) + 5 * (sex == 'male')"},
      {"other",
       {{"by", {"imd_quintile"}}, {"values", {{"1", 1}, {"2", 2}, {"3", 3}, {"4", 4}, {"5", 5}}}}}};
  const RunResults r = testing::run_json(lcr(visits(cost), false));
  const size_t s = r.series_index("p.events.visit"), cells = r.cells(s);
  const auto& band = r.dimension("age_band").labels;
  const size_t bands = band.size(), quintiles = 5;
  ASSERT_EQ(r.series[s].dims,
            (std::vector<std::string>{"council", "age_band", "sex", "imd_quintile"}));
  const std::vector<double> nhs = testing::totals_where(r, "costs", "payer", "nhs");
  const std::vector<double> other = testing::totals_where(r, "costs", "payer", "other");
  double events = 0;
  for (size_t t = 0; t + 1 < r.time_points(s); ++t) {
    double expected_nhs = 0, expected_other = 0;
    for (size_t c = 0; c < cells; ++c) {
      const double n = r.values[s][0][t * cells + c];
      const size_t q = c % quintiles, sex = (c / quintiles) % 2, b = (c / quintiles / 2) % bands;
      const int age = kAgeBandUpper[b];  // any age of the band: the cost is the same
      expected_nhs += n * (100 + 10 * (age >= 18) + 30 * (age >= 65) + 5 * static_cast<int>(sex));
      expected_other += n * static_cast<double>(q + 1);
      events += n;
    }
    EXPECT_NEAR(nhs[t], expected_nhs, 1e-12 * expected_nhs) << "step " << t;
    EXPECT_NEAR(other[t], expected_other, 1e-12 * expected_other) << "step " << t;
  }
  EXPECT_GT(events, 10000);  // 15,600 persons x 1.5 a year
}

TEST(PerRowCosts, AnEventQalyLossOfAgeSexAndCycleIsItsCountsTimesTheLoss) {
  // The loss changes no draw: the run without it has the same events, and the QALYs it loses are
  // exactly the event counts of each cell times that cell's loss.
  auto loss = [](int age, size_t sex, size_t t) {
    return 0.01 + 0.002 * (age >= 18) + 0.001 * static_cast<double>(sex) +
           0.0001 * static_cast<double>(t);
  };
  json doc = lcr(visits({{"nhs", 10}}), false);
  const RunResults without = testing::run_json(doc);
  doc["processes"]["p"]["events"][0]["qaly_loss"] =
      "0.01 + 0.002 * (age >= 18) + 0.001 * (sex == 'male') + 0.0001 * cycle";
  const RunResults r = testing::run_json(doc);
  const size_t s = r.series_index("p.events.visit"), cells = r.cells(s);
  EXPECT_EQ(r.values[s], without.values[s]);
  const size_t bands = r.dimension("age_band").labels.size(), quintiles = 5;
  const std::vector<double> lost = testing::totals(without, "qalys"),
                            kept = testing::totals(r, "qalys");
  for (size_t t = 0; t + 1 < r.time_points(s); ++t) {
    double expected = 0;
    for (size_t c = 0; c < cells; ++c) {
      const size_t sex = (c / quintiles) % 2, b = (c / quintiles / 2) % bands;
      expected += r.values[s][0][t * cells + c] * loss(kAgeBandUpper[b], sex, t);
    }
    EXPECT_GT(expected, 10);
    EXPECT_NEAR(lost[t] - kept[t], expected, 1e-9 * expected) << "step " << t;
  }
  // Of the cycle only, it stays counted: the same total as the event counts times the loss.
  doc["processes"]["p"]["events"][0]["qaly_loss"] = {{"by", {"year"}},
                                                     {"values", {{"2024", 0.02}, {"2025+", 0.03}}}};
  doc["start"] = "2024-07";
  doc["step_months"] = 6;
  doc["horizon_years"] = 2;
  const RunResults by_year = testing::run_json(doc);
  doc["processes"]["p"]["events"][0].erase("qaly_loss");
  const RunResults none = testing::run_json(doc);
  const std::vector<double> events = testing::totals(by_year, "p.events.visit");
  const std::vector<double> a = testing::totals(none, "qalys"),
                            b = testing::totals(by_year, "qalys");
  for (size_t t = 0; t + 1 < events.size(); ++t)
    EXPECT_NEAR(a[t] - b[t], events[t] * (t == 0 ? 0.02 : 0.03), 1e-9 * events[t]) << t;
}

TEST(PerRowCosts, AnEventCostOfAHouseholdAttributeMatchesItsExpectedTotal) {
  // Without births and deaths every person is at risk every step: the expected cost of a step is
  // sum over persons of m x cost(tenure), m = 1.5 / 12 the expected count (Poisson), and its
  // variance sum of m x cost^2.
  const json values = {{"owner_occupied", 10}, {"social_rented", 100}, {"private_rented", 40}};
  const json doc =
      lcr(visits({{"housing", {{"by", {"household.tenure"}}, {"values", values}}}}), true);
  testing::TempDir dir;
  testing::write_file(dir / "s.json", doc.dump());
  const RunResults r = testing::run_scenario(dir / "s.json");
  const Scenario scenario = load_scenario(dir / "s.json");
  const Population population =
      build_population(scenario.population, scenario.seed, scenario.start);
  const double price[kTenureCount] = {10, 100, 40};  // in kTenureNames order
  ASSERT_EQ(kTenureNames[1], "social_rented");
  const double m = 1.5 / 12;
  double sum = 0, square = 0;
  const People& p = population.people;
  for (size_t i = 0; i < p.size(); ++i) {
    const double c = price[population.households.tenure[p.household[i]]];
    sum += c;
    square += c * c;
  }
  const std::vector<double> housing = testing::totals_where(r, "costs", "payer", "housing");
  double total = 0;
  for (int t = 0; t < scenario.steps(); ++t) total += housing[static_cast<size_t>(t)];
  const double steps = scenario.steps(), expected = steps * m * sum;
  EXPECT_NEAR(total, expected, 4 * std::sqrt(steps * m * square));
  // Billed at owner-occupiers' price, the total would be 4 standard errors off and more.
  EXPECT_GT(std::abs(steps * m * 10 * static_cast<double>(p.size()) - expected),
            8 * std::sqrt(steps * m * square));
}

TEST(PerRowCosts, AnEventCostOfTheTimeInStateMatchesTheExactChain) {
  // A -> B 0.2 a cycle, B -> C 0.1; a visit in B at 2 a year costing 50 x (time in B + 1). Entered
  // at time point u (probability occupancy(A at u - 1) x 0.2), a person is in B at t >= u with
  // probability 0.9^(t - u), there t - u steps: a step's cost per person has mean
  // m sum_d P(d) c_d and second moment (m + m^2) sum_d P(d) c_d^2 (counts Poisson with mean m).
  const int kPersons = 40000, T = 8;
  const json processes = {{"m",
                           {{"states", {"A", "B", "C"}},
                            {"transitions",
                             {{{"from", "A"}, {"to", "B"}, {"probability_per_cycle", 0.2}},
                              {{"from", "B"}, {"to", "C"}, {"probability_per_cycle", 0.1}}}},
                            {"events",
                             {{{"name", "visit"},
                               {"in", {"B"}},
                               {"rate_per_year", 2.0},
                               {"cost", {{"nhs", "50 * (m.time_in_state + 1)"}}}}}}}}};
  const RunResults r = testing::run_json(cohort(processes, {{"m", "A"}}, T, kPersons));
  const Eigen::MatrixXd P = (Eigen::Matrix3d() << 0.8, 0.2, 0, 0, 0.9, 0.1, 0, 0, 1).finished();
  const Eigen::MatrixXd exact = verification::occupancy(P, Eigen::RowVector3d(1, 0, 0), T);
  const double m = 2.0;
  const std::vector<double> costs = testing::totals(r, "costs");
  for (int t = 0; t < T; ++t) {
    double first = 0, second = 0;
    for (int u = 1; u <= t; ++u) {
      const double in_b = exact(u - 1, 0) * 0.2 * std::pow(0.9, t - u), c = 50.0 * (t - u + 1);
      first += in_b * c;
      second += in_b * c * c;
    }
    const double mean = m * first, variance = (m + m * m) * second - mean * mean;
    EXPECT_NEAR(costs[static_cast<size_t>(t)] / kPersons, mean,
                4 * std::sqrt(variance / kPersons) + 1e-12)
        << "step " << t;
  }
}

// A household process whose households all move from a to b in step 2 (entering b at time point
// 3): the state cost of b is 100 + 10 x its time in state, a year; an event there costs
// 20 x (time in state + 1). Each household (one person each, in cohort mode) is one row.
const json kHomes = {
    {"home",
     {{"entity", "household"},
      {"states", {"a", "b"}},
      {"transitions",
       {{{"from", "a"}, {"to", "b"}, {"probability_per_cycle", 1}, {"if", "cycle == 2"}}}},
      {"cost_per_year", {{"b", {{"housing", "100 + 10 * home.time_in_state"}}}}},
      {"events",
       {{{"name", "repair"},
         {"in", {"b"}},
         {"rate_per_year", 0.5},
         {"cost", {{"housing", "20 * (home.time_in_state + 1)"}, {"category", "repairs"}}}}}}}}};

TEST(PerRowCosts, AHouseholdCostOfItsTimeInStateIsExact) {
  const int kHouseholds = 30000, T = 7;
  const RunResults r = testing::run_json(cohort(kHomes, {{"home", "a"}}, T, kHouseholds));
  const std::vector<double> state = testing::totals(r, "state_costs");
  const std::vector<double> repairs = testing::totals_where(r, "costs", "cost_category", "repairs");
  const std::vector<double> events = testing::totals(r, "home.events.repair");
  double all = 0;
  for (int t = 0; t <= T; ++t) {
    const auto k = static_cast<size_t>(t);
    EXPECT_EQ(state[k], t < 3 ? 0.0 : kHouseholds * (100.0 + 10 * (t - 3))) << "time point " << t;
    if (t == T) break;
    // Every household in b has the same time in state: the counts times its one price.
    EXPECT_EQ(repairs[k], t < 3 ? 0.0 : events[k] * 20 * (t - 3 + 1)) << "step " << t;
    all += events[k];
  }
  // 0.5 a year in b for four steps: 0.5 events per household-step expected (Poisson).
  EXPECT_NEAR(all, 4 * kHouseholds * 0.5, 4 * std::sqrt(4 * kHouseholds * 0.5));
}

TEST(PerRowCosts, TotalsAreTheSameForAnyThreadCount) {
  // Five blocks of rows each of persons and households; costs of age and time in state.
  json processes = kHomes;
  processes["m"] = {
      {"states", {"A", "B"}},
      {"transitions", {{{"from", "A"}, {"to", "B"}, {"rate_per_year", 0.3}}}},
      {"cost_per_year", {{"B", {{"nhs", "12.7 + 0.31 * m.time_in_state"}}}}},
      {"events",
       {{{"name", "visit"},
         {"in", {"A", "B"}},
         {"rate_per_year", 1.1},
         {"cost",
          {{"nhs", "3.3 * (m.time_in_state + 1) + 0.07 * age"}, {"other", "1.9 * (m == 'B')"}}},
         {"qaly_loss", "0.001 * age + 0.003 * m.time_in_state"}}}}};
  const json doc = cohort(processes, {{"home", "a"}, {"m", "A"}}, 6, 40000);
  std::vector<RunResults> runs;
  for (int threads : {1, 2, 3}) {
    omp_set_num_threads(threads);
    runs.push_back(testing::run_json(doc));
  }
  omp_set_num_threads(omp_get_num_procs());
  for (const char* series :
       {"costs", "state_costs", "qalys", "m.events.visit", "home.events.repair"}) {
    const size_t s = runs[0].series_index(series);
    EXPECT_EQ(runs[0].values[s], runs[1].values[s]) << series;
    EXPECT_EQ(runs[0].values[s], runs[2].values[s]) << series;
  }
  EXPECT_GT(testing::totals(runs[0], "costs")[3], 0);
}

TEST(PerRowCosts, AHouseholdProcessCannotReadAPersonsAttribute) {
  json processes = kHomes;
  processes["home"]["events"][0]["cost"]["housing"] = "20 + age";
  processes["home"]["events"][0]["qaly_loss"] = {{"by", {"age"}}, {"values", {{"0+", 0.1}}}};
  processes["home"]["cost_per_year"]["b"]["other"] = {{"by", {"sex"}},
                                                      {"values", {{"female", 1}, {"male", 2}}}};
  EXPECT_EQ(testing::run_errors(cohort(processes, {{"home", "a"}}, 3, 10)),
            (std::vector<std::string>{
                "/processes/home/events/0/cost/housing: expected attributes of the household, its "
                "area or household processes (this is a household process), found 'age', which "
                "is a person's",
                "/processes/home/events/0/qaly_loss: expected attributes of the household, its "
                "area or household processes (this is a household process), found 'age', which "
                "is a person's",
                "/processes/home/cost_per_year/b/other: expected attributes of the household, its "
                "area or household processes (this is a household process), found 'sex', which "
                "is a person's"}));
}

}  // namespace
}  // namespace civicsim
