// Demography: rates from the ONS tables, step probabilities, Monte Carlo checks within stated
// standard errors, and bit-identical results for any thread count.
#include "engine/sim/demography.hpp"

#include <gtest/gtest.h>
#include <omp.h>

#include <cmath>

#include "engine/sim/simulation.hpp"
#include "tests/sim/toy_population.hpp"
#include "tests/test_support.hpp"

namespace civicsim {
namespace {

const YearMonth kStart = YearMonth::of(2019, 7);

Scenario toy_scenario(int years, int step_months, int replications) {
  Scenario s;
  s.name = "toy";
  s.start = kStart;
  s.horizon_years = years;
  s.step_months = step_months;
  s.seed = 99;
  s.replications = replications;
  return s;
}

TEST(DemographyRates, ReadsTheOnsTablesAndMatchesLcrBirths) {
  const Population pop = testing::toy_population(200, kStart);
  const DemographyRates rates = load_demography_rates(testing::lcr_data_dir(), pop);
  // ONS National Life Tables England 2017-2019, mx at age 0: female 0.003582, male 0.004321.
  EXPECT_DOUBLE_EQ(rates.mortality_per_year[0][0], 0.003582);
  EXPECT_DOUBLE_EQ(rates.mortality_per_year[1][0], 0.004321);
  EXPECT_GT(rates.mortality_per_year[1][80], rates.mortality_per_year[0][80]);  // men die younger
  EXPECT_EQ(rates.mortality_per_year[1][110], rates.mortality_per_year[1][100]);
  // Male share of births: 329,107 / 640,370 (ONS 2019 Table 3).
  EXPECT_NEAR(rates.male_birth_share, 329107.0 / 640370.0, 1e-12);
  // Expected births at the starting population equal B_c exactly, council by council.
  for (size_t c = 0; c < pop.councils.size(); ++c) {
    std::vector<double> women(kOldestAge + 1, 0.0);
    double infants = 0;
    for (size_t i = 0; i < pop.people.size(); ++i) {
      if (pop.areas.council[pop.people.area[i]] != c) continue;
      const int age = age_years(pop.people.birth_month[i], kStart);
      if (age == 0) infants += 1;
      if (pop.people.sex[i] == 0) women[age] += 1;
    }
    double expected = 0;
    for (int a = 0; a <= kOldestAge; ++a) expected += rates.fertility_per_year[c][a] * women[a];
    EXPECT_NEAR(expected, rates.births_per_year[c], 1e-9 * rates.births_per_year[c]);
    const double q0 = 0.5 * (rates.mortality_per_year[0][0] + rates.mortality_per_year[1][0]);
    EXPECT_NEAR(rates.births_per_year[c], infants / (1 - q0 / 2), 1e-9);
    EXPECT_GT(infants, 0);
    EXPECT_EQ(rates.fertility_per_year[c][12], 0.0);
    EXPECT_EQ(rates.fertility_per_year[c][50], 0.0);
  }
}

TEST(DemographyPhase, StepProbabilitiesComeFromRates) {
  const Population pop = testing::toy_population(10, kStart);
  const DemographyRates rates = load_demography_rates(testing::lcr_data_dir(), pop);
  DemographySettings settings;
  DemographyPhase monthly(rates, settings, pop.areas, 1);
  for (size_t area : {0u, 9u})
    for (int age : {0, 40, 85}) {
      const double p =
          -std::expm1(-rates.mortality_per_year[1][age] * pop.areas.mortality_ratio[area] / 12);
      EXPECT_NEAR(monthly.death_probability(1, age, area), p, 1e-9);
    }
  settings.mortality_deprivation_gradient = false;
  DemographyPhase flat(rates, settings, pop.areas, 12);
  EXPECT_NEAR(flat.death_probability(0, 85, 9), -std::expm1(-rates.mortality_per_year[0][85]),
              1e-9);
  EXPECT_NEAR(flat.birth_probability(1, 30), -std::expm1(-rates.fertility_per_year[1][30]), 1e-9);
}

TEST(DemographyPhase, DeathsAndBirthsMatchExpectationsWithinFourStandardErrors) {
  const Population pop = testing::toy_population(3000, kStart);
  const DemographyRates rates = load_demography_rates(testing::lcr_data_dir(), pop);
  DemographyPhase phase(rates, DemographySettings{}, pop.areas, 12);
  // Expected count and variance of a sum of independent Bernoulli draws.
  double death_mean = 0, death_var = 0, birth_mean = 0, birth_var = 0;
  for (size_t i = 0; i < pop.people.size(); ++i) {
    const int age = age_years(pop.people.birth_month[i], kStart);
    const double pd = phase.death_probability(pop.people.sex[i], age, pop.people.area[i]);
    death_mean += pd;
    death_var += pd * (1 - pd);
    if (pop.people.sex[i] == 0) {
      const double pb =
          (1 - pd) * phase.birth_probability(pop.areas.council[pop.people.area[i]], age);
      birth_mean += pb;
      birth_var += pb * (1 - pb);
    }
  }
  DemographyEvents events;
  phase.draw(pop, RandomKey::make(3, 0), 0, kStart, events);
  EXPECT_NEAR(static_cast<double>(events.deaths.size()), death_mean, 4 * std::sqrt(death_var));
  EXPECT_NEAR(static_cast<double>(events.births.size()), birth_mean, 4 * std::sqrt(birth_var));
  EXPECT_GT(events.births.size(), 0u);
}

TEST(Simulation, StocksBalanceBirthsAndDeaths) {
  const Population pop = testing::toy_population(300, kStart);
  const DemographyRates rates = load_demography_rates(testing::lcr_data_dir(), pop);
  const Scenario scenario = toy_scenario(3, 1, 2);
  Simulation sim(scenario, pop, rates);
  const RunResults r = sim.run();
  const size_t ps = r.series_index("population"), bs = r.series_index("births"),
               ds = r.series_index("deaths");
  const size_t cells = r.cells(ps);
  for (int rep = 0; rep < 2; ++rep)
    for (int t = 0; t < scenario.steps(); ++t) {
      double before = 0, after = 0, born = 0, died = 0;
      for (size_t c = 0; c < cells; ++c) {
        before += r.values[ps][rep][t * cells + c];
        after += r.values[ps][rep][(t + 1) * cells + c];
        born += r.values[bs][rep][t * cells + c];
        died += r.values[ds][rep][t * cells + c];
      }
      EXPECT_EQ(after, before + born - died) << "replication " << rep << " step " << t;
    }
  EXPECT_NE(r.values[ds][0], r.values[ds][1]);  // replications draw differently
}

TEST(Simulation, ResultsAreBitIdenticalForAnyThreadCount) {
  const Population pop = testing::toy_population(500, kStart);
  const DemographyRates rates = load_demography_rates(testing::lcr_data_dir(), pop);
  const Scenario scenario = toy_scenario(2, 1, 2);
  const int saved = omp_get_max_threads();
  std::vector<RunResults> runs;
  for (int threads : {1, 2, 3, 8}) {
    omp_set_num_threads(threads);
    Simulation sim(scenario, pop, rates);
    runs.push_back(sim.run());
  }
  omp_set_num_threads(saved);
  for (size_t i = 1; i < runs.size(); ++i) EXPECT_EQ(runs[i].values, runs[0].values) << "run " << i;
}

}  // namespace
}  // namespace civicsim
