// The strata that results are broken down by, and their labels.
//
// Persons: council x age band x sex x IMD quintile. Households: council x IMD quintile x tenure x
// damp x poor condition x no central heating x overcrowded. Age bands split childhood finely (the
// models that follow are about children) and adulthood coarsely.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "engine/core/results.hpp"
#include "engine/population/population.hpp"

namespace civicsim {

inline constexpr int kOldestAge = 110;  // rate and band tables run to this age; older counts as it
inline constexpr int kImdQuintiles = 5;

// Upper age (inclusive) of each band; the last band is open.
inline constexpr std::array<int, 11> kAgeBandUpper = {0,  4,  10, 15, 17,        24,
                                                      34, 49, 64, 79, kOldestAge};
inline constexpr int kAgeBands = static_cast<int>(kAgeBandUpper.size());

// Ages in months as a table index: an age in months clamped to [0, kAgeMonths) gives, divided by
// 12, the age code (age clamped to [0, kOldestAge]).
inline constexpr int32_t kAgeMonths = 12 * (kOldestAge + 1);

// Age band of each age 0..kOldestAge.
std::array<uint8_t, kOldestAge + 1> age_band_table();

// By age in months clamped to [0, kAgeMonths): the age band's part of the person stratum, band *
// kSexCount * kImdQuintiles, one load in place of a division by 12, a clamp and the band lookup.
// PersonStrata reads it, and so do the kernel's sweeps, which add it to an area's stratum of band 0,
// sex 0 in their own loops. Made once per process.
using BandPartByMonths = std::array<uint16_t, kAgeMonths>;
const BandPartByMonths& band_part_by_months();
std::vector<std::string> age_band_labels();  // "0", "1-4", ..., "80+"

// The result dimensions shared by every run: council, age_band, sex, imd_quintile, tenure, and the
// yes/no housing-condition flags.
std::vector<Dimension> standard_dimensions(const Population& population);

// Person strata index: ((council * kAgeBands + band) * kSexCount + sex) * kImdQuintiles + (quintile-1).
inline size_t person_stratum(int council, int band, int sex, int quintile) {
  return ((static_cast<size_t>(council) * kAgeBands + band) * kSexCount + sex) * kImdQuintiles +
         static_cast<size_t>(quintile - 1);
}

// The same index from an area's council x quintile code, council * kImdQuintiles + quintile - 1
// (what the process and recorder tables keep per area).
inline size_t person_cell(uint16_t cq, size_t band, size_t sex) {
  return person_stratum(cq / kImdQuintiles, static_cast<int>(band), static_cast<int>(sex),
                        cq % kImdQuintiles + 1);
}

// Household strata index over council, imd_quintile, tenure, damp, poor_condition,
// no_central_heating, overcrowded.
size_t household_stratum(int council, int quintile, int tenure, uint8_t condition_bits);

// A person's stratum from its area's stratum of age band 0 and sex 0 (PersonStrata's area_base,
// SweepArgs::area_cell), its band part (band_part_by_months()[months]) and its sex: the one spelling
// of the sum that PersonStrata and the kernel's sweeps share.
inline uint32_t stratum_of(uint32_t area_base, uint32_t band_part, uint32_t sex) {
  return area_base + band_part + sex * uint32_t{kImdQuintiles};
}

// The person stratum of a person from its age in months (clamped as the age is), area and sex, by
// two table lookups in place of a division, a clamp and the band lookup (count_living, and
// LivingByStratum's updates).
class PersonStrata {
 public:
  explicit PersonStrata(const Population& population);
  size_t cells() const { return cells_; }
  uint32_t of(int32_t months_old, uint16_t area, uint8_t sex) const {
    const int32_t months = std::clamp(months_old, 0, kAgeMonths - 1);
    return stratum_of(area_base_[area], band_part_[static_cast<size_t>(months)], sex);
  }

 private:
  size_t cells_ = 0;
  std::vector<uint32_t> area_base_;  // by area: the stratum of age band 0, sex 0
  BandPartByMonths band_part_{};     // band_part_by_months(), kept beside area_base_
};

// Living persons by person stratum at date `now`: the population series, and what the process
// sweeps count the persons they leave alone from. A run counts them so once; its steps then keep
// the counts up to date (living.hpp).
std::vector<uint32_t> count_living(const Population& population, YearMonth now);
inline constexpr size_t kHouseholdCellsPerCouncil = kImdQuintiles * kTenureCount * 2 * 2 * 2 * 2;

}  // namespace civicsim
