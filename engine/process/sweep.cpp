// The sweep of one process over one step (see sweep.hpp).
#include "engine/process/sweep.hpp"

#include <algorithm>

#include "engine/process/kernel.hpp"

namespace civicsim::process {
namespace {

using kernel::kBlockRows;

struct Local {
  std::vector<uint32_t> occupancy, transitions;  // [copy][...]: four copies break store chains
  std::vector<uint64_t> events;
  std::vector<uint32_t> words, event_words;
  std::vector<EventRequest> requests;
  bool contiguous = false;  // this block's uids run on (kernel::runs_on)
};

// Events of block [begin, end): state at the step's start, one word each from the event's stream.
void events_block(const SweepArgs& a, size_t begin, size_t end, const kernel::Context& ctx,
                  const std::array<uint8_t, kOldestAge + 1>& band_of_age, Local& l) {
  const CompiledProcess& cp = a.cp;
  const People& p = a.population.people;
  const uint8_t* state = a.columns.process[a.q].state.data();
  const auto step = static_cast<uint32_t>(a.t);
  for (size_t e = 0; e < cp.events.size(); ++e) {
    const Event& ev = cp.events[e];
    kernel::fill_words(a.key, &p.uid[begin], end - begin, step, ev.stream, l.event_words.data(),
                       l.contiguous);
    for (size_t i = begin; i < end; ++i) {
      const int16_t slot = ev.slot[state[i]];
      if (slot < 0 || !p.alive[i]) continue;
      const size_t cell = slot * ev.plan.cells + kernel::cell_of(ev.plan, i, ctx);
      if (l.event_words[i - begin] >= ev.threshold[cell]) continue;
      CounterRng rng(a.key, p.uid[i], step, ev.count_stream);
      const uint32_t count = kernel::zero_truncated_poisson(ev.mean[cell], rng.uniform());
      const size_t band = band_of_age[kernel::age_code(p, i, a.now_months)];
      l.events[e * a.person_cells + a.area_cell[p.area[i]] +
               (band * kSexCount + p.sex[i]) * kImdQuintiles] += count;
      if (ev.service_index < 0) continue;
      const auto service = static_cast<size_t>(ev.service_index);
      if (a.columns.service_status[service][i] == kWaiting) continue;
      const auto region =
          static_cast<uint16_t>(ev.per_council ? a.area_cq[p.area[i]] / kImdQuintiles : 0);
      const auto tag = static_cast<uint32_t>(a.q << 16 | e);
      l.requests.push_back({static_cast<uint16_t>(service),
                            {p.uid[i], region, ev.priority, tag, 0, 0, static_cast<uint32_t>(i)}});
    }
  }
}

// The age band's part of the person cell, band * kSexCount * kImdQuintiles, by age in months: one
// clamp and one load per person in place of a division by 12, two clamps and the band lookup.
constexpr int32_t kMonths = 12 * (kOldestAge + 1);
using BandByMonths = std::array<uint16_t, kMonths>;

BandByMonths band_by_months(const std::array<uint8_t, kOldestAge + 1>& band_of_age) {
  BandByMonths table{};
  for (int32_t m = 0; m < kMonths; ++m)
    table[m] = static_cast<uint16_t>(band_of_age[m / 12] * kSexCount * kImdQuintiles);
  return table;
}

// Transitions that depend on the state only, in place, no groups: branch-free. kTime: keep the step
// each state was entered (only where some table reads the time in state).
// Out of line: with -march=native GCC compiles this loop ~10% faster on its own than inlined into
// the OpenMP region (no difference in portable builds).
template <uint32_t kWidth, bool kTime>
__attribute__((noinline)) void fast_block(const SweepArgs& a, size_t begin, size_t end,
                                          uint32_t width, const BandByMonths& band_by_month,
                                          Local& l) {
  const People& p = a.population.people;
  const uint32_t W = kWidth > 0 ? kWidth : width;
  const size_t S = a.cp.states.size(), pc = a.person_cells;
  uint8_t* __restrict state = a.columns.process[a.q].state.data();
  int32_t* __restrict entered = a.columns.process[a.q].entered.data();
  const uint8_t* __restrict alive = p.alive.data();
  const uint16_t* __restrict area = p.area.data();
  const int32_t* __restrict birth = p.birth_month.data();
  const uint8_t* __restrict sex = p.sex.data();
  const uint32_t* __restrict area_cell = a.area_cell.data();
  const uint16_t* __restrict band = band_by_month.data();
  const uint32_t* __restrict thr = a.cp.transitions.thresholds.data();
  const uint8_t* __restrict to = a.cp.transitions.to.data();
  const uint32_t* __restrict words = l.words.data();
  uint32_t* __restrict occ = l.occupancy.data();
  uint32_t* __restrict moves = l.transitions.data();
  const int32_t next_point = a.t + 1, next_months = a.next_months;
  for (size_t i = begin; i < end; ++i) {
    const uint32_t s = state[i], w = words[i - begin];
    const uint32_t* th = thr + s * W;
    uint32_t c = 0;
    for (uint32_t k = 0; k < W; ++k) c += w >= th[k] ? 1u : 0u;
    const uint32_t live = alive[i];
    const uint32_t moved = to[s * (W + 1) + c];  // loaded for the dead too: a select, no branch
    const uint32_t next = live ? moved : s;
    state[i] = static_cast<uint8_t>(next);
    if constexpr (kTime) {
      const int32_t keep = -static_cast<int32_t>(next == s);  // all ones when staying
      entered[i] = (entered[i] & keep) | (next_point & ~keep);
    }
    // Clamped as age_code clamps the age: below 0 counts as 0, above kOldestAge as kOldestAge.
    const int32_t months = std::clamp(next_months - birth[i], 0, kMonths - 1);
    const size_t cell = area_cell[area[i]] + band[months] + sex[i] * size_t{kImdQuintiles};
    const size_t copy = i & 3;
    occ[(copy * S + next) * pc + cell] += live;
    moves[(copy * S + s) * S + next] += live;
  }
}

template <bool kTime>
void fast_width(const SweepArgs& a, size_t begin, size_t end, uint32_t width,
                const BandByMonths& band_by_month, Local& l) {
  switch (width) {
    case 1:
      return fast_block<1, kTime>(a, begin, end, width, band_by_month, l);
    case 2:
      return fast_block<2, kTime>(a, begin, end, width, band_by_month, l);
    case 3:
      return fast_block<3, kTime>(a, begin, end, width, band_by_month, l);
    case 4:
      return fast_block<4, kTime>(a, begin, end, width, band_by_month, l);
    default:
      return fast_block<0, kTime>(a, begin, end, width, band_by_month, l);
  }
}

// Any transitions: the table cell from the person's codes; groups; in place or deferred.
void general_block(const SweepArgs& a, size_t begin, size_t end, const kernel::Context& ctx,
                   const std::array<uint8_t, kOldestAge + 1>& band_of_age, Local& l) {
  const CompiledProcess& cp = a.cp;
  const People& p = a.population.people;
  const size_t S = cp.states.size(), pc = a.person_cells;
  Columns::One& col = a.columns.process[a.q];
  const Transitions& tr = cp.transitions;
  const int32_t next_point = a.t + 1;
  uint8_t* out = cp.in_place ? col.state.data() : col.next.data();
  for (size_t i = begin; i < end; ++i) {
    if (!p.alive[i]) continue;
    const uint8_t s = col.state[i];
    const bool stays = !tr.still[s].empty() &&
                       kernel::certainly_stays(tr, s, kernel::code_of(tr.plan[s].terms[0].source, i, ctx));
    const uint8_t next =
        stays ? s : kernel::next_state(tr, s, kernel::cell_of(tr.plan[s], i, ctx), l.words[i - begin]);
    if (cp.in_place && next != s) kernel::mark_entry(cp, col, i, s, next, next_point);
    out[i] = next;
    const size_t band = band_of_age[kernel::age_code(p, i, a.next_months)];
    const size_t cell = a.area_cell[p.area[i]] + (band * kSexCount + p.sex[i]) * kImdQuintiles;
    ++l.occupancy[((i & 3) * S + next) * pc + cell];
    ++l.transitions[((i & 3) * S + s) * S + next];
  }
}

}  // namespace

Tally sweep(const SweepArgs& a) {
  const CompiledProcess& cp = a.cp;
  const People& p = a.population.people;
  const size_t n = p.size(), S = cp.states.size(), E = cp.events.size(), pc = a.person_cells;
  const size_t blocks = (n + kBlockRows - 1) / kBlockRows;
  const bool fast = cp.transitions.constant && cp.group_members.empty() && cp.in_place;
  const uint32_t width = cp.transitions.width;
  const kernel::Context ctx{&p, &a.population.households, &a.population.areas, &a.columns, &a.model, a.t, a.now_months};
  const auto band_of_age = age_band_table();
  const BandByMonths band_by_month = band_by_months(band_of_age);
  const auto step = static_cast<uint32_t>(a.t);
  Tally total{std::vector<uint64_t>(4 * S * pc, 0), std::vector<uint64_t>(S * S, 0),
              std::vector<uint64_t>(E * pc, 0), {}};
#pragma omp parallel
  {
    Local l{std::vector<uint32_t>(4 * S * pc, 0), std::vector<uint32_t>(4 * S * S, 0),
            std::vector<uint64_t>(E * pc, 0), std::vector<uint32_t>(kBlockRows),
            std::vector<uint32_t>(E > 0 ? kBlockRows : 0), {}, false};
#pragma omp for schedule(dynamic, 4) nowait
    for (size_t b = 0; b < blocks; ++b) {
      const size_t begin = b * kBlockRows, end = std::min(n, begin + kBlockRows);
      l.contiguous = kernel::runs_on(&p.uid[begin], end - begin);
      if (E > 0) events_block(a, begin, end, ctx, band_of_age, l);
      kernel::fill_words(a.key, &p.uid[begin], end - begin, step, cp.stream, l.words.data(),
                         l.contiguous);
      if (!fast) {
        general_block(a, begin, end, ctx, band_of_age, l);
        continue;
      }
      if (cp.tracks_time)
        fast_width<true>(a, begin, end, width, band_by_month, l);
      else
        fast_width<false>(a, begin, end, width, band_by_month, l);
    }
#pragma omp critical(civicsim_process_tally)
    {
      for (size_t k = 0; k < l.occupancy.size(); ++k) total.occupancy[k] += l.occupancy[k];
      for (size_t k = 0; k < l.transitions.size(); ++k)
        total.transitions[k % (S * S)] += l.transitions[k];
      for (size_t k = 0; k < l.events.size(); ++k) total.events[k] += l.events[k];
      total.requests.insert(total.requests.end(), l.requests.begin(), l.requests.end());
    }
  }
  return total;
}

}  // namespace civicsim::process
