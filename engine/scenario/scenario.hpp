// A scenario as plain, immutable settings. Produced by the loader (scenario_loader.hpp) from JSON;
// nothing after the loader sees JSON. Every field here is declared once in scenario_schema.cpp with its
// type, unit, range, default and description: that declaration validates files and prints the schema.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

#include "engine/core/year_month.hpp"

namespace civicsim {

enum class PopulationSource { kLcrSynthetic, kLinked };

struct PopulationSettings {
  PopulationSource source = PopulationSource::kLcrSynthetic;
  std::filesystem::path data_dir;        // folder of the LCR public data (absolute after loading)
  std::filesystem::path households_csv;  // linked extract (source = linked), absolute after loading
  std::filesystem::path persons_csv;     // linked extract (source = linked), absolute after loading
  double scale = 1.0;                    // persons per person in the source data
};

struct DemographySettings {
  bool births = true;
  bool deaths = true;
  bool mortality_deprivation_gradient = true;  // scale mortality by the LSOA's premature-mortality ratio
};

struct OutputSettings {
  std::filesystem::path file;  // result file (relative paths are relative to the working directory)
};

struct Scenario {
  std::string name;
  std::string description;
  std::string assumptions;  // free text: what this scenario assumes, shown in reports
  YearMonth start;
  int horizon_years = 10;
  int step_months = 1;
  uint64_t seed = 1;
  int replications = 1;
  PopulationSettings population;
  DemographySettings demography;
  OutputSettings outputs;

  std::filesystem::path file;  // the scenario file that was loaded (absolute)
  std::string resolved_json;   // merged scenario with defaults filled in, as written to /meta

  int steps() const { return horizon_years * 12 / step_months; }
  YearMonth date_at(int step) const { return start.plus(step * step_months); }
};

}  // namespace civicsim
