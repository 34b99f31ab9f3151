// Building the starting population: the synthetic Liverpool City Region from public data, or a linked
// extract.
//
// The synthetic build makes, LSOA by LSOA, persons with single-year ages equal to the ONS mid-2019
// estimates, households whose type x tenure x overcrowding table is fitted by IPF to the census margins,
// places persons into households and draws housing conditions. Each LSOA draws only from its own
// counter-based random coordinates, so the population is a pure function of (data, settings, seed) and
// identical for any thread count. docs/population.md states every assumption.
#pragma once

#include <cstdint>

#include "engine/population/lcr_data.hpp"
#include "engine/population/population.hpp"
#include "engine/scenario/scenario.hpp"

namespace civicsim {

// Damp prevalence by tenure (index Tenure), English Housing Survey 2023-24 headline findings on housing
// quality: owner occupied 4%, social rented 7%, private rented 9% of dwellings with any damp problem
// (docs/evidence/PARAMETERS.md, section A3).
inline constexpr double kDampByTenure[kTenureCount] = {0.04, 0.07, 0.09};

// Dispatches on settings.source: the synthetic LCR build from settings.data_dir at settings.scale, or
// the linked extract (settings.households_csv, settings.persons_csv) with areas from data_dir.
// Throws InputError for missing or malformed data (file, line/column, expected, found).
Population build_population(const PopulationSettings& settings, uint64_t seed,
                            YearMonth reference_date);

// The synthetic build from tables already loaded (tests load the data once and build several times).
// scale > 0: persons per person in the source. reference_date: the date the source ages refer to.
Population build_lcr_population(const LcrData& data, double scale, uint64_t seed,
                                YearMonth reference_date);

}  // namespace civicsim
