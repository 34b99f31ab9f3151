// Counter-based generator: purity, stream independence and distribution checks. Statistical
// tolerances are stated in standard errors.
#include "engine/core/random.hpp"

#include <gtest/gtest.h>

#include <boost/random/binomial_distribution.hpp>
#include <boost/random/normal_distribution.hpp>
#include <cmath>
#include <set>
#include <vector>

namespace civicsim {
namespace {

TEST(Random, DrawIsAPureFunctionOfItsCoordinates) {
  const RandomKey key = RandomKey::make(42, 0);
  EXPECT_EQ(philox_block(key, 7, 3, stream_id("a"), 0), philox_block(key, 7, 3, stream_id("a"), 0));
  const Words4 base = philox_block(key, 7, 3, stream_id("a"), 0);
  EXPECT_NE(base, philox_block(key, 8, 3, stream_id("a"), 0));                     // uid
  EXPECT_NE(base, philox_block(key, 7, 4, stream_id("a"), 0));                     // step
  EXPECT_NE(base, philox_block(key, 7, 3, stream_id("b"), 0));                     // stream
  EXPECT_NE(base, philox_block(key, 7, 3, stream_id("a"), 1));                     // block
  EXPECT_NE(base, philox_block(RandomKey::make(43, 0), 7, 3, stream_id("a"), 0));  // seed
  EXPECT_NE(base, philox_block(RandomKey::make(42, 1), 7, 3, stream_id("a"), 0));  // replication
}

TEST(Random, StreamIdsAreStableAndDistinct) {
  // FNV-1a of "demography": fixed forever, so result files stay comparable across versions.
  EXPECT_EQ(stream_id("demography"), stream_id("demography"));
  std::set<uint32_t> ids;
  for (const char* name : {"demography", "population.households", "population.persons", "asthma",
                           "family_need", "services", "interventions"})
    ids.insert(stream_id(name));
  EXPECT_EQ(ids.size(), 7u);
}

TEST(Random, ThresholdGivesTheProbability) {
  EXPECT_EQ(probability_threshold(0.0), 0u);
  EXPECT_EQ(probability_threshold(-1.0), 0u);
  EXPECT_EQ(probability_threshold(1.0), 0xFFFFFFFFu);
  EXPECT_EQ(probability_threshold(0.5), 0x80000000u);
  // Frequency of w < threshold(p) over 400,000 words is within 4 binomial standard errors of p.
  const RandomKey key = RandomKey::make(1, 0);
  const double p = 0.013;
  const uint32_t thr = probability_threshold(p);
  const int n = 100000;
  long hits = 0;
  for (int i = 0; i < n; ++i)
    for (uint32_t w : philox_block(key, static_cast<uint32_t>(i), 0, 1, 0)) hits += w < thr;
  const double draws = 4.0 * n;
  const double se = std::sqrt(p * (1 - p) / draws);
  EXPECT_NEAR(static_cast<double>(hits) / draws, p, 4 * se);
}

TEST(Random, UniformDoublesHaveTheRightMoments) {
  CounterRng rng(RandomKey::make(9, 0), 1, 2, 3);
  const int n = 200000;
  double sum = 0, sum2 = 0, lo = 1, hi = 0;
  for (int i = 0; i < n; ++i) {
    const double u = rng.uniform();
    sum += u;
    sum2 += u * u;
    lo = std::min(lo, u);
    hi = std::max(hi, u);
  }
  EXPECT_GE(lo, 0.0);
  EXPECT_LT(hi, 1.0);
  // Mean 1/2 with SE sqrt(1/12 / n); second moment 1/3 with SE sqrt(4/45 / n).
  EXPECT_NEAR(sum / n, 0.5, 4 * std::sqrt(1.0 / 12 / n));
  EXPECT_NEAR(sum2 / n, 1.0 / 3, 4 * std::sqrt(4.0 / 45 / n));
}

TEST(Random, BoostDistributionsDrawFromCounterRng) {
  // Binomial(50, 0.3) mean 15, variance 10.5; normal mean 0, variance 1.
  CounterRng rng(RandomKey::make(5, 0), 0, 0, stream_id("test"));
  boost::random::binomial_distribution<int> binomial(50, 0.3);
  boost::random::normal_distribution<double> normal(0.0, 1.0);
  const int n = 50000;
  double b = 0, z = 0, z2 = 0;
  for (int i = 0; i < n; ++i) {
    b += binomial(rng);
    const double x = normal(rng);
    z += x;
    z2 += x * x;
  }
  EXPECT_NEAR(b / n, 15.0, 4 * std::sqrt(10.5 / n));
  EXPECT_NEAR(z / n, 0.0, 4 * std::sqrt(1.0 / n));
  EXPECT_NEAR(z2 / n, 1.0, 4 * std::sqrt(2.0 / n));
  // The same coordinate replays the same sequence.
  CounterRng a(RandomKey::make(5, 0), 0, 0, stream_id("test")),
      c(RandomKey::make(5, 0), 0, 0, stream_id("test"));
  for (int i = 0; i < 10; ++i) EXPECT_EQ(a(), c());
}

}  // namespace
}  // namespace civicsim
