// One process's sweep over the persons (or households) for one step: events, then transitions, with the occupancy
// at the step's end and the moves tallied as integers per thread. Internal to engine/process.
//
// Two transition loops: a fast one for the common case (transition probabilities that depend on the
// state only, no groups, updated in place: a classic cohort model), branch-free over restrict
// pointers, four persons per Philox block; and a general one that computes the table cells of a
// block's persons state by state, one variable at a time (cells.hpp). Both give the same result for
// the same process. The general loop leaves alone the rows of a *rest state* that certainly stay
// there (an adult in a child model: no events, every rate 0 at that age) and counts them from the
// living (SweepArgs::living), so a child model costs little more than its children.
#pragma once

#include <cstdint>
#include <vector>

#include "engine/core/random.hpp"
#include "engine/population/population.hpp"
#include "engine/process/compiled.hpp"
#include "engine/process/phase.hpp"

namespace civicsim::process {

// Integer tallies of one sweep (summed over threads: integers, so the order does not matter).
struct Tally {
  std::vector<uint64_t> occupancy;    // [copy 0..3][state][person cell]: the state at t + 1
  std::vector<uint64_t> transitions;  // [from][to]; the diagonal counts stays
  std::vector<uint64_t> events;       // [event][person cell]
  std::vector<EventRequest> requests;  // service requests of the events (any order)
  std::vector<uint32_t> moved;         // households moved in place, where the process is an attribute
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

// A person process: tallies by person cell (council x age band x sex x quintile), four copies of
// the occupancy.
Tally sweep(const SweepArgs& args);
// A household process: tallies by council x quintile, one copy of the occupancy; no service
// requests.
Tally sweep_households(const SweepArgs& args);

}  // namespace civicsim::process
