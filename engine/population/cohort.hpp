// Cohort mode's population: N identical persons, for classic health-economic Markov models run as
// microsimulations.
//
// One council ("cohort") with one area (IMD quintile and decile 1, all area indicators 0, mortality
// ratio 1), and each person in a one-person, owner-occupied household with no housing problems, so
// that every household and area attribute is the same for everyone and no stratum carries meaning.
// Person uids are 0..N-1 in row order (what lets the process phase serve four persons from one
// Philox block). Memory: ~16 bytes per person plus ~11 per household, i.e. ~27 bytes per person.
#pragma once

#include "engine/core/year_month.hpp"
#include "engine/population/population.hpp"
#include "engine/scenario/scenario.hpp"

namespace civicsim {

Population build_cohort_population(const CohortSettings& cohort, YearMonth start);

}  // namespace civicsim
