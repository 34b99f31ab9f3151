// LivingByStratum: the living by stratum kept up to date from deaths, births and age-band
// birthdays equals counting every person (count_living), step after step, whatever the step length.
#include "engine/sim/living.hpp"

#include <gtest/gtest.h>

#include "engine/sim/demography.hpp"
#include "tests/sim/toy_population.hpp"
#include "tests/test_support.hpp"

namespace civicsim {
namespace {

const YearMonth kStart = YearMonth::of(2019, 7);

TEST(LivingByStratum, EqualsCountingEveryPersonStepAfterStep) {
  for (int step_months : {1, 3, 12}) {
    Population pop = testing::toy_population(400, kStart);
    const DemographyRates rates = load_demography_rates(testing::lcr_data_dir(), pop);
    DemographyPhase demography(rates, DemographySettings{}, pop.areas, step_months);
    LivingByStratum living(pop, kStart);
    ASSERT_EQ(living.counts(), count_living(pop, kStart));
    size_t deaths = 0, births = 0;
    for (uint32_t t = 0; t < 36 / static_cast<uint32_t>(step_months) + 1; ++t) {
      const YearMonth now = kStart.plus(static_cast<int32_t>(t) * step_months);
      const YearMonth next = now.plus(step_months);
      DemographyEvents events;
      demography.draw(pop, RandomKey::make(5, 0), t, now, events);
      const size_t first_newborn = pop.people.size();
      DemographyPhase::apply(pop, events);
      living.advance(pop, now, next, events.deaths, first_newborn);
      ASSERT_EQ(living.counts(), count_living(pop, next))
          << step_months << "-month steps, step " << t;
      deaths += events.deaths.size();
      births += events.births.size();
    }
    // The steps had each kind of change: deaths, births, and newborns' first birthdays (band 0 -> 1).
    EXPECT_GT(deaths, 0u);
    EXPECT_GT(births, 0u);
  }
}

}  // namespace
}  // namespace civicsim
