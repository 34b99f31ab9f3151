// Processes on the LCR population (a 1% sample over one year): two person processes, one reading the
// other (so it is updated after both have drawn), two household processes (one of them the damp
// attribute itself, which an intervention also sets), stratified initial states, household and area
// modifiers, conditions, time in a group of states, events with costs, per-person heterogeneity.
// Services with small capacities (queues, lapses, moves of those not served) and interventions (a
// household one through a service with a budget, a person one with a waning rate ratio and recurring
// costs). The results are identical for 1, 2 and 3 threads, births draw initial states, every
// service request is accounted for, and a scenario without processes declares only the foundation
// series.
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
  json doc = {
      {"extends", (testing::source_dir() / "scenarios/lcr/foundation.json").string()},
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
            {{"from", "controlled"}, {"to", "none"}, {"rate_per_year", 0.05}, {"if", "age < 18"}},
            {{"from", "none"},
             {"to", "uncontrolled"},
             {"rate_per_year", 0.002},
             {"if", "family == 'stressed'"}}}},
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
              {"utility_of", {"uncontrolled"}}}}}}}}}},
      // Capacities, budgets and programme costs are stated for the whole population; the 1% sample
      // gets 1% of them.
      {"services",
       {{"emergency_department",
         {{"capacity_per_year", 4000},
          {"max_wait_months", 2},
          {"cost_per_service", {{"nhs", 90}}},
          {"on_lapsed",
           {{{"process", "asthma"}, {"to", "uncontrolled"}, {"from", {"controlled"}}}}}}},
        {"housing_repairs",
         {{"regions", "lcr"},
          {"capacity_per_year", 12000},
          {"cost_per_service", {{"housing", 50}}}}}}},
      {"interventions",
       {{"damp_fix",
         {{"start", "2019-09"},
          {"unit", "household"},
          {"who", "age < 18 && asthma != 'none' && household.damp == 'yes'"},
          {"coverage", 0.8},
          {"uptake", 0.7},
          {"through", "housing_repairs"},
          {"effects", {{{"set", "household.damp"}, {"to", "no"}}}},
          {"cost", {{"per_unit", {{"housing", 3000}}}, {"optimism_bias", 0.2}}},
          {"budget_per_year", 30'000'000}}},
        {"nurse",
         {{"start", "2019-07"},
          {"every_months", 3},
          {"who", "asthma == 'uncontrolled'"},
          {"uptake", 0.5},
          {"effects",
           {{{"rate_ratio", 0.5},
             {"process", "asthma"},
             {"transitions", {{{"from", "controlled"}, {"to", "uncontrolled"}}}},
             {"events", {"exacerbation"}},
             {"full_effect_years", 0.25},
             {"wanes_over_years", 0.5}},
            {{"process", "asthma"}, {"to", "controlled"}, {"from", {"uncontrolled"}}}}},
          {"cost",
           {{"per_unit", {{"nhs", 200}}},
            {"per_unit_per_year", {{"nhs", 60}}},
            {"fixed", {{"nhs", 1'000'000}}}}}}}}}};
  // Household processes: homes becoming damp and being repaired (the damp attribute itself), and a
  // family's stress, which asthma reads (so it is updated after every process has drawn).
  doc["processes"]["damp"] = {
      {"entity", "household"},
      {"attribute", "household.damp"},
      {"states", {"no", "yes"}},
      {"transitions",
       {{{"from", "no"},
         {"to", "yes"},
         {"rate_per_year",
          {{"by", {"household.tenure"}},
           {"values",
            {{"owner_occupied", 0.01}, {"social_rented", 0.03}, {"private_rented", 0.05}}}}}},
        {{"from", "yes"}, {"to", "no"}, {"rate_per_year", 0.2}}}}};
  doc["processes"]["family"] = {
      {"entity", "household"},
      {"states", {"ok", "stressed"}},
      {"initial",
       {{"stressed",
         {{"by", {"imd_quintile"}},
          {"values", {{"1", 0.2}, {"2", 0.15}, {"3", 0.1}, {"4", 0.05}, {"5", 0.05}}}}}}},
      {"transitions",
       {{{"from", "ok"},
         {"to", "stressed"},
         {"rate_per_year", 0.05},
         {"modifiers",
          {{{"if", "household.damp == 'yes'"}, {"rate_ratio", 2}},
           {{"if", "damp_fix == 'yes'"}, {"rate_ratio", 0.5}}}}},
        {{"from", "stressed"}, {"to", "ok"}, {"rate_per_year", 0.3}}}},
      {"events",
       {{{"name", "crisis"},
         {"in", {"stressed"}},
         {"rate_per_year", 0.5},
         {"cost", {{"council_childrens_services", 1000}}}}}},
      {"cost_per_year", {{"stressed", {{"council_childrens_services", 500}}}}}};
  return doc;
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
  // Every occupied household is in one state of each household process, and the damp process is the
  // damp attribute (households series: damp is the fourth of seven dimensions, 2 x 2 x 2 after it).
  const auto households = testing::totals(one, "households");
  const Eigen::MatrixXd damp = testing::occupancy(one, "damp"),
                        family = testing::occupancy(one, "family");
  const size_t hs = one.series_index("households"), cells = one.cells(hs);
  for (size_t t = 0; t < households.size(); ++t) {
    EXPECT_EQ(family.row(static_cast<Eigen::Index>(t)).sum(), households[t]) << t;
    double damp_yes = 0;
    for (size_t c = 0; c < cells; ++c)
      if ((c / 8) % 2 == 1) damp_yes += one.values[hs][0][t * cells + c];
    EXPECT_EQ(damp(static_cast<Eigen::Index>(t), 1), damp_yes) << t;
  }
  EXPECT_GT(testing::totals(one, "damp.transitions")[3], 0.0);
  double events = 0;
  for (double e : testing::totals(one, "asthma.events.exacerbation")) events += e;
  EXPECT_GT(events, 0.0);
  const Eigen::MatrixXd asthma = testing::occupancy(one, "asthma");
  EXPECT_NEAR(asthma(0, 1) / population[0], 0.105, 0.01);  // ~0.1, 0.15 among 5-10s
}

