// Table cells of many rows at once (IndexPlan, compiled.hpp): one term at a time over a list of
// rows, so the switch on the variable's kind runs once per term rather than once per row, and the
// loads of different rows (a newborn's household, far from its own row) overlap. Gives exactly
// cell_of / household_cell_of (engine/model/row.hpp); the action phase uses it too.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <type_traits>

#include "engine/model/row.hpp"
#include "engine/population/population.hpp"

namespace civicsim::process::kernel {

// A block's person columns for the rows the sweep looks at: copied beside it from the awake list
// (awake.hpp), read in order rather than gathered from the whole population, or the population's
// own from the block's first row: column[i - first_row] for row i of the block.
struct BlockColumns {
  size_t first_row = 0;
  const uint8_t* age = nullptr;  // age code at Context::now_months
  const uint16_t* area = nullptr;
  const uint8_t* sex = nullptr;
  const uint32_t* household = nullptr;
};

// cells[k] += class of code(rows[k]) x stride, for k < n. `where(i)`, where given, is the address
// code(i) reads, fetched some rows ahead: rows scattered over a large column would otherwise each
// wait on memory in turn.
template <class Code, class Where = std::nullptr_t>
inline void add_term(const Term& t, const uint32_t* rows, size_t n, uint32_t* cells, Code code,
                     Where where = nullptr) {
  constexpr size_t kAhead = 16;
  auto fetch_ahead = [&](size_t k) {
    if constexpr (!std::is_same_v<Where, std::nullptr_t>)
      if (k + kAhead < n) __builtin_prefetch(where(rows[k + kAhead]));
  };
  const uint32_t stride = t.stride;
  if (t.class_of.empty()) {
    for (size_t k = 0; k < n; ++k) {
      fetch_ahead(k);
      cells[k] += code(rows[k]) * stride;
    }
    return;
  }
  const uint16_t* cls = t.class_of.data();
  for (size_t k = 0; k < n; ++k) {
    fetch_ahead(k);
    cells[k] += cls[code(rows[k])] * stride;
  }
}

// cells[k] = cell_of(plan, rows[k], c) for person rows rows[k], k < n. A person's own columns come
// from c.block where it is set (row i at i - first_row), else from the population.
inline void person_cells(const IndexPlan& plan, const uint32_t* rows, size_t n, const Context& c,
                         uint32_t* cells) {
  std::fill(cells, cells + n, 0u);
  const People& p = *c.people;
  const BlockColumns* b = c.block;
  const size_t first = b ? b->first_row : 0;
  const uint16_t* area = b ? b->area : p.area.data();
  const uint8_t* sex = b ? b->sex : p.sex.data();
  const uint32_t* household = b ? b->household : p.household.data();
  for (const Term& t : plan.terms) {
    const CodeSource& s = t.source;
    switch (s.kind) {
      case CodeKind::kAge: {
        if (b) {
          const uint8_t* age = b->age;
          add_term(t, rows, n, cells, [=](uint32_t i) { return uint32_t{age[i - first]}; });
          break;
        }
        const int32_t* birth = p.birth_month.data();
        const int32_t now = c.now_months;
        add_term(
            t, rows, n, cells,
            [=](uint32_t i) {
              return static_cast<uint32_t>(std::clamp((now - birth[i]) / 12, 0, kOldestAge));
            },
            [=](uint32_t i) { return &birth[i]; });
        break;
      }
      case CodeKind::kSex:
        add_term(t, rows, n, cells, [=](uint32_t i) { return uint32_t{sex[i - first]}; });
        break;
      case CodeKind::kArea:
        add_term(t, rows, n, cells, [=](uint32_t i) { return uint32_t{area[i - first]}; });
        break;
      case CodeKind::kCouncil:
      case CodeKind::kImdQuintile:
      case CodeKind::kImdDecile: {
        const AreaColumn a = area_column(s.kind, *c.areas);
        add_term(t, rows, n, cells,
                 [=](uint32_t i) { return a.column[area[i - first]] - a.first; });
        break;
      }
      case CodeKind::kCondition: {
        const uint8_t* condition = c.households->condition.data();
        add_term(
            t, rows, n, cells, [=](uint32_t i) { return condition[household[i - first]] & 15u; },
            [=](uint32_t i) { return &condition[household[i - first]]; });
        break;
      }
      case CodeKind::kState: {
        const uint8_t* state = c.columns->process[s.process].state.data();
        if (s.household) {
          add_term(t, rows, n, cells,
                   [=](uint32_t i) { return uint32_t{state[household[i - first]]}; });
        } else {
          add_term(
              t, rows, n, cells, [=](uint32_t i) { return uint32_t{state[i]}; },
              [=](uint32_t i) { return &state[i]; });
        }
        break;
      }
      case CodeKind::kIntervention: {
        const int16_t* at = c.columns->received_at[s.process].data();
        const int32_t point = c.time_point;
        if (s.household) {
          add_term(t, rows, n, cells,
                   [=](uint32_t i) { return receipt_code(at[household[i - first]], point); });
        } else {
          add_term(
              t, rows, n, cells, [=](uint32_t i) { return receipt_code(at[i], point); },
              [=](uint32_t i) { return &at[i]; });
        }
        break;
      }
      default:
        add_term(t, rows, n, cells, [&](uint32_t i) { return code_of(s, i, c); });
    }
  }
}

// cells[k] = household_cell_of(plan, rows[k], c) for household rows rows[k], k < n.
inline void household_cells(const IndexPlan& plan, const uint32_t* rows, size_t n, const Context& c,
                            uint32_t* cells) {
  std::fill(cells, cells + n, 0u);
  const Households& hh = *c.households;
  for (const Term& t : plan.terms) {
    switch (t.source.kind) {
      case CodeKind::kArea: {
        const uint16_t* area = hh.area.data();
        add_term(t, rows, n, cells, [=](uint32_t h) { return uint32_t{area[h]}; });
        break;
      }
      case CodeKind::kCouncil:
      case CodeKind::kImdQuintile:
      case CodeKind::kImdDecile: {
        const uint16_t* area = hh.area.data();
        const AreaColumn a = area_column(t.source.kind, *c.areas);
        add_term(t, rows, n, cells, [=](uint32_t h) { return a.column[area[h]] - a.first; });
        break;
      }
      case CodeKind::kTenure: {
        const uint8_t* tenure = hh.tenure.data();
        add_term(t, rows, n, cells, [=](uint32_t h) { return uint32_t{tenure[h]}; });
        break;
      }
      case CodeKind::kCondition: {
        const uint8_t* condition = hh.condition.data();
        add_term(t, rows, n, cells, [=](uint32_t h) { return condition[h] & 15u; });
        break;
      }
      case CodeKind::kIntervention: {
        const int16_t* at = c.columns->received_at[t.source.process].data();
        const int32_t point = c.time_point;
        add_term(t, rows, n, cells, [=](uint32_t h) { return receipt_code(at[h], point); });
        break;
      }
      default:
        add_term(t, rows, n, cells, [&](uint32_t h) { return household_code_of(t.source, h, c); });
    }
  }
}

}  // namespace civicsim::process::kernel
