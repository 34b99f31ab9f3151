// The sweep of one process over one step (see sweep.hpp).
#include "engine/kernel/sweep.hpp"

#include <algorithm>
#include <memory>

#include "engine/kernel/cells.hpp"
#include "engine/kernel/draws.hpp"
#include "engine/kernel/group_rows.hpp"
#include "engine/kernel/internal/draw_next.hpp"
#include "engine/kernel/internal/rest.hpp"
#include "engine/model/row.hpp"

namespace civicsim::process::kernel {
namespace {

// Room for n values, not zero-filled: scratch whose every value is written before it is read (a
// thread's scratch is made for each sweep, half a megabyte of it).
template <class T>
class Room {
 public:
  explicit Room(size_t n) : values_(n > 0 ? new T[n] : nullptr) {}
  T* data() const { return values_.get(); }
  T& operator[](size_t i) const { return values_[i]; }

 private:
  std::unique_ptr<T[]> values_;
};

// No row settles as gather_rows looks at it (settle_from): no word reaches it.
constexpr uint64_t kNeverSettles = uint64_t{1} << 32;

// A thread's tallies and scratch, for a process of S states, E events and pc person cells.
struct Local {
  Local(size_t S, size_t E, size_t pc, bool billed)
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
        blocks(E > 0 ? 4 * kBlockRows : 0),
        at(E > 0 ? kBlockRows : 0),
        fired(billed ? kBlockRows : 0),
        fired_cells(billed ? kBlockRows : 0),
        listed(E > 0 ? kBlockRows : 0) {
    block.age = age.data();  // gather_rows points the other columns for each block
  }
  std::vector<uint32_t> occupancy, transitions;  // [copy][...]: four copies break store chains
  std::vector<uint64_t> events;
  Room<uint32_t> words, event_words;
  std::vector<EventRequest> requests;
  // The block's living rows that are not resting, grouped by state at the step's start: state s
  // holds rows[first[s] .. first[s + 1]), in row order.
  Room<uint32_t> rows;
  std::vector<uint32_t> first;
  Room<uint32_t> some, base, cells;  // a subset of rows, with their slot bases and cells
  Room<uint8_t> st;                  // scratch of group_by_state
  Room<uint8_t> next;                // the next states of a state's rows (draw_next)
  // By row - begin, for the rows gather_rows looked at: their age codes, their own columns where
  // they come from the awake list (`block` points at these, or at the population's own), and
  // their person cells at t + 1 less the state's part.
  Room<uint8_t> age, sex;
  Room<uint16_t> area;
  Room<uint32_t> household, strata;
  kernel::BlockColumns block;
  Room<uint32_t> counters, blocks;    // scratch of event words
  Room<uint32_t> at;                  // where each listed row's word is among `blocks`
  Room<uint32_t> fired, fired_cells;  // rows an event billed per row happened to, their cost cells
  Room<uint8_t> listed;               // by row - begin: note_listed
  bool listed_noted = false;          // `listed` is this block's
  size_t listed_for = 0;              // the event whose rows' counters `counters` holds
  bool contiguous = false;            // this block's uids run on (kernel::runs_on)
};

// By state, the least word with which a row looked at is settled as it is looked at: it stays
// whatever its cell, and needs no list (no event in the state): Transitions::stay_from there, else
// kNeverSettles. Only for the general loop, updating in place.
std::vector<uint64_t> settle_from(const CompiledProcess& cp, bool fast) {
  std::vector<uint64_t> out(cp.states.size(), kNeverSettles);
  if (fast || !cp.in_place) return out;
  for (size_t s = 0; s < out.size(); ++s)
    if (std::all_of(cp.events.begin(), cp.events.end(),
                    [&](const Event& e) { return e.slot[s] < 0; }))
      out[s] = reaching_all_stays(cp.transitions, s) ? cp.transitions.stay_from[s] : kNeverSettles;
  return out;
}

// What a sweep works out once for all its blocks: band_part_by_months() and the rest state's
// resting_by_months as 32-bit values (look_at_own_rows: AVX-512 gathers no narrower ones), each
// state's settle_from and whether any settles, and each event's largest threshold.
struct SweepTables {
  SweepTables(const CompiledProcess& cp, bool fast, int rest)
      : settle(settle_from(cp, fast)),
        settles(std::any_of(settle.begin(), settle.end(),
                            [](uint64_t v) { return v != kNeverSettles; })) {
    const BandPartByMonths& band_by_month = band_part_by_months();
    const auto rests = resting_by_months(cp.transitions, rest);
    band.assign(band_by_month.begin(), band_by_month.end());
    resting.assign(rests.begin(), rests.end());
    for (const Event& ev : cp.events)
      largest_top.push_back(ev.top.empty() ? 0u : *std::max_element(ev.top.begin(), ev.top.end()));
  }
  std::vector<uint32_t> band, resting;
  std::vector<uint64_t> settle;
  bool settles;
  std::vector<uint32_t> largest_top;  // by event
};

// By row - begin, 1 + the state of each row l.rows lists and 0 for the block's other rows: what a
// dense event pass checks its few candidates against.
void note_listed(size_t begin, size_t end, size_t S, Local& l) {
  std::fill_n(l.listed.data(), end - begin, uint8_t{0});
  for (size_t s = 0; s < S; ++s)
    for (uint32_t k = l.first[s]; k < l.first[s + 1]; ++k)
      l.listed[l.rows[k] - begin] = static_cast<uint8_t>(s + 1);
  l.listed_noted = true;
}

// The rows of the block from `begin` whose word block_words[i - begin] (nb of them, room for nb
// rounded up to kScan) is below the threshold top of the slot of their state, among the rows
// `listed` (note_listed): some[k], their slot bases base[k] and words[k], in row order; returns
// how many. Sixteen words at a time are first compared with the event's largest threshold `top`,
// which few reach: a share of rows about the event's largest probability is looked at one by one.
size_t event_candidates(const Event& ev, uint32_t top, uint32_t* __restrict block_words, size_t nb,
                        const uint8_t* __restrict listed, size_t begin, uint32_t* __restrict some,
                        uint32_t* __restrict base, uint32_t* __restrict words) {
  constexpr size_t kScan = 16;
  std::fill(block_words + nb, block_words + (nb + kScan - 1) / kScan * kScan, ~0u);  // never below
  size_t m = 0;
  for (size_t j0 = 0; j0 < nb; j0 += kScan) {
    uint32_t any = 0;  // vectorises: one compare of sixteen words
    for (size_t k = 0; k < kScan; ++k) any |= block_words[j0 + k] < top ? 1u : 0u;
    if (any == 0) continue;
    for (size_t j = j0; j < std::min(nb, j0 + kScan); ++j) {
      const uint32_t w = block_words[j];
      if (w >= top || listed[j] == 0) continue;
      const int16_t slot = ev.slot[listed[j] - 1u];
      if (slot < 0 || w >= ev.top[static_cast<size_t>(slot)]) continue;
      some[m] = static_cast<uint32_t>(begin + j);
      base[m] = static_cast<uint32_t>(slot) * ev.plan.cells;
      words[m] = w;
      ++m;
    }
  }
  return m;
}

// Events of the block from `begin`, for its rows l.rows: state at the step's start, one word each
// from the event's stream.
void events_block(const SweepArgs& a, size_t begin, size_t end, const Context& ctx,
                  const BandPartByMonths& band_by_month, const SweepTables& tables, Local& l) {
  const CompiledProcess& cp = a.cp;
  const People& p = a.population.people;
  const size_t S = cp.states.size();
  const auto step = static_cast<uint32_t>(a.t);
  size_t listed = 0;  // counters in l.counters for the rows of l.listed_for's states (0: none)
  for (size_t e = 0; e < cp.events.size(); ++e) {
    const Event& ev = cp.events[e];
    size_t n = 0;  // the rows in the event's states
    for (size_t s = 0; s < S; ++s)
      if (ev.slot[s] >= 0) n += l.first[s + 1] - l.first[s];
    if (n == 0) continue;
    uint32_t* words = l.event_words.data();  // by k
    // Only rows whose word is below their state's largest threshold can have the event in some
    // cell (Event::top): only those (a share of about that probability) are kept, with their
    // words, to have their cells looked up.
    size_t m = 0;
    if (8 * n < end - begin) {  // few rows: only their blocks
      for (size_t s = 0; s < S; ++s) {
        if (ev.slot[s] < 0) continue;
        const uint32_t base = static_cast<uint32_t>(ev.slot[s]) * ev.plan.cells;
        for (uint32_t k = l.first[s]; k < l.first[s + 1]; ++k, ++m) {
          l.some[m] = l.rows[k];
          l.base[m] = base;
        }
      }
      // Events happening in the same states (asthma's) share their rows' counters.
      auto both_or_neither = [](int16_t x, int16_t y) { return (x < 0) == (y < 0); };
      const bool same_rows =
          listed > 0 && std::equal(ev.slot.begin(), ev.slot.end(),
                                   cp.events[l.listed_for].slot.begin(), both_or_neither);
      if (!same_rows) {
        listed =
            kernel::list_counters(p.uid.data(), l.some.data(), n, l.counters.data(), l.at.data());
        l.listed_for = e;
      }
      kernel::words_at(a.key, l.counters.data(), listed, l.at.data(), n, step, ev.stream, words,
                       l.blocks.data());
      m = 0;
      for (size_t k = 0; k < n; ++k) {
        l.some[m] = l.some[k];
        l.base[m] = l.base[k];
        words[m] = words[k];
        m += words[k] < ev.top[l.base[k] / ev.plan.cells];
      }
    } else {  // the block's words; only the few below the event's largest threshold are looked at
      const size_t nb = end - begin;
      kernel::fill_words(a.key, &p.uid[begin], nb, step, ev.stream, l.blocks.data(), l.contiguous);
      if (!l.listed_noted) note_listed(begin, end, S, l);
      m = event_candidates(ev, tables.largest_top[e], l.blocks.data(), nb, l.listed.data(), begin,
                           l.some.data(), l.base.data(), words);
    }
    n = m;
    kernel::person_cells(ev.plan, l.some.data(), n, ctx, l.cells.data());
    size_t fired = 0;  // rows it happened to, where it is billed per row
    for (size_t k = 0; k < n; ++k) {
      const uint32_t i = l.some[k];
      const size_t cell = l.base[k] + l.cells[k];
      if (words[k] >= ev.threshold[cell]) continue;
      CounterRng rng(a.key, p.uid[i], step, ev.count_stream);
      const uint32_t count = zero_truncated_poisson(ev.mean[cell], rng.uniform());
      const size_t j = i - begin;  // its columns in the block (gather_rows)
      // Its person stratum at t, by its age code (a whole number of years: 12 * age months).
      const uint16_t area = l.block.area[j];
      l.events[e * a.person_cells + stratum_of(a.area_cell[area], band_by_month[12u * l.age[j]],
                                               l.block.sex[j])] += count;
      if (ev.billed_per_row) {
        a.columns.process[a.q].billed[e].count[i] = count;
        l.fired[fired++] = i;
      }
      if (ev.service_index < 0) continue;
      const auto service = static_cast<size_t>(ev.service_index);
      if (a.columns.service_status[service][i] == kWaiting) continue;
      const auto region =
          static_cast<uint16_t>(ev.per_council ? a.area_cq[area] / kImdQuintiles : 0);
      const auto tag = static_cast<uint32_t>(a.q << 16 | e);
      l.requests.push_back({static_cast<uint16_t>(service),
                            {p.uid[i], region, ev.priority, tag, 0, 0, static_cast<uint32_t>(i)}});
    }
    if (fired == 0) continue;
    kernel::person_cells(ev.cost_plan, l.fired.data(), fired, ctx, l.fired_cells.data());
    std::vector<uint32_t>& cost_cell = a.columns.process[a.q].billed[e].cell;
    for (size_t k = 0; k < fired; ++k) cost_cell[l.fired[k]] = l.fired_cells[k];
  }
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
                                          const BandPartByMonths& band_by_month, Local& l) {
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
    const uint32_t live = alive[i];
    // Drawn for the dead too: a select, no branch.
    const uint32_t moved = draw_state(thr + s * W, W, to + s * (W + 1), w);
    const uint32_t next = live ? moved : s;
    state[i] = static_cast<uint8_t>(next);
    if constexpr (kTime) {
      const int32_t keep = -static_cast<int32_t>(next == s);  // all ones when staying
      entered[i] = (entered[i] & keep) | (next_point & ~keep);
    }
    // Clamped as age_code clamps the age: below 0 counts as 0, above kOldestAge as kOldestAge.
    const int32_t months = std::clamp(next_months - birth[i], 0, kAgeMonths - 1);
    const size_t cell = stratum_of(area_cell[area[i]], band[months], sex[i]);
    const size_t copy = i & 3;
    occ[(copy * S + next) * pc + cell] += live;
    moves[(copy * S + s) * S + next] += live;
  }
}

template <bool kTime>
void fast_width(const SweepArgs& a, size_t begin, size_t end, uint32_t width, const uint32_t* thr,
                const BandPartByMonths& band_by_month, Local& l) {
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

// Any transitions, for the rows l.rows of the block from `begin`, state by state: the table cells
// from the persons' codes, for the rows whose word may move them; groups; in place or deferred.
// The rows of state `by_difference` (none if -1) that certainly stay are not tallied: sweep counts
// them from the living (add_untallied).
void general_block(const SweepArgs& a, size_t begin, const Context& ctx, const uint64_t* settle,
                   int by_difference, Local& l) {
  const CompiledProcess& cp = a.cp;
  const size_t S = cp.states.size();
  Columns::One& col = a.columns.process[a.q];
  const Transitions& tr = cp.transitions;
  const int32_t next_point = a.t + 1;
  uint8_t* out = cp.in_place ? col.state.data() : col.next.data();
  const uint32_t* strata = l.strata.data();  // by row - begin (gather_rows)
  auto stratum = [strata, begin](uint32_t i) { return strata[i - begin]; };
  const ThreadTally tally{l.occupancy.data(), l.transitions.data(), S, a.person_cells};
  for (size_t s = 0; s < S; ++s) {
    const uint32_t* rows = l.rows.data() + l.first[s];
    size_t n = l.first[s + 1] - l.first[s];
    if (n == 0) continue;
    // A cell costs something: only for rows that may move (gather_rows settled the others already
    // where the state has no events; every row of a tunnel state moves).
    if (!tr.plan[s].terms.empty() && settle[s] == kNeverSettles && reaching_all_stays(tr, s)) {
      if (!cp.in_place)
        for (size_t k = 0; k < n; ++k) out[rows[k]] = static_cast<uint8_t>(s);
      n = static_cast<int>(s) == by_difference
              ? split_stayers<false>(tr, s, rows, n, l.words.data(), begin, stratum, l.some.data(),
                                     tally)
              : split_stayers(tr, s, rows, n, l.words.data(), begin, stratum, l.some.data(), tally);
      rows = l.some.data();
    }
    kernel::person_cells(tr.plan[s], rows, n, ctx, l.cells.data());
    draw_next(tr, s, rows, n, l.cells.data(), l.words.data(), begin, stratum, l.next.data(), tally);
    for (size_t k = 0; k < n; ++k) {
      const uint32_t i = rows[k];
      const uint8_t next = l.next[k];
      if (cp.in_place && next != s)
        mark_entry(cp, col, i, static_cast<uint8_t>(s), next, next_point);
      out[i] = next;
    }
  }
}

// Rows left untallied, all in state r at t + 1 (resting there, or certainly staying in the state
// counted by difference), by cell: the living less the rows tallied (in any copy and state).
void add_untallied(size_t r, const std::vector<uint32_t>& living, size_t S, Tally& total) {
  const size_t pc = living.size();
  for (size_t c = 0; c < pc; ++c) {
    uint64_t swept = 0;
    for (size_t k = 0; k < 4 * S; ++k) swept += total.occupancy[k * pc + c];
    total.occupancy[r * pc + c] += living[c] - swept;
    total.transitions[r * S + r] += living[c] - swept;
  }
}

// The columns of a block's own rows (gather_own_rows).
struct OwnRows {
  size_t n;
  const uint8_t* state;
  const int32_t* birth;
  const uint16_t* area;
  const uint8_t* sex;
  const uint8_t* alive;
};

// gather_own_rows's loop: restrict pointers in a function of its own, and tables of 32-bit values
// (AVX-512 gathers no narrower ones), which GCC vectorises only so. st[j]: the row's state where it
// is looked at, else kLeftOut.
constexpr uint8_t kLeftOut = 255;  // no state: a process has at most 250
__attribute__((noinline)) void look_at_own_rows(const OwnRows& rows, int32_t now, int32_t next,
                                                uint32_t rest, const uint32_t* __restrict area_cell,
                                                const uint32_t* __restrict band,
                                                const uint32_t* __restrict resting,
                                                uint8_t* __restrict age,
                                                uint32_t* __restrict strata,
                                                uint8_t* __restrict st) {
  const uint8_t* __restrict state = rows.state;
  const int32_t* __restrict birth = rows.birth;
  const uint16_t* __restrict area = rows.area;
  const uint8_t* __restrict sex = rows.sex;
  const uint8_t* __restrict alive = rows.alive;
  constexpr int32_t kLast = kAgeMonths - 1;
  for (size_t j = 0; j < rows.n; ++j) {  // clamped as age_code clamps
    const int32_t months = std::min(std::max(now - birth[j], 0), kLast);
    const int32_t next_months = std::min(std::max(next - birth[j], 0), kLast);
    age[j] = static_cast<uint8_t>(months / 12);  // as age_code
    strata[j] = stratum_of(area_cell[area[j]], band[next_months], sex[j]);
    const uint32_t s = state[j];
    const uint32_t looked = alive[j] & (((s == rest ? 1u : 0u) & resting[months]) ^ 1u);
    st[j] = looked ? static_cast<uint8_t>(s) : kLeftOut;
  }
}

// gather_rows for every row of the block, where no state settles a row: each row's age code, its
// person cell at t + 1 less the state's part, and the rows looked at (living, and not resting in
// state `rest`) grouped by state.
void gather_own_rows(const SweepArgs& a, size_t begin, size_t end, int rest,
                     const SweepTables& tables, Local& l) {
  const People& p = a.population.people;
  const OwnRows rows{end - begin,
                     a.columns.process[a.q].state.data() + begin,
                     p.birth_month.data() + begin,
                     p.area.data() + begin,
                     p.sex.data() + begin,
                     p.alive.data() + begin};
  look_at_own_rows(rows, a.now_months, a.next_months, static_cast<uint32_t>(rest),
                   a.area_cell.data(), tables.band.data(), tables.resting.data(), l.age.data(),
                   l.strata.data(), l.st.data());
  uint32_t* some = l.some.data();
  for (size_t j = 0; j < rows.n; ++j) some[j] = static_cast<uint32_t>(begin + j);
  kernel::group_by_key(l.st.data(), some, rows.n, a.cp.states.size(), l.first.data(),
                       l.rows.data());
}

// l.rows and l.first: the living rows of block b, [begin, end), by state, less those resting in
// state `rest` (none if -1) and those settled (their word at least settle[state]: their occupancy
// at t + 1 and their stay tallied at once; needs the block's transition words in l.words). With a
// rest state, only the block's rows listed awake are looked at, and their own columns are copied
// beside the block (from the awake list, in order); otherwise l.block points at the population's.
// Every row looked at has its age code and its person cell at t + 1 less the state's part written
// to l.age and l.strata: read there by row - begin.
void gather_rows(const SweepArgs& a, size_t b, size_t begin, size_t end, int rest,
                 const SweepTables& tables, Local& l) {
  const People& p = a.population.people;
  const size_t S = a.cp.states.size(), pc = a.person_cells;
  const uint8_t* __restrict state = a.columns.process[a.q].state.data();
  const uint32_t* __restrict words = l.words.data();
  uint32_t* __restrict occ = l.occupancy.data();
  uint32_t* __restrict moves = l.transitions.data();
  const uint32_t* __restrict area_cell = a.area_cell.data();
  const uint32_t* __restrict band = tables.band.data();
  const uint32_t* __restrict resting = tables.resting.data();
  const uint64_t* __restrict settle = tables.settle.data();
  uint32_t* __restrict some = l.some.data();
  uint8_t* __restrict age = l.age.data();
  uint16_t* __restrict area = l.area.data();
  uint8_t* __restrict sex = l.sex.data();
  uint32_t* __restrict household = l.household.data();
  uint32_t* __restrict strata = l.strata.data();
  size_t count = 0;
  const auto r = static_cast<uint32_t>(rest);  // no state when -1
  // Branch-free: a row is written, then kept or not. Rows listed awake have their columns copied
  // beside the block (`copy`); the block's own rows are read in place. Without a state that
  // settles rows (`settles`), nothing is tallied here.
  auto look = [&](auto copy, auto settles, uint32_t i, int32_t born, uint16_t its_area,
                  uint8_t its_sex, uint32_t its_household, uint32_t living) {
    const size_t j = i - begin;
    const int32_t months = std::clamp(a.now_months - born, 0, kAgeMonths - 1);
    const int32_t next_months = std::clamp(a.next_months - born, 0, kAgeMonths - 1);
    age[j] = static_cast<uint8_t>(months / 12);  // as age_code
    if constexpr (decltype(copy)::value) {
      area[j] = its_area;
      sex[j] = its_sex;
      household[j] = its_household;
    }
    const uint32_t cell = stratum_of(area_cell[its_area], band[next_months], its_sex);
    strata[j] = cell;
    const uint32_t st = state[i];
    const uint32_t looked = living & (((st == r ? 1u : 0u) & resting[months]) ^ 1u);
    some[count] = i;
    if constexpr (decltype(settles)::value) {
      const uint32_t settled = looked & (uint64_t{words[j]} >= settle[st] ? 1u : 0u);
      const uint32_t copy_of = i & 3u;
      occ[(copy_of * S + st) * pc + cell] += settled;
      moves[(copy_of * S + st) * S + st] += settled;
      count += looked & (settled ^ 1u);
    } else {
      count += looked;
    }
  };
  auto each_row = [&](auto settles) {
    if (rest >= 0 && a.awake != nullptr) {  // listed rows are living
      const AwakeRows& w = *a.awake;
      for (uint32_t k = w.first[b]; k < w.end[b]; ++k)
        look(std::true_type{}, settles, w.rows[k], w.birth[k], w.area[k], w.sex[k], w.household[k],
             1u);
    } else {
      for (size_t i = begin; i < end; ++i)
        look(std::false_type{}, settles, static_cast<uint32_t>(i), p.birth_month[i], p.area[i],
             p.sex[i], p.household[i], p.alive[i]);
    }
  };
  const bool copied = rest >= 0 && a.awake != nullptr;
  l.block.area = copied ? l.area.data() : p.area.data() + begin;
  l.block.sex = copied ? l.sex.data() : p.sex.data() + begin;
  l.block.household = copied ? l.household.data() : p.household.data() + begin;
  if (!copied && !tables.settles) {  // the common case (asthma's), in a loop that vectorises
    gather_own_rows(a, begin, end, rest, tables, l);
    return;
  }
  if (tables.settles)
    each_row(std::true_type{});
  else
    each_row(std::false_type{});
  kernel::group_by_state(state, some, count, S, l.st.data(), l.first.data(), l.rows.data());
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
  const BandPartByMonths& band_by_month = band_part_by_months();
  const auto step = static_cast<uint32_t>(a.t);
  const int rest = fast || a.living == nullptr ? -1 : rest_state(cp);
  // One state's rows that certainly stay are counted from the living rather than one by one: the
  // rest state's, else the first state's (most often the commonest: asthma's 'none').
  const int by_difference = fast || a.living == nullptr ? -1 : std::max(rest, 0);
  const SweepTables tables(cp, fast, rest);
  const std::vector<uint32_t> thresholds =
      fast ? step_thresholds(cp.transitions, ctx) : std::vector<uint32_t>{};
  Tally total{std::vector<uint64_t>(4 * S * pc, 0),
              std::vector<uint64_t>(S * S, 0),
              std::vector<uint64_t>(E * pc, 0),
              {},
              {}};
  const bool billed = std::any_of(cp.events.begin(), cp.events.end(),
                                  [](const Event& e) { return e.billed_per_row; });
#pragma omp parallel
  {
    Local l(S, E, pc, billed);
#pragma omp for schedule(dynamic, 4) nowait
    for (size_t b = 0; b < blocks; ++b) {
      const size_t begin = b * kBlockRows, end = std::min(n, begin + kBlockRows);
      l.contiguous = a.columns.uids_checked == n ? a.columns.uids_run_on[b] != 0
                                                 : kernel::runs_on(&p.uid[begin], end - begin);
      Context block_ctx = ctx;  // with the columns gather_rows copied
      l.block.first_row = begin;
      block_ctx.block = &l.block;
      if (rest >= 0 && a.awake != nullptr && a.awake->first[b] == a.awake->end[b])
        continue;  // no row to look at
      kernel::fill_words(a.key, &p.uid[begin], end - begin, step, cp.stream, l.words.data(),
                         l.contiguous);
      if (E > 0 || !fast) gather_rows(a, b, begin, end, rest, tables, l);
      l.listed_noted = false;
      if (E > 0) events_block(a, begin, end, block_ctx, band_by_month, tables, l);
      if (!fast) {
        if (l.first[S] == 0) continue;
        general_block(a, begin, block_ctx, tables.settle.data(), by_difference, l);
        continue;
      }
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
  if (by_difference >= 0) add_untallied(static_cast<size_t>(by_difference), *a.living, S, total);
  return total;
}

}  // namespace civicsim::process::kernel
