// The linked-data schema: a population as two CSV files, households.csv and persons.csv.
//
// A council's linked extract (housing register x health records, pseudonymised) arrives in this form,
// and the synthetic population can be written in it, so one reader serves both. Pseudonymised ids are
// mapped to internal uids while reading and never kept. Area attributes (IMD, housing indicators,
// mortality ratio) always come from the public LCR tables in data_dir. Schema (docs/population.md):
//   households.csv: household_id, lsoa11_code, tenure (owner_occupied|social_rented|private_rented),
//                   type (one_person|couple_no_children|couple_with_children|lone_parent|other),
//                   damp, poor_condition, no_central_heating, overcrowded (0 or 1)
//   persons.csv:    person_id, household_id, birth_month (YYYY-MM), sex (female|male)
#pragma once

#include <filesystem>
#include <string_view>

#include "engine/population/damp_readings.hpp"
#include "engine/population/population.hpp"

namespace civicsim {

inline constexpr std::string_view kTenureNames[kTenureCount] = {"owner_occupied", "social_rented",
                                                                "private_rented"};
inline constexpr std::string_view kHouseholdTypeNames[kHouseholdTypeCount] = {
    "one_person", "couple_no_children", "couple_with_children", "lone_parent", "other"};
inline constexpr std::string_view kSexNames[kSexCount] = {"female", "male"};

// Writes dir/households.csv and dir/persons.csv (living persons and the households they live in)
// with generated ids H0000001.., P0000001.. in storage order. Each file is written under a
// temporary name and renamed when complete, so a reader never sees half a file
// (engine/core/output_target.hpp: WriteError if a write fails). Creates dir if needed.
void write_linked_csv(const Population& population, const std::filesystem::path& dir,
                      YearMonth as_of);

// Throws InputError if `dir` is something other than a folder or either file something other than a
// regular file (a FIFO, a device); write_linked_csv checks this first, callers may check earlier.
void check_linked_csv_targets(const std::filesystem::path& dir);

// Reads a linked extract. Households are stored grouped by area (LSOA order) keeping file order
// within an area; persons grouped by household keeping file order. Every problem (unknown LSOA or
// household_id, bad category, duplicate id, bad month, ...) is collected and thrown as one InputError
// naming file, line, column, expected and found. `home_readings` (per-home sensor readings, or null)
// set the damp state of the households they name; a household_id they name that households.csv
// lacks is an error naming the readings file and line.
Population read_linked_csv(const std::filesystem::path& households_csv,
                           const std::filesystem::path& persons_csv,
                           const std::filesystem::path& data_dir, YearMonth reference_date,
                           const DampReadings* home_readings = nullptr);

}  // namespace civicsim
