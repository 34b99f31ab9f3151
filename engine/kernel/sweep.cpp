// The sweep of one process over one step (see sweep.hpp).
#include "engine/kernel/sweep.hpp"

#include <algorithm>

#include "engine/kernel/cells.hpp"
#include "engine/kernel/draws.hpp"
#include "engine/kernel/group_rows.hpp"
#include "engine/kernel/internal/rest.hpp"
#include "engine/model/row.hpp"

namespace civicsim::process::kernel {
namespace {

// A thread's tallies and scratch, for a process of S states, E events and pc person cells.
struct Local {
  Local(size_t S, size_t E, size_t pc)
      : occupancy(4 * S * pc, 0),
        transitions(4 * S * S, 0),
        events(E * pc, 0),
        words(kBlockRows),
        event_words(E > 0 ? kBlockRows : 0),
        rows(kBlockRows + kernel::kGroupSlack),
        first(S + 1),
        some(kBlockRows),
        base(kBlockRows),
        cells(kBlockRows),
        st(kBlockRows),
        next(kBlockRows),
        age(kBlockRows),
        sex(kBlockRows),
        area(kBlockRows),
        household(kBlockRows),
        strata(kBlockRows),
        counters(E > 0 ? kBlockRows : 0),
        blocks(E > 0 ? 4 * kBlockRows : 0) {
    block.age = age.data();
    block.area = area.data();
    block.sex = sex.data();
    block.household = household.data();
  }
  std::vector<uint32_t> occupancy, transitions;  // [copy][...]: four copies break store chains
  std::vector<uint64_t> events;
  std::vector<uint32_t> words, event_words;
  std::vector<EventRequest> requests;
  // The block's living rows that are not resting, grouped by state at the step's start: state s
  // holds rows[first[s] .. first[s + 1]), in row order.
  std::vector<uint32_t> rows, first;
  std::vector<uint32_t> some, base, cells;  // a subset of rows, with their slot bases and cells
  std::vector<uint8_t> st;                  // scratch of group_by_state
  std::vector<uint8_t> next;                // the next states of a state's rows (draw_next)
  // By row - begin, for the rows gather_rows looked at: their own columns (`block` points at them)
  // and their person cells at t + 1 less the state's part.
  std::vector<uint8_t> age, sex;
  std::vector<uint16_t> area;
  std::vector<uint32_t> household, strata;
  kernel::BlockColumns block;
  std::vector<uint32_t> counters, blocks;  // scratch of event words
  bool contiguous = false;                 // this block's uids run on (kernel::runs_on)
};

// Events of the block from `begin`, for its rows l.rows: state at the step's start, one word each
// from the event's stream.
void events_block(const SweepArgs& a, size_t begin, size_t end, const Context& ctx,
                  const std::array<uint8_t, kOldestAge + 1>& band_of_age, Local& l) {
  const CompiledProcess& cp = a.cp;
  const People& p = a.population.people;
  const size_t S = cp.states.size();
  const auto step = static_cast<uint32_t>(a.t);
  for (size_t e = 0; e < cp.events.size(); ++e) {
    const Event& ev = cp.events[e];
    size_t n = 0;  // the rows in the event's states
    for (size_t s = 0; s < S; ++s) {
      if (ev.slot[s] < 0) continue;
      const uint32_t base = static_cast<uint32_t>(ev.slot[s]) * ev.plan.cells;
      for (uint32_t k = l.first[s]; k < l.first[s + 1]; ++k, ++n) {
        l.some[n] = l.rows[k];
        l.base[n] = base;
      }
    }
    if (n == 0) continue;
    uint32_t* words = l.event_words.data();  // by k
    if (8 * n < end - begin) {               // few rows: only their blocks
      kernel::fill_words_of(a.key, p.uid.data(), l.some.data(), n, step, ev.stream, words,
                            l.counters.data(), l.blocks.data());
    } else {
      kernel::fill_words(a.key, &p.uid[begin], end - begin, step, ev.stream, l.blocks.data(),
                         l.contiguous);
      for (size_t k = 0; k < n; ++k) words[k] = l.blocks[l.some[k] - begin];
    }
    kernel::person_cells(ev.plan, l.some.data(), n, ctx, l.cells.data());
    for (size_t k = 0; k < n; ++k) {
      const uint32_t i = l.some[k];
      const size_t cell = l.base[k] + l.cells[k];
      if (words[k] >= ev.threshold[cell]) continue;
      CounterRng rng(a.key, p.uid[i], step, ev.count_stream);
      const uint32_t count = zero_truncated_poisson(ev.mean[cell], rng.uniform());
      const size_t j = i - begin;  // its columns in the block (gather_rows)
      const size_t band = band_of_age[l.age[j]];
      l.events[e * a.person_cells + a.area_cell[l.area[j]] +
               (band * kSexCount + l.sex[j]) * kImdQuintiles] += count;
      if (ev.service_index < 0) continue;
      const auto service = static_cast<size_t>(ev.service_index);
      if (a.columns.service_status[service][i] == kWaiting) continue;
      const auto region =
          static_cast<uint16_t>(ev.per_council ? a.area_cq[l.area[j]] / kImdQuintiles : 0);
      const auto tag = static_cast<uint32_t>(a.q << 16 | e);
      l.requests.push_back({static_cast<uint16_t>(service),
                            {p.uid[i], region, ev.priority, tag, 0, 0, static_cast<uint32_t>(i)}});
    }
  }
}

// The age band's part of the person cell, band * kSexCount * kImdQuintiles, by age in months: one
// clamp and one load per person in place of a division by 12, two clamps and the band lookup.
using BandByMonths = std::array<uint16_t, kAgeMonths>;

BandByMonths band_by_months(const std::array<uint8_t, kOldestAge + 1>& band_of_age) {
  BandByMonths table{};
  for (int32_t m = 0; m < kAgeMonths; ++m)
    table[m] = static_cast<uint16_t>(band_of_age[m / 12] * kSexCount * kImdQuintiles);
  return table;
}

// The thresholds of the fast loop at step t: state s's `width` thresholds at s * width, from the
// cell its plan gives every row at this step (fast_sweep: plans read only the cycle, if anything).
std::vector<uint32_t> step_thresholds(const Transitions& tr, const Context& ctx) {
  const size_t S = tr.plan.size(), W = tr.width;
  std::vector<uint32_t> out(S * W);
  for (size_t s = 0; s < S; ++s) {
    size_t cell = 0;
    for (const Term& term : tr.plan[s].terms)
      cell += size_t{term.index(code_of(term.source, 0, ctx))} * term.stride;  // no row is read
    // data(), not [ ]: a process without moves has width 0 and empty tables
    std::copy_n(tr.thresholds.data() + (tr.offset[s] + cell) * W, W, out.data() + s * W);
  }
  return out;
}

// Transitions that depend on the state (and the step) only, in place, no groups: branch-free, from
// the step's thresholds `thr` (step_thresholds). kTime: keep the step each state was entered (only
// where some table reads the time in state).
// Out of line: with -march=native GCC compiles this loop ~10% faster on its own than inlined into
// the OpenMP region (no difference in portable builds).
template <uint32_t kWidth, bool kTime>
__attribute__((noinline)) void fast_block(const SweepArgs& a, size_t begin, size_t end,
                                          uint32_t width, const uint32_t* thresholds,
                                          const BandByMonths& band_by_month, Local& l) {
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
  const uint32_t* __restrict thr = thresholds;
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
    const int32_t months = std::clamp(next_months - birth[i], 0, kAgeMonths - 1);
    const size_t cell = area_cell[area[i]] + band[months] + sex[i] * size_t{kImdQuintiles};
    const size_t copy = i & 3;
    occ[(copy * S + next) * pc + cell] += live;
    moves[(copy * S + s) * S + next] += live;
  }
}

template <bool kTime>
void fast_width(const SweepArgs& a, size_t begin, size_t end, uint32_t width, const uint32_t* thr,
                const BandByMonths& band_by_month, Local& l) {
  switch (width) {
    case 1:
      return fast_block<1, kTime>(a, begin, end, width, thr, band_by_month, l);
    case 2:
      return fast_block<2, kTime>(a, begin, end, width, thr, band_by_month, l);
    case 3:
      return fast_block<3, kTime>(a, begin, end, width, thr, band_by_month, l);
    case 4:
      return fast_block<4, kTime>(a, begin, end, width, thr, band_by_month, l);
    default:
      return fast_block<0, kTime>(a, begin, end, width, thr, band_by_month, l);
  }
}

// l.next[k] = the state after the step of row rows[k] (k < n, all in state s), from its word and
// table cell l.cells[k]; its occupancy at t + 1 (cell from l.strata, four copies) and its move
// tallied (in the first copy). Restrict pointers in a function of its own: a byte stored through a
// plain pointer makes GCC reload every column pointer for the next row.
__attribute__((noinline)) void draw_next(const SweepArgs& a, size_t s,
                                         const uint32_t* __restrict rows, size_t n, size_t begin,
                                         Local& l) {
  const Transitions& tr = a.cp.transitions;
  const size_t S = a.cp.states.size(), pc = a.person_cells;
  const uint32_t W = tr.width;
  const uint32_t* __restrict th = &tr.thresholds[size_t{tr.offset[s]} * W];
  const uint8_t* __restrict to = &tr.to[s * (W + 1)];
  const uint32_t* __restrict cells = l.cells.data();
  const uint32_t* __restrict words = l.words.data();
  const uint32_t* __restrict strata = l.strata.data();
  uint8_t* __restrict next = l.next.data();
  uint32_t* __restrict occ = l.occupancy.data();
  uint32_t* __restrict moves = l.transitions.data();
  uint32_t left = 0;  // rows that leave s (few): the others' stays are counted at once
  for (size_t k = 0; k < n; ++k) {
    const uint32_t i = rows[k];
    const uint32_t to_state = draw_state(th + size_t{cells[k]} * W, W, to, words[i - begin]);
    next[k] = static_cast<uint8_t>(to_state);
    ++occ[((i & 3) * S + to_state) * pc + strata[i - begin]];
    if (to_state != s) {
      ++moves[s * S + to_state];
      ++left;
    }
  }
  moves[s * S + s] += static_cast<uint32_t>(n) - left;
}

// Of the n rows `rows` (all in state s), those whose word may move them (below stay_from[s]) to
// l.some, returning how many; the others stay whatever their cell, so it is not computed: their
// occupancy at t + 1 is tallied here (four copies), their stays in the first copy.
__attribute__((noinline)) size_t split_stayers(const SweepArgs& a, size_t s,
                                               const uint32_t* __restrict rows, size_t n,
                                               size_t begin, Local& l) {
  const size_t S = a.cp.states.size(), pc = a.person_cells;
  const uint32_t stay = a.cp.transitions.stay_from[s];
  const uint32_t* __restrict words = l.words.data();
  const uint32_t* __restrict strata = l.strata.data();
  uint32_t* __restrict some = l.some.data();
  uint32_t* __restrict occ = l.occupancy.data();
  size_t m = 0;
  for (size_t k = 0; k < n; ++k) {  // branch-free: a row is written, then kept or not
    const uint32_t i = rows[k];
    const uint32_t stays = words[i - begin] >= stay ? 1u : 0u;
    occ[((i & 3) * S + s) * pc + strata[i - begin]] += stays;
    some[m] = i;
    m += stays ^ 1u;
  }
  l.transitions[s * S + s] += static_cast<uint32_t>(n - m);
  return m;
}

// Any transitions, for the rows l.rows of the block from `begin`, state by state: the table cells
// from the persons' codes, for the rows whose word may move them; groups; in place or deferred.
void general_block(const SweepArgs& a, size_t begin, const Context& ctx, Local& l) {
  const CompiledProcess& cp = a.cp;
  const size_t S = cp.states.size();
  Columns::One& col = a.columns.process[a.q];
  const Transitions& tr = cp.transitions;
  const int32_t next_point = a.t + 1;
  uint8_t* out = cp.in_place ? col.state.data() : col.next.data();
  for (size_t s = 0; s < S; ++s) {
    const uint32_t* rows = l.rows.data() + l.first[s];
    size_t n = l.first[s + 1] - l.first[s];
    if (n == 0) continue;
    // A cell costs something: only for rows that may move (every row of a tunnel state moves).
    if (!tr.plan[s].terms.empty() && reaching_all_stays(tr, s)) {
      if (!cp.in_place)
        for (size_t k = 0; k < n; ++k) out[rows[k]] = static_cast<uint8_t>(s);
      n = split_stayers(a, s, rows, n, begin, l);
      rows = l.some.data();
    }
    kernel::person_cells(tr.plan[s], rows, n, ctx, l.cells.data());
    draw_next(a, s, rows, n, begin, l);
    for (size_t k = 0; k < n; ++k) {
      const uint32_t i = rows[k];
      const uint8_t next = l.next[k];
      if (cp.in_place && next != s)
        mark_entry(cp, col, i, static_cast<uint8_t>(s), next, next_point);
      out[i] = next;
    }
  }
}

// Rows resting in state r, by cell: the living less the rows swept (in any copy and state).
void add_resting(size_t r, const std::vector<uint32_t>& living, size_t S, Tally& total) {
  const size_t pc = living.size();
  for (size_t c = 0; c < pc; ++c) {
    uint64_t swept = 0;
    for (size_t k = 0; k < 4 * S; ++k) swept += total.occupancy[k * pc + c];
    total.occupancy[r * pc + c] += living[c] - swept;
    total.transitions[r * S + r] += living[c] - swept;
  }
}

// l.rows and l.first: the living rows of block b, [begin, end), by state, less those resting in
// state `rest` (none if -1). With a rest state, only the block's rows listed awake are looked at.
// Every row looked at has its own columns copied to l.block (from the awake list, in order) and its
// person cell at t + 1 less the state's part to l.strata: read there by row - begin.
void gather_rows(const SweepArgs& a, size_t b, size_t begin, size_t end, int rest,
                 const std::array<uint8_t, kAgeMonths>& resting, const BandByMonths& band_by_month,
                 Local& l) {
  const People& p = a.population.people;
  const uint8_t* __restrict state = a.columns.process[a.q].state.data();
  const uint32_t* __restrict area_cell = a.area_cell.data();
  const uint16_t* __restrict band = band_by_month.data();
  uint32_t* __restrict some = l.some.data();
  uint8_t* __restrict age = l.age.data();
  uint16_t* __restrict area = l.area.data();
  uint8_t* __restrict sex = l.sex.data();
  uint32_t* __restrict household = l.household.data();
  uint32_t* __restrict strata = l.strata.data();
  size_t count = 0;
  const auto r = static_cast<uint32_t>(rest);  // no state when -1
  // Branch-free: a row is written, then kept or not.
  auto look = [&](uint32_t i, int32_t born, uint16_t its_area, uint8_t its_sex,
                  uint32_t its_household, uint32_t living) {
    const size_t j = i - begin;
    const int32_t months = std::clamp(a.now_months - born, 0, kAgeMonths - 1);
    const int32_t next_months = std::clamp(a.next_months - born, 0, kAgeMonths - 1);
    age[j] = static_cast<uint8_t>(months / 12);  // as age_code
    area[j] = its_area;
    sex[j] = its_sex;
    household[j] = its_household;
    strata[j] = area_cell[its_area] + band[next_months] + its_sex * uint32_t{kImdQuintiles};
    const uint32_t rests = (state[i] == r ? 1u : 0u) & resting[months];
    some[count] = i;
    count += living & (rests ^ 1u);
  };
  if (rest >= 0 && a.awake != nullptr) {  // listed rows are living
    const AwakeRows& w = *a.awake;
    for (uint32_t k = w.first[b]; k < w.end[b]; ++k)
      look(w.rows[k], w.birth[k], w.area[k], w.sex[k], w.household[k], 1u);
  } else {
    for (size_t i = begin; i < end; ++i)
      look(static_cast<uint32_t>(i), p.birth_month[i], p.area[i], p.sex[i], p.household[i],
           p.alive[i]);
  }
  kernel::group_by_state(state, some, count, l.first.size() - 1, l.st.data(), l.first.data(),
                         l.rows.data());
}

}  // namespace

