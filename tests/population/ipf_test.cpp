// IPF and integerisation: a 2x2 fit against its closed-form solution, a 3-way fit to all margins,
// structural zeros, and the rounding helpers keeping totals and margins.
#include "engine/population/ipf.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "engine/core/random.hpp"

namespace civicsim {
namespace {

// For a 2x2 table IPF converges to the unique table with the seed's odds ratio and the target
// margins. Seed [[1, 2], [3, 4]] has odds ratio 4/6 = 2/3; with rows (40, 60) and columns (30, 70),
// x11 solves x11 (30 + x11) = 2/3 (40 - x11)(30 - x11), i.e. x11^2 + 230 x11 - 2400 = 0, so x11 = 10
// and the fitted table is [[10, 30], [20, 40]] (odds ratio 400 / 600 = 2/3, margins as targeted).
TEST(IpfTest, TwoByTwoMatchesClosedForm) {
  Eigen::ArrayXd t(4);
  t << 1, 2, 3, 4;
  Eigen::ArrayXd rows(2), cols(2);
  rows << 40, 60;
  cols << 30, 70;
  const IpfResult r = ipf_fit(t, {2, 2}, {rows, cols}, 1e-13, 10000);
  EXPECT_TRUE(r.converged);
  EXPECT_NEAR(t[0], 10.0, 1e-9);
  EXPECT_NEAR(t[1], 30.0, 1e-9);
  EXPECT_NEAR(t[2], 20.0, 1e-9);
  EXPECT_NEAR(t[3], 40.0, 1e-9);
}

TEST(IpfTest, ThreeWayConvergesToAllMargins) {
  const std::vector<int> dims = {3, 4, 2};
  CounterRng rng(RandomKey::make(7, 0), 0, 0, stream_id("ipf.test"));
  Eigen::ArrayXd truth(24), seed(24);
  for (int i = 0; i < 24; ++i) {
    truth[i] = 1.0 + 99.0 * rng.uniform();
    seed[i] = 0.5 + rng.uniform();
  }
  std::vector<Eigen::ArrayXd> margins;
  for (int d = 0; d < 3; ++d) margins.push_back(ipf_margin(truth, dims, d));
  const IpfResult r = ipf_fit(seed, dims, margins, 1e-12, 5000);
  EXPECT_TRUE(r.converged);
  for (int d = 0; d < 3; ++d) {
    const Eigen::ArrayXd m = ipf_margin(seed, dims, d);
    for (Eigen::Index k = 0; k < m.size(); ++k)
      EXPECT_NEAR(m[k], margins[static_cast<size_t>(d)][k], 1e-8);
  }
  EXPECT_GT(r.iterations, 1);
}

// The household table's pattern: 5 types x 3 tenures x 2 (overcrowded), with the first two types
// never overcrowded.
TEST(IpfTest, RespectsStructuralZeros) {
  const std::vector<int> dims = {5, 3, 2};
  Eigen::ArrayXd t = Eigen::ArrayXd::Ones(30);
  for (int k = 0; k < 2; ++k)
    for (int u = 0; u < 3; ++u) t[(k * 3 + u) * 2 + 1] = 0;
  Eigen::ArrayXd type(5), tenure(3), oc(2);
  type << 300, 250, 150, 100, 200;
  tenure << 600, 250, 150;
  oc << 940, 60;
  const IpfResult r = ipf_fit(t, dims, {type, tenure, oc}, 1e-12, 5000);
  EXPECT_TRUE(r.converged);
  for (int k = 0; k < 2; ++k)
    for (int u = 0; u < 3; ++u) EXPECT_EQ(t[(k * 3 + u) * 2 + 1], 0.0);
  EXPECT_NEAR(ipf_margin(t, dims, 0)[0], 300, 1e-7);
  EXPECT_NEAR(ipf_margin(t, dims, 2)[1], 60, 1e-7);
  EXPECT_NEAR(ipf_margin(t, dims, 1)[2], 150, 1e-7);
}

TEST(IpfTest, ImpossibleMarginDoesNotConverge) {
  Eigen::ArrayXd t(4);
  t << 1, 0, 1, 0;  // column 2 is an all-zero slice
  Eigen::ArrayXd rows(2), cols(2);
  rows << 5, 5;
  cols << 5, 5;
  EXPECT_FALSE(ipf_fit(t, {2, 2}, {rows, cols}, 1e-10, 50).converged);
}

TEST(IpfTest, LargestRemainderKeepsTotalAndBreaksTiesByKey) {
  Eigen::ArrayXd v(4);
  v << 1.5, 2.5, 0.25, 0.75;  // floors 1, 2, 0, 0 (sum 3); two more go to 0.75 and one of the 0.5s
  const Eigen::ArrayXi a = largest_remainder(v, 5, {9, 3, 0, 0});
  EXPECT_EQ(a.sum(), 5);
  EXPECT_EQ(a[3], 1);
  EXPECT_EQ(a[0], 1);  // key 9 > key 3: index 1 wins the tie
  EXPECT_EQ(a[1], 3);
  const Eigen::ArrayXi b = largest_remainder(v, 5, {1, 3, 0, 0});
  EXPECT_EQ(b[0], 2);
  EXPECT_EQ(b[1], 2);
  // Exact whole numbers stay as they are.
  Eigen::ArrayXd w(3);
  w << 3, 4, 5;
  EXPECT_TRUE((largest_remainder(w, 12, {}) == Eigen::ArrayXi::LinSpaced(3, 3, 5)).all());
}

TEST(IpfTest, ControlledRoundingKeepsMarginsAndZeros) {
  Eigen::ArrayXXd a(3, 4);
  a << 1.4, 2.3, 0.0, 3.3,  //
      0.6, 1.6, 2.5, 0.0,   //
      2.0, 0.1, 0.5, 1.2;
  // Row sums 7.0, 4.7, 3.8; column sums 4.0, 4.0, 3.0, 4.5 (total 15.5 -> 16 after rounding).
  Eigen::ArrayXi rows(3), cols(4);
  rows << 7, 5, 4;
  cols << 4, 4, 3, 5;
  std::vector<bool> allowed(12, true);
  allowed[2] = false;
  allowed[7] = false;
  const Eigen::ArrayXXi x = controlled_round(a, rows, cols, std::vector<uint32_t>(12, 0), allowed);
  EXPECT_TRUE((x.colwise().sum().transpose() == cols).all());
  EXPECT_TRUE((x.rowwise().sum() == rows).all());
  EXPECT_EQ(x(0, 2), 0);
  EXPECT_EQ(x(1, 3), 0);
  EXPECT_TRUE(((x.cast<double>() - a).abs() < 1.0 + 1e-12).all());
}

}  // namespace
}  // namespace civicsim
