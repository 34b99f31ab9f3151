// The service and intervention phase: the decisions at the start of step t (engine/sim/
// simulation.cpp lists the order), acting on the population at time point t, before the step's
// demography and processes, so what it does acts on step t's transitions.
//
// 1. Interventions, in name order, that run in step t: their fixed costs and the recurring costs
//    of the units holding them; in an enrolment step, the living units satisfying `who` (a
//    household: any living member does) that have not received it (if `once`) and are not queued
//    for it are offered it with probability coverage and take it up with probability uptake; an
//    annual budget enrols them in a random order until the year's cash is committed. Enrolled
//    units are queued at the delivering service, or receive it at once.
// 2. Services, in name order: the requests events made in step t - 1 and interventions' new ones
//    join the queues; requests of the dead are withdrawn (lapsed); capacity (plus what running
//    interventions add) is served (engine/services/service_queue.hpp). A served intervention
//    request delivers the intervention; a person's served or lapsed request sets their status and
//    makes the service's on_served / on_lapsed moves.
// Receiving an intervention: the unit's receipt time is set to t (rate_ratio effects and conditions
// read it; step t's sweep sees it as received 0 steps before), household attributes are set,
// persons are moved (part of the state at time point t: process/phase.hpp, Phase::move), and its
// one-off cost is counted.
// Recurring costs (per_unit_per_year) of a step the intervention runs in are billed like state
// costs, by rewards.state_timing: on the units holding it and living at the step's start
// (start_of_step), at its end (end_of_step, by finish_step after the processes), or half each.
// A unit's amounts may read its own attributes (UnitAmounts, actions.hpp), read at:
// - one-off per_unit: receipt, in step t's context (time point t), before the intervention's own
//   effects; the budget commits the same amount read at enrolment (for a unit delivered through a
//   service, enrolment's step and the unit as it was then);
// - recurring per_unit_per_year of step t: the unit as it is when billed (the start share at the
//   step's start: when the intervention's turn comes, or, for a unit that starts holding it, on
//   receipt after its effects; the end share in finish_step, after the processes, at time point
//   t + 1), its cycle and age always those of time point t;
// - a service's cost per request: the request's row (a person's; a household's for a household
//   intervention's request) as it comes to be served, in step t's context.
// Every total is summed serially in a fixed order (units by row, requests in the order served),
// so results are the same at any thread count.
//
// Randomness (common random numbers): offer, uptake and budget order are words 0, 1, 2 of the
// Philox block (unit uid, step, stream_id("intervention.<name>")); queue keys come from each
// service's own stream. An intervention therefore never changes another's draws or the processes'.
#pragma once

#include <array>
#include <cstdint>
#include <unordered_set>
#include <utility>
#include <vector>

#include "engine/core/random.hpp"
#include "engine/core/results.hpp"
#include "engine/population/population.hpp"
#include "engine/scenario/scenario.hpp"
#include "engine/services/actions.hpp"
#include "engine/services/service_queue.hpp"
#include "engine/sim/phase.hpp"

namespace civicsim::services {

// What services and interventions carry from step to step within one replication.
struct ActionState {
  std::vector<ServiceQueue> queues;  // by service
  // [intervention]: the unit rows in its delivering service's queue (few: a set, not a column).
  std::vector<std::unordered_set<uint32_t>> queued;
  std::vector<double> committed;  // [intervention]: cash committed in budget year
  int budget_year = -1;
};

class ActionPhase {
 public:
  // Compiles the scenario's services and interventions (throws InputError listing every problem).
  ActionPhase(const Scenario& scenario, const Population& initial, const process::Phase& processes);

  bool empty() const { return actions_.empty(); }
  const Actions& actions() const { return actions_; }

  // Adds the service and intervention series to `results`.
  void declare(RunResults& results);
  ActionState start() const;
  // The decisions at the start of step t (see the file comment). `requests`: the event requests
  // of step t - 1 (consumed).
  void step(Population& population, RandomKey key, int t, process::Columns& columns,
            std::vector<process::EventRequest>& requests, ActionState& state,
            std::vector<std::vector<double>>& values) const;
  // At the end of step t, after the processes: the recurring costs billed on the units living at
  // the step's end (rewards.state_timing end_of_step or half_step).
  void finish_step(const Population& population, int t, const process::Columns& columns,
                   ActionState& state, std::vector<std::vector<double>>& values) const;

 private:
  struct ServiceIds {
    size_t requested, served, lapsed, waiting, wait_steps, capacity;
  };
  struct InterventionIds {
    size_t eligible, offered, enrolled, over_budget, received;
  };
  struct StepContext;  // what one step's helpers share (action_phase.cpp)

  void run_intervention(size_t i, StepContext& c) const;
  // The living persons passing shared filter f this step, found on first use.
  const std::vector<uint32_t>& passing(size_t f, StepContext& c) const;
  void enrol(size_t i, StepContext& c) const;
  void receive(size_t i, uint32_t row, StepContext& c) const;
  void serve(size_t s, StepContext& c) const;
  // Whether a person is dead by a death state (engine/scenario/death_states.hpp).
  bool dead(const process::Columns& columns, uint32_t person) const;
  // By household: 1 where a member is alive and not dead by a death state.
  std::vector<uint8_t> households_living(const Population& population,
                                         const process::Columns& columns) const;
  // The step's households_living where there are death states (found once), else nullptr.
  const std::vector<uint8_t>* living_households(StepContext& c) const;
  void apply_moves(const std::vector<Move>& moves, uint32_t row, StepContext& c) const;
  void add_cost(size_t i, const std::array<double, kPayerCount>& gbp, double units, size_t cq,
                int t, std::vector<std::vector<double>>& values) const;
  // The shares of a step's recurring cost billed on the units living at its start and at its end:
  // rewards.state_timing, as the state costs (1, 0; 0, 1; or 1/2, 1/2).
  std::pair<double, double> recurring_weights() const;
  // Bills `share` of step t's recurring cost of intervention i (if it runs in step t) for every
  // living unit holding it now, each unit's amount read in `ctx` (its cycle and age at time point
  // t), and counts it in `committed`.
  void bill_recurring(size_t i, double share, const Population& population,
                      const process::Context& ctx, int t, std::vector<std::vector<double>>& values,
                      double& committed) const;

  const Scenario& scenario_;
  const process::Phase& processes_;
  Actions actions_;
  std::vector<uint16_t> area_cq_;
  int death_process_ = -1;            // the process with death states, -1: none
  std::vector<uint8_t> death_state_;  // by its state: 1 for a death state
  size_t cq_cells_ = 0, councils_ = 0;
  std::vector<ServiceIds> service_ids_;
  std::vector<InterventionIds> intervention_ids_;
  size_t intervention_costs_ = 0, intervention_fixed_costs_ = 0;
};

}  // namespace civicsim::services
