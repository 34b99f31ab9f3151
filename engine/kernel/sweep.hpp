// The optimised kernel's one interface: one process's sweep over the persons (or households) for
// one step, exactly as the model's reference_sweep (engine/model/step.hpp) computes it, with the
// occupancy at the step's end and the moves tallied as integers per thread.
//
// Two transition loops: a fast one for the common case (transition probabilities that depend on the
// state only, or on the state and the cycle, no groups, updated in place: a classic cohort model,
// time-dependent or not), branch-free over restrict pointers, four persons per Philox block, with
// each state's thresholds for the step found once; and a general one that computes the table cells
// of a block's persons state by state, one variable at a time (cells.hpp), for the rows whose word
// may move them (a row whose word reaches Transitions::stay_from of its state stays whatever its
// cell, and is tallied without one). Both give the same result for the same process. The general
// loop leaves alone the rows of a *rest state* that certainly stay there (an adult in a child
// model: no events, every rate 0 at that age) and counts them from the living (SweepArgs::living),
// so a child model costs little more than its children; without a rest state it counts so the rows
// that certainly stay in the first state (asthma's 'none'). An event possible for most of a
// block's rows compares all their words at once with its largest threshold and looks only at the
// few below it.
#pragma once

#include <cstdint>
#include <vector>

#include "engine/core/random.hpp"
#include "engine/model/compiled.hpp"
#include "engine/model/step.hpp"
#include "engine/population/population.hpp"

namespace civicsim::process::kernel {

// A person process: tallies by person cell (council x age band x sex x quintile), four copies of
// the occupancy.
Tally sweep(const SweepArgs& args);
// A household process: tallies by council x quintile, one copy of the occupancy; no service
// requests.
Tally sweep_households(const SweepArgs& args);

// Whether `sweep` takes its branch-free loop for a person process: transitions on the state and
// the cycle only (a cycle's cell is the same for every row, found once per step), no groups, in place.
bool takes_fast_loop(const CompiledProcess& cp);

}  // namespace civicsim::process::kernel
