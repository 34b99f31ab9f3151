// The rows the child models must look at, kept from step to step: every living person except those
// resting (rest.hpp) in every person process with a rest state, an adult in every child model. A
// full pass over the persons each step to find them costs about what skipping the rest saves; kept
// across steps, only the listed rows and the newborns are looked at.
//
// The list holds, in row order, each living person younger than AwakePlan::months at the last
// update (at that age some rest state may not rest) or outside the rest state of some process. A
// person outside the list therefore rests in every such process, until Phase::move takes it out of
// a rest state (noted in `woken`; ageing only ever brings a person to rest). The list is a superset
// of the rows each sweep keeps: a sweep still applies its own test to every listed row, so results
// do not depend on it.
#pragma once

#include <cstdint>
#include <vector>

#include "engine/model/columns.hpp"
#include "engine/model/compiled.hpp"
#include "engine/population/population.hpp"

namespace civicsim::process {

// The person processes with a rest state, and the age in months from which all of them rest there.
struct AwakePlan {
  std::vector<uint32_t> process;  // the processes (swept with a rest state)
  std::vector<uint8_t> rest;      // by entry of `process`: its rest state
  int32_t months = 0;             // at this age in months and older, every rest state rests
  bool active() const { return !process.empty(); }
};

// Empty (inactive) where no process has a rest state, or one does not rest at the oldest age.
AwakePlan awake_plan(const Model& model);

// Brings the list to the step starting at `now_months`, after deaths, births and the newborns'
// initial states. states[k]: the state column of plan.process[k].
void update_awake(const AwakePlan& plan, const People& people,
                  const std::vector<const uint8_t*>& states, int32_t now_months, AwakeRows& awake);

}  // namespace civicsim::process
