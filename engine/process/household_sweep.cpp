// One household process's sweep over the households for one step: events, then transitions, tallied
// by council x IMD quintile (see sweep.hpp). Households are few (0.7 million in the LCR) next to
// person-steps, so one general loop serves: the table cell from the household's codes, one Philox
// word per household and event.
#include <algorithm>

#include "engine/process/kernel.hpp"
#include "engine/process/sweep.hpp"

namespace civicsim::process {

Tally sweep_households(const SweepArgs& a) {
  const CompiledProcess& cp = a.cp;
  const Households& hh = a.population.households;
  const size_t n = hh.size(), S = cp.states.size(), E = cp.events.size();
  const size_t cq = a.cq_cells;
  const size_t blocks = (n + kernel::kBlockRows - 1) / kernel::kBlockRows;
  const kernel::Context ctx{&a.population.people, &hh, &a.population.areas, &a.columns, &a.model, a.t, a.now_months};
  const auto step = static_cast<uint32_t>(a.t);
  Columns::One& col = a.columns.process[a.q];
  const Transitions& tr = cp.transitions;
  const int32_t next_point = a.t + 1;
  uint8_t* out = cp.in_place ? col.state.data() : col.next.data();
  Tally total{std::vector<uint64_t>(S * cq, 0), std::vector<uint64_t>(S * S, 0),
              std::vector<uint64_t>(E * cq, 0), {}};
#pragma omp parallel
  {
    std::vector<uint64_t> occupancy(S * cq, 0), transitions(S * S, 0), events(E * cq, 0);
    std::vector<uint32_t> words(kernel::kBlockRows);
#pragma omp for schedule(dynamic, 4) nowait
    for (size_t b = 0; b < blocks; ++b) {
      const size_t begin = b * kernel::kBlockRows, end = std::min(n, begin + kernel::kBlockRows);
      const bool contiguous = kernel::runs_on(&hh.uid[begin], end - begin);
      for (size_t e = 0; e < E; ++e) {
        const Event& ev = cp.events[e];
        kernel::fill_words(a.key, &hh.uid[begin], end - begin, step, ev.stream, words.data(),
                           contiguous);
        for (size_t h = begin; h < end; ++h) {
          const int16_t slot = ev.slot[col.state[h]];
          if (slot < 0 || hh.living[h] == 0) continue;
          const size_t cell = slot * ev.plan.cells + kernel::household_cell_of(ev.plan, h, ctx);
          if (words[h - begin] >= ev.threshold[cell]) continue;
          CounterRng rng(a.key, hh.uid[h], step, ev.count_stream);
          events[e * cq + a.area_cq[hh.area[h]]] +=
              kernel::zero_truncated_poisson(ev.mean[cell], rng.uniform());
        }
      }
      kernel::fill_words(a.key, &hh.uid[begin], end - begin, step, cp.stream, words.data(),
                         contiguous);
      for (size_t h = begin; h < end; ++h) {
        if (hh.living[h] == 0) continue;
        const uint8_t s = col.state[h];
        const bool stays =
            !tr.still[s].empty() &&
            kernel::certainly_stays(tr, s, kernel::household_code_of(tr.plan[s].terms[0].source, h, ctx));
        const uint8_t next = stays ? s
                                   : kernel::next_state(tr, s, kernel::household_cell_of(tr.plan[s], h, ctx),
                                                        words[h - begin]);
        if (cp.in_place && next != s) kernel::mark_entry(cp, col, h, s, next, next_point);
        out[h] = next;
        ++occupancy[next * cq + a.area_cq[hh.area[h]]];
        ++transitions[s * S + next];
      }
    }
#pragma omp critical(civicsim_household_tally)
    {
      for (size_t k = 0; k < occupancy.size(); ++k) total.occupancy[k] += occupancy[k];
      for (size_t k = 0; k < transitions.size(); ++k) total.transitions[k] += transitions[k];
      for (size_t k = 0; k < events.size(); ++k) total.events[k] += events[k];
    }
  }
  return total;
}

}  // namespace civicsim::process
