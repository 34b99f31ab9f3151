// Each arm's own results, as a decision model reports them: per person and in total, costs,
// QALYs and life-years, undiscounted and discounted under the evaluation's cycle convention
// (engine/evaluation/cycle_convention.hpp), and the trace (occupancy of every state of every
// process at each time point of the appraisal period). Read from the run's margins; totals are
// scaled to the whole population (divided by the sampling fraction) and money moved to the
// evaluation's price year.
#pragma once

#include <string>
#include <vector>

#include "engine/evaluation/cycle_convention.hpp"
#include "outputs/evaluation/appraisal_settings.hpp"
#include "outputs/evaluation/paired_runs.hpp"

namespace civicsim::evaluation {

// Where the appraisal period lies in a run: its first step, its cycles and their length.
struct CycleGrid {
  size_t first_step = 0;  // the run's step (and time point) at the appraisal start
  int cycles = 0;         // steps in the period; time points first_step..first_step + cycles
  double years_per_cycle = 1.0;
};
// Throws InputError (file, /appraisal) when the period does not fit the run's steps.
CycleGrid cycle_grid(const Run& run, const AppraisalWindow& window);

struct ArmMeasure {
  // Per replication, the whole population: undiscounted and discounted totals.
  std::vector<double> undiscounted, discounted;
};

struct TraceRow {
  std::string process, state;
  int cycle = 0;  // time point 0..T of the appraisal period
  std::string date;
  double count = 0.0;  // mean over replications, whole population
  double share = 0.0;  // of the process's persons (households) at that point
};

struct ArmResults {
  std::vector<double>
      persons;  // per replication: persons at the appraisal start (whole population)
  // Costs: state costs, event and service costs, intervention costs (one-off, recurring and
  // programme, before optimism bias), every payer. QALYs: state QALYs less event losses.
  // Life-years: persons alive (not in a process's death_states) x cycle length.
  ArmMeasure costs, qalys, life_years;
  // Whether the run holds state_costs and state_qalys (written since issue #3): without them state
  // rewards cannot be told from event flows, and the flows as recorded are taken as flows.
  bool state_rewards_separate = true;
  std::vector<TraceRow> trace;
};

ArmResults arm_results(const Run& run, const AppraisalWindow& window,
                       const CycleConvention& convention, const DiscountRates& rates);

}  // namespace civicsim::evaluation
