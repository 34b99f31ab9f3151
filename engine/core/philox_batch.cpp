// Many Philox4x32-10 blocks side by side (see philox_batch.hpp). The round and key schedule are
// Random123's (philox.h): round(ctr, key) = {hi1 ^ c1 ^ k0, lo1, hi0 ^ c3 ^ k1, lo0} with
// (hi0, lo0) = M0 * c0 and (hi1, lo1) = M1 * c2; the key is bumped by (W0, W1) before rounds 2..10.
//
// The AVX-512 and AVX2 paths hold one block per 64-bit lane, its word in the low half, so that one
// vpmuludq gives the whole 32x32->64 product (GCC's vector extensions spend three on it); the high
// halves are never read, so what the products and XORs leave there does not matter. The path is
// picked at run time (engine/core/kernel_path.hpp), so portable builds use it too.
#include "engine/core/philox_batch.hpp"

#include <immintrin.h>

#include "engine/core/kernel_path.hpp"

namespace civicsim {
namespace {

constexpr uint32_t kM0 = 0xD2511F53u, kM1 = 0xCD9E8D57u;
constexpr uint32_t kW0 = 0x9E3779B9u, kW1 = 0xBB67AE85u;
constexpr int kRounds = 10;

// The round keys, k0 then k1 for each round.
struct Schedule {
  uint32_t k0[kRounds], k1[kRounds];
  explicit Schedule(RandomKey key) {
    for (int r = 0; r < kRounds; ++r) {
      k0[r] = key.lo + static_cast<uint32_t>(r) * kW0;
      k1[r] = key.hi + static_cast<uint32_t>(r) * kW1;
    }
  }
};

void scalar_groups(RandomKey key, uint32_t first, size_t j, size_t groups, uint32_t step,
                   uint32_t stream, uint32_t* out) {
  for (; j < groups; ++j) {
    const Words4 w = philox_block(key, first + static_cast<uint32_t>(j), step, stream, 0);
    for (int k = 0; k < 4; ++k) out[4 * j + static_cast<size_t>(k)] = w[static_cast<size_t>(k)];
  }
}

// ---- AVX-512: 8 blocks per vector; four vectors per iteration (measured fastest of 1 to 6) keep
// the multipliers busy while each vector waits on its own products. GCC 12's AVX-512 headers trip
// -Wmaybe-uninitialized (their deliberately undefined pass-through operands).
#pragma GCC diagnostic push
#if defined(__GNUC__) && !defined(__clang__)  // clang has no such warning group
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
constexpr int kV512 = 4;

template <int V>
__attribute__((target("avx512f"), always_inline)) inline void rounds512(__m512i (&c)[V][4],
                                                                        const __m512i* k0,
                                                                        const __m512i* k1) {
  const __m512i m0 = _mm512_set1_epi64(kM0), m1 = _mm512_set1_epi64(kM1);
#pragma GCC unroll 10
  for (int r = 0; r < kRounds; ++r) {
#pragma GCC unroll 4
    for (int v = 0; v < V; ++v) {
      const __m512i p0 = _mm512_mul_epu32(c[v][0], m0), p1 = _mm512_mul_epu32(c[v][2], m1);
      c[v][0] = _mm512_ternarylogic_epi64(_mm512_srli_epi64(p1, 32), c[v][1], k0[r], 0x96);
      c[v][1] = p1;
      c[v][2] = _mm512_ternarylogic_epi64(_mm512_srli_epi64(p0, 32), c[v][3], k1[r], 0x96);
      c[v][3] = p0;
    }
  }
}

// Counters first + j + lane; they wrap mod 2^32 in the low halves, as the scalar counter does.
__attribute__((target("avx512f"), always_inline)) inline __m512i counters512(uint32_t first,
                                                                             size_t j,
                                                                             __m512i lane) {
  return _mm512_add_epi32(_mm512_set1_epi32(static_cast<int>(first + static_cast<uint32_t>(j))),
                          lane);
}

// The 32 output words of 8 blocks, in block order.
__attribute__((target("avx512f"), always_inline)) inline void words512(const __m512i (&c)[4],
                                                                       __m512i& a, __m512i& b) {
  // Low dwords of two vectors, alternately: (c0, c1) or (c2, c3) of each block.
  const __m512i pair = _mm512_setr_epi32(0, 16, 2, 18, 4, 20, 6, 22, 8, 24, 10, 26, 12, 28, 14, 30);
  const __m512i w01 = _mm512_permutex2var_epi32(c[0], pair, c[1]);
  const __m512i w23 = _mm512_permutex2var_epi32(c[2], pair, c[3]);
  a = _mm512_permutex2var_epi64(w01, _mm512_setr_epi64(0, 8, 1, 9, 2, 10, 3, 11), w23);
  b = _mm512_permutex2var_epi64(w01, _mm512_setr_epi64(4, 12, 5, 13, 6, 14, 7, 15), w23);
}

__attribute__((target("avx512f"))) void groups512(RandomKey key, uint32_t first, size_t groups,
                                                  uint32_t step, uint32_t stream, uint32_t* out) {
  const Schedule ks(key);
  __m512i k0[kRounds], k1[kRounds];
  for (int r = 0; r < kRounds; ++r) {
    k0[r] = _mm512_set1_epi32(static_cast<int>(ks.k0[r]));
    k1[r] = _mm512_set1_epi32(static_cast<int>(ks.k1[r]));
  }
  const __m512i lane = _mm512_setr_epi64(0, 1, 2, 3, 4, 5, 6, 7);
  const __m512i c1 = _mm512_set1_epi32(static_cast<int>(step));
  const __m512i c2 = _mm512_set1_epi32(static_cast<int>(stream));
  size_t j = 0;
  for (; j + 8 * kV512 <= groups; j += 8 * kV512) {
    __m512i c[kV512][4];
    for (int v = 0; v < kV512; ++v) {
      c[v][0] = counters512(first, j + 8 * static_cast<size_t>(v), lane);
      c[v][1] = c1;
      c[v][2] = c2;
      c[v][3] = _mm512_setzero_si512();
    }
    rounds512<kV512>(c, k0, k1);
    for (int v = 0; v < kV512; ++v) {
      __m512i a, b;
      words512(c[v], a, b);
      _mm512_storeu_si512(out + 4 * j + 32 * static_cast<size_t>(v), a);
      _mm512_storeu_si512(out + 4 * j + 32 * static_cast<size_t>(v) + 16, b);
    }
  }
  for (; j < groups; j += 8) {  // one vector at a time; the last one stores only its blocks
    __m512i c[1][4] = {{counters512(first, j, lane), c1, c2, _mm512_setzero_si512()}};
    rounds512<1>(c, k0, k1);
    __m512i a, b;
    words512(c[0], a, b);
    const size_t n = groups - j < 8 ? 4 * (groups - j) : 32;  // words to store
    const auto mask = [](size_t m) {
      return static_cast<__mmask16>(m >= 16 ? 0xFFFFu : (1u << m) - 1u);
    };
    _mm512_mask_storeu_epi32(out + 4 * j, mask(n), a);
    _mm512_mask_storeu_epi32(out + 4 * j + 16, mask(n > 16 ? n - 16 : 0), b);
  }
}

// As groups512, with the counters read from a list, one vector at a time.
__attribute__((target("avx512f,avx512vl"))) void list512(RandomKey key, const uint32_t* counters,
                                                         size_t n, uint32_t step, uint32_t stream,
                                                         uint32_t* out) {
  const Schedule ks(key);
  __m512i k0[kRounds], k1[kRounds];
  for (int r = 0; r < kRounds; ++r) {
    k0[r] = _mm512_set1_epi32(static_cast<int>(ks.k0[r]));
    k1[r] = _mm512_set1_epi32(static_cast<int>(ks.k1[r]));
  }
  const __m512i c1 = _mm512_set1_epi32(static_cast<int>(step));
  const __m512i c2 = _mm512_set1_epi32(static_cast<int>(stream));
  for (size_t j = 0; j < n; j += 8) {
    const size_t m = n - j < 8 ? n - j : 8;  // blocks in this vector
    const __m256i loaded =
        _mm256_maskz_loadu_epi32(static_cast<__mmask8>((1u << m) - 1u), counters + j);
    __m512i c[1][4] = {{_mm512_cvtepu32_epi64(loaded), c1, c2, _mm512_setzero_si512()}};
    rounds512<1>(c, k0, k1);
    __m512i a, b;
    words512(c[0], a, b);
    const size_t w = 4 * m;  // words to store
    const auto mask = [](size_t k) {
      return static_cast<__mmask16>(k >= 16 ? 0xFFFFu : (1u << k) - 1u);
    };
    _mm512_mask_storeu_epi32(out + 4 * j, mask(w), a);
    _mm512_mask_storeu_epi32(out + 4 * j + 16, mask(w > 16 ? w - 16 : 0), b);
  }
}

#pragma GCC diagnostic pop

// ---- AVX2: as above with 4 blocks per vector and two XORs for each ternary-logic one.
constexpr int kV256 = 4;

template <int V>
__attribute__((target("avx2"), always_inline)) inline void rounds256(__m256i (&c)[V][4],
                                                                     const __m256i* k0,
                                                                     const __m256i* k1) {
  const __m256i m0 = _mm256_set1_epi64x(kM0), m1 = _mm256_set1_epi64x(kM1);
#pragma GCC unroll 10
  for (int r = 0; r < kRounds; ++r) {
#pragma GCC unroll 4
    for (int v = 0; v < V; ++v) {
      const __m256i p0 = _mm256_mul_epu32(c[v][0], m0), p1 = _mm256_mul_epu32(c[v][2], m1);
      c[v][0] = _mm256_xor_si256(_mm256_xor_si256(_mm256_srli_epi64(p1, 32), c[v][1]), k0[r]);
      c[v][1] = p1;
      c[v][2] = _mm256_xor_si256(_mm256_xor_si256(_mm256_srli_epi64(p0, 32), c[v][3]), k1[r]);
      c[v][3] = p0;
    }
  }
}

__attribute__((target("avx2"), always_inline)) inline __m256i counters256(uint32_t first, size_t j,
                                                                          __m256i lane) {
  return _mm256_add_epi32(_mm256_set1_epi32(static_cast<int>(first + static_cast<uint32_t>(j))),
                          lane);
}

// The 16 output words of 4 blocks, in block order.
__attribute__((target("avx2"), always_inline)) inline void words256(const __m256i (&c)[4],
                                                                    __m256i& a, __m256i& b) {
  const __m256i w01 = _mm256_blend_epi32(c[0], _mm256_slli_epi64(c[1], 32), 0xAA);
  const __m256i w23 = _mm256_blend_epi32(c[2], _mm256_slli_epi64(c[3], 32), 0xAA);
  const __m256i lo = _mm256_unpacklo_epi64(w01, w23), hi = _mm256_unpackhi_epi64(w01, w23);
  a = _mm256_permute2x128_si256(lo, hi, 0x20);
  b = _mm256_permute2x128_si256(lo, hi, 0x31);
}

__attribute__((target("avx2"))) void groups256(RandomKey key, uint32_t first, size_t groups,
                                               uint32_t step, uint32_t stream, uint32_t* out) {
  const Schedule ks(key);
  __m256i k0[kRounds], k1[kRounds];
  for (int r = 0; r < kRounds; ++r) {
    k0[r] = _mm256_set1_epi32(static_cast<int>(ks.k0[r]));
    k1[r] = _mm256_set1_epi32(static_cast<int>(ks.k1[r]));
  }
  const __m256i lane = _mm256_setr_epi64x(0, 1, 2, 3);
  const __m256i c1 = _mm256_set1_epi32(static_cast<int>(step));
  const __m256i c2 = _mm256_set1_epi32(static_cast<int>(stream));
  size_t j = 0;
  for (; j + 4 * kV256 <= groups; j += 4 * kV256) {
    __m256i c[kV256][4];
    for (int v = 0; v < kV256; ++v) {
      c[v][0] = counters256(first, j + 4 * static_cast<size_t>(v), lane);
      c[v][1] = c1;
      c[v][2] = c2;
      c[v][3] = _mm256_setzero_si256();
    }
    rounds256<kV256>(c, k0, k1);
    for (int v = 0; v < kV256; ++v) {
      __m256i a, b;
      words256(c[v], a, b);
      auto* o = reinterpret_cast<__m256i*>(out + 4 * j + 16 * static_cast<size_t>(v));
      _mm256_storeu_si256(o, a);
      _mm256_storeu_si256(o + 1, b);
    }
  }
  scalar_groups(key, first, j, groups, step, stream, out);  // at most 4 kV256 - 1 blocks
}

// ---- Fallback: GCC vector extensions, 8 blocks per vector (SSE2 on x86-64).
using U32x8 = uint32_t __attribute__((vector_size(32)));
using U64x8 = uint64_t __attribute__((vector_size(64)));

void groups_generic(RandomKey key, uint32_t first, size_t groups, uint32_t step, uint32_t stream,
                    uint32_t* out) {
  size_t j = 0;
  for (; j + 8 <= groups; j += 8) {
    const uint32_t g = first + static_cast<uint32_t>(j);
    U32x8 c0 = {g, g + 1, g + 2, g + 3, g + 4, g + 5, g + 6, g + 7};
    U32x8 c1 = U32x8{} + step, c2 = U32x8{} + stream, c3 = U32x8{};
    uint32_t k0 = key.lo, k1 = key.hi;
    for (int r = 0; r < kRounds; ++r) {
      if (r > 0) {
        k0 += kW0;
        k1 += kW1;
      }
      const U64x8 p0 = __builtin_convertvector(c0, U64x8) * uint64_t{kM0};
      const U64x8 p1 = __builtin_convertvector(c2, U64x8) * uint64_t{kM1};
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
  scalar_groups(key, first, j, groups, step, stream, out);
}

void list_scalar(RandomKey key, const uint32_t* counters, size_t n, uint32_t step, uint32_t stream,
                 uint32_t* out) {
  for (size_t j = 0; j < n; ++j) {
    const Words4 w = philox_block(key, counters[j], step, stream, 0);
    for (int k = 0; k < 4; ++k) out[4 * j + static_cast<size_t>(k)] = w[static_cast<size_t>(k)];
  }
}

}  // namespace

// The instruction set is looked up per call (a load and a switch per block of thousands of rows),
// so a test can force each path in turn (kernel_path.hpp).
void philox_list(RandomKey key, const uint32_t* counters, size_t n, uint32_t step, uint32_t stream,
                 uint32_t* out) {
  if (vector_isa() == VectorIsa::kAvx512) return list512(key, counters, n, step, stream, out);
  list_scalar(key, counters, n, step, stream, out);
}

void philox_groups(RandomKey key, uint32_t first, size_t groups, uint32_t step, uint32_t stream,
                   uint32_t* out) {
  switch (vector_isa()) {
    case VectorIsa::kAvx512:
      return groups512(key, first, groups, step, stream, out);
    case VectorIsa::kAvx2:
      return groups256(key, first, groups, step, stream, out);
    case VectorIsa::kScalar:
      return groups_generic(key, first, groups, step, stream, out);
  }
}

}  // namespace civicsim
