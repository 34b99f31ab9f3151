// A scenario as plain, immutable settings. Produced by the loader (scenario_loader.hpp) from JSON;
// nothing after the loader sees JSON. Every field here is declared once in scenario_schema.cpp with its
// type, unit, range, default and description: that declaration validates files and prints the schema.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "engine/core/year_month.hpp"
#include "engine/scenario/one_way.hpp"
#include "engine/scenario/process_spec.hpp"
#include "engine/scenario/service_spec.hpp"
#include "engine/scenario/uncertainty.hpp"

namespace civicsim {

enum class PopulationSource { kLcrSynthetic, kLinked, kCohort };

// Cohort mode: N identical persons instead of the LCR population (no demography), so that a classic
// health-economic Markov model runs as a microsimulation.
struct CohortSettings {
  int64_t size = 0;
  int age = 0;                                              // completed years at the start
  int sex = 0;                                              // Sex: 0 female, 1 male
  std::vector<std::pair<std::string, std::string>> states;  // process -> starting state
};

// Home sensor readings that set the starting damp state (population.damp_readings; the format and
// the summary rule: engine/population/damp_readings.hpp). Absent (empty file): the modelled start.
struct DampReadingsSettings {
  std::filesystem::path file;      // readings CSV, absolute after loading
  double threshold_rh_pct = 70.0;  // a reading at or above this relative humidity counts as damp
  double min_share_of_readings = 0.5;  // a home is damp when at least this share of readings count
  std::optional<YearMonth> from, to;   // readings dated in these months only (absent: all)
  bool enabled() const { return !file.empty(); }
};

struct PopulationSettings {
  PopulationSource source = PopulationSource::kLcrSynthetic;
  std::filesystem::path data_dir;        // folder of the LCR public data (absolute after loading)
  std::filesystem::path households_csv;  // linked extract (source = linked), absolute after loading
  std::filesystem::path persons_csv;     // linked extract (source = linked), absolute after loading
  double scale = 1.0;                    // persons per person in the source data
  CohortSettings cohort;                 // source = cohort
  DampReadingsSettings damp_readings;    // optional sensor readings (lcr_synthetic or linked)
};

struct DemographySettings {
  bool births = true;
  bool deaths = true;
  bool mortality_deprivation_gradient =
      true;  // scale mortality by the LSOA's premature-mortality ratio
};

// Which time point's state a step's state costs and QALYs come from (see engine/model/README.md).
enum class StateRewardTiming { kStartOfStep, kEndOfStep, kHalfStep };

struct RewardSettings {
  StateRewardTiming state_timing = StateRewardTiming::kStartOfStep;
};

struct OutputSettings {
  std::filesystem::path file;  // result file (relative paths are relative to the working directory)
  // True when `file` is results/<scenario file stem>.h5 because the scenario file inherits
  // outputs.file through "extends" instead of stating it (so an option does not write its base's).
  bool named_after_scenario_file = false;
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
  std::vector<ProcessSpec> processes;           // in the order of their names
  std::vector<ServiceSpec> services;            // in the order of their names
  std::vector<InterventionSpec> interventions;  // in the order of their names
  RewardSettings rewards;
  UncertaintySpec uncertainty;           // probabilistic sensitivity analysis (none by default)
  std::vector<OneWayParameter> one_way;  // one-way sensitivity analysis (none by default)
  OutputSettings outputs;

  std::filesystem::path file;  // the scenario file that was loaded (absolute)
  std::string resolved_json;   // merged scenario with defaults filled in, as written to /meta
  // The file that states each value under /processes (JSON pointer -> file as named to the user), so
  // that problems found when processes are compiled name the file they are in.
  std::map<std::string, std::string> origins;
  // Numbers the files wrote as constant expressions (JSON pointer -> text, e.g. "17/1734"):
  // resolved_json holds their values, this what was written (/meta scenario_constants).
  std::map<std::string, std::string> constants_as_written;

  // The file stating the value at `pointer` or, failing that, its nearest parent (else `file`).
  std::string origin_of(std::string pointer) const {
    while (!pointer.empty()) {
      if (const auto it = origins.find(pointer); it != origins.end()) return it->second;
      pointer.resize(pointer.rfind('/'));
    }
    return file.string();
  }

  int steps() const { return horizon_years * 12 / step_months; }
  YearMonth date_at(int step) const { return start.plus(step * step_months); }
};

}  // namespace civicsim
