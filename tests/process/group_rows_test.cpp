// Grouping a block's rows by state (kernel::group_by_state): each state's rows, in row order,
// whatever the block's length (the vectorised pass takes sixteen rows at a time, the rest one by
// one) and however the states are mixed; rows keyed past the last state are left out; compacting in
// place keeps the rows that match.
#include "engine/kernel/group_rows.hpp"

#include <gtest/gtest.h>

#include <random>
#include <vector>

namespace civicsim {
namespace {

using process::kernel::compact_state;
using process::kernel::group_by_key;
using process::kernel::group_by_state;
using process::kernel::kGroupSlack;

TEST(GroupRows, EachStatesRowsInRowOrderForAnyLengthAndMix) {
  std::mt19937 rng(7);
  for (size_t n : {0, 1, 15, 16, 17, 31, 100, 4096, 8192}) {
    for (size_t S : {1, 2, 3, 7}) {
      std::vector<uint8_t> state(3 * n + 1);
      for (auto& s : state) s = static_cast<uint8_t>(rng() % (S == 1 ? 1 : S));
      std::vector<uint32_t> in;  // every third row, so rows differ from positions
      for (size_t k = 0; k < n; ++k) in.push_back(static_cast<uint32_t>(3 * k + 1));
      std::vector<uint8_t> st(n);
      std::vector<uint32_t> first(S + 1), out(n + kGroupSlack);
      group_by_state(state.data(), in.data(), n, S, st.data(), first.data(), out.data());
      std::vector<uint32_t> expected;
      std::vector<uint32_t> expected_first{0};
      for (size_t s = 0; s < S; ++s) {
        for (uint32_t i : in)
          if (state[i] == s) expected.push_back(i);
        expected_first.push_back(static_cast<uint32_t>(expected.size()));
      }
      EXPECT_EQ(first, expected_first) << "n " << n << ", S " << S;
      EXPECT_EQ(std::vector<uint32_t>(out.begin(), out.begin() + static_cast<long>(n)), expected)
          << "n " << n << ", S " << S;
    }
  }
}

// The sweep keys a row it does not look at 255 (kLeftOut in sweep.cpp); any key of S or more is
// left out of every state.
TEST(GroupRows, RowsKeyedPastTheLastStateAreLeftOut) {
  std::mt19937 rng(5);
  for (size_t n : {0, 1, 16, 17, 100, 8192}) {
    const size_t S = 3;
    std::vector<uint8_t> key(n);
    std::vector<uint32_t> in(n);
    for (size_t k = 0; k < n; ++k) {
      key[k] = rng() % 4 == 0 ? uint8_t{255} : static_cast<uint8_t>(rng() % (S + 1));
      in[k] = static_cast<uint32_t>(10 + k);
    }
    std::vector<uint32_t> first(S + 1), out(n + kGroupSlack);
    group_by_key(key.data(), in.data(), n, S, first.data(), out.data());
    std::vector<uint32_t> expected, expected_first{0};
    for (size_t s = 0; s < S; ++s) {
      for (size_t k = 0; k < n; ++k)
        if (key[k] == s) expected.push_back(in[k]);
      expected_first.push_back(static_cast<uint32_t>(expected.size()));
    }
    EXPECT_EQ(first, expected_first) << "n " << n;
    EXPECT_EQ(std::vector<uint32_t>(out.begin(), out.begin() + static_cast<long>(first[S])),
              expected)
        << "n " << n;
  }
}

TEST(GroupRows, CompactingInPlaceOrIntoRoomForTheRowsKeepsTheMatchingRowsInOrder) {
  std::mt19937 rng(11);
  for (size_t n : {5, 16, 33, 1000}) {
    std::vector<uint8_t> flag(n);
    std::vector<uint32_t> rows(n), expected;
    for (size_t k = 0; k < n; ++k) {
      flag[k] = static_cast<uint8_t>(rng() % 2);
      rows[k] = static_cast<uint32_t>(1000 + k);
      if (flag[k]) expected.push_back(rows[k]);
    }
    std::vector<uint32_t> room(n);  // exactly n: nothing is written past it
    ASSERT_EQ(compact_state(flag.data(), rows.data(), n, 1, room.data()), expected.size());
    EXPECT_EQ(
        std::vector<uint32_t>(room.begin(), room.begin() + static_cast<long>(expected.size())),
        expected);
    const size_t kept = compact_state(flag.data(), rows.data(), n, 1, rows.data());
    ASSERT_EQ(kept, expected.size()) << "n " << n;
    EXPECT_EQ(std::vector<uint32_t>(rows.begin(), rows.begin() + static_cast<long>(kept)),
              expected);
  }
}

}  // namespace
}  // namespace civicsim