bool takes_fast_loop(const CompiledProcess& cp) { return fast_sweep(cp); }

Tally sweep(const SweepArgs& a) {
  const CompiledProcess& cp = a.cp;
  const People& p = a.population.people;
  const size_t n = p.size(), S = cp.states.size(), E = cp.events.size(), pc = a.person_cells;
  const size_t blocks = (n + kBlockRows - 1) / kBlockRows;
  const bool fast = fast_sweep(cp);
  const uint32_t width = cp.transitions.width;
  const Context ctx{
      &p, &a.population.households, &a.population.areas, &a.columns, &a.model, a.t, a.now_months};
  const auto band_of_age = age_band_table();
  const BandByMonths band_by_month = band_by_months(band_of_age);
  const auto step = static_cast<uint32_t>(a.t);
  const int rest = fast || a.living == nullptr ? -1 : rest_state(cp);
  const auto resting = resting_by_months(cp.transitions, rest);
  const std::vector<uint32_t> thresholds =
      fast ? step_thresholds(cp.transitions, ctx) : std::vector<uint32_t>{};
  Tally total{std::vector<uint64_t>(4 * S * pc, 0),
              std::vector<uint64_t>(S * S, 0),
              std::vector<uint64_t>(E * pc, 0),
              {},
              {}};
#pragma omp parallel
  {
    Local l(S, E, pc);
#pragma omp for schedule(dynamic, 4) nowait
    for (size_t b = 0; b < blocks; ++b) {
      const size_t begin = b * kBlockRows, end = std::min(n, begin + kBlockRows);
      l.contiguous = a.columns.uids_checked == n ? a.columns.uids_run_on[b] != 0
                                                 : kernel::runs_on(&p.uid[begin], end - begin);
      Context block_ctx = ctx;  // with the columns gather_rows copied
      l.block.first_row = begin;
      block_ctx.block = &l.block;
      if (E > 0 || !fast) gather_rows(a, b, begin, end, rest, resting, band_by_month, l);
      if (E > 0) events_block(a, begin, end, block_ctx, band_of_age, l);
      if (!fast) {
        if (l.first[S] == 0) continue;
        kernel::fill_words(a.key, &p.uid[begin], end - begin, step, cp.stream, l.words.data(),
                           l.contiguous);
        general_block(a, begin, block_ctx, l);
        continue;
      }
      kernel::fill_words(a.key, &p.uid[begin], end - begin, step, cp.stream, l.words.data(),
                         l.contiguous);
      if (cp.tracks_time)
        fast_width<true>(a, begin, end, width, thresholds.data(), band_by_month, l);
      else
        fast_width<false>(a, begin, end, width, thresholds.data(), band_by_month, l);
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
  if (rest >= 0) add_resting(static_cast<size_t>(rest), *a.living, S, total);
  return total;
}

}  // namespace civicsim::process::kernel
