// The rows kept awake across steps (process/awake.hpp) are, after every update, exactly the living
// persons younger than the plan's age or outside the rest state, in row order, each block's within
// its own block, with their birth months, areas, sexes and households: through deaths, births, a
// block's rows leaving (children growing up) and rows taken out of the rest state (woken).
#include "engine/kernel/awake.hpp"

#include <gtest/gtest.h>

#include <random>
#include <vector>

#include "engine/model/row.hpp"

namespace civicsim {
namespace {

TEST(AwakeRows, AreTheLivingYoungOrOutsideTheRestStateStepAfterStep) {
  constexpr int32_t kStart = 2019 * 12;
  constexpr size_t kBlock = process::kBlockRows;
  std::mt19937 rng(3);
  People p;
  std::vector<uint8_t> state;  // one process: rest state 0
  for (uint32_t i = 0; i < 3 * kBlock + 100; ++i) {
    p.add(i, i / 3, kStart - static_cast<int32_t>(rng() % (40 * 12)), static_cast<uint16_t>(i % 7),
          rng() % 2 ? Sex::kFemale : Sex::kMale);
    state.push_back(rng() % 10 == 0 ? 1 : 0);
  }
  const process::AwakePlan plan{{0}, {0}, 18 * 12};
  process::AwakeRows awake;
  uint32_t next_uid = static_cast<uint32_t>(p.size());
  for (int t = 0; t < 40; ++t) {
    const int32_t now = kStart + t;
    if (t > 0) {
      for (size_t i = 0; i < p.size(); ++i)
        if (p.alive[i] && rng() % 100 == 0) p.alive[i] = 0;  // deaths
      for (int k = 0; k < 30; ++k) {                         // births
        p.add(next_uid++, k, now, 1, Sex::kFemale);
        state.push_back(0);
      }
      for (int k = 0; k < (t % 5 == 0 ? 20 : 0); ++k) {  // adults taken out of the rest state
        const size_t i = rng() % p.size();
        if (!p.alive[i] || state[i] != 0) continue;
        state[i] = 2;
        if (now - p.birth_month[i] >= plan.months) awake.woken.push_back(static_cast<uint32_t>(i));
      }
    }
    process::update_awake(plan, p, {state.data()}, now, awake);
    std::vector<uint32_t> expected, listed;
    for (size_t i = 0; i < p.size(); ++i)
      if (p.alive[i] && (now - p.birth_month[i] < plan.months || state[i] != 0))
        expected.push_back(static_cast<uint32_t>(i));
    ASSERT_EQ(awake.first.size(), (p.size() + kBlock - 1) / kBlock);
    for (size_t b = 0; b < awake.first.size(); ++b)
      for (size_t k = awake.first[b]; k < awake.end[b]; ++k) {
        const uint32_t i = awake.rows[k];
        ASSERT_EQ(i / kBlock, b) << "step " << t;
        EXPECT_EQ(awake.birth[k], p.birth_month[i]);
        EXPECT_EQ(awake.area[k], p.area[i]);
        EXPECT_EQ(awake.sex[k], p.sex[i]);
        EXPECT_EQ(awake.household[k], p.household[i]);
        listed.push_back(i);
      }
    ASSERT_EQ(listed, expected) << "step " << t;
  }
}

}  // namespace
}  // namespace civicsim
