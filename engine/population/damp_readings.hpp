// Home sensor readings that set the starting damp state (population.damp_readings).
//
// A region's home-sensor pilots log relative humidity (or their own damp flag) per home. One CSV
// file, one reading per row, in one of two forms (docs/population.md, "Sensor readings"):
//   per home (source linked):  household_id, date, relative_humidity_pct | damp_flag
//   per neighbourhood:         lsoa11_code, sensor_id, date, relative_humidity_pct | damp_flag
// date is YYYY-MM-DD (a time after it, "T..." or " ...", is ignored; only readings in the months
// settings.from..to count, all when absent); relative_humidity_pct is 0-100; damp_flag is 0 or 1.
// The readings stand for the damp state at the run's start whatever their dates. A reading counts as damp when
// its humidity is at least settings.threshold_rh_pct (or its flag is 1); a home (a household, or
// a sensor) is damp when at least settings.min_share_of_readings of its readings count. Readings
// weigh equally, so a pilot's file should hold readings at one regular interval.
//
// Per home, the summary replaces the household's modelled damp state; households not in the file
// keep theirs. Per neighbourhood, the share of an LSOA's sensors that are damp becomes the LSOA's
// damp prevalence: every household there is drawn again, with damp odds = the EHS damp rate's odds
// for its tenure x one factor per LSOA, chosen so that the LSOA's expected share of damp homes is
// the readings' share (the tenure gradient kept as an odds ratio; share 0 or 1: none or all). LSOAs
// not in the file keep the modelled start. The draw is one counter-based word per household uid (stream
// "population.damp_readings"), so it is the same for any thread count.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "engine/population/population.hpp"
#include "engine/scenario/scenario.hpp"

namespace civicsim {

// One home's readings summarised: its key (a household_id) and whether it is damp.
struct HomeDampReading {
  std::string household_id;
  bool damp = false;
  size_t line = 0;  // the home's first line in the file (for "unknown household_id" errors)
};

// One LSOA's sensors summarised.
struct AreaDampReading {
  std::string lsoa11_code;
  uint32_t sensors = 0;
  uint32_t damp_sensors = 0;
  size_t line = 0;  // the area's first line in the file
  double share() const { return sensors == 0 ? 0.0 : static_cast<double>(damp_sensors) / sensors; }
};

struct DampReadings {
  std::string file;
  bool per_home = false;               // household_id rows (else lsoa11_code + sensor_id rows)
  std::vector<HomeDampReading> homes;  // per_home, in order of first appearance
  std::vector<AreaDampReading> areas;  // !per_home, in order of first appearance
};

// Reads and summarises the readings file. Every bad cell (missing or doubled key column, bad date,
// humidity outside 0-100, a flag other than 0 or 1, an empty id) is collected and thrown as one
// InputError naming the file, the line and the column; so is a file with no reading in the period.
DampReadings read_damp_readings(const DampReadingsSettings& settings);

// Applies per-LSOA readings to a built population (either source): redraws damp for every
// household of each LSOA named; throws InputError for an LSOA code not in the population.
// Leaves the fingerprint to the caller (finish_population).
void apply_area_damp_readings(const DampReadings& readings, uint64_t seed, Population& population);

}  // namespace civicsim
