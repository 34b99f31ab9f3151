// Eight Philox4x32-10 blocks side by side (see philox_batch.hpp). The round and key schedule are
// Random123's (philox.h): round(ctr, key) = {hi1 ^ c1 ^ k0, lo1, hi0 ^ c3 ^ k1, lo0} with
// (hi0, lo0) = M0 * c0 and (hi1, lo1) = M1 * c2; the key is bumped by (W0, W1) before rounds 2..10.
#include "engine/process/philox_batch.hpp"

namespace civicsim::process {
namespace {

using U32x8 = uint32_t __attribute__((vector_size(32)));
using U64x8 = uint64_t __attribute__((vector_size(64)));

constexpr uint64_t kM0 = 0xD2511F53u, kM1 = 0xCD9E8D57u;
constexpr uint32_t kW0 = 0x9E3779B9u, kW1 = 0xBB67AE85u;

}  // namespace

__attribute__((target_clones("avx512f", "avx2", "default"))) void philox_groups(
    RandomKey key, uint32_t first, size_t groups, uint32_t step, uint32_t stream, uint32_t* out) {
  size_t j = 0;
  for (; j + 8 <= groups; j += 8) {
    const uint32_t g = first + static_cast<uint32_t>(j);
    U32x8 c0 = {g, g + 1, g + 2, g + 3, g + 4, g + 5, g + 6, g + 7};
    U32x8 c1 = U32x8{} + step, c2 = U32x8{} + stream, c3 = U32x8{};
    uint32_t k0 = key.lo, k1 = key.hi;
    for (int r = 0; r < 10; ++r) {
      if (r > 0) {
        k0 += kW0;
        k1 += kW1;
      }
      const U64x8 p0 = __builtin_convertvector(c0, U64x8) * kM0;
      const U64x8 p1 = __builtin_convertvector(c2, U64x8) * kM1;
      const U32x8 hi0 = __builtin_convertvector(p0 >> 32, U32x8),
                  lo0 = __builtin_convertvector(p0, U32x8);
      const U32x8 hi1 = __builtin_convertvector(p1 >> 32, U32x8),
                  lo1 = __builtin_convertvector(p1, U32x8);
      c0 = hi1 ^ c1 ^ k0;
      c1 = lo1;
      c2 = hi0 ^ c3 ^ k1;
      c3 = lo0;
    }
    uint32_t* o = out + 4 * j;
    for (int l = 0; l < 8; ++l) {
      o[4 * l] = c0[l];
      o[4 * l + 1] = c1[l];
      o[4 * l + 2] = c2[l];
      o[4 * l + 3] = c3[l];
    }
  }
  for (; j < groups; ++j) {
    const Words4 w = philox_block(key, first + static_cast<uint32_t>(j), step, stream, 0);
    for (int k = 0; k < 4; ++k) out[4 * j + static_cast<size_t>(k)] = w[static_cast<size_t>(k)];
  }
}

}  // namespace civicsim::process
