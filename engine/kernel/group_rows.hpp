// A block's rows grouped by state, so that each state's table cells are computed with its own plan
// over all its rows at once (cells.hpp). A count per state (four copies, so that runs of one state
// do not wait on their own increments), then one compacting pass per state that has rows (AVX-512
// where the machine has it: sixteen rows per compare); the action phase uses it too.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>

namespace civicsim::process::kernel {

// Room a grouping needs past its n rows: a compacting pass stores sixteen rows at a time.
inline constexpr size_t kGroupSlack = 16;

// out[0 .. count) = the rows in[k] (k < n) with st[k] == s, in their order; returns count. Writes
// nothing past out[min(n, count + kGroupSlack)): `out` may be `in` (in place) or any room for n.
size_t compact_state(const uint8_t* st, const uint32_t* in, size_t n, uint8_t s, uint32_t* out);

// rows[] = the rows begin + k (k < end - begin) whose pass[k] is 1, in order; returns how many.
inline size_t rows_passing(const uint8_t* pass, size_t begin, size_t end, uint32_t* rows) {
  const size_t n = end - begin;
  for (size_t k = 0; k < n; ++k) rows[k] = static_cast<uint32_t>(begin + k);
  return compact_state(pass, rows, n, 1, rows);
}

// out[first[s] .. first[s + 1]) = the rows in[k] (k < n) with st[k] == s, in their order, for s <
// S (at most 255); rows whose st[k] is S or more are left out. `out` has room for n + kGroupSlack.
inline void group_by_key(const uint8_t* st, const uint32_t* in, size_t n, size_t S, uint32_t* first,
                         uint32_t* out) {
  uint32_t counts[4][256] = {};
  for (size_t k = 0; k < n; ++k) ++counts[k & 3][st[k]];
  first[0] = 0;
  for (size_t s = 0; s < S; ++s) {
    const uint32_t m = counts[0][s] + counts[1][s] + counts[2][s] + counts[3][s];
    first[s + 1] = first[s] + m;
    if (m == n)
      std::copy(in, in + n, out + first[s]);
    else if (m > 0)  // a state's overrun lands on the later states' rows, written after it
      compact_state(st, in, n, static_cast<uint8_t>(s), out + first[s]);
  }
}

// group_by_key with st[k] = state[in[k]], for s < S (at most 255). `st` has room for n values.
inline void group_by_state(const uint8_t* state, const uint32_t* in, size_t n, size_t S,
                           uint8_t* st, uint32_t* first, uint32_t* out) {
  for (size_t k = 0; k < n; ++k) st[k] = state[in[k]];
  group_by_key(st, in, n, S, first, out);
}

}  // namespace civicsim::process::kernel
