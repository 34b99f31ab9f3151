// The demography phase of a step: deaths and births; ageing is implicit (ages derive from birth
// month). Each living person gets one Philox block per step from stream "demography": word 0 decides
// death, word 1 a birth (women), word 2 the newborn's sex, word 3 its birth month within the step.
//
// The sweep runs in parallel over fixed blocks of rows; events are collected per block and applied
// in block order, so the outcome (and every newborn's uid) is the same for any thread count.
#pragma once

#include <cstdint>
#include <vector>

#include "engine/core/random.hpp"
#include "engine/population/population.hpp"
#include "engine/scenario/scenario.hpp"
#include "engine/sim/demography_rates.hpp"

namespace civicsim {

struct Birth {
  uint32_t mother;  // row of the mother
  uint8_t sex;
  int32_t birth_month;
};

struct DemographyEvents {
  std::vector<uint32_t> deaths;  // rows of persons who died this step (in row order)
  std::vector<Birth> births;     // in mother row order
  // draw's note, between the steps of one population's run: by block of rows, whether its uids run
  // on (the batched Philox path), known for the full blocks of the first `rows_checked` rows (rows
  // and their uids never change; newborns are appended).
  std::vector<uint8_t> uids_run_on;
  size_t rows_checked = 0;
};

class DemographyPhase {
 public:
  DemographyPhase(const DemographyRates& rates, const DemographySettings& settings,
                  const Areas& areas, int step_months);

  // Draws this step's deaths and births for the living population at date `now` (the step's start).
  // Does not change the population; apply() does (draw and apply are separate so that the events
  // are complete, in block order, before the population changes).
  void draw(const Population& population, RandomKey key, uint32_t step, YearMonth now,
            DemographyEvents& events);

  // Applies deaths and appends newborns (uids from population.next_person_uid, in event order).
  static void apply(Population& population, const DemographyEvents& events);

  // Probability that a person dies in one step (for tests): sex, age, area row.
  double death_probability(int sex, int age, size_t area) const;
  double birth_probability(size_t council, int age) const;

 private:
  static constexpr size_t kBlockRows = 4096;  // a 64 KiB word buffer stays in L2
  static constexpr uint32_t kStream = stream_id("demography");
  int step_months_;
  size_t area_stride_;                     // 0 when mortality has no area gradient
  std::vector<uint32_t> death_threshold_;  // [area][sex][age]
  std::vector<uint32_t> birth_threshold_;  // [council][sex][age], zero for men
  // [area][sex][age]: the death threshold in the low half, the birth threshold in the high half
  // (each 0 where disabled), so the draw reads both in one load at an index it computes.
  std::vector<uint64_t> thresholds_;
  uint32_t male_threshold_ = 0;
  bool births_ = true, deaths_ = true;
  std::vector<DemographyEvents> block_events_;  // reused between steps
};

}  // namespace civicsim
