// Philox words for many rows at once: one block per four uids (word uid % 4 of block (uid / 4,
// step, stream, 0)), computed eight blocks side by side where the uids run on
// (engine/core/philox_batch.hpp). Bit for bit the words row.hpp's reference step draws one at a time.
#pragma once

#include <cstddef>
#include <cstdint>

#include "engine/core/philox_batch.hpp"
#include "engine/core/random.hpp"

namespace civicsim::process::kernel {

// Whether the uids of n rows run on from a multiple of four (a cohort, a freshly built population):
// then fill_words takes the vectorised path. Checked once per block, for all its streams.
inline bool runs_on(const uint32_t* uid, size_t n) {
  if (n == 0 || (uid[0] & 3u) != 0) return false;
  uint32_t off = 0;  // an OR of differences, which vectorises
  for (size_t i = 1; i < n; ++i) off |= uid[i] ^ (uid[0] + static_cast<uint32_t>(i));
  return off == 0;
}

// out[i] = word uid[i] % 4 of Philox block (uid[i] / 4, step, stream, 0), for i < n. `out` has room
// for n rounded up to a multiple of 4. `contiguous` is runs_on(uid, n).
inline void fill_words(RandomKey key, const uint32_t* uid, size_t n, uint32_t step, uint32_t stream,
                       uint32_t* out, bool contiguous) {
  if (n == 0) return;
  if (contiguous) {
    philox_groups(key, uid[0] >> 2, (n + 3) / 4, step, stream, out);
    return;
  }
  uint32_t last = 0;
  Words4 w{};
  bool have = false;
  for (size_t i = 0; i < n; ++i) {
    const uint32_t g = uid[i] >> 2;
    if (!have || g != last) {
      w = philox_block(key, g, step, stream, 0);
      last = g;
      have = true;
    }
    out[i] = w[uid[i] & 3u];
  }
}

// The Philox counters of rows rows[k] (k < n), uid / 4, each once where rows of one block follow
// each other: counters[0 .. m), returning m; at[k] = where row rows[k]'s word is among the blocks
// philox_list writes for them. `counters` and `at` have room for n values.
inline size_t list_counters(const uint32_t* uid, const uint32_t* rows, size_t n, uint32_t* counters,
                            uint32_t* at) {
  size_t m = 0;
  uint32_t last = ~0u;              // no counter yet (counters are below 2^30)
  for (size_t k = 0; k < n; ++k) {  // branch-free: the counter is written, then kept if new
    const uint32_t u = uid[rows[k]], g = u >> 2;
    counters[m] = g;
    m += g != last ? 1u : 0u;
    last = g;
    at[k] = static_cast<uint32_t>(4 * (m - 1)) + (u & 3u);
  }
  return m;
}

// words[k] = the word of the row at[k] points at (list_counters), k < n, from the m blocks of
// `counters` in a step's stream. `blocks` has room for 4 m values.
inline void words_at(RandomKey key, const uint32_t* counters, size_t m, const uint32_t* at,
                     size_t n, uint32_t step, uint32_t stream, uint32_t* words, uint32_t* blocks) {
  philox_list(key, counters, m, step, stream, blocks);
  for (size_t k = 0; k < n; ++k) words[k] = blocks[at[k]];
}

}  // namespace civicsim::process::kernel
