// Demographic rates: mortality by age and sex, fertility by age of mother, sex ratio at birth.
//
// Sources (copied into data/lcr with PROVENANCE.md):
// - Mortality: ONS National Life Tables, England 2017-2019 (mx, central death rate by single year of
//   age and sex, ages 0-100; ages above 100 use the age-100 rate). Within the LCR the rate is scaled by
//   each LSOA's premature-mortality ratio (IoD2019 years of potential life lost, relative to the LCR
//   mean; see Areas::mortality_ratio), the deprivation gradient the data support.
// - Fertility: ONS Births by parents' characteristics 2019, England and Wales, Table 3 (live births by
//   single year of age of mother). ONS age-specific rates need the national female population by single
//   year, which the data do not hold, so the rate at age a is set so that the LCR's annual births
//   equal those implied by its mid-2019 infants and their ages follow the national age-of-mother
//   distribution, council by council: f_c(a) = B_c * p(a) / W_c(a), with B_c = infants_c / (1 - q0/2)
//   (infants are survivors of the previous year's births; q0 from the life table, sexes averaged),
//   p(a) = national share of births at mother's age a, W_c(a) = women aged a in council c at the
//   start. Fitting by council keeps births where the infants are: Liverpool's many women students
//   would otherwise draw births away from the other councils.
// - Sex ratio at birth: male share of live births in the same table (329,107 of 640,370 in 2019).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "engine/population/population.hpp"
#include "engine/population/strata.hpp"

namespace civicsim {

struct DemographyRates {
  // Annual central death rate by sex (0 female, 1 male) and age 0..kOldestAge.
  std::vector<double> mortality_per_year[kSexCount];
  // Annual live births per woman by council and age: [council][age 0..kOldestAge].
  std::vector<std::vector<double>> fertility_per_year;
  double male_birth_share = 0.0;
  std::vector<double> births_per_year;  // B_c above, by council, for the record
};

// The files (names within data_dir) that load_demography_rates reads for a population that is not
// a cohort.
std::vector<std::string> demography_files();

// Reads the life table and births table from data_dir and fits fertility to `initial`. A cohort
// (initial.source == "cohort") has no demography: its rates are zero and nothing is read.
// Throws InputError naming the file and line for missing or malformed data.
DemographyRates load_demography_rates(const std::filesystem::path& data_dir,
                                      const Population& initial);

}  // namespace civicsim
