// The scenario of a parameter draw, made by re-binding the drawn numbers in a document parsed once
// (ParameterDraws), runs bit for bit as the one made by re-parsing the whole document (the plain
// path, Simulation::drawn_scenario) on several draws of every kind of number (a probability, a rate,
// a cost, a utility, a modifier's rate ratio, a table of draws); a draw that breaks a rule gives
// the plain path's diagnostics word for word; and a whole probabilistic run is the same on one
// thread (draws one after another) and on two (draws side by side), replication by replication.
#include "engine/scenario/parameter_draws.hpp"

#include <gtest/gtest.h>
#include <omp.h>

#include <functional>

#include "api/run_scenario.hpp"
#include "engine/core/input_error.hpp"
#include "engine/population/synthesis.hpp"
#include "engine/scenario/scenario_loader.hpp"
#include "engine/sim/demography_rates.hpp"
#include "engine/sim/simulation.hpp"
#include "tests/test_support.hpp"

namespace civicsim {
namespace {

using nlohmann::json;

json distribution(const std::string& d, double a, double b) {
  return {{"distribution", d}, {"parameters", {a, b}}};
}

// Sick-Sicker on a cohort of 3,000 for 12 annual cycles, nine numbers uncertain.
json psa_scenario(int draws) {
  const std::string t = "/processes/ss/transitions/";
  return {{"name", "psa_draws"},
          {"start", "2020-01"},
          {"horizon_years", 12},
          {"step_months", 12},
          {"seed", 17},
          {"population",
           {{"source", "cohort"},
            {"cohort", {{"size", 3000}, {"age", 40}, {"states", {{"ss", "H"}}}}}}},
          {"processes",
           {{"ss",
             {{"states", {"H", "S1", "S2", "D"}},
              {"transitions",
               {{{"from", "H"}, {"to", "S1"}, {"probability_per_cycle", 0.15}},
                {{"from", "H"}, {"to", "D"}, {"probability_per_cycle", 0.005}},
                {{"from", "S1"}, {"to", "H"}, {"probability_per_cycle", 0.5}},
                {{"from", "S1"},
                 {"to", "S2"},
                 {"probability_per_cycle", 0.105},
                 {"modifiers", {{{"if", "cycle < 3"}, {"rate_ratio", 0.6}}}}},
                {{"from", "S1"}, {"to", "D"}, {"rate_per_year", 0.015}},
                {{"from", "S2"}, {"to", "D"}, {"rate_per_year", 0.05}}}},
              {"cost_per_year",
               {{"H", {{"nhs", 2000}}}, {"S1", {{"nhs", 4000}}}, {"S2", {{"nhs", 15000}}}}},
              {"utility", {{"H", 1}, {"S1", 0.75}, {"S2", 0.5}, {"D", 0}}}}}}},
          {"uncertainty",
           {{"psa_draws", draws},
            {"parameters",
             {{t + "0/probability_per_cycle", distribution("beta", 30, 170)},
              {t + "2/probability_per_cycle", distribution("beta", 60, 60)},
              {t + "3/modifiers/0/rate_ratio", distribution("lognormal", -0.5, 0.2)},
              {t + "4/rate_per_year", distribution("gamma", 15, 0.001)},
              {t + "5/rate_per_year", distribution("lognormal", -3, 0.1)},
              {"/processes/ss/cost_per_year/S1/nhs", distribution("gamma", 100, 40)},
              {"/processes/ss/cost_per_year/S2/nhs", distribution("gamma", 900, 16.7)},
              {"/processes/ss/utility/S1", distribution("beta", 130, 45)},
              {"/processes/ss/utility/S2",
               {{"distribution", "table"}, {"draws", {0.4, 0.45, 0.5, 0.55}}}}}}}}};
}

// Replication r of `drawn` (a draw's scenario) into its slot of `results`.
void run_draw(const Scenario& drawn, const Population& population, const DemographyRates& rates,
              int r, RunResults& results) {
  Simulation(drawn, population, rates).run_replication(r, results);
}

TEST(ParameterDraws, RebindingTheDrawnNumbersRunsAsReparsingTheDocument) {
  testing::TempDir dir;
  const Scenario base = load_scenario_document(psa_scenario(6), dir / "s.json");
  const Population population = build_population(base.population, base.seed, base.start);
  const DemographyRates rates = load_demography_rates(base.population.data_dir, population);
  const Simulation simulation(base, population, rates);
  RunResults fast = simulation.make_results(), plain = simulation.make_results();
  ParameterDraws draws(base);
  for (int r = 0; r < 6; ++r) {
    const Scenario a = draws.scenario(r), b = simulation.drawn_scenario(r);
    ASSERT_EQ(a.processes.size(), 1u);
    EXPECT_EQ(a.processes[0].file, b.processes[0].file);
    EXPECT_EQ(a.replications, b.replications);
    EXPECT_FALSE(a.uncertainty.active());
    run_draw(a, population, rates, r, fast);
    run_draw(b, population, rates, r, plain);
  }
  for (size_t s = 0; s < fast.series.size(); ++s)
    for (int r = 0; r < 6; ++r)
      EXPECT_EQ(fast.values[s][r], plain.values[s][r]) << fast.series[s].name << " draw " << r;
  // The draws differ: replications 0 and 1 ran different numbers.
  const size_t costs = fast.series_index("state_costs");
  EXPECT_NE(fast.values[costs][0], fast.values[costs][1]);
}

// The diagnostics of compiling the scenario that make() gives (none when it compiles).
std::vector<std::string> compile_errors(const std::function<Scenario()>& make,
                                        const Population& population,
                                        const DemographyRates& rates) {
  std::vector<std::string> out;
  try {
    const Scenario drawn = make();
    const Simulation compiled(drawn, population, rates);
  } catch (const InputError& e) {
    for (const Diagnostic& d : e.diagnostics()) out.push_back(d.to_string());
  }
  return out;
}

// Draw 1 makes the probabilities out of H sum above 1: the same diagnostics as the plain path.
TEST(ParameterDraws, ADrawThatBreaksARuleGivesThePlainPathsDiagnostics) {
  testing::TempDir dir;
  json doc = psa_scenario(2);
  doc["uncertainty"]["parameters"] = {{"/processes/ss/transitions/1/probability_per_cycle",
                                       {{"distribution", "table"}, {"draws", {0.1, 0.9}}}}};
  const Scenario base = load_scenario_document(doc, dir / "s.json");
  const Population population = build_population(base.population, base.seed, base.start);
  const DemographyRates rates = load_demography_rates(base.population.data_dir, population);
  ParameterDraws draws(base);
  EXPECT_TRUE(compile_errors([&] { return draws.scenario(0); }, population, rates).empty());
  const auto fast = compile_errors([&] { return draws.scenario(1); }, population, rates);
  const auto plain =
      compile_errors([&] { return reparsed_draw_scenario(base, 1); }, population, rates);
  ASSERT_EQ(plain.size(), 1u);
  EXPECT_EQ(fast, plain);
  EXPECT_NE(plain[0].find("a sum of 1.05"), std::string::npos) << plain[0];
}

TEST(ParameterDraws, AProbabilisticRunIsTheSameOnOneAndTwoThreads) {
  RunResults by_threads[2];
  int reported = 0;
  for (const int threads : {1, 2}) {
    testing::TempDir dir;
    RunRequest request;
    request.scenario = ScenarioDocument{psa_scenario(9), dir / "s.json"};
    request.threads = threads;
    std::vector<int> order;
    request.on_replication = [&](int r, const RunResults&) { order.push_back(r); };
    const int before = omp_get_max_threads();
    by_threads[threads - 1] = run_scenario(request).results;
    EXPECT_EQ(omp_get_max_threads(), before);
    EXPECT_EQ(order, (std::vector<int>{0, 1, 2, 3, 4, 5, 6, 7, 8})) << threads << " threads";
    reported += static_cast<int>(order.size());
  }
  EXPECT_EQ(reported, 18);
  const RunResults &one = by_threads[0], &two = by_threads[1];
  ASSERT_EQ(one.series.size(), two.series.size());
  for (size_t s = 0; s < one.series.size(); ++s)
    EXPECT_EQ(one.values[s], two.values[s]) << one.series[s].name;
}

}  // namespace
}  // namespace civicsim
