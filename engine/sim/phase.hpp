// The process phase of a step: every compiled process advances its persons by one step, events
// happen in states, and state occupancy, transitions, events, costs and QALYs are recorded.
//
// Randomness (common random numbers): each process draws from its own stream (stream_id of its
// name), each event from stream "<process>.<event>", initial states from "<process>.initial" and
// per-person factors from "<process>.heterogeneity.<name>". One Philox block serves four persons:
// person uid u reads word u % 4 of the block with counter (u / 4, step, stream, 0). That is still a
// pure function of (seed, replication, stream, step, uid), so results do not depend on the thread
// count, on the row order, or on which other processes and events exist.
//
// Order within a step: demography (deaths and births) is applied first, newborns draw their initial
// states, then each process sweeps its living persons in fixed blocks of rows: one word picks the
// move (compiled thresholds), one word per event decides whether it happens (and, when it does, a
// zero-truncated Poisson count from stream "<process>.<event>.count"). A process that another
// process's transitions or events read is updated only after every process has drawn, so all read
// the states at the start of the step; the others are updated in their own sweep. Counts are
// integers summed per thread; floating-point totals (per-person utilities, costs that vary between
// rows, events billed per row) are summed per block in block order (block_sum.hpp).
//
// Memory per person and process: state 1 byte (+1 for a process read by others), step entered 4
// bytes where some table reads its time in state, 4 bytes per group whose time some table reads,
// 4 bytes (float) per heterogeneity factor.
#pragma once

#include <cstdint>
#include <vector>

#include "engine/core/random.hpp"
#include "engine/core/results.hpp"
#include "engine/kernel/awake.hpp"
#include "engine/model/catalogue.hpp"
#include "engine/model/columns.hpp"
#include "engine/model/compiled.hpp"
#include "engine/population/population.hpp"
#include "engine/scenario/scenario.hpp"

namespace civicsim::process {

struct Context;  // engine/model/row.hpp

class Phase {
 public:
  // Compiles the scenario's processes (throws InputError listing every problem).
  Phase(const Scenario& scenario, const Population& initial);

  // Nothing to do: no processes, services or interventions.
  bool empty() const { return !active_; }
  const Model& model() const { return model_; }
  const RunCatalogue& catalogue() const { return catalogue_; }

  // Adds the process dimensions and series to `results` (nothing without processes).
  void declare(RunResults& results);

  // Draws initial states and factors for everyone, and records time point 0's occupancy.
  void start(const Population& population, RandomKey key, Columns& columns,
             std::vector<std::vector<double>>& values) const;
  // Advances step t (time point t to t + 1); rows not seen before (newborns) first draw their
  // initial states. `living`: count_living(population, date of t + 1) (engine/population/strata.hpp).
  // Appends the step's service requests from events to `requests`; returns the step's events for
  // finish_step().
  struct EventCounts {
    std::vector<std::vector<uint64_t>> counts;  // [process][event x cell of its results]
    // The costs of the events billed per row (Event::billed_per_row): payer x cost_category x
    // council x imd_quintile, then their QALY losses by council x imd_quintile; empty where there
    // are none.
    std::vector<double> billed;
  };
  EventCounts step(Population& population, RandomKey key, int t,
                   const std::vector<uint32_t>& living, Columns& columns,
                   std::vector<std::vector<double>>& values,
                   std::vector<EventRequest>& requests) const;
  // Records time point 0's state rewards, after the decisions at the run's start (which move persons).
  void start_rewards(const Population& population, const Columns& columns,
                     std::vector<std::vector<double>>& values) const;
  // Records the state rewards of time point t + 1 and step t's cost and QALY flows, after the
  // decisions at t + 1 (services, interventions), which may still move persons.
  void finish_step(const Population& population, const Columns& columns, int t,
                   const EventCounts& event_counts, std::vector<std::vector<double>>& values) const;
  // Moves row `row` (a person, or a household for a household process) of process q to state
  // `to` at time point t, before step t's sweep (a service or an intervention): it enters `to` at
  // t, the occupancy at t has it there and the move counts among step t - 1's transitions (none at
  // t = 0), as if step t - 1 had ended in it; step t's sweep moves it on from there.
  void move(const Population& population, size_t q, size_t row, uint8_t to, int t, Columns& columns,
            std::vector<std::vector<double>>& values) const;
  // The costs series (flow), for phases that add costs of their own.
  size_t costs_series() const { return ids_.costs; }
  // The processes with a rest state (columns.awake lists the persons not resting in them).
  const AwakePlan& awake_plan() const { return awake_plan_; }
  // Per area: council * 5 + IMD quintile - 1, the cell of the council x imd_quintile series.
  const std::vector<uint16_t>& area_cq() const { return area_cq_; }

 private:
  struct Ids {
    std::vector<size_t> occupancy, transitions;
    std::vector<std::vector<size_t>> events;
    size_t costs = 0, qalys = 0, state_costs = 0, state_qalys = 0;
  };
  // Sizes the columns to the population and draws the initial states of rows not seen before.
  void initialise(const Population& population, RandomKey key, int t, Columns& columns) const;
  // Records the point rewards (state costs and QALYs) at time point `t` from its occupancy.
  void record_point(const Population& population, const Columns& columns, int t,
                    std::vector<std::vector<double>>& values) const;
  // Adds to the time point's state costs those of states whose cost varies, row by row (persons,
  // then households).
  void record_varying_costs(const Population& population, const Context& ctx, double* costs) const;
  // Notes in `awake` a person that a move of process q from `from` to `to` takes out of its rest
  // state, where the list does not have it (awake.hpp).
  void note_woken(size_t q, size_t row, uint8_t from, uint8_t to, const People& people,
                  AwakeRows& awake) const;
  // The costs and QALY losses of step t's events billed per row (EventCounts::billed),
  // from the counts and cost cells the sweeps noted, which it sets back to 0; empty if none is.
  std::vector<double> bill_events(const Population& population, Columns& columns) const;
  void record_step_flows(int t, const EventCounts& event_counts,
                         std::vector<std::vector<double>>& values) const;

  // Cells per state of a process's results: person cells, or council x quintile for households.
  size_t cells_of(const CompiledProcess& cp) const {
    return cp.household ? cq_cells_ : person_cells_;
  }

  const Scenario& scenario_;
  RunCatalogue catalogue_;
  Model model_;
  Ids ids_;
  std::vector<uint16_t> area_cq_;    // per area: council * 5 + quintile - 1
  std::vector<uint32_t> area_cell_;  // per area: its person cell at age band 0, sex 0
  size_t person_cells_ = 0, cq_cells_ = 0;
  AwakePlan awake_plan_;
  int utility_process_ = -1;  // occupancy-based QALYs from this process; -1: per-person pass
  bool active_ = false;
};

}  // namespace civicsim::process
