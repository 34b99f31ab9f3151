// Processes on the LCR population (a 1% sample over one year): two processes, one reading the other
// (so it is updated after both have drawn), stratified initial states, household and area
// modifiers, conditions, time in a group of states, events with costs, per-person heterogeneity.
// The results are identical for 1, 2 and 3 threads, births draw initial states, and a scenario
// without processes declares only the foundation series.
#include <gtest/gtest.h>
#include <omp.h>

#include "tests/process/process_test_support.hpp"

namespace civicsim {
namespace {

using nlohmann::json;

json lcr_with_processes() {
  json initial_by_band = json::object();
  for (const char* band :
       {"0", "1-4", "5-10", "11-15", "16-17", "18-24", "25-34", "35-49", "50-64", "65-79", "80+"})
    initial_by_band[band] = 0.1;
  initial_by_band["5-10"] = 0.15;
  return {
      {"extends", (testing::source_dir() / "scenarios/lcr/quick.json").string()},
      {"name", "lcr_processes"},
      {"horizon_years", 1},
      {"population", {{"scale", 0.01}}},
      {"processes",
       {{"smoking",
         {{"states", {"never", "current", "former"}},
          {"initial",
           {{"current", {{"by", {"sex"}}, {"values", {{"female", 0.12}, {"male", 0.16}}}}}}},
          {"transitions",
           {{{"from", "never"},
             {"to", "current"},
             {"rate_per_year", 0.02},
             {"if", "age >= 12 && age < 30"}},
            {{"from", "current"}, {"to", "former"}, {"rate_per_year", 0.05}},
            {{"from", "former"}, {"to", "current"}, {"rate_per_year", 0.1}}}}}},
        {"asthma",
         {{"states", {"none", "controlled", "uncontrolled"}},
          {"groups", {{"ill", {"controlled", "uncontrolled"}}}},
          {"initial", {{"controlled", {{"by", {"age_band"}}, {"values", initial_by_band}}}}},
          {"transitions",
           {{{"from", "none"},
             {"to", "controlled"},
             {"rate_per_year", 0.01},
             {"modifiers",
              {{{"if", "household.damp == 'yes'"}, {"rate_ratio", 1.33}},
               {{"if", "smoking == 'current'"}, {"rate_ratio", 1.5}},
               {{"if", "imd_quintile <= 2"}, {"rate_ratio", 1.2}}}}},
            {{"from", "controlled"},
             {"to", "uncontrolled"},
             {"rate_per_year", 0.3},
             {"modifiers", {{{"rate_ratio", "1 + 0.01 * asthma.time_in_ill"}}}}},
            {{"from", "uncontrolled"}, {"to", "controlled"}, {"rate_per_year", 2.0}},
            {{"from", "controlled"}, {"to", "none"}, {"rate_per_year", 0.05}, {"if", "age < 18"}}}},
          {"events",
           {{{"name", "exacerbation"},
             {"in", {"controlled", "uncontrolled"}},
             {"rate_per_year", 0.181},
             {"modifiers", {{{"if", "asthma == 'uncontrolled'"}, {"rate_ratio", 3}}}},
             {"cost", {{"nhs", 138}}},
             {"qaly_loss", 0.01},
             {"service", "emergency_department"}}}},
          {"cost_per_year",
           {{"controlled", {{"nhs", 120}}},
            {"uncontrolled", {{"nhs", 400}, {"council_childrens_services", 50}}}}},
          {"utility", {{"none", 1.0}, {"controlled", 0.96}, {"uncontrolled", 0.9}}},
          {"heterogeneity",
           {{"frailty",
             {{"distribution", "gamma"},
              {"parameters", {20, 0.05}},
              {"utility_of", {"uncontrolled"}}}}}}}}}}};
}

RunResults run_with_threads(const json& doc, int threads) {
  testing::TempDir dir;
  testing::write_file(dir / "s.json", doc.dump());
  omp_set_num_threads(threads);
  RunResults r = testing::run_scenario(dir / "s.json");
  omp_set_num_threads(omp_get_num_procs());
  return r;
}

TEST(ProcessLcr, IdenticalResultsForAnyThreadCount) {
  const json doc = lcr_with_processes();
  const RunResults one = run_with_threads(doc, 1);
  for (int threads : {2, 3}) {
    const RunResults other = run_with_threads(doc, threads);
    ASSERT_EQ(other.series.size(), one.series.size());
    for (size_t s = 0; s < one.series.size(); ++s)
      EXPECT_EQ(other.values[s], one.values[s])
          << one.series[s].name << " at " << threads << " threads";
  }
  // Every living person is in exactly one state of each process, newborns included.
  const auto population = testing::totals(one, "population");
  for (const char* p : {"smoking", "asthma"}) {
    const auto occ = testing::totals(one, std::string(p) + ".occupancy");
    for (size_t t = 0; t < occ.size(); ++t) EXPECT_EQ(occ[t], population[t]) << p << " " << t;
  }
  EXPECT_GT(testing::totals(one, "births")[0], 0.0);
  double events = 0;
  for (double e : testing::totals(one, "asthma.events.exacerbation")) events += e;
  EXPECT_GT(events, 0.0);
  const Eigen::MatrixXd asthma = testing::occupancy(one, "asthma");
  EXPECT_NEAR(asthma(0, 1) / population[0], 0.105, 0.01);  // ~0.1, 0.15 among 5-10s
}

TEST(ProcessLcr, NoProcessesMeansOnlyTheFoundationSeries) {
  json doc = lcr_with_processes();
  doc.erase("processes");
  const RunResults r = run_with_threads(doc, 2);
  std::vector<std::string> names;
  for (const auto& s : r.series) names.push_back(s.name);
  EXPECT_EQ(names, (std::vector<std::string>{"population", "births", "deaths", "households"}));
}

}  // namespace
}  // namespace civicsim