// Conservation per service, queue and step: waiting after = waiting before + requested - served -
// lapsed, and the served never exceed the capacity.
TEST(ProcessLcr, EveryServiceRequestIsServedLapsedOrWaiting) {
  const RunResults r = run_with_threads(lcr_with_processes(), 2);
  for (const std::string s : {"emergency_department", "housing_repairs"}) {
    const auto& requested = r.values[r.series_index(s + ".requested")][0];
    const auto& served = r.values[r.series_index(s + ".served")][0];
    const auto& lapsed = r.values[r.series_index(s + ".lapsed")][0];
    const auto& waiting = r.values[r.series_index(s + ".waiting")][0];
    const auto& capacity = r.values[r.series_index(s + ".capacity")][0];
    const size_t queues = r.cells(r.series_index(s + ".requested"));
    double total_requested = 0, total_served = 0, total_lapsed = 0;
    for (size_t t = 0; t + 1 < r.time.size(); ++t)
      for (size_t q = 0; q < queues; ++q) {
        const size_t k = t * queues + q;
        EXPECT_EQ(waiting[k + queues], waiting[k] + requested[k] - served[k] - lapsed[k])
            << s << " step " << t << " queue " << q;
        EXPECT_LE(served[k], std::ceil(capacity[k]) + 1) << s << " step " << t;
        total_requested += requested[k];
        total_served += served[k];
        total_lapsed += lapsed[k];
      }
    EXPECT_GT(total_requested, 0) << s;
    EXPECT_GT(total_served, 0) << s;
    if (s == "emergency_department") {
      EXPECT_GT(total_lapsed, 0) << "capacity is short";
    }
  }
  // Damp repairs: every enrolled household is queued at housing_repairs; every one served receives
  // the fix; the budget caps cash at 300,000 a year (100 households at 3,000).
  double enrolled = 0, received = 0;
  for (double v : testing::totals(r, "damp_fix.enrolled")) enrolled += v;
  for (double v : testing::totals(r, "damp_fix.received")) received += v;
  double repairs = 0;
  for (double v : testing::totals(r, "housing_repairs.served")) repairs += v;
  EXPECT_EQ(received, repairs);
  EXPECT_GT(received, 0);
  EXPECT_LE(enrolled, 100);
  double fix_costs = 0;
  const auto& costs = r.values[r.series_index("intervention_costs")][0];
  const size_t cells = r.cells(r.series_index("intervention_costs"));
  const size_t per_intervention = cells / 2;  // damp_fix is the first intervention
  for (size_t t = 0; t + 1 < r.time.size(); ++t)
    for (size_t k = 0; k < per_intervention; ++k) fix_costs += costs[t * cells + k];
  // Recorded at the base cost: the declared optimism bias (0.2) is the evaluation's to apply.
  EXPECT_DOUBLE_EQ(fix_costs, received * 3000);
}

TEST(ProcessLcr, NoProcessesMeansOnlyTheFoundationSeries) {
  json doc = lcr_with_processes();
  for (const char* section : {"processes", "services", "interventions"}) doc.erase(section);
  const RunResults r = run_with_threads(doc, 2);
  std::vector<std::string> names;
  for (const auto& s : r.series) names.push_back(s.name);
  EXPECT_EQ(names, (std::vector<std::string>{"population", "births", "deaths", "households"}));
}

}  // namespace
}  // namespace civicsim
