// Rest states: a state of a person process whose rows have no events and certainly stay at some ages
// (an adult in a child model). The sweep leaves such rows alone and counts them from the living
// (sweep.hpp); the rows that may not be left alone are kept across steps (awake.hpp). Internal to
// engine/process.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>

#include "engine/model/compiled.hpp"
#include "engine/population/strata.hpp"

namespace civicsim::process {

// Whether a variable has one code for every row in a step (the cycle), so that a plan reading only
// such variables gives every row of a state the same cell within a step.
inline bool same_for_every_row(const CodeSource& s) { return s.kind == CodeKind::kCycle; }

// Whether the sweep takes its fast loop (transitions on the state and the cycle only, no groups, in
// place), which sweeps every living row and has no rest state.
inline bool fast_sweep(const CompiledProcess& cp) {
  const bool by_state = std::all_of(
      cp.transitions.plan.begin(), cp.transitions.plan.end(), [](const IndexPlan& plan) {
        return std::all_of(plan.terms.begin(), plan.terms.end(),
                           [](const Term& t) { return same_for_every_row(t.source); });
      });
  return by_state && cp.group_members.empty() && cp.in_place;
}

// The rest state: its rows have no events, and most certainly stay, which the first variable of the
// state's plan, age, tells. -1: none, every living row is swept.
inline int rest_state(const CompiledProcess& cp) {
  const Transitions& tr = cp.transitions;
  for (size_t s = 0; s < cp.states.size(); ++s) {
    const bool eventless = std::all_of(cp.events.begin(), cp.events.end(),
                                       [&](const Event& e) { return e.slot[s] < 0; });
    if (eventless && !tr.still[s].empty() && tr.plan[s].terms[0].source.kind == CodeKind::kAge)
      return static_cast<int>(s);
  }
  return -1;
}

// By age in months at the step's start (clamped as age_code clamps): 1 where a row in state `rest`
// certainly stays.
inline std::array<uint8_t, kAgeMonths> resting_by_months(const Transitions& tr, int rest) {
  std::array<uint8_t, kAgeMonths> table{};
  if (rest < 0) return table;
  const auto r = static_cast<size_t>(rest);
  for (int32_t m = 0; m < kAgeMonths; ++m)
    table[m] = tr.still[r][tr.plan[r].terms[0].index(static_cast<uint32_t>(m / 12))];
  return table;
}

}  // namespace civicsim::process
