// The rows not resting, kept across steps (see awake.hpp).
#include "engine/process/awake.hpp"

#include <algorithm>
#include <cstring>

#include "engine/process/kernel.hpp"
#include "engine/process/rest.hpp"

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

}  // namespace

AwakePlan awake_plan(const Model& model) {
  AwakePlan plan;
  for (size_t q = 0; q < model.processes.size(); ++q) {
    const CompiledProcess& cp = model.processes[q];
    const int rest = cp.household || fast_sweep(cp) ? -1 : rest_state(cp);
    if (rest < 0) continue;
    const auto resting = resting_by_months(cp.transitions, rest);
    if (!resting[kMonths - 1]) return {};  // awake at the oldest age: nobody rests for good
    int32_t m = kMonths - 1;
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
  std::vector<int32_t>& birth = awake.birth;
  constexpr size_t kBlock = kernel::kBlockRows;
  // The listed rows, block by block in place (a block's kept rows move down within its own range),
  // then the blocks closed up.
  const size_t old_blocks = awake.first.empty() ? 0 : awake.first.size() - 1;
  std::vector<uint32_t> kept(old_blocks);
#pragma omp parallel for schedule(static)
  for (size_t b = 0; b < old_blocks; ++b) {
    uint32_t* r = rows.data() + awake.first[b];
    int32_t* m = birth.data() + awake.first[b];
    const size_t count = awake.first[b + 1] - awake.first[b];
    uint32_t c = 0;
    for (size_t k = 0; k < count; ++k) {
      if (!keep(r[k], m[k])) continue;
      r[c] = r[k];
      m[c++] = m[k];
    }
    kept[b] = c;
  }
  size_t size = 0;
  for (size_t b = 0; b < old_blocks; ++b) {  // down: never past the rows still to move
    std::memmove(rows.data() + size, rows.data() + awake.first[b], kept[b] * sizeof(uint32_t));
    std::memmove(birth.data() + size, birth.data() + awake.first[b], kept[b] * sizeof(int32_t));
    size += kept[b];
  }
  rows.resize(size);
  // Rows a service or intervention took out of a rest state (none listed), and the newborns.
  size_t known = size;  // rows[k] for k < known have their birth months
  if (!awake.woken.empty()) {
    known = 0;  // merged in among them
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
    if (keep(static_cast<uint32_t>(i), people.birth_month[i])) rows.push_back(static_cast<uint32_t>(i));
  birth.resize(rows.size());
  for (size_t k = known; k < rows.size(); ++k) birth[k] = people.birth_month[rows[k]];
  awake.seen = n;
  awake.now_months = now_months;
  const size_t blocks = (n + kBlock - 1) / kBlock;
  awake.first.resize(blocks + 1);
  for (size_t b = 0; b <= blocks; ++b)
    awake.first[b] = static_cast<uint32_t>(
        std::lower_bound(rows.begin(), rows.end(), static_cast<uint32_t>(std::min(n, b * kBlock))) -
        rows.begin());
}

}  // namespace civicsim::process
