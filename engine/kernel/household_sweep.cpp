// One household process's sweep over the households for one step: events, then transitions, tallied
// by council x IMD quintile (see sweep.hpp). One general loop serves: a block's living households
// grouped by state, their table cells computed a variable at a time (cells.hpp), one Philox word
// per household and event.
#include <algorithm>

#include "engine/kernel/cells.hpp"
#include "engine/kernel/draws.hpp"
#include "engine/kernel/group_rows.hpp"
#include "engine/kernel/internal/draw_next.hpp"
#include "engine/kernel/sweep.hpp"
#include "engine/model/row.hpp"

namespace civicsim::process::kernel {
namespace {

// Every living household of the block [begin, end) whose word keeps it in its state whatever its
// cell is tallied at once (occupancy at t + 1, four copies; its stay); the others, which may move,
// go to `some` in row order: returns how many. For a process without events, which needs no lists
// of rows by state: one pass instead of grouping every household by state.
__attribute__((noinline)) size_t settle_households(const SweepArgs& a, size_t begin, size_t end,
                                                   const uint32_t* __restrict words,
                                                   uint32_t* __restrict some,
                                                   uint32_t* __restrict occupancy,
                                                   uint32_t* __restrict transitions) {
  const size_t S = a.cp.states.size(), cq = a.cq_cells;
  const Households& hh = a.population.households;
  const uint8_t* __restrict state = a.columns.process[a.q].state.data();
  const uint16_t* __restrict living = hh.living.data();
  const uint16_t* __restrict area = hh.area.data();
  const uint16_t* __restrict area_cq = a.area_cq.data();
  const uint32_t* __restrict stay = a.cp.transitions.stay_from.data();
  size_t m = 0;
  for (size_t h = begin; h < end; ++h) {  // branch-free: a household is written, then kept or not
    const uint32_t s = state[h], copy = h & 3u;
    const uint32_t live = living[h] != 0 ? 1u : 0u;
    const uint32_t stays = live & (words[h - begin] >= stay[s] ? 1u : 0u);
    occupancy[(copy * S + s) * cq + area_cq[area[h]]] += stays;
    transitions[(copy * S + s) * S + s] += stays;
    some[m] = static_cast<uint32_t>(h);
    m += live & (stays ^ 1u);
  }
  return m;
}

}  // namespace

Tally sweep_households(const SweepArgs& a) {
  const CompiledProcess& cp = a.cp;
  const Households& hh = a.population.households;
  const size_t n = hh.size(), S = cp.states.size(), E = cp.events.size();
  const size_t cq = a.cq_cells;
  const size_t blocks = (n + kBlockRows - 1) / kBlockRows;
  const Context ctx{&a.population.people, &hh, &a.population.areas, &a.columns, &a.model, a.t,
                    a.now_months};
  const auto step = static_cast<uint32_t>(a.t);
  Columns::One& col = a.columns.process[a.q];
  const Transitions& tr = cp.transitions;
  const int32_t next_point = a.t + 1;
  uint8_t* out = cp.in_place ? col.state.data() : col.next.data();
  // Without events, the households that certainly stay are settled in one pass (settle_households)
  // unless a state is a tunnel, whose households all move.
  bool one_pass = E == 0;
  const bool billed = std::any_of(cp.events.begin(), cp.events.end(),
                                  [](const Event& e) { return e.billed_per_row; });
  for (size_t s = 0; s < S; ++s) one_pass = one_pass && reaching_all_stays(tr, s);
  Tally total{std::vector<uint64_t>(S * cq, 0),
              std::vector<uint64_t>(S * S, 0),
              std::vector<uint64_t>(E * cq, 0),
              {},
              {}};
  // An attribute's bit follows its moves after every process has drawn (phase.cpp): the few
  // households moved, rather than all of them.
  const bool note_moved = cp.attribute_bit != 0 && cp.in_place;
  // Whether each block's uids run on, found once: households never change or grow.
  std::vector<uint8_t>& runs = a.columns.household_uids_run_on;
  if (runs.size() != blocks) {
    runs.resize(blocks);
    for (size_t b = 0; b < blocks; ++b) {
      const size_t begin = b * kBlockRows;
      runs[b] = kernel::runs_on(&hh.uid[begin], std::min(n, begin + kBlockRows) - begin);
    }
  }
#pragma omp parallel
  {
    // [copy][...]: four copies, so that neighbours (one area, one state) do not wait on each other
    std::vector<uint32_t> occupancy(4 * S * cq, 0), transitions(4 * S * S, 0);
    const ThreadTally tally{occupancy.data(), transitions.data(), S, cq};
    const uint16_t* area = hh.area.data();
    const uint16_t* area_cq = a.area_cq.data();
    auto council_quintile = [area, area_cq](uint32_t h) { return area_cq[area[h]]; };
    std::vector<uint64_t> events(E * cq, 0);
    std::vector<uint32_t> words(kBlockRows), first(S + 1), rows(kBlockRows + kernel::kGroupSlack),
        some(kBlockRows), base(kBlockRows), cells(kBlockRows);
    std::vector<uint8_t> st(kBlockRows), next(kBlockRows);
    // The households an event billed per row happened to, and their cost cells.
    std::vector<uint32_t> fired_rows(billed ? kBlockRows : 0), fired_cells(fired_rows.size());
    std::vector<uint32_t> moved;
#pragma omp for schedule(dynamic, 4) nowait
    for (size_t b = 0; b < blocks; ++b) {
      const size_t begin = b * kBlockRows, end = std::min(n, begin + kBlockRows);
      const bool contiguous = runs[b] != 0;
      if (one_pass) {      // only the households that may move, grouped by state
        if (!cp.in_place)  // the others' next state is their state
          for (size_t h = begin; h < end; ++h)
            if (hh.living[h] != 0) out[h] = col.state[h];
        kernel::fill_words(a.key, &hh.uid[begin], end - begin, step, cp.stream, words.data(),
                           contiguous);
        const size_t m = settle_households(a, begin, end, words.data(), some.data(),
                                           occupancy.data(), transitions.data());
        kernel::group_by_state(col.state.data(), some.data(), m, S, st.data(), first.data(),
                               rows.data());
      } else {
        // The block's living households (st: their flags, before it serves the grouping).
        for (size_t h = begin; h < end; ++h) st[h - begin] = hh.living[h] != 0;
        const size_t living = kernel::rows_passing(st.data(), begin, end, some.data());
        kernel::group_by_state(col.state.data(), some.data(), living, S, st.data(), first.data(),
                               rows.data());
        for (size_t e = 0; e < E; ++e) {
          const Event& ev = cp.events[e];
          size_t m = 0;  // the households in the event's states
          for (size_t s = 0; s < S; ++s) {
            if (ev.slot[s] < 0) continue;
            const uint32_t slot_base = static_cast<uint32_t>(ev.slot[s]) * ev.plan.cells;
            for (uint32_t k = first[s]; k < first[s + 1]; ++k, ++m) {
              some[m] = rows[k];
              base[m] = slot_base;
            }
          }
          if (m == 0) continue;
          kernel::fill_words(a.key, &hh.uid[begin], end - begin, step, ev.stream, words.data(),
                             contiguous);
          kernel::household_cells(ev.plan, some.data(), m, ctx, cells.data());
          size_t fired = 0;  // households it happened to, where it is billed per row
          for (size_t k = 0; k < m; ++k) {
            const uint32_t h = some[k];
            const size_t cell = base[k] + cells[k];
            if (words[h - begin] >= ev.threshold[cell]) continue;
            CounterRng rng(a.key, hh.uid[h], step, ev.count_stream);
            const uint32_t count = zero_truncated_poisson(ev.mean[cell], rng.uniform());
            events[e * cq + a.area_cq[hh.area[h]]] += count;
            if (!ev.billed_per_row) continue;
            col.billed[e].count[h] = count;
            fired_rows[fired++] = h;
          }
          if (fired > 0) {  // their cost cells, at the step's start
            kernel::household_cells(ev.cost_plan, fired_rows.data(), fired, ctx,
                                    fired_cells.data());
            for (size_t k = 0; k < fired; ++k) col.billed[e].cell[fired_rows[k]] = fired_cells[k];
          }
        }
        kernel::fill_words(a.key, &hh.uid[begin], end - begin, step, cp.stream, words.data(),
                           contiguous);
      }
      for (size_t s = 0; s < S; ++s) {
        const uint32_t* in = rows.data() + first[s];
        size_t m = first[s + 1] - first[s];
        if (m == 0) continue;
        // A cell costs something: only for those that may move (settled already in one pass; all
        // move in a tunnel state).
        if (!one_pass && !tr.plan[s].terms.empty() && reaching_all_stays(tr, s)) {
          if (!cp.in_place)
            for (size_t k = 0; k < m; ++k) out[in[k]] = static_cast<uint8_t>(s);
          m = split_stayers(tr, s, in, m, words.data(), begin, council_quintile, some.data(),
                            tally);
          in = some.data();
        }
        kernel::household_cells(tr.plan[s], in, m, ctx, cells.data());
        draw_next(tr, s, in, m, cells.data(), words.data(), begin, council_quintile, next.data(),
                  tally);
        for (size_t k = 0; k < m; ++k) {
          const uint32_t h = in[k];
          if (cp.in_place && next[k] != s) {
            mark_entry(cp, col, h, static_cast<uint8_t>(s), next[k], next_point);
            if (note_moved) moved.push_back(h);
          }
          out[h] = next[k];
        }
      }
    }
#pragma omp critical(civicsim_household_tally)
    {
      for (size_t k = 0; k < occupancy.size(); ++k) total.occupancy[k % (S * cq)] += occupancy[k];
      for (size_t k = 0; k < transitions.size(); ++k)
        total.transitions[k % (S * S)] += transitions[k];
      for (size_t k = 0; k < events.size(); ++k) total.events[k] += events[k];
      total.moved.insert(total.moved.end(), moved.begin(), moved.end());
    }
  }
  return total;
}

}  // namespace civicsim::process::kernel
