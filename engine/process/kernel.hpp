// The inner pieces of the process sweep, inline: Philox words shared four persons to a block, a
// person's code for a catalogue variable, a table index from an IndexPlan, the zero-truncated
// Poisson count of an event, and the person-strata cell of the result series. Internal to
// engine/process.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include "engine/core/random.hpp"
#include "engine/population/population.hpp"
#include "engine/process/compiled.hpp"
#include "engine/process/phase.hpp"
#include "engine/process/philox_batch.hpp"
#include "engine/sim/strata.hpp"

namespace civicsim::process::kernel {

inline constexpr size_t kBlockRows = 8192;  // rows per block (a multiple of 4)

// Whether the uids of n rows run on from a multiple of four (a cohort, a freshly built population):
// then fill_words takes the vectorised path. Checked once per block, for all its streams.
inline bool runs_on(const uint32_t* uid, size_t n) {
  if (n == 0 || (uid[0] & 3u) != 0) return false;
  uint32_t off = 0;  // an OR of differences, which vectorises
  for (size_t i = 1; i < n; ++i) off |= uid[i] ^ (uid[0] + static_cast<uint32_t>(i));
  return off == 0;
}

// out[i] = word uid[i] % 4 of Philox block (uid[i] / 4, step, stream, 0), for i < n. `out` has room
// for n rounded up to a multiple of 4. `contiguous` is runs_on(uid, n).
inline void fill_words(RandomKey key, const uint32_t* uid, size_t n, uint32_t step, uint32_t stream,
                       uint32_t* out, bool contiguous) {
  if (n == 0) return;
  if (contiguous) {
    philox_groups(key, uid[0] >> 2, (n + 3) / 4, step, stream, out);
    return;
  }
  uint32_t last = 0;
  Words4 w{};
  bool have = false;
  for (size_t i = 0; i < n; ++i) {
    const uint32_t g = uid[i] >> 2;
    if (!have || g != last) {
      w = philox_block(key, g, step, stream, 0);
      last = g;
      have = true;
    }
    out[i] = w[uid[i] & 3u];
  }
}

// words[k] = the word of row rows[k] (as fill_words gives it), for k < n, from only the Philox blocks
// those rows read: for a few rows of a block (those in an event's states). `counters` and `blocks`
// have room for n and 4 n values.
inline void fill_words_of(RandomKey key, const uint32_t* uid, const uint32_t* rows, size_t n,
                          uint32_t step, uint32_t stream, uint32_t* words, uint32_t* counters,
                          uint32_t* blocks) {
  size_t m = 0;
  for (size_t k = 0; k < n; ++k) {
    const uint32_t u = uid[rows[k]];
    if (m == 0 || counters[m - 1] != u >> 2) counters[m++] = u >> 2;
    words[k] = static_cast<uint32_t>(4 * (m - 1)) + (u & 3u);  // where its word will be
  }
  philox_list(key, counters, m, step, stream, blocks);
  for (size_t k = 0; k < n; ++k) words[k] = blocks[words[k]];
}

// A block's person columns copied beside it by the sweep for the rows it looks at, from the awake
// list (awake.hpp) read in order rather than gathered from the whole population: column[i -
// first_row] for row i of the block.
struct BlockColumns {
  size_t first_row = 0;
  const uint8_t* age = nullptr;  // age code at Context::now_months
  const uint16_t* area = nullptr;
  const uint8_t* sex = nullptr;
  const uint32_t* household = nullptr;
};

// Everything a code may be read from, at one time point.
struct Context {
  const People* people;
  const Households* households;
  const Areas* areas;
  const Columns* columns;
  const Model* model;
  int32_t time_point;  // t
  int32_t now_months;  // date of time point t
  const BlockColumns* block = nullptr;  // where set, person_cells reads its rows from it
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
  for (const Term& t : plan.terms) cell += static_cast<size_t>(t.index(code_of(t.source, i, c))) * t.stride;
  return cell;
}

// The state a row moves to drawing word w against its cell's W cumulative thresholds th: to[the
// number of thresholds w reaches] (to: its state's row of Transitions::to).
inline uint8_t draw_state(const uint32_t* th, uint32_t W, const uint8_t* to, uint32_t w) {
  uint32_t c = 0;
  for (uint32_t k = 0; k < W; ++k) c += w >= th[k] ? 1u : 0u;
  return to[c];
}

// The state after a step for a row in state s whose thresholds are at `cell` of its state's table,
// drawing word w.
inline uint8_t next_state(const Transitions& tr, uint32_t s, size_t cell, uint32_t w) {
  const uint32_t W = tr.width;
  return draw_state(&tr.thresholds[(tr.offset[s] + cell) * W], W, &tr.to[s * (W + 1)], w);
}

// Whether a row in state s certainly stays, judged from its plan's first variable alone (code
// `first_code`); see Transitions::still.
inline bool certainly_stays(const Transitions& tr, uint32_t s, uint32_t first_code) {
  const auto& still = tr.still[s];
  return !still.empty() && still[tr.plan[s].terms[0].index(first_code)] != 0;
}

// Row `row` enters state `to` from `from` at time point `point`: its state's and groups' entry times.
inline void mark_entry(const CompiledProcess& cp, Columns::One& col, size_t row, uint8_t from,
                       uint8_t to, int32_t point) {
  col.entered[row] = point;
  for (size_t g = 0; g < cp.group_members.size(); ++g)
    if (cp.group_members[g][to] && !cp.group_members[g][from]) col.group_entered[g][row] = point;
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

// Person cell of the result series (council x age band x sex x IMD quintile), from the area's
// council * 5 + quintile - 1 code.
inline size_t person_cell(uint16_t cq, size_t band, size_t sex) {
  const size_t council = cq / kImdQuintiles, q = cq % kImdQuintiles;
  return ((council * kAgeBands + band) * kSexCount + sex) * kImdQuintiles + q;
}

}  // namespace civicsim::process::kernel
