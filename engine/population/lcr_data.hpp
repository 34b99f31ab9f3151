// The Liverpool City Region public data tables, loaded and joined onto the 989 LSOAs (2011).
//
// Everything the synthetic population needs from data/lcr (see data/lcr/PROVENANCE.md) is read here
// and nowhere else: area attributes (IoD2019), the mid-2019 persons by single year of age, the census
// 2021 household tables re-based from 2021 to 2011 LSOAs, the census 2011 household composition by
// MSOA, the council sex shares by broad age band and the national life table. Synthesis then works on
// plain numbers and never sees a file. Every problem found while loading is collected and thrown as
// one InputError naming file, line, column, expected and found.
#pragma once

#include <array>
#include <filesystem>
#include <string>
#include <vector>

#include "engine/population/population.hpp"

namespace civicsim {

// Single years of age 0..100 after spreading the source's open 90+ group (see docs/population.md).
inline constexpr int kMaxAge = 100;
inline constexpr int kAgeCount = kMaxAge + 1;
inline constexpr int kSourceOpenAge = 90;  // mid-2019 LSOA estimates stop at "90+"

// Census 2021 TS009 broad age bands as packaged by demographr (see docs/population.md for why these
// are 0-15, 16-64 and 65-74: the packaged "older" band lost ages 75+ to a typo in its build script).
enum class SexBand : uint8_t { kYounger = 0, kWorkingAge = 1, kOlder = 2 };
inline constexpr int kSexBandCount = 3;
inline constexpr int kBandFirstAge[kSexBandCount] = {0, 16, 65};
inline constexpr int kBandLastAge[kSexBandCount] = {15, 64, 74};

// The area tables alone: what a linked-data population needs besides its own extract.
struct LcrAreas {
  std::vector<Council> councils;       // alphabetical by name
  Areas areas;                         // LSOAs ordered by code
  std::vector<std::string> msoa_code;  // MSOA 2011 of each LSOA
  std::vector<int32_t> persons_2019;   // mid-2019 persons (all ages) per LSOA
};

// Everything the synthetic build needs, per LSOA in the order of LcrAreas::areas.
struct LcrData {
  LcrAreas geo;
  // Mid-2019 persons by single year of age 0..100; ages 90..100 are the source's 90+ spread by the
  // life-table lx shape (fractional). Sum over ages == persons_2019.
  std::vector<std::array<double, kAgeCount>> persons_by_age;
  // Census 2021 households joined onto the LSOA (2011) and scaled to mid-2019 by the ratio of
  // 2019 persons to 2021 usual residents (fractional; scale not applied).
  std::vector<double> households_2019;
  std::vector<std::array<double, kHouseholdTypeCount>> type_share;  // QS116EW at the LSOA's MSOA
  std::vector<std::array<double, kTenureCount>> tenure_share;       // TS054, joined 2021 -> 2011
  std::vector<double> overcrowded_share;                            // TS052 occupancy rating < 0
  // P(female) by council and single year of age (bands from TS009, 75+ by the life-table ratio).
  std::vector<std::array<double, kAgeCount>> female_probability;
  // Female share of each council x band in the census 2021 table (the test target).
  std::vector<std::array<double, kSexBandCount>> band_female_share;
};

// The files (names within data_dir) that load_lcr_areas and load_lcr_data read.
std::vector<std::string> lcr_area_files();
std::vector<std::string> lcr_data_files();

// Loads the area tables (geography, IoD2019 scores, deciles, indicators, mortality ratio).
LcrAreas load_lcr_areas(const std::filesystem::path& data_dir);

// Loads and joins every table the synthetic build uses.
LcrData load_lcr_data(const std::filesystem::path& data_dir);

// A population on these areas with nobody in it yet: where the synthetic and the linked builds start.
Population lcr_population(const LcrAreas& geo, YearMonth reference_date, std::string source);

}  // namespace civicsim
