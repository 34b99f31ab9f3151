// The model's meaning for one row, inline: a person's (or household's) code for a catalogue
// variable, its table cell from an IndexPlan, the state it moves to for a word, the
// zero-truncated Poisson count of an event, and the person cell of the result series. The
// reference step (reference_step.hpp) is these functions applied row by row; the optimised kernel
// (engine/kernel) computes the same things many rows at a time and is tested bit for bit
// against it.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include "engine/core/random.hpp"
#include "engine/model/columns.hpp"
#include "engine/model/compiled.hpp"
#include "engine/population/population.hpp"
#include "engine/population/strata.hpp"

namespace civicsim::process {

namespace kernel {
struct BlockColumns;  // engine/kernel/cells.hpp: a block's columns copied by the optimised sweep
}

// Rows per block (a multiple of 4). Floating-point totals are summed per block in block order, so
// the block size is part of what a result is, whichever step computes it.
inline constexpr size_t kBlockRows = 8192;

// The random word of a row (uid `uid`) in a step's stream: word uid % 4 of Philox block (uid / 4,
// step, stream, 0), four rows sharing a block. The optimised kernel draws the same words many
// blocks at a time (engine/kernel/draws.hpp).
inline uint32_t row_word(RandomKey key, uint32_t uid, uint32_t step, uint32_t stream) {
  return philox_block(key, uid >> 2, step, stream, 0)[uid & 3u];
}

// Everything a code may be read from, at one time point.
struct Context {
  const People* people;
  const Households* households;
  const Areas* areas;
  const Columns* columns;
  const Model* model;
  int32_t time_point;  // t
  int32_t now_months;  // date of time point t
  const kernel::BlockColumns* block =
      nullptr;  // optimised kernel only: person_cells reads rows there
};

inline uint32_t age_code(const People& p, size_t i, int32_t now_months) {
  const int32_t age = (now_months - p.birth_month[i]) / 12;
  return static_cast<uint32_t>(std::clamp(age, 0, kOldestAge));
}

// The column of area codes a council, IMD quintile or decile code is read from, and what to subtract
// (quintiles and deciles are stored from 1): area_code(kind, a, areas) == column[a] - first.
struct AreaColumn {
  const uint8_t* column;
  uint32_t first;
};
inline AreaColumn area_column(CodeKind kind, const Areas& areas) {
  if (kind == CodeKind::kCouncil) return {areas.council.data(), 0};
  return {kind == CodeKind::kImdQuintile ? areas.imd_quintile.data() : areas.imd_decile.data(), 1};
}

// The council, IMD quintile or decile code of area `a` (quintile and decile from 0).
inline uint32_t area_code(CodeKind kind, uint16_t a, const Areas& areas) {
  const AreaColumn c = area_column(kind, areas);
  return c.column[a] - c.first;
}

// The code of an intervention's variable for a unit that received it at time point `at` (-1:
// never): 0 before, else steps since receipt + 1, at time point `point`.
inline uint32_t receipt_code(int32_t at, int32_t point) {
  return at < 0 ? 0u : static_cast<uint32_t>(point - at + 1);
}

// A process's state, time in state or time in group, for row i of its entity.
inline uint32_t process_code(const CodeSource& s, size_t i, const Context& c) {
  const Columns::One& col = c.columns->process[s.process];
  if (s.kind == CodeKind::kState) return col.state[i];
  if (s.kind == CodeKind::kTimeInState) return static_cast<uint32_t>(c.time_point - col.entered[i]);
  const bool inside = c.model->processes[s.process].group_members[s.group][col.state[i]] != 0;
  return inside ? static_cast<uint32_t>(c.time_point - col.group_entered[s.group][i]) : 0u;
}

// The code of household row h (only for household_readable sources; compile checks that).
inline uint32_t household_code_of(const CodeSource& s, size_t h, const Context& c) {
  const Households& hh = *c.households;
  switch (s.kind) {
    case CodeKind::kArea:
      return hh.area[h];
    case CodeKind::kCouncil:
    case CodeKind::kImdQuintile:
    case CodeKind::kImdDecile:
      return area_code(s.kind, hh.area[h], *c.areas);
    case CodeKind::kTenure:
      return hh.tenure[h];
    case CodeKind::kHouseholdType:
      return hh.type[h];
    case CodeKind::kCondition:
      return hh.condition[h] & 15u;
    case CodeKind::kCycle:
      return static_cast<uint32_t>(c.time_point);
    case CodeKind::kIntervention:
      return receipt_code(c.columns->received_at[s.process][h], c.time_point);
    default:
      return process_code(s, h, c);
  }
}

// Cell of `plan` for household row h.
inline size_t household_cell_of(const IndexPlan& plan, size_t h, const Context& c) {
  size_t cell = 0;
  for (const Term& t : plan.terms)
    cell += static_cast<size_t>(t.index(household_code_of(t.source, h, c))) * t.stride;
  return cell;
}

inline uint32_t code_of(const CodeSource& s, size_t i, const Context& c) {
  const People& p = *c.people;
  switch (s.kind) {
    case CodeKind::kAge:
      return age_code(p, i, c.now_months);
    case CodeKind::kSex:
      return p.sex[i];
    case CodeKind::kArea:
      return p.area[i];
    case CodeKind::kCouncil:
    case CodeKind::kImdQuintile:
    case CodeKind::kImdDecile:
      return area_code(s.kind, p.area[i], *c.areas);
    case CodeKind::kTenure:
      return c.households->tenure[p.household[i]];
    case CodeKind::kHouseholdType:
      return c.households->type[p.household[i]];
    case CodeKind::kCondition:
      return c.households->condition[p.household[i]] & 15u;
    case CodeKind::kCycle:
      return static_cast<uint32_t>(c.time_point);
    case CodeKind::kState:
    case CodeKind::kTimeInState:
    case CodeKind::kTimeInGroup:
      return process_code(s, s.household ? p.household[i] : i, c);
    case CodeKind::kServiceStatus:
      return c.columns->service_status[s.process][i];
    case CodeKind::kIntervention:
      return receipt_code(c.columns->received_at[s.process][s.household ? p.household[i] : i],
                          c.time_point);
  }
  return 0;
}

// Cell of `plan` for row i.
inline size_t cell_of(const IndexPlan& plan, size_t i, const Context& c) {
  size_t cell = 0;
  for (const Term& t : plan.terms)
    cell += static_cast<size_t>(t.index(code_of(t.source, i, c))) * t.stride;
  return cell;
}

// How many of the W ascending cumulative thresholds th word w reaches: the outcome it draws (0: the
// first). A count rather than a search, so it has no branches and vectorises.
inline uint32_t thresholds_reached(const uint32_t* th, uint32_t W, uint32_t w) {
  uint32_t c = 0;
  for (uint32_t k = 0; k < W; ++k) c += w >= th[k] ? 1u : 0u;
  return c;
}

// The state a row moves to drawing word w against its cell's W cumulative thresholds th (to: its
// state's row of Transitions::to, by outcome).
inline uint8_t draw_state(const uint32_t* th, uint32_t W, const uint8_t* to, uint32_t w) {
  return to[thresholds_reached(th, W, w)];
}

// The initial state of a row drawing word w in table cell `cell` of its process's initial
// distribution: the thresholds are cumulative over states 1..S-1, so reaching all of them (or
// none being there) leaves the row in state 0.
inline uint8_t initial_state(const CompiledProcess& cp, size_t cell, uint32_t w) {
  const auto S1 = static_cast<uint32_t>(cp.states.size() - 1);
  const uint32_t c = thresholds_reached(&cp.initial_thresholds[cell * S1], S1, w);
  return static_cast<uint8_t>(c == S1 ? 0u : c + 1);
}

// Whether a row of state s that reaches every threshold of its cell stays (false for a tunnel
// state, whose rows all leave: tunnel_states.hpp); a kernel may then skip such rows' cells.
inline bool reaching_all_stays(const Transitions& tr, size_t s) {
  return tr.to[s * (tr.width + 1) + tr.width] == s;
}

// The state after a step for a row in state s whose thresholds are at `cell` of its state's table,
// drawing word w.
inline uint8_t next_state(const Transitions& tr, uint32_t s, size_t cell, uint32_t w) {
  const uint32_t W = tr.width;
  return draw_state(&tr.thresholds[(tr.offset[s] + cell) * W], W, &tr.to[s * (W + 1)], w);
}

// Row `row` enters state `to` from `from` at time point `point`: its state's and groups' entry times.
// Only the times some table reads are kept (CompiledProcess::tracks_time, tracks_group).
inline void mark_entry(const CompiledProcess& cp, Columns::One& col, size_t row, uint8_t from,
                       uint8_t to, int32_t point) {
  if (cp.tracks_time) col.entered[row] = point;
  for (size_t g = 0; g < cp.group_members.size(); ++g)
    if (cp.tracks_group[g] && cp.group_members[g][to] && !cp.group_members[g][from])
      col.group_entered[g][row] = point;
}

// Count of events given at least one, when the expected count is `mean`: inversion of the Poisson
// distribution truncated at zero with one uniform `u` in [0, 1).
inline uint32_t zero_truncated_poisson(double mean, double u) {
  const double target = u * -std::expm1(-mean);  // P(N >= 1) scaled
  double term = std::exp(-mean), cumulative = 0.0;
  for (uint32_t k = 1; k < 1000; ++k) {
    term *= mean / k;
    cumulative += term;
    if (target < cumulative) return k;
  }
  return 1000;
}

}  // namespace civicsim::process
