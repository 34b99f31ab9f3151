// The rows not resting, kept across steps (see awake.hpp).
#include "engine/kernel/awake.hpp"

#include <algorithm>
#include <cstring>

#include "engine/kernel/internal/rest.hpp"
#include "engine/model/row.hpp"

namespace civicsim::process {
namespace {

// Whether row i stays listed: living, and young or outside some rest state.
struct Keep {
  const AwakePlan& plan;
  const People& people;
  const std::vector<const uint8_t*>& states;
  int32_t now_months;
  bool operator()(uint32_t i, int32_t birth_month) const {
    if (!people.alive[i]) return false;
    if (now_months - birth_month < plan.months) return true;
    for (size_t k = 0; k < states.size(); ++k)
      if (states[k][i] != plan.rest[k]) return true;
    return false;
  }
};

// The entries [from, to) that `keep` keeps, moved down from `from` in order; returns how many.
uint32_t compact_block(const Keep& keep, size_t from, size_t to, AwakeRows& a) {
  uint32_t* __restrict rows = a.rows.data();
  int32_t* __restrict birth = a.birth.data();
  uint16_t* __restrict area = a.area.data();
  uint8_t* __restrict sex = a.sex.data();
  uint32_t* __restrict household = a.household.data();
  size_t c = from;
  for (size_t k = from; k < to; ++k) {
    if (!keep(rows[k], birth[k])) continue;
    rows[c] = rows[k];
    birth[c] = birth[k];
    area[c] = area[k];
    sex[c] = sex[k];
    household[c] = household[k];
    ++c;
  }
  return static_cast<uint32_t>(c - from);
}

template <class T>
void move_down(std::vector<T>& v, size_t from, size_t to, size_t count) {
  if (from != to) std::memmove(v.data() + to, v.data() + from, count * sizeof(T));
}

// The listed columns: `count` entries moved from `from` down to `to`.
void move_listed(AwakeRows& a, size_t from, size_t to, size_t count) {
  move_down(a.rows, from, to, count);
  move_down(a.birth, from, to, count);
  move_down(a.area, from, to, count);
  move_down(a.sex, from, to, count);
  move_down(a.household, from, to, count);
}

// The columns beside the rows resized to n entries.
void resize_listed(AwakeRows& a, size_t n) {
  a.birth.resize(n);
  a.area.resize(n);
  a.sex.resize(n);
  a.household.resize(n);
}

}  // namespace

AwakePlan awake_plan(const Model& model) {
  AwakePlan plan;
  for (size_t q = 0; q < model.processes.size(); ++q) {
    const CompiledProcess& cp = model.processes[q];
    const int rest = cp.household || fast_sweep(cp) ? -1 : rest_state(cp);
    if (rest < 0) continue;
    const auto resting = resting_by_months(cp.transitions, rest);
    if (!resting[kAgeMonths - 1]) return {};  // awake at the oldest age: nobody rests for good
    int32_t m = kAgeMonths - 1;
    while (m > 0 && resting[m - 1]) --m;
    plan.process.push_back(static_cast<uint32_t>(q));
    plan.rest.push_back(static_cast<uint8_t>(rest));
    plan.months = std::max(plan.months, m);
  }
  return plan;
}

void update_awake(const AwakePlan& plan, const People& people,
                  const std::vector<const uint8_t*>& states, int32_t now_months, AwakeRows& awake) {
  const Keep keep{plan, people, states, now_months};
  std::vector<uint32_t>& rows = awake.rows;
  constexpr size_t kBlock = kBlockRows;
  // The listed rows, block by block within each block's segment (nothing moves across blocks).
  const size_t old_blocks = awake.first.size();
#pragma omp parallel for schedule(static)
  for (size_t b = 0; b < old_blocks; ++b)
    awake.end[b] = awake.first[b] + compact_block(keep, awake.first[b], awake.end[b], awake);
  // Newborns go after the last block's rows (the last segment's room is dropped), and so do rows
  // a service or intervention took out of a rest state (none listed; rare): the blocks are then
  // closed up and those rows merged in.
  size_t known = old_blocks == 0 ? 0 : awake.end[old_blocks - 1];  // rows[k < known]: columns set
  size_t from_block = old_blocks == 0 ? 0 : old_blocks - 1;        // blocks whose ranges change
  rows.resize(known);
  if (!awake.woken.empty()) {
    size_t size = 0;
    for (size_t b = 0; b < old_blocks; ++b) {  // down: never past the rows still to move
      move_listed(awake, awake.first[b], size, awake.end[b] - awake.first[b]);
      size += awake.end[b] - awake.first[b];
    }
    rows.resize(size);
    known = 0;  // merged in among them
    from_block = 0;
    std::sort(awake.woken.begin(), awake.woken.end());
    awake.woken.erase(std::unique(awake.woken.begin(), awake.woken.end()), awake.woken.end());
    std::erase_if(awake.woken, [&](uint32_t i) {  // listed already for another process
      return !keep(i, people.birth_month[i]) || std::binary_search(rows.begin(), rows.end(), i);
    });
    rows.insert(rows.end(), awake.woken.begin(), awake.woken.end());
    std::inplace_merge(rows.begin(), rows.end() - static_cast<std::ptrdiff_t>(awake.woken.size()),
                       rows.end());
    awake.woken.clear();
  }
  const size_t n = people.size();
  for (size_t i = awake.seen; i < n; ++i)
    if (keep(static_cast<uint32_t>(i), people.birth_month[i]))
      rows.push_back(static_cast<uint32_t>(i));
  resize_listed(awake, rows.size());
  for (size_t k = known; k < rows.size(); ++k) {
    const uint32_t i = rows[k];
    awake.birth[k] = people.birth_month[i];
    awake.area[k] = people.area[i];
    awake.sex[k] = people.sex[i];
    awake.household[k] = people.household[i];
  }
  awake.seen = n;
  awake.now_months = now_months;
  // The ranges of the blocks from from_block on, which lie in order from its first entry.
  const size_t blocks = (n + kBlock - 1) / kBlock;
  awake.first.resize(blocks);
  awake.end.resize(blocks);
  for (size_t b = from_block; b < blocks; ++b) {
    const size_t lo = b == 0 ? 0 : b == from_block ? awake.first[b] : awake.end[b - 1];
    awake.first[b] = static_cast<uint32_t>(lo);
    awake.end[b] = static_cast<uint32_t>(
        std::lower_bound(rows.begin() + static_cast<std::ptrdiff_t>(lo), rows.end(),
                         static_cast<uint32_t>(std::min(n, (b + 1) * kBlock))) -
        rows.begin());
  }
}

}  // namespace civicsim::process
