// Values that vary (#17 items 3, 4, 5 and 8), each against an exact Eigen chain: costs and
// utilities as expressions and tables of the cycle, rates as expressions, named parametric hazards
// (Weibull, Gompertz, log-logistic on each clock), per-cycle tables whose last key carries forward,
// and tables by the user's own age bands; and the load errors for each.
#include <gtest/gtest.h>
#include <omp.h>

#include <cmath>

#include "tests/process/process_test_support.hpp"

namespace civicsim {
namespace {

using nlohmann::json;

constexpr int kPersons = 40000;

// A yearly cohort of kPersons aged `age` with process "m" over A, B, C, everyone in A at the start.
json cohort(const json& process, int years, int age = 0) {
  json doc = {{"name", "varying"},
              {"horizon_years", years},
              {"step_months", 12},
              {"seed", 7},
              {"population",
               {{"source", "cohort"},
                {"cohort", {{"size", kPersons}, {"age", age}, {"states", {{"m", "A"}}}}}}},
              {"processes", {{"m", {{"states", {"A", "B", "C"}}}}}}};
  doc["processes"]["m"].update(process);
  return doc;
}

// The chain whose move t (from cycle t - 1 to t) takes A to B with a(t), A to C with c(t) and B to
// C with b(t), as exclusive probabilities.
template <class A, class B, class C>
Eigen::MatrixXd exact_trace(int cycles, A a, B b, C c) {
  const verification::MatrixOfCycle m = [&](int t) {
    Eigen::MatrixXd P = Eigen::MatrixXd::Identity(3, 3);
    P(0, 1) = a(t - 1);
    P(0, 2) = c(t - 1);
    P(0, 0) = 1 - P(0, 1) - P(0, 2);
    P(1, 2) = b(t - 1);
    P(1, 1) = 1 - P(1, 2);
    return P;
  };
  return verification::occupancy(m, Eigen::RowVector3d(1, 0, 0), cycles);
}

const json kMoves = json::array({{{"from", "A"}, {"to", "B"}, {"probability_per_cycle", 0.2}},
                                 {{"from", "B"}, {"to", "C"}, {"probability_per_cycle", 0.1}}});

TEST(VaryingRewards, TimeVaryingCostAndUtilityMatchTheExactChain) {
  // Costs: A "c0 + c1 * (cycle < 2)"; B 1000 to the NHS and a per-cycle table to other payers whose
  // last key carries forward. Utilities: an expression of the cycle in A, a banded table in B.
  const json process = {
      {"transitions", kMoves},
      {"cost_per_year",
       {{"A", {{"nhs", "5034 + 2086.5 * (cycle < 2)"}}},
        {"B",
         {{"nhs", 1000},
          {"other", {{"by", {"cycle"}}, {"values", {{"0", 10}, {"1", 20}, {"2", 30}}}}}}}}},
      {"utility",
       {{"A", "0.9 - 0.05 * min(cycle, 4)"},
        {"B", {{"by", {"cycle"}}, {"values", {{"0-1", 0.5}, {"2+", 0.6}}}}},
        {"C", 0}}}};
  const int T = 7;
  const RunResults r = testing::run_json(cohort(process, T));
  const auto cost = [](int t, int s) {
    if (s == 0) return 5034 + 2086.5 * (t < 2);
    if (s == 1) return 1000.0 + (t == 0 ? 10 : t == 1 ? 20 : 30);
    return 0.0;
  };
  const auto utility = [](int t, int s) {
    if (s == 0) return 0.9 - 0.05 * std::min(t, 4);
    if (s == 1) return t < 2 ? 0.5 : 0.6;
    return 0.0;
  };
  const Eigen::MatrixXd exact = exact_trace(
      T, [](int) { return 0.2; }, [](int) { return 0.1; }, [](int) { return 0.0; });
  testing::expect_trace_near(r, "m", exact, kPersons);
  const Eigen::MatrixXd occ = testing::occupancy(r, "m");
  const std::vector<double> costs = testing::totals(r, "state_costs"),
                            qalys = testing::totals(r, "state_qalys");
  ASSERT_EQ(costs.size(), static_cast<size_t>(T + 1));
  for (int t = 0; t <= T; ++t) {
    const auto k = static_cast<size_t>(t);
    // Given the simulated occupancy, the accrued totals are exact (one-year steps: dt = 1).
    double given_cost = 0, given_qaly = 0, mean_cost = 0, second_cost = 0, mean_u = 0, second_u = 0;
    for (int s = 0; s < 3; ++s) {
      const double n = occ(t, s), p = exact(t, s);
      given_cost += n * cost(t, s);
      given_qaly += n * utility(t, s);
      mean_cost += p * cost(t, s);
      second_cost += p * cost(t, s) * cost(t, s);
      mean_u += p * utility(t, s);
      second_u += p * utility(t, s) * utility(t, s);
    }
    EXPECT_NEAR(costs[k], given_cost, 1e-9 * given_cost) << "time point " << t;
    EXPECT_NEAR(qalys[k], given_qaly, 1e-9 * given_qaly) << "time point " << t;
    // Per person, against the exact chain within 4 Monte Carlo standard errors.
    const double se_cost = std::sqrt((second_cost - mean_cost * mean_cost) / kPersons);
    const double se_u = std::sqrt((second_u - mean_u * mean_u) / kPersons);
    EXPECT_NEAR(costs[k] / kPersons, mean_cost, 4 * se_cost + 1e-9) << "time point " << t;
    EXPECT_NEAR(qalys[k] / kPersons, mean_u, 4 * se_u + 1e-12) << "time point " << t;
  }
  EXPECT_DOUBLE_EQ(costs[0], kPersons * (5034 + 2086.5));  // everyone in A at the start
  EXPECT_NEAR(qalys[0], kPersons * 0.9, 1e-9 * kPersons);
}

TEST(VaryingRewards, PerPersonCostsAreTheSameForAnyThreadCount) {
  // Varying costs are summed per block of rows and the blocks in order.
  const json process = {{"transitions", kMoves},
                        {"cost_per_year",
                         {{"A", {{"nhs", "100.1 + 7.3 * (cycle < 3)"}}},
                          {"B", {{"other", "0.37 * (m.time_in_state + 1)"}}}}}};
  std::vector<std::vector<double>> costs;
  for (int threads : {1, 2, 3}) {
    omp_set_num_threads(threads);
    costs.push_back(testing::totals(testing::run_json(cohort(process, 6)), "state_costs"));
  }
  omp_set_num_threads(omp_get_num_procs());
  EXPECT_EQ(costs[0], costs[1]);
  EXPECT_EQ(costs[0], costs[2]);
}

TEST(VaryingRewards, AConstantExpressionIsTheNumber) {
  // "1000 + 50" and "17/1734" read no variable: they are accrued exactly as the numbers are.
  const json as_text = {{"transitions", kMoves},
                        {"cost_per_year", {{"A", {{"nhs", "1000 + 50"}}}}},
                        {"utility", {{"A", "17/20"}}}};
  const json as_number = {{"transitions", kMoves},
                          {"cost_per_year", {{"A", {{"nhs", 1050}}}}},
                          {"utility", {{"A", 0.85}}}};
  const RunResults a = testing::run_json(cohort(as_text, 4));
  const RunResults b = testing::run_json(cohort(as_number, 4));
  EXPECT_EQ(testing::totals(a, "state_costs"), testing::totals(b, "state_costs"));
  EXPECT_EQ(testing::totals(a, "costs"), testing::totals(b, "costs"));
  EXPECT_EQ(testing::totals(a, "qalys"), testing::totals(b, "qalys"));
  EXPECT_EQ(testing::occupancy(a, "m"), testing::occupancy(b, "m"));
}

TEST(VaryingRewards, EventCostsMayVaryWithTheCycle) {
  const json process = {{"transitions", kMoves},
                        {"events",
                         {{{"name", "visit"},
                           {"in", {"B"}},
                           {"rate_per_year", 2.0},
                           {"cost", {{"nhs", "100 * (cycle + 1)"}}}}}}};
  const RunResults r = testing::run_json(cohort(process, 5));
  const std::vector<double> events = testing::totals(r, "m.events.visit");
  const std::vector<double> costs = testing::totals(r, "costs");
  double all = 0;
  for (size_t t = 0; t < events.size(); ++t) {
    EXPECT_NEAR(costs[t], 100.0 * static_cast<double>(t + 1) * events[t], 1e-9 * costs[t] + 1e-9);
    all += events[t];
  }
  EXPECT_GT(all, 0);
  // Of more than the cycle, it is billed per row (per_row_costs_test.cpp); in a cohort aged 40,
  // age - 39 is cycle + 1 for everyone, so the totals are the same (costs are never negative).
  json by_age = process;
  by_age["events"][0]["cost"] = {{"nhs", "100 * max(age - 39, 0)"}};
  EXPECT_EQ(testing::totals(testing::run_json(cohort(by_age, 5, 40)), "costs"),
            testing::totals(testing::run_json(cohort(process, 5, 40)), "costs"));
}

TEST(VaryingRewards, CalendarYearsAreReadThroughTheCycle) {
  // Six-month steps from January 2026: time point t is in calendar year 2026 + t / 2 and in the
  // financial year (April to March) 2025 + (t + 1) / 2; years_elapsed is t / 2.
  const json moves = json::array({{{"from", "A"}, {"to", "B"}, {"rate_per_year", 0.3}}});
  auto run = [&](const json& cost) {
    json doc = cohort({{"transitions", moves}, {"cost_per_year", {{"A", {{"nhs", cost}}}}}}, 4);
    doc["step_months"] = 6;
    doc["start"] = "2026-01";
    return testing::totals(testing::run_json(doc), "state_costs");
  };
  const json by_cycle = {{"by", {"cycle"}},
                         {"values", {{"0-1", 100}, {"2-3", 200}, {"4-5", 300}, {"6+", 400}}}};
  const json by_year = {{"by", {"year"}},
                        {"values", {{"2026", 100}, {"2027", 200}, {"2028", 300}, {"2029+", 400}}}};
  EXPECT_EQ(run(by_year), run(by_cycle));
  EXPECT_EQ(run("financial_year - 2025 + 0.5 * years_elapsed"),
            run("floor((cycle + 1) / 2) + 0.25 * cycle"));
  json late = cohort(  // the first year must be covered
      {{"transitions", moves},
       {"cost_per_year", {{"A", {{"nhs", {{"by", {"year"}}, {"values", {{"2027+", 1}}}}}}}}}},
      4);
  late["start"] = "2026-01";
  EXPECT_EQ(testing::run_errors(late),
            std::vector<std::string>{
                "/processes/m/cost_per_year/A/nhs/values: expected a value for every year (keys "
                "\"k\", \"a-b\" or \"a+\"; a bare last key carries forward unless carry_forward "
                "is false), found none for year 2026"});
}

TEST(VaryingRates, RateAndProbabilityExpressionsMatchTheExactChain) {
  const json process = {
      {"transitions",
       {{{"from", "A"}, {"to", "B"}, {"probability_per_cycle", "0.05 + 0.05 * min(cycle, 3)"}},
        {{"from", "A"}, {"to", "C"}, {"probability_per_cycle", "1 - exp(-0.02 * (cycle + 1))"}},
        {{"from", "B"}, {"to", "C"}, {"probability_per_cycle", "0.3"}}}}};
  const int T = 8;
  const RunResults r = testing::run_json(cohort(process, T));
  testing::expect_trace_near(
      r, "m",
      exact_trace(
          T, [](int t) { return 0.05 + 0.05 * std::min(t, 3); }, [](int) { return 0.3; },
          [](int t) { return 1 - std::exp(-0.02 * (t + 1)); }),
      kPersons);
}

TEST(VaryingRates, AnExpressionOutOfRangeIsALoadError) {
  const json process = {
      {"transitions", {{{"from", "A"}, {"to", "B"}, {"probability_per_cycle", "0.25 * cycle"}}}}};
  EXPECT_EQ(testing::run_errors(cohort(process, 5)),
            std::vector<std::string>{
                "/processes/m/transitions/0/probability_per_cycle: expected a value in [0, 1] "
                "everywhere, found 1.25 where cycle 5 in \"0.25 * cycle\""});
  const json ln = {
      {"transitions", {{{"from", "A"}, {"to", "B"}, {"rate_per_year", "ln(cycle - 1)"}}}}};
  EXPECT_EQ(testing::run_errors(cohort(ln, 5)),
            std::vector<std::string>{
                "/processes/m/transitions/0/rate_per_year: expected a finite number for every "
                "combination of codes, found NaN at cycle code 0 in \"ln(cycle - 1)\": ln(cycle - "
                "1) of -1 (ln needs a number above 0)"});
}

// ---- Named parametric hazards

double weibull(double scale, double shape, double t0, double dt) {
  return 1 - std::exp(-scale * (std::pow(t0 + dt, shape) - std::pow(t0, shape)));
}
double gompertz(double rate, double shape, double t0, double dt) {
  return 1 - std::exp(-rate / shape * (std::exp(shape * (t0 + dt)) - std::exp(shape * t0)));
}
double loglogistic(double scale, double shape, double t0, double dt) {
  const auto s = [&](double t) { return 1 / (1 + std::pow(t / scale, shape)); };
  return 1 - s(t0 + dt) / s(t0);
}

TEST(Hazards, EachDistributionAndClockMatchesTheExactChain) {
  // A -> B: Weibull on the time in A (everyone enters A at the start, so it is the cycle); A -> C:
  // Gompertz on age (the cohort is 60); B -> C: log-logistic on the cycle.
  const json process = {{"transitions",
                         {{{"from", "A"},
                           {"to", "B"},
                           {"hazard",
                            {{"distribution", "weibull"},
                             {"parameters", {{"scale", 0.02}, {"shape", 1.5}}},
                             {"clock", "time_in_state"}}}},
                          {{"from", "A"},
                           {"to", "C"},
                           {"hazard",
                            {{"distribution", "gompertz"},
                             {"parameters", {{"rate", "0.0001 * 2"}, {"shape", 0.05}}},
                             {"clock", "age"}}}},
                          {{"from", "B"},
                           {"to", "C"},
                           {"hazard",
                            {{"distribution", "loglogistic"},
                             {"parameters", {{"scale", 5}, {"shape", 2}}},
                             {"clock", "cycle"}}}}}}};
  const int T = 12;
  const RunResults r = testing::run_json(cohort(process, T, 60));
  testing::expect_trace_near(r, "m",
                             exact_trace(
                                 T, [](int t) { return weibull(0.02, 1.5, t, 1); },
                                 [](int t) { return loglogistic(5, 2, t, 1); },
                                 [](int t) { return gompertz(0.0002, 0.05, 60 + t, 1); }),
                             kPersons);
}

TEST(Hazards, ParametersMayDependOnCovariatesButNotTheClock) {
  json process = {{"transitions",
                   {{{"from", "A"},
                     {"to", "B"},
                     {"hazard",
                      {{"distribution", "exponential"},
                       {"parameters", {{"rate", "0.1 * cycle"}}},
                       {"clock", "cycle"}}}}}}};
  EXPECT_EQ(testing::run_errors(cohort(process, 3)),
            std::vector<std::string>{
                "/processes/m/transitions/0/hazard/parameters/rate: expected a parameter of "
                "covariates other than the clock cycle (the clock is the hazard's t), found one "
                "that depends on cycle"});
  process["transitions"][0]["hazard"] = {{"distribution", "weibull"},
                                         {"parameters", {{"scale", 0.1}, {"rate", 2}}}};
  EXPECT_EQ(testing::run_errors(cohort(process, 3)),
            (std::vector<std::string>{
                "/processes/m/transitions/0/hazard/parameters/shape: expected the weibull "
                "parameter shape (scale, shape), found nothing",
                "/processes/m/transitions/0/hazard/parameters/rate: expected a parameter of "
                "weibull (scale, shape), found 'rate'"}));
  process["transitions"][0]["hazard"] = {{"distribution", "weibull"},
                                         {"parameters", {{"scale", 0.1}, {"shape", -2}}}};
  EXPECT_EQ(testing::run_errors(cohort(process, 3)),
            std::vector<std::string>{"/processes/m/transitions/0/hazard/parameters: expected a "
                                     "scale > 0 and a shape > 0, found scale 0.1, shape -2 "
                                     "where m.time_in_state 0"});
  process["transitions"][0]["probability_per_cycle"] = 0.1;
  process["transitions"][0]["hazard"]["parameters"]["shape"] = 2;
  EXPECT_EQ(testing::run_errors(cohort(process, 3)),
            std::vector<std::string>{"/processes/m/transitions/0: expected exactly one of "
                                     "rate_per_year, probability_per_cycle or hazard, found more "
                                     "than one"});
}

// ---- Integer-keyed tables

TEST(IntegerTables, APerCycleTableCarriesItsLastKeyForward) {
  const json process = {
      {"transitions",
       {{{"from", "A"},
         {"to", "B"},
         {"probability_per_cycle", {{"by", {"cycle"}}, {"values", {{"0", 0.1}, {"1", 0.3}}}}}}}}};
  for (int T : {3, 9}) {  // any horizon: the table does not name its last cycle
    const RunResults r = testing::run_json(cohort(process, T));
    testing::expect_trace_near(r, "m",
                               exact_trace(
                                   T, [](int t) { return t == 0 ? 0.1 : 0.3; },
                                   [](int) { return 0.0; }, [](int) { return 0.0; }),
                               kPersons);
  }
  json strict = process;
  strict["transitions"][0]["probability_per_cycle"]["carry_forward"] = false;
  EXPECT_EQ(testing::run_errors(cohort(strict, 3)),
            std::vector<std::string>{
                "/processes/m/transitions/0/probability_per_cycle/values: expected a value for "
                "every cycle (keys \"k\", \"a-b\" or \"a+\"; a bare last key carries forward "
                "unless carry_forward is false), found none for cycle 2-3"});
  // Keys past a short horizon's end never occur and are accepted.
  json longer = process;
  for (int c = 2; c <= 30; ++c)
    longer["transitions"][0]["probability_per_cycle"]["values"][std::to_string(c)] = 0.3;
  EXPECT_TRUE(testing::run_errors(cohort(longer, 3)).empty());
}

TEST(IntegerTables, TheUsersOwnAgeBandsMatchTheExactChain) {
  const json bands = {{"by", {"age"}},
                      {"values", {{"0-54", 0.01}, {"55-64", 0.1}, {"65-74", 0.2}, {"75+", 0.4}}}};
  const json process = {
      {"transitions", {{{"from", "A"}, {"to", "C"}, {"probability_per_cycle", bands}}}}};
  const int T = 20;
  const RunResults r = testing::run_json(cohort(process, T, 60));
  testing::expect_trace_near(r, "m",
                             exact_trace(
                                 T, [](int) { return 0.0; }, [](int) { return 0.0; },
                                 [](int t) {
                                   const int age = 60 + t;
                                   return age < 55 ? 0.01 : age < 65 ? 0.1 : age < 75 ? 0.2 : 0.4;
                                 }),
                             kPersons);
}

TEST(IntegerTables, OverlapsGapsAndBadKeysAreLoadErrors) {
  const auto error_for = [](const json& values) {
    const json process = {
        {"transitions",
         {{{"from", "A"}, {"to", "C"}, {"rate_per_year", {{"by", {"age"}}, {"values", values}}}}}}};
    const auto errors = testing::run_errors(cohort(process, 2, 60));
    return errors.size() == 1 ? errors[0] : "(" + std::to_string(errors.size()) + " errors)";
  };
  EXPECT_EQ(error_for({{"0-64", 0.1}, {"60+", 0.2}}),
            "/processes/m/transitions/0/rate_per_year/values/60+: expected keys of age that do not "
            "overlap, found '60+' and '0-64' both cover 60");
  EXPECT_EQ(error_for({{"55-64", 0.1}, {"65-74", 0.2}, {"80+", 0.4}}),
            "/processes/m/transitions/0/rate_per_year/values: expected a value for every age (keys "
            "\"k\", \"a-b\" or \"a+\"; a bare last key carries forward unless carry_forward is "
            "false), found none for age 0-54, 75-79");
  EXPECT_EQ(error_for({{"0-64", 0.1}, {"65 to 74", 0.2}}),
            "/processes/m/transitions/0/rate_per_year/values/65 to 74: expected a key of the whole "
            "number age: \"k\", \"a-b\" (a <= b) or \"a+\", found '65 to 74'");
  EXPECT_EQ(error_for({{"0-64", 0.1}, {"65-110", 0.2}, {"120", 0.3}}),
            "/processes/m/transitions/0/rate_per_year/values/120: expected a key within the values "
            "of age (0 to 110), found '120'");
}

}  // namespace
}  // namespace civicsim
