// The model's step of one process, row by row (step.hpp says what it computes). Plain on purpose:
// no blocks, no grouping, no batched draws, no skipped rows; one thread. The optimised kernel
// must give exactly this.
#include <array>
#include <cstddef>
#include <cstdint>

#include "engine/model/row.hpp"
#include "engine/model/step.hpp"

namespace civicsim::process {
namespace {

Tally empty_tally(size_t S, size_t E, size_t cells) {
  return Tally{std::vector<uint64_t>(S * cells, 0),
               std::vector<uint64_t>(S * S, 0),
               std::vector<uint64_t>(E * cells, 0),
               {},
               {}};
}

// The row's events in state s (step 1 of step.hpp), counted in `cell` of each event's tally; an
// event billed per row notes the row's count and cost cell.
template <class CellOf, class OnEvent>
void row_events(const SweepArgs& a, size_t row, uint32_t uid, uint32_t s, size_t cell, size_t cells,
                CellOf cell_in_plan, OnEvent on_event, Tally& tally) {
  const auto step = static_cast<uint32_t>(a.t);
  for (size_t e = 0; e < a.cp.events.size(); ++e) {
    const Event& ev = a.cp.events[e];
    if (ev.slot[s] < 0) continue;
    const size_t table_cell =
        static_cast<size_t>(ev.slot[s]) * ev.plan.cells + cell_in_plan(ev.plan);
    if (row_word(a.key, uid, step, ev.stream) >= ev.threshold[table_cell]) continue;
    CounterRng rng(a.key, uid, step, ev.count_stream);
    const uint32_t count = zero_truncated_poisson(ev.mean[table_cell], rng.uniform());
    tally.events[e * cells + cell] += count;
    if (ev.billed_per_row) {
      Columns::One::Billed& billed = a.columns.process[a.q].billed[e];
      billed.count[row] = count;
      billed.cell[row] = static_cast<uint32_t>(cell_in_plan(ev.cost_plan));
    }
    on_event(e);
  }
}

// The row's move from state s (step 2), written to its columns; returns the state after the step.
uint8_t row_move(const SweepArgs& a, size_t row, uint32_t uid, uint8_t s, size_t table_cell) {
  const CompiledProcess& cp = a.cp;
  Columns::One& col = a.columns.process[a.q];
  const uint32_t w = row_word(a.key, uid, static_cast<uint32_t>(a.t), cp.stream);
  const uint8_t next = next_state(cp.transitions, s, table_cell, w);
  if (cp.in_place) {
    if (next != s) mark_entry(cp, col, row, s, next, a.t + 1);
    col.state[row] = next;
  } else {
    col.next[row] = next;
  }
  return next;
}

}  // namespace

Tally reference_sweep(const SweepArgs& a) {
  const CompiledProcess& cp = a.cp;
  const People& p = a.population.people;
  const size_t S = cp.states.size(), pc = a.person_cells;
  const Context ctx{
      &p, &a.population.households, &a.population.areas, &a.columns, &a.model, a.t, a.now_months};
  const auto band_of_age = age_band_table();
  Tally tally = empty_tally(S, cp.events.size(), pc);
  const std::vector<uint8_t>& state = a.columns.process[a.q].state;
  for (size_t i = 0; i < p.size(); ++i) {
    if (!p.alive[i]) continue;
    const uint8_t s = state[i];
    const uint16_t cq = a.area_cq[p.area[i]];
    const size_t cell_now = person_cell(cq, band_of_age[age_code(p, i, a.now_months)], p.sex[i]);
    auto request = [&](size_t e) {  // a person event that asks a service
      const Event& ev = cp.events[e];
      if (ev.service_index < 0) return;
      const auto service = static_cast<size_t>(ev.service_index);
      if (a.columns.service_status[service][i] == kWaiting) return;
      const auto region = static_cast<uint16_t>(ev.per_council ? cq / kImdQuintiles : 0);
      const auto tag = static_cast<uint32_t>(a.q << 16 | e);
      tally.requests.push_back(
          {static_cast<uint16_t>(service),
           {p.uid[i], region, ev.priority, tag, 0, 0, static_cast<uint32_t>(i)}});
    };
    row_events(
        a, i, p.uid[i], s, cell_now, pc,
        [&](const IndexPlan& plan) { return cell_of(plan, i, ctx); }, request, tally);
    const uint8_t next = row_move(a, i, p.uid[i], s, cell_of(cp.transitions.plan[s], i, ctx));
    const size_t cell_next = person_cell(cq, band_of_age[age_code(p, i, a.next_months)], p.sex[i]);
    ++tally.occupancy[next * pc + cell_next];
    ++tally.transitions[s * S + next];
  }
  return tally;
}

Tally reference_sweep_households(const SweepArgs& a) {
  const CompiledProcess& cp = a.cp;
  const Households& hh = a.population.households;
  const size_t S = cp.states.size(), cells = a.cq_cells;
  const Context ctx{&a.population.people, &hh, &a.population.areas, &a.columns, &a.model, a.t,
                    a.now_months};
  Tally tally = empty_tally(S, cp.events.size(), cells);
  const std::vector<uint8_t>& state = a.columns.process[a.q].state;
  for (size_t h = 0; h < hh.size(); ++h) {
    if (hh.living[h] == 0) continue;
    const uint8_t s = state[h];
    const size_t cell = a.area_cq[hh.area[h]];
    row_events(
        a, h, hh.uid[h], s, cell, cells,
        [&](const IndexPlan& plan) { return household_cell_of(plan, h, ctx); }, [](size_t) {},
        tally);
    const uint8_t next =
        row_move(a, h, hh.uid[h], s, household_cell_of(cp.transitions.plan[s], h, ctx));
    // An attribute's bit follows its moves after every process has drawn (the phase writes it).
    if (cp.attribute_bit != 0 && cp.in_place && next != s)
      tally.moved.push_back(static_cast<uint32_t>(h));
    ++tally.occupancy[next * cells + cell];
    ++tally.transitions[s * S + next];
  }
  return tally;
}

}  // namespace civicsim::process
