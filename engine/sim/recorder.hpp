// The record phase: counts the population into the declared result series.
//
// Series are declared once (declare_series) and filled into preallocated arrays; nothing is
// formatted in the loop. Counts are integers, so per-thread partial histograms add up to the same
// totals whatever the thread count.
#pragma once

#include <array>
#include <vector>

#include "engine/core/results.hpp"
#include "engine/population/population.hpp"
#include "engine/population/strata.hpp"
#include "engine/sim/demography.hpp"

namespace civicsim {

// Indices of the foundation series in RunResults::series.
struct SeriesIds {
  size_t population, births, deaths, households;
};

// Declares the foundation series (population, births, deaths, households) into `results`.
SeriesIds declare_series(RunResults& results);

class Recorder {
 public:
  Recorder(const Population& initial, const SeriesIds& ids);
  // Stocks at time point `t` (0 = start). `living`: count_living(population, now) where already
  // counted (else counted here).
  void record_stocks(const Population& population, YearMonth now, size_t t,
                     std::vector<std::vector<double>>& replication_values,
                     const std::vector<uint32_t>* living = nullptr);
  // Flows of the step that starts at time point `t`, from events drawn at date `now`.
  void record_flows(const Population& population, const DemographyEvents& events, YearMonth now,
                    size_t t, std::vector<std::vector<double>>& replication_values);

 private:
  SeriesIds ids_;
  std::array<uint8_t, kOldestAge + 1> band_of_age_;
  std::vector<uint16_t> area_cq_;  // per area: council * kImdQuintiles + quintile - 1
  // household_stratum by parts: per area, its stratum at tenure 0 and no condition; per tenure and
  // per condition bits, what they add.
  std::vector<uint32_t> household_area_;
  std::array<uint32_t, kTenureCount> household_tenure_{};
  std::array<uint32_t, 16> household_condition_{};
  size_t person_cells_ = 0, household_cells_ = 0;
};

}  // namespace civicsim
