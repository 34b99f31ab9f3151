// A block's rows grouped by state, so that each state's table cells are computed with its own plan
// over all its rows at once (cells.hpp). Branch-free: a count per state (four copies, so that runs
// of one state do not wait on their own increments), then one compacting pass per state that has
// rows. Internal to engine/process.
#pragma once

#include <algorithm>
#include <cstdint>

namespace civicsim::process::kernel {

// out[first[s] .. first[s + 1]) = the rows in[k] (k < n) with state[in[k]] == s, in their order,
// for s < S (at most 256). `st` has room for n values; `out` for n + 1 (a pass writes one past its
// state's rows, where the next state's rows go).
inline void group_by_state(const uint8_t* state, const uint32_t* in, size_t n, size_t S,
                           uint8_t* st, uint32_t* first, uint32_t* out) {
  uint32_t counts[4][256] = {};
  for (size_t k = 0; k < n; ++k) {
    st[k] = state[in[k]];
    ++counts[k & 3][st[k]];
  }
  first[0] = 0;
  for (size_t s = 0; s < S; ++s) {
    const uint32_t m = counts[0][s] + counts[1][s] + counts[2][s] + counts[3][s];
    first[s + 1] = first[s] + m;
    uint32_t* o = out + first[s];
    if (m == n) {
      std::copy(in, in + n, o);
    } else if (m > 0) {
      size_t c = 0;
      for (size_t k = 0; k < n; ++k) {
        o[c] = in[k];
        c += st[k] == s ? 1u : 0u;
      }
    }
  }
}

}  // namespace civicsim::process::kernel
