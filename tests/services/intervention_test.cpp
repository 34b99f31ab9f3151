// Interventions and services in cohort scenarios, against exact answers: a waning rate ratio against
// the exact time-varying Markov chain (Eigen), coverage x uptake within Monte Carlo error, budgets,
// enrolment rounds, state changes, a service's capacity and on_served moves; and common random
// numbers on the LCR population: an intervention with no effect and no cost leaves every result of
// its baseline's file unchanged.
#include <gtest/gtest.h>

#include <cmath>

#include "outputs/hdf5_reader.hpp"
#include "tests/process/process_test_support.hpp"
#include "tests/services/abc_cohort.hpp"

namespace civicsim {
namespace {

using nlohmann::json;

constexpr int kPersons = 200'000;

// The shared A, B, C cohort (tests/services/abc_cohort.hpp) with interventions and services.
json cohort(int years, const json& interventions, const json& services = json::object()) {
  json doc = testing::abc_cohort("intervention_test", years, kPersons, 5);
  doc["interventions"] = interventions;
  if (!services.empty()) doc["services"] = services;
  return doc;
}

double total(const RunResults& r, const std::string& series) {
  double sum = 0;
  for (double v : testing::totals(r, series)) sum += v;
  return sum;
}

// Everyone receives it at the start of step 0, so A->B is multiplied by the ratio 0.4 in steps 0
// and 1 (0 and 1 years since receipt), then the effect wanes linearly over 2 years: the factor is
// 1 - 0.6 w with w = 1 at 2 years, 0.5 at 3 years and 0 from 4 years.
TEST(Interventions, WaningRateRatioMatchesTheExactChain) {
  const json iv = {{"care",
                    {{"start", "2020-01"},
                     {"every_months", 1200},
                     {"effects",
                      {{{"rate_ratio", 0.4},
                        {"process", "m"},
                        {"transitions", {{{"from", "A"}, {"to", "B"}}}},
                        {"full_effect_years", 2},
                        {"wanes_over_years", 2}}}}}}};
  const RunResults r = testing::run_json(cohort(8, iv));
  EXPECT_EQ(total(r, "care.received"), kPersons);
  const verification::MatrixOfCycle m = [](int t) {  // the move from cycle t - 1 to t: step t - 1
    const double years = t - 1;                      // since receipt, in step t - 1
    const double w = years < 2 ? 1.0 : std::max(0.0, 1.0 - (years - 2) / 2);
    return testing::abc_matrix(1 - 0.6 * w);
  };
  testing::expect_trace_near(r, "m", verification::occupancy(m, Eigen::RowVector3d(1, 0, 0), 8),
                             kPersons);
}

// Issue #17 item 1: an intervention from the run's start acts on the first cycle. A drug from the
// start halves A->B for exactly two years (full_effect_years 2, no waning): cycles 1 and 2 (steps 0
// and 1) move at half the rate, later cycles at the full rate. Occupancy at every cycle within 3
// Monte Carlo standard errors of the exact chain.
TEST(Interventions, AnEffectFromTheStartActsOnTheFirstCycles) {
  const json iv = {{"drug",
                    {{"start", "2020-01"},
                     {"every_months", 1200},
                     {"effects",
                      {{{"rate_ratio", 0.5},
                        {"process", "m"},
                        {"transitions", {{{"from", "A"}, {"to", "B"}}}},
                        {"full_effect_years", 2},
                        {"wanes_over_years", 0}}}}}}};
  const int cycles = 6;
  const RunResults r = testing::run_json(cohort(cycles, iv));
  EXPECT_EQ(testing::totals(r, "drug.received")[0], kPersons);  // all at the start of step 0
  const verification::MatrixOfCycle m = [](int t) {  // the move from cycle t - 1 to t: step t - 1
    return testing::abc_matrix(t - 1 < 2 ? 0.5 : 1.0);
  };
  const Eigen::MatrixXd exact = verification::occupancy(m, Eigen::RowVector3d(1, 0, 0), cycles);
  const Eigen::MatrixXd sim = testing::occupancy(r, "m") / kPersons;
  ASSERT_EQ(sim.rows(), cycles + 1);
  for (Eigen::Index t = 0; t < exact.rows(); ++t)
    for (Eigen::Index s = 0; s < 3; ++s) {
      const double p = exact(t, s), se = std::sqrt(p * (1 - p) / kPersons);
      EXPECT_NEAR(sim(t, s), p, 3 * se + 1e-12) << "time point " << t << " state " << s;
    }
  // The first cycle's A -> B is the halved one: 1 - e^-0.35 of A leave, a share 0.25 / 0.35 to B.
  const double first = -std::expm1(-0.35) * 0.25 / 0.35;
  EXPECT_NEAR(sim(1, 1), first, 3 * std::sqrt(first * (1 - first) / kPersons));
}

// Offered with probability coverage, taken up with probability uptake: Binomial counts. A state
// change moves exactly those who receive it; the per-unit cost is charged per unit, at the base
// cost: the declared optimism bias is applied by the evaluation, not recorded.
TEST(Interventions, CoverageUptakeAndStateChange) {
  const json iv = {
      {"screen",
       {{"start", "2020-01"},
        {"every_months", 1200},
        {"who", "m == 'A'"},
        {"coverage", 0.6},
        {"uptake", 0.5},
        {"effects", {{{"process", "m"}, {"to", "C"}}}},
        {"cost", {{"per_unit", {{"nhs", 10}, {"other", 5}}}, {"optimism_bias", 0.1}}}}}};
  const RunResults r = testing::run_json(cohort(2, iv));
  const double eligible = total(r, "screen.eligible"), offered = total(r, "screen.offered"),
               received = total(r, "screen.received");
  EXPECT_NEAR(offered, 0.6 * eligible, 4 * std::sqrt(eligible * 0.6 * 0.4));
  EXPECT_NEAR(received, 0.5 * offered, 4 * std::sqrt(offered * 0.25));
  // Decided at the start of step 0, when everyone is in A; the move is part of time point 0's
  // state (before any step, so in no step's moves).
  EXPECT_EQ(eligible, kPersons);
  const Eigen::MatrixXd occ = testing::occupancy(r, "m");
  EXPECT_DOUBLE_EQ(occ(0, 0), eligible - received);
  EXPECT_DOUBLE_EQ(occ(0, 2), received);
  EXPECT_DOUBLE_EQ(total(r, "intervention_costs"), received * 15);
  // Step 0's moves A -> C are the sweep's, of those left in A.
  const auto& moves = r.values[r.series_index("m.transitions")][0];
  const double a_to_c = -std::expm1(-0.6) * 0.1 / 0.6;
  const double others = kPersons - received;
  EXPECT_NEAR(moves[0 * 9 + 0 * 3 + 2], a_to_c * others,
              4 * std::sqrt(others * a_to_c * (1 - a_to_c)));
}

// A `who` that reads a process's time in state sees when each person entered it, even where no
// table of the process itself reads that time (the process is then swept by its fastest path):
// those in B who entered it at the step's start are exactly the previous step's moves from A to B.
TEST(Interventions, WhoReadsTheTimeInStateOfAFixedRateProcess) {
  const json iv = {{"look",
                    {{"start", "2020-01"},
                     {"every_months", 12},
                     {"once", false},
                     {"who", "m == 'B' && m.time_in_state == 0"},
                     {"effects",
                      {{{"rate_ratio", 1.0},
                        {"process", "m"},
                        {"transitions", {{{"from", "B"}, {"to", "C"}}}}}}}}}};
  const RunResults r = testing::run_json(cohort(4, iv));
  const std::vector<double> eligible = testing::totals(r, "look.eligible");
  const auto& moves = r.values[r.series_index("m.transitions")][0];  // [step][from][to]
  ASSERT_EQ(eligible.size(), 4u);
  EXPECT_EQ(eligible[0], 0);  // everyone starts in A
  for (size_t t = 1; t < eligible.size(); ++t) {
    EXPECT_GT(eligible[t], 0) << "step " << t;
    EXPECT_EQ(eligible[t], moves[(t - 1) * 9 + 0 * 3 + 1]) << "step " << t;
  }
}

// Interventions whose `who` starts with the same filters find the rows passing them once per step,
// unless an intervention or service changes one of those variables within the step. Here the first
// and the last select persons in A and the second moves persons from B into A as it enrols them:
// the last must see those moves (found once, before them, the rows in A would miss them).
TEST(Interventions, AFilterOnAProcessThatAnInterventionMovesIsNotShared) {
  const json no_effect = {
      {{"rate_ratio", 1.0}, {"process", "m"}, {"transitions", {{{"from", "A"}, {"to", "B"}}}}}};
  const json ivs = {{"x_first",
                     {{"start", "2020-01"},
                      {"once", false},
                      {"who", "age < 3 && m == 'A'"},
                      {"effects", no_effect}}},
                    {"y_mover",
                     {{"start", "2020-01"},
                      {"once", false},
                      {"who", "age < 3 && m == 'B'"},
                      {"coverage", 0.3},
                      {"effects", {{{"process", "m"}, {"to", "A"}}}}}},
                    {"z_last",
                     {{"start", "2020-01"},
                      {"once", false},
                      {"who", "age < 3 && m == 'A'"},
                      {"effects", no_effect}}}};
  const RunResults r = testing::run_json(cohort(2, ivs));
  const Eigen::MatrixXd occ = testing::occupancy(r, "m");
  const auto moved = testing::totals(r, "y_mover.received"),
             first = testing::totals(r, "x_first.eligible"),
             last = testing::totals(r, "z_last.eligible");
  EXPECT_EQ(moved[0], 0);  // no one is in B at the start
  EXPECT_GT(moved[1], 0);
  for (size_t t = 0; t < 2; ++t) {
    // Decided at the step's start; the occupancy there is after the moves made then.
    const auto point = static_cast<Eigen::Index>(t);
    EXPECT_EQ(first[t], occ(point, 0) - moved[t]) << "step " << t;
    EXPECT_EQ(last[t], occ(point, 0)) << "step " << t;
  }
}

// Where nothing in the step moves the process, the shared filters give each intervention the state
// at the step's start.
TEST(Interventions, InterventionsSharingAFilterOnAProcessSeeItsStateAtTheStepsStart) {
  const json effect = {
      {{"rate_ratio", 1.0}, {"process", "m"}, {"transitions", {{{"from", "B"}, {"to", "C"}}}}}};
  const json ivs = {{"one",
                     {{"start", "2020-01"},
                      {"once", false},
                      {"who", "age < 3 && m == 'B'"},
                      {"effects", effect}}},
                    {"two",
                     {{"start", "2020-01"},
                      {"once", false},
                      {"who", "age < 3 && m == 'B'"},
                      {"effects", effect}}}};
  const RunResults r = testing::run_json(cohort(3, ivs));
  const Eigen::MatrixXd occ = testing::occupancy(r, "m");
  for (const char* name : {"one", "two"}) {
    const auto eligible = testing::totals(r, std::string(name) + ".eligible");
    EXPECT_EQ(eligible[0], 0) << name;  // everyone starts in A
    for (size_t t = 1; t < 3; ++t) {
      EXPECT_GT(eligible[t], 0) << name << " step " << t;
      EXPECT_EQ(eligible[t], occ(static_cast<Eigen::Index>(t), 1)) << name << " step " << t;
    }
  }
}

// Reach and uptake are the unit's own: enrolling every step for three years, a unit left out or
// declining is never enrolled later, so the share who receive it stays coverage x uptake.
TEST(Interventions, ContinuousEnrolmentKeepsEachUnitsDecision) {
  const json iv = {
      {"tell", {{"start", "2020-01"}, {"who", "m != 'C'"}, {"coverage", 0.5}, {"uptake", 0.8}}}};
  const RunResults r = testing::run_json(cohort(3, iv));
  // Everyone is eligible at the start of step 0 (all in A); no one new becomes eligible later.
  const double p = 0.4;
  const double received = total(r, "tell.received");
  EXPECT_NEAR(received, p * kPersons, 4 * std::sqrt(kPersons * p * (1 - p)));
  EXPECT_GT(total(r, "tell.eligible"), kPersons);  // offered again and again, decided once
}

// A budget of 1,000 a year at 10 a unit enrols 100 units a year, in rounds every year; once: false
// lets the same persons receive it again.
TEST(Interventions, AnnualBudgetCapsEnrolment) {
  const json iv = {{"visit",
                    {{"start", "2020-01"},
                     {"every_months", 12},
                     {"once", false},
                     {"who", "m != 'C'"},
                     {"cost", {{"per_unit", {{"nhs", 10}}}}},
                     {"budget_per_year", 1000}}}};
  const RunResults r = testing::run_json(cohort(3, iv));
  for (double enrolled : testing::totals(r, "visit.enrolled")) EXPECT_EQ(enrolled, 100);
  const auto eligible = testing::totals(r, "visit.eligible"),
             over = testing::totals(r, "visit.over_budget");
  for (size_t t = 0; t < eligible.size(); ++t) EXPECT_EQ(over[t], eligible[t] - 100);
  EXPECT_DOUBLE_EQ(total(r, "intervention_costs"), 3 * 1000);
}

// Fixed, fixed per year and recurring per-unit costs, over exactly the steps the intervention runs.
TEST(Interventions, FixedAndRecurringCosts) {
  const json iv = {{"programme",
                    {{"start", "2021-01"},
                     {"end", "2023-01"},
                     {"every_months", 1200},
                     {"who", "m == 'B'"},
                     {"cost",
                      {{"fixed", {{"housing", 5000}}},
                       {"fixed_per_year", {{"housing", 100}}},
                       {"per_unit_per_year", {{"nhs", 2}}}}}}}};
  const RunResults r = testing::run_json(cohort(4, iv));
  const auto fixed = testing::totals(r, "intervention_fixed_costs");
  EXPECT_EQ(fixed, (std::vector<double>{0, 5100, 100, 0}));
  // Recurring: 2 a year per living holder for each step it runs (steps 1 and 2); those in B at the
  // start of step 1 receive it then, and all stay alive (no state here is declared a death
  // state), so both steps bill every one of them.
  const auto unit_costs = testing::totals(r, "intervention_costs");
  const double holders = total(r, "programme.received");
  EXPECT_GT(holders, 0);
  EXPECT_EQ(unit_costs, (std::vector<double>{0, 2 * holders, 2 * holders, 0}));
}

// Issue #17 item 2: a drug given for two years from the start (start 2020-01, end 2022-01) at
// 1,000 a year per person is billed for both years, on the persons living (not in the death state
// C) when rewards.state_timing says, as the state costs are: at each step's start, at its end, or
// half of each. The sums are exact: units x 1,000 from the occupancy.
TEST(Interventions, RecurringCostsBillTheLivingEnrolledSteps) {
  const json iv = {{"drug",
                    {{"start", "2020-01"},
                     {"end", "2022-01"},
                     {"every_months", 1200},
                     {"cost", {{"per_unit_per_year", {{"nhs", 1000}}}}}}}};
  for (const char* timing : {"start_of_step", "end_of_step", "half_step"}) {
    json doc = cohort(4, iv);
    doc["processes"]["m"]["death_states"] = {"C"};
    doc["rewards"] = {{"state_timing", timing}};
    const RunResults r = testing::run_json(doc);
    const Eigen::MatrixXd occ = testing::occupancy(r, "m");
    auto living = [&](Eigen::Index t) { return kPersons - occ(t, 2); };
    const double a = std::string(timing) == "end_of_step" ? 0.0
                     : std::string(timing) == "half_step" ? 0.5
                                                          : 1.0;
    std::vector<double> expected(4, 0.0);
    for (Eigen::Index t = 0; t < 2; ++t)
      expected[static_cast<size_t>(t)] = 1000 * (a * living(t) + (1 - a) * living(t + 1));
    EXPECT_GT(occ(2, 2), 0) << timing;  // some died
    EXPECT_EQ(testing::totals(r, "intervention_costs"), expected) << timing;
    EXPECT_EQ(total(r, "drug.received"), kPersons) << timing;
  }
}

// Persons in a death state are neither enrolled nor served: an intervention enrolling from the
// third year finds the living only.
TEST(Interventions, TheDeadByADeathStateAreNotEnrolled) {
  const json iv = {{"late", {{"start", "2022-01"}, {"cost", {{"per_unit", {{"nhs", 1}}}}}}}};
  json doc = cohort(3, iv);
  doc["processes"]["m"]["death_states"] = {"C"};
  const RunResults r = testing::run_json(doc);
  const Eigen::MatrixXd occ = testing::occupancy(r, "m");
  const auto eligible = testing::totals(r, "late.eligible");
  EXPECT_EQ(eligible, (std::vector<double>{0, 0, kPersons - occ(2, 2)}));
  EXPECT_EQ(total(r, "intervention_costs"), kPersons - occ(2, 2));
}

// A service serving 24 a year (2 a month in one queue) with monthly steps: everyone in B asks each
// month it is there (event rate high), at most 2 are served a month and moved to C; requests wait.
TEST(Services, CapacityLimitsWhoIsServedAndOnServedMoves) {
  json doc = cohort(1, json::object(),
                    {{"clinic",
                      {{"regions", "lcr"},
                       {"capacity_per_year", 24},
                       {"cost_per_service", {{"nhs", 50}, {"category", "clinic"}}},
                       {"on_served", {{{"process", "m"}, {"to", "C"}, {"from", {"B"}}}}}}}});
  doc.erase("interventions");
  doc["step_months"] = 1;
  doc["population"]["cohort"]["size"] = 1000;
  doc["processes"]["m"]["events"] = {
      {{"name", "ask"}, {"in", {"B"}}, {"rate_per_year", 1000}, {"service", "clinic"}}};
  const RunResults r = testing::run_json(doc);
  const auto served = testing::totals(r, "clinic.served"),
             waiting = testing::totals(r, "clinic.waiting"),
             requested = testing::totals(r, "clinic.requested");
  for (size_t t = 0; t < served.size(); ++t) {
    EXPECT_LE(served[t], 2) << t;
    EXPECT_EQ(waiting[t + 1], waiting[t] + requested[t] - served[t]) << t;
    if (waiting[t] + requested[t] >= 2) {
      EXPECT_EQ(served[t], 2) << t;
    }
  }
  EXPECT_EQ(total(r, "costs"), 50 * total(r, "clinic.served"));
  EXPECT_GT(waiting.back(), 0);
}

// Common random numbers: a scenario and the same scenario with an intervention that has no effect
// (a rate ratio of 1, which still enters the compiled tables) and no cost give the same values in
// every series of the baseline's file; the option's file only adds the intervention's own series.
TEST(Interventions, NoEffectNoCostLeavesTheBaselineFileUnchanged) {
  testing::TempDir dir;
  const json baseline = {
      {"extends", (testing::source_dir() / "scenarios/lcr/foundation.json").string()},
      {"name", "crn"},
      {"horizon_years", 1},
      {"population", {{"scale", 0.01}}},
      {"processes",
       {{"asthma",
         {{"states", {"none", "ill"}},
          {"initial", {{"ill", 0.1}}},
          {"transitions",
           {{{"from", "none"}, {"to", "ill"}, {"rate_per_year", 0.05}},
            {{"from", "ill"}, {"to", "none"}, {"rate_per_year", 0.2}}}},
          {"events", {{{"name", "attack"}, {"in", {"ill"}}, {"rate_per_year", 2}}}},
          {"cost_per_year", {{"ill", {{"nhs", 100}}}}},
          {"utility", {{"ill", 0.9}}}}}}}};
  json option = baseline;
  option["interventions"] = {{"nothing",
                              {{"start", "2019-08"},
                               {"who", "asthma == 'ill' && household.damp == 'yes'"},
                               {"coverage", 0.5},
                               {"effects",
                                {{{"rate_ratio", 1},
                                  {"process", "asthma"},
                                  {"transitions", {{{"from", "ill"}, {"to", "none"}}}},
                                  {"events", {"attack"}}}}}}}};
  testing::write_file(dir / "baseline.json", baseline.dump());
  testing::write_file(dir / "option.json", option.dump());
  for (const char* name : {"baseline", "option"}) {
    const auto r =
        testing::run_command(testing::civicsim_binary().string() + " run " +
                             (dir / (std::string(name) + ".json")).string() + " --quiet --out " +
                             (dir / (std::string(name) + ".h5")).string());
    ASSERT_EQ(r.exit_code, 0) << r.output;
  }
  const ResultFile a = read_results(dir / "baseline.h5"), b = read_results(dir / "option.h5");
  EXPECT_EQ(a.results.time, b.results.time);
  for (const Dimension& d : a.results.dimensions)
    EXPECT_EQ(b.results.dimension(d.name).labels, d.labels) << d.name;
  for (size_t s = 0; s < a.results.series.size(); ++s) {
    const std::string& name = a.results.series[s].name;
    EXPECT_EQ(b.results.values[b.results.series_index(name)], a.results.values[s]) << name;
  }
  EXPECT_EQ(a.identity.population_fingerprint, b.identity.population_fingerprint);
  EXPECT_GT(total(b.results, "nothing.received"), 0);
  // Only the intervention's own series are new.
  for (const SeriesDecl& d : b.results.series) {
    bool in_baseline = false;
    for (const SeriesDecl& e : a.results.series) in_baseline = in_baseline || e.name == d.name;
    if (!in_baseline) {
      EXPECT_TRUE(d.name.rfind("nothing.", 0) == 0 || d.name.rfind("intervention_", 0) == 0)
          << d.name;
    }
  }
}

}  // namespace
}  // namespace civicsim
