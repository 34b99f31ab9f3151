// One process's step over its rows (a "sweep"): what goes in (SweepArgs), what comes out (Tally),
// and the model's own, plain statement of it: reference_sweep, row by row in row order through the
// per-row functions of row.hpp. The optimised kernel (engine/kernel/sweep.hpp) computes the same
// tallies and columns, and tests/model/reference_step_test.cpp holds it to that bit for bit.
//
// For each living row of the process's entity (persons or households):
//   1. each event in the row's state at the step's start: one word from the event's stream
//      against its cell's threshold; if it happens, a zero-truncated Poisson count (a uniform from
//      "<process>.<event>.count") is added to the row's cell, and a person event that asks a
//      service makes a request unless the person is already waiting for it; an event billed per
//      row (Event::billed_per_row) notes the row's count and the cell of its cost there
//      (Columns::One::billed), which the phase bills after the sweep;
//   2. the move: one word from the process's stream against the cumulative thresholds of the
//      row's state and cell (row.hpp: next_state); the row's state after the step is written in
//      place (entry times with it) or to `next` for a process others read;
//   3. the state after the step is counted in its cell at t + 1 (person cells use the age at
//      t + 1), and the move (or stay) in `transitions`.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "engine/core/random.hpp"
#include "engine/model/columns.hpp"
#include "engine/model/compiled.hpp"
#include "engine/population/population.hpp"

namespace civicsim::process {

// Integer tallies of one sweep (summed over threads: integers, so the order does not matter).
struct Tally {
  std::vector<uint64_t> occupancy;     // [copy 0..3][state][person cell]: the state at t + 1
  std::vector<uint64_t> transitions;   // [from][to]; the diagonal counts stays
  std::vector<uint64_t> events;        // [event][person cell]
  std::vector<EventRequest> requests;  // service requests of the events (any order)
  std::vector<uint32_t> moved;  // households moved in place, where the process is an attribute
};

struct SweepArgs {
  const CompiledProcess& cp;
  size_t q;
  const Population& population;
  RandomKey key;
  int t;
  int32_t now_months, next_months;
  Columns& columns;
  const Model& model;
  const std::vector<uint16_t>& area_cq;
  const std::vector<uint32_t>& area_cell;
  size_t person_cells;
  size_t cq_cells;  // council x imd_quintile
  // Living persons by person cell at time point t + 1; with it a person sweep leaves the rows of
  // its rest state that cannot move alone (sweep.cpp). nullptr: every living row is swept.
  const std::vector<uint32_t>* living = nullptr;
  // With `living`: the persons not resting (awake.hpp), whose rows alone a sweep with a rest state
  // looks at; nullptr: it looks at every row.
  const AwakeRows* awake = nullptr;
};

// The model's step of a person process (tallies by person cell, copy 0 of the occupancy only).
Tally reference_sweep(const SweepArgs& args);
// The model's step of a household process (tallies by council x quintile).
Tally reference_sweep_households(const SweepArgs& args);

}  // namespace civicsim::process
