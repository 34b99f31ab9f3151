// The compacting pass of group_by_state (group_rows.hpp): AVX-512 where the machine has it (picked
// at run time, as philox_batch.cpp does), else branch-free scalar code. Both give the same rows.
#include "engine/kernel/group_rows.hpp"

#include <immintrin.h>

#include "engine/core/kernel_path.hpp"

namespace civicsim::process::kernel {
namespace {

size_t compact_scalar(const uint8_t* st, const uint32_t* in, size_t n, uint8_t s, uint32_t* out) {
  size_t c = 0;
  for (size_t k = 0; k < n; ++k) {  // written, then kept or not
    out[c] = in[k];
    c += st[k] == s ? 1u : 0u;
  }
  return c;
}

// Sixteen rows per step: their states compared at once, the matching rows compressed into one
// vector and stored whole (kGroupSlack), the count advanced by the matches.
__attribute__((target("avx512f,avx512bw,avx512vl"))) size_t compact512(const uint8_t* st,
                                                                       const uint32_t* in, size_t n,
                                                                       uint8_t s, uint32_t* out) {
  const __m128i state = _mm_set1_epi8(static_cast<char>(s));
  size_t c = 0, k = 0;
  for (; k + 16 <= n; k += 16) {
    const __mmask16 match =
        _mm_cmpeq_epi8_mask(_mm_loadu_si128(reinterpret_cast<const __m128i*>(st + k)), state);
    const __m512i rows = _mm512_loadu_si512(in + k);
    _mm512_storeu_si512(out + c, _mm512_maskz_compress_epi32(match, rows));
    c += static_cast<size_t>(__builtin_popcount(match));
  }
  return c + compact_scalar(st + k, in + k, n - k, s, out + c);
}

}  // namespace

size_t compact_state(const uint8_t* st, const uint32_t* in, size_t n, uint8_t s, uint32_t* out) {
  if (vector_isa() == VectorIsa::kAvx512) return compact512(st, in, n, s, out);
  return compact_scalar(st, in, n, s, out);
}

}  // namespace civicsim::process::kernel
