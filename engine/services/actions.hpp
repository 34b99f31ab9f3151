// Services and interventions compiled for the step loop (from service_spec.hpp): capacities per
// queue, targeting conditions as lookup tables over the run's catalogue, moves as state indices,
// enrolment rounds as steps. compile_actions() reports every problem as a Diagnostic with the file
// and JSON path; the rate_ratio effects are not here: they were folded into the processes'
// transition and event tables (engine/model/tables.hpp, intervention_effects).
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "engine/model/compiled.hpp"
#include "engine/model/row.hpp"
#include "engine/model/tables.hpp"
#include "engine/population/population.hpp"
#include "engine/scenario/scenario.hpp"

namespace civicsim::services {

// A move of one process's state: persons in a state with from[state] != 0 go to `to`.
struct Move {
  size_t process = 0;
  uint8_t to = 0;
  std::vector<uint8_t> from;  // by state
};

// Amounts by payer in each step: one row when the scenario's amount is a number, else a row per
// cycle (0 .. steps) of its expression or table.
struct StepAmounts {
  std::vector<std::array<double, kPayerCount>> by_cycle = {{}};
  const std::array<double, kPayerCount>& at(int step) const {
    return by_cycle[by_cycle.size() == 1 ? 0 : static_cast<size_t>(step)];
  }
  bool any() const;  // whether some payer is charged in some step
};

// A unit's amounts by payer (an intervention's per_unit and per_unit_per_year, a service's cost per
// request served): by step where every payer's amount reads the cycle at most, else (per_row) a
// table [cell][payer] over `plan`, read at the unit's own row: a person's, or a household's for a
// household unit (whose amounts compile_actions lets read only what households have).
struct UnitAmounts {
  StepAmounts by_step;
  bool per_row = false;
  process::IndexPlan plan;
  std::vector<std::array<double, kPayerCount>> by_cell;
  bool any() const;  // whether some payer is charged for some unit in some step
  // The amounts of row `row` (a household row where `household`) billed in step t: by step, or at
  // its cell with its attributes read in `ctx`, its cycle t and its age at `t_months` (the date of
  // time point t; ctx may be at a later point, when a step's amounts are billed at its end).
  const std::array<double, kPayerCount>& of(uint32_t row, bool household,
                                            const process::Context& ctx, int t,
                                            int32_t t_months) const;
};

// Capacities per year by queue in each step: one row when constant, else a row per cycle.
struct StepCapacity {
  std::vector<std::vector<double>> by_cycle;  // [cycle or 0][queue]
  const std::vector<double>& at(int step) const {
    return by_cycle[by_cycle.size() == 1 ? 0 : static_cast<size_t>(step)];
  }
};

struct InterventionCosts {
  UnitAmounts per_unit, per_unit_per_year;  // of the unit
  StepAmounts fixed, fixed_per_year;        // of the programme, by step
};

struct Service {
  std::string name;
  bool per_council = true;
  StepCapacity capacity_per_year;  // by queue (council, or one)
  int max_wait_steps = -1;
  UnitAmounts cost_gbp;  // per request served, read at its row (a person's or a household's)
  size_t category = 0;   // in the process model's cost categories (only meaningful with a cost)
  std::vector<Move> on_served, on_lapsed;
};

struct Intervention {
  std::string name;
  bool household = false;
  uint32_t stream = 0;  // stream_id("intervention.<name>"): offer, uptake and budget order
  int first_step = 0, end_step = 0;  // runs in steps [first_step, end_step)
  int every_steps = 0;               // 0: enrols every step
  bool once = true;
  process::IndexPlan who_plan;
  std::vector<uint8_t> who;  // by cell of who_plan: 1 where eligible
  // A term of who_plan with classes no eligible cell has (e.g. adult ages in "age < 18 && ..."):
  // rows in those classes are dropped on that term alone, before their whole cell is computed.
  struct WhoFilter {
    process::IndexPlan plan;        // the term alone, stride 1: a row's cell is its class
    std::vector<uint8_t> possible;  // by class of the term: 1 if some eligible cell has it
  };
  std::vector<WhoFilter> who_filters;
  // The filters before who_filters whose passing rows are found once per step for every
  // intervention starting with them (an index into Actions::shared_filters), -1: none.
  int shared_filter = -1;
  // A household intervention whose `who` reads only household variables: its households are
  // scanned instead of their members. They are then found in household order rather than their
  // first member's, which changes nothing: the budget order is drawn, queues order their requests,
  // and each receipt adds the same cost.
  bool by_household = false;
  uint32_t coverage_threshold = 0, uptake_threshold = 0;  // a word below it: offered / takes up
  int service = -1;                                       // delivering service (index), -1: at once
  uint8_t priority = 1;
  std::vector<std::pair<uint8_t, bool>> set_conditions;  // (condition bit, value)
  std::vector<Move> moves;
  std::vector<std::pair<size_t, StepCapacity>> add_capacity;  // (service, by queue)
  // Base costs: recorded as they are and counted against the budget (optimism bias is the
  // evaluation's); fixed ones already scaled to the population's share.
  InterventionCosts cost;
  double budget_per_year = -1.0;
  // Only adds capacity or has programme costs: no `who`, no unit effects, no per-unit costs, no
  // delivering service. It enrols nobody (enrolling everyone would change nothing but the counts).
  bool programme_only = false;

  bool runs_at(int step) const { return step >= first_step && step < end_step; }
  bool enrols_at(int step) const {
    return !programme_only && runs_at(step) &&
           (every_steps == 0 || (step - first_step) % every_steps == 0);
  }
};

struct Actions {
  std::vector<Service> services;
  std::vector<Intervention> interventions;
  // Distinct leading filters of the interventions scanning persons (each filter with two classes:
  // fails, passes): the first on a variable no phase of a step changes after the processes (age,
  // sex, area, tenure, household type, cycle), then those on the person's own and area variables
  // that no intervention or service changes (a process none of them moves). The living persons
  // passing a chain are found once per step and shared (most interventions select children, three
  // of the LCR's children with asthma in the most deprived areas).
  std::vector<std::vector<Intervention::WhoFilter>> shared_filters;
  bool empty() const { return services.empty() && interventions.empty(); }
};

// Compiles the scenario's services and interventions against the population (councils) and the
// run's catalogue (service cost categories were registered by compile_model). Adds every problem
// to site.errors.
Actions compile_actions(const process::Site& site, const Population& population,
                        const process::Model& model);

}  // namespace civicsim::services
