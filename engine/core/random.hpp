// Counter-based random numbers: every draw is a pure function of its coordinates.
//
// A draw is Philox4x32-10 (Random123, Salmon et al. SC'11) of the counter (uid, step, stream, block)
// under a key derived from (seed, replication). Nothing is shared between threads and nothing needs
// checkpointing, so results are bit-identical for any thread or MPI rank count. Streams are derived
// from names (stream_id("deaths")), so adding a process or an intervention changes no other draw:
// scenarios that differ only in an intervention share every other random number.
//
// CounterRng adapts one coordinate to the UniformRandomBitGenerator interface so that Boost.Random
// distributions can draw from it; hot loops call philox_block() directly and compare 32-bit words with
// integer thresholds (probability_threshold), which is exact to 2^-32 and needs no floating point.
#pragma once

#include <Random123/philox.h>

#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string_view>

namespace civicsim {

// 32-bit FNV-1a of a name: a stable stream id that does not depend on declaration order.
constexpr uint32_t stream_id(std::string_view name) {
  uint32_t h = 2166136261u;
  for (char c : name) {
    h ^= static_cast<uint8_t>(c);
    h *= 16777619u;
  }
  return h;
}

// SplitMix64 finaliser (Steele et al. 2014): mixes seed and replication into the Philox key.
constexpr uint64_t splitmix64(uint64_t x) {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

// The key of one replication of one run.
struct RandomKey {
  uint32_t lo = 0;
  uint32_t hi = 0;
  static RandomKey make(uint64_t seed, uint32_t replication) {
    const uint64_t k = splitmix64(seed ^ splitmix64(0xC1u + static_cast<uint64_t>(replication)));
    return {static_cast<uint32_t>(k), static_cast<uint32_t>(k >> 32)};
  }
};

using Philox = r123::Philox4x32_R<10>;
using Words4 = std::array<uint32_t, 4>;

// Four independent 32-bit uniform words for coordinate (uid, step, stream, block).
inline Words4 philox_block(RandomKey key, uint32_t uid, uint32_t step, uint32_t stream,
                           uint32_t block) {
  const Philox::ctr_type ctr = {{uid, step, stream, block}};
  const Philox::key_type k = {{key.lo, key.hi}};
  const Philox::ctr_type r = Philox()(ctr, k);
  return {r.v[0], r.v[1], r.v[2], r.v[3]};
}

// A word w satisfies w < probability_threshold(p) with probability p (to within 2^-32).
inline uint32_t probability_threshold(double p) {
  if (!(p > 0.0)) return 0;
  if (p >= 1.0) return std::numeric_limits<uint32_t>::max();
  return static_cast<uint32_t>(std::ldexp(p, 32));
}

// Uniform double in [0, 1) with 53 random bits from two words.
inline double uniform01(uint32_t a, uint32_t b) {
  const uint64_t bits = (static_cast<uint64_t>(a) << 21) ^ (static_cast<uint64_t>(b) >> 11);
  return static_cast<double>(bits & ((1ull << 53) - 1)) * 0x1.0p-53;
}

// UniformRandomBitGenerator over the words of one coordinate, for Boost.Random distributions.
// Successive calls walk blocks 0, 1, 2, ... of (uid, step, stream), four words per block.
class CounterRng {
 public:
  using result_type = uint32_t;
  CounterRng(RandomKey key, uint32_t uid, uint32_t step, uint32_t stream)
      : key_(key), uid_(uid), step_(step), stream_(stream) {}
  static constexpr result_type min() { return 0; }
  static constexpr result_type max() { return std::numeric_limits<uint32_t>::max(); }
  result_type operator()() {
    if (next_ == 4) {
      words_ = philox_block(key_, uid_, step_, stream_, block_++);
      next_ = 0;
    }
    return words_[next_++];
  }
  // Uniform double in [0, 1) with 53 random bits.
  double uniform() {
    const uint32_t a = (*this)();
    return uniform01(a, (*this)());
  }

 private:
  RandomKey key_;
  uint32_t uid_, step_, stream_;
  uint32_t block_ = 0;
  Words4 words_{};
  int next_ = 4;
};

}  // namespace civicsim
