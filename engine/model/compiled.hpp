// A process compiled for the step loop: flat tables of integer thresholds and per-state constants.
//
// Every table is indexed by (state, cell): the cell is the combination of the codes of the few
// catalogue variables its expressions read (IndexPlan), so the hot loop computes one index per
// person from that person's codes and compares one Philox word with a few thresholds. All
// conversion of rates to probabilities, stratification, modifiers and conditions happened once, at
// load (compile.hpp): nothing in the loop parses, evaluates an expression or calls exp().
//
// Transitions: per state a plan over the variables its own moves read (so one state's dependence on
// age does not multiply another's table), and per cell `width` cumulative thresholds; a word w
// moves the person to to[state][c] where c = number of thresholds <= w (c == width: stays). Unused
// slots repeat the last threshold, so they are never chosen.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "engine/model/catalogue.hpp"
#include "engine/scenario/process_spec.hpp"

namespace civicsim::process {

// One variable's contribution to a table index: class x stride, where the class of a code merges
// the codes that give the same values everywhere (ages in one band, areas in one quintile); empty
// class_of: the code itself.
struct Term {
  CodeSource source;
  uint32_t stride = 0;
  std::vector<uint16_t> class_of;
  uint32_t index(uint32_t code) const { return class_of.empty() ? code : class_of[code]; }
};

// How to find a cell: sum of class x stride over the terms.
struct IndexPlan {
  std::vector<Term> terms;
  uint32_t cells = 1;  // cells per state
  bool reads_cycle = false;
};

struct Transitions {
  std::vector<IndexPlan> plan;       // by state: the variables its moves depend on
  std::vector<uint32_t> offset;      // by state: its first cell (a state's cells are contiguous)
  uint32_t width = 0;                // thresholds per cell
  std::vector<uint32_t> thresholds;  // [offset[state] + cell][width]
  bool constant = true;              // no plan reads any variable: the cell of state s is s
  // by state, by class of its plan's first variable: 1 where no move out of the state is possible
  // whatever the other variables (an adult in a child model), so the rest of the cell is not
  // computed; empty for a state whose plan reads nothing.
  std::vector<std::vector<uint8_t>> still;
  // [state][width + 1]; the last, the outcome of a word reaching every threshold, is the state
  // itself, or for a tunnel state the state it is left for (reaching_all_stays, row.hpp)
  std::vector<uint8_t> to;
  // by state: the least word with which a row stays whatever its cell (the largest threshold of the
  // state's cells; 0 without moves), so a row drawing at least that needs no cell. Not for a
  // tunnel state, whose rows all move.
  std::vector<uint32_t> stay_from;
};

// Columns of an event's per-row table: each payer's cost, then the QALY loss.
inline constexpr size_t kEventAmounts = kPayerCount + 1;

struct Event {
  std::string name;
  uint32_t stream = 0;        // stream_id("<process>.<event>")
  uint32_t count_stream = 0;  // stream_id("<process>.<event>.count"): the count when it happens
  IndexPlan plan;
  std::vector<int16_t> slot;        // by state: its row in the tables, -1 where it cannot happen
  std::vector<uint32_t> threshold;  // [slot][cell]: P(at least one) = 1 - exp(-mean)
  std::vector<uint32_t> top;  // by slot: its largest threshold; a word at or above it never fires
  std::vector<double> mean;   // [slot][cell]: expected count in one step
  std::array<double, kPayerCount> cost_gbp{};
  // A cost that varies with the cycle only: by cycle code, by payer (empty: cost_gbp in every
  // cycle). Counted: the event's count in a results cell times the cycle's amount.
  std::vector<std::array<double, kPayerCount>> cost_by_cycle;
  // QALYs lost per event: qaly_loss, or where it varies with the cycle only, by cycle code.
  double qaly_loss = 0.0;
  std::vector<double> qaly_loss_by_cycle;
  // A cost or a QALY loss that varies with what differs between rows (age, sex, time in state,
  // attributes...): billed per row, each row's count times cost_table[cell][k] at its cell of
  // cost_plan at the step's start (Columns::One::billed), k the payers and then the QALY loss
  // (kEventAmounts columns). cost_per_row: the payers' columns are used (cost_gbp and
  // cost_by_cycle are not); qaly_per_row: the QALY loss's is (qaly_loss and its cycles are not).
  bool billed_per_row = false;  // cost_per_row || qaly_per_row: the sweep notes the rows
  bool cost_per_row = false, qaly_per_row = false;
  IndexPlan cost_plan;
  std::vector<double> cost_table;
  size_t category = 0;       // index into Model::categories
  std::string service;       // name of the service it sends a request to (empty: none)
  int service_index = -1;    // that service in Scenario::services
  bool per_council = false;  // that service keeps a queue per council
  uint8_t priority = 1;
};

struct Heterogeneity {
  std::string name;
  uint32_t stream = 0;
  HeterogeneitySpec spec;
  std::vector<uint8_t> applies;  // by state: 1 where it multiplies the utility
};

struct CompiledProcess {
  std::string name;
  std::vector<std::string> states;
  bool household = false;       // rows are households, results by council x imd_quintile
  uint8_t attribute_bit = 0;    // a household condition bit the process moves (0: none)
  uint32_t stream = 0;          // stream_id(name): transitions
  uint32_t initial_stream = 0;  // stream_id(name + ".initial")
  std::vector<std::vector<uint8_t>> group_members;  // [group][state] 1 if in the group
  std::vector<std::string> group_names;

  IndexPlan initial_plan;
  std::vector<uint32_t> initial_thresholds;  // [cell][states - 1] cumulative for states 1..S-1
  int fixed_start = -1;                      // cohort: every person starts here (else -1)

  Transitions transitions;
  std::vector<Event> events;

  // Accruals. cost_gbp[state][payer] per year; category per state.
  std::vector<std::array<double, kPayerCount>> cost_per_year_gbp;
  std::vector<size_t> cost_category;
  // States whose cost varies (an expression or a table): accrued row by row from
  // cost_table[state][cell][payer] (per year) over cost_plan; their cost_per_year_gbp is zero.
  bool cost_per_person = false;
  std::vector<uint8_t> cost_varies;  // by state
  IndexPlan cost_plan;
  std::vector<double> cost_table;
  bool has_utility = false;
  bool utility_per_person = false;  // an expression or a heterogeneity factor: per-person pass
  IndexPlan utility_plan;
  std::vector<double> utility;  // [state][cell]
  std::vector<Heterogeneity> heterogeneity;

  bool in_place = true;  // no other process reads this one's variables: update during its sweep
  // Some table reads its time in state (its time in group g): keep the time point the state (the
  // group) was entered. A column nothing reads is not kept at all (4 bytes per row each).
  bool tracks_time = true;
  std::vector<uint8_t> tracks_group;  // by group
};

struct Model {
  std::vector<CompiledProcess> processes;
  std::vector<std::string> categories;  // cost categories, in first-use order
  double step_years = 1.0 / 12;
  bool empty() const { return processes.empty(); }
};

}  // namespace civicsim::process
