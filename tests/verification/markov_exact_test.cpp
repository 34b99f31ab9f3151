// The exact cohort calculator checked against closed forms, brute-force path enumeration and itself
// (recursion vs matrix power, tunnel expansion vs plain and time-varying chains).
// Tolerances: these are exact computations, so the only error is floating-point round-off. 1e-12
// absolute on probabilities and on totals of order 1-30 allows ~1e4 ulps of accumulated error over
// a few dozen matrix products and sums; anything wrong in a formula shows up orders of magnitude
// above it.
#include "tests/verification/markov_exact.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

namespace civicsim::verification {
namespace {

constexpr double kRoundOff = 1e-12;

Eigen::MatrixXd random_stochastic(int n, unsigned seed) {
  std::mt19937 gen(seed);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  Eigen::MatrixXd P(n, n);
  for (int i = 0; i < n; ++i) {
    for (int k = 0; k < n; ++k) P(i, k) = u(gen) < 0.3 ? 0.0 : u(gen);  // some structural zeros
    P(i, i) += 0.1;
    P.row(i) /= P.row(i).sum();
  }
  return P;
}

TEST(MarkovExact, TwoStateAbsorbingMatchesClosedForm) {
  const double p = 0.07;
  Eigen::MatrixXd P(2, 2);
  P << 1 - p, p, 0, 1;
  const Eigen::MatrixXd occ = occupancy(P, Eigen::RowVector2d(1, 0), 40);
  ASSERT_EQ(occ.rows(), 41);
  for (int t = 0; t <= 40; ++t) {
    EXPECT_NEAR(occ(t, 0), std::pow(1 - p, t), kRoundOff) << t;
    EXPECT_NEAR(occ(t, 1), 1 - std::pow(1 - p, t), kRoundOff) << t;
  }
}

TEST(MarkovExact, TwoStateErgodicMatchesClosedForm) {
  // pi_0(t) = b/(a+b) + (pi_0(0) - b/(a+b)) (1-a-b)^t
  const double a = 0.2, b = 0.35, stationary = b / (a + b);
  Eigen::MatrixXd P(2, 2);
  P << 1 - a, a, b, 1 - b;
  const Eigen::MatrixXd occ = occupancy(P, Eigen::RowVector2d(0.3, 0.7), 25);
  for (int t = 0; t <= 25; ++t)
    EXPECT_NEAR(occ(t, 0), stationary + (0.3 - stationary) * std::pow(1 - a - b, t), kRoundOff);
}

TEST(MarkovExact, OccupancyEqualsMatrixPowerAndRowsSumToOne) {
  const Eigen::MatrixXd P = random_stochastic(6, 7);
  Eigen::RowVectorXd start = Eigen::RowVectorXd::Zero(6);
  start << 0.5, 0.2, 0.0, 0.3, 0.0, 0.0;
  EXPECT_LT(occupancy_power_discrepancy(P, start, 50), kRoundOff);
  Eigen::MatrixXd naive = Eigen::MatrixXd::Identity(6, 6);
  for (int t = 0; t <= 13;
       ++t) {  // repeated squaring against plain products, odd and even exponents
    EXPECT_LT((matrix_power(P, t) - naive).cwiseAbs().maxCoeff(), kRoundOff) << t;
    naive = naive * P;
  }
  const Eigen::MatrixXd occ = occupancy(P, start, 50);
  for (Eigen::Index t = 0; t < occ.rows(); ++t) {
    EXPECT_NEAR(occ.row(t).sum(), 1.0, kRoundOff);
    EXPECT_GE(occ.row(t).minCoeff(), 0.0);
  }
}

TEST(MarkovExact, RejectsInvalidInput) {
  Eigen::MatrixXd bad(2, 2);
  bad << 0.5, 0.6, 0, 1;
  EXPECT_THROW(occupancy(bad, Eigen::RowVector2d(1, 0), 3), std::invalid_argument);
  EXPECT_THROW(occupancy(Eigen::MatrixXd::Identity(2, 2), Eigen::RowVector2d(0.5, 0.4), 3),
               std::invalid_argument);
  EXPECT_THROW(occupancy(Eigen::MatrixXd::Identity(2, 2), Eigen::RowVector3d(1, 0, 0), 3),
               std::invalid_argument);
}

TEST(MarkovExact, TimeVaryingWithConstantMatrixEqualsPlain) {
  const Eigen::MatrixXd P = random_stochastic(4, 3);
  const Eigen::RowVector4d start(1, 0, 0, 0);
  const Eigen::MatrixXd a = occupancy(P, start, 20);
  const Eigen::MatrixXd b = occupancy([&P](int) { return P; }, start, 20);
  EXPECT_LT((a - b).cwiseAbs().maxCoeff(), kRoundOff);
}

TEST(MarkovTunnels, NoDurationDependenceEqualsPlainChain) {
  const Eigen::MatrixXd P = random_stochastic(4, 11);
  const Eigen::RowVector4d start(0.6, 0.4, 0, 0);
  const Eigen::MatrixXd plain = occupancy(P, start, 30);
  for (int cap : {0, 3, 30}) {
    for (int rule = 0; rule < 2; ++rule) {
      DurationChain dc{
          4, cap, [&P](int from, int, int to) { return P(from, to); },
          rule == 0 ? consecutive_cycles_in({false, true, true, false}) : cycles_since_start()};
      const TunnelChain tc = expand_tunnels(dc);
      ASSERT_EQ(tc.size(), 4 * (cap + 1));
      const Eigen::MatrixXd folded = occupancy(tc.P, tc.expand_start(start), 30) * tc.collapse();
      EXPECT_LT((folded - plain).cwiseAbs().maxCoeff(), kRoundOff)
          << "cap " << cap << " rule " << rule;
    }
  }
}

// H(0) -> S(1) -> D(2). Death from S rises with k = consecutive cycles in S including the current
// one; the utility of a cycle in S falls with k. Checked against every path enumerated with an
// unbounded counter.
struct DurationToy {
  int cap_rule;  // probabilities and rewards use min(k, cap_rule): the counter may be held at
                 // cap_rule
  double p_die(int k) const { return 0.02 * (1 + std::min(k, cap_rule)); }
  double prob(int from, int k, int to) const {
    const double rows[3][3] = {{0.8, 0.15, 0.05}, {0.3, 0.7 - p_die(k), p_die(k)}, {0, 0, 1}};
    return rows[from][to];
  }
  double utility(int s, int k) const {
    return s == 0 ? 1.0 : s == 1 ? 0.8 - 0.05 * std::min(k, cap_rule) : 0.0;
  }
};

TEST(MarkovTunnels, DurationDependenceMatchesPathEnumeration) {
  const int T = 8;
  for (int cap_rule : {2, T}) {
    const DurationToy toy{cap_rule};
    const auto next = consecutive_cycles_in({false, true, false});
    Eigen::MatrixXd brute = Eigen::MatrixXd::Zero(T + 1, 3);
    double brute_qalys = 0.0;  // undiscounted, t = 0..T
    auto walk = [&](auto&& self, int t, int s, int k, double prob) -> void {
      brute(t, s) += prob;
      brute_qalys += prob * toy.utility(s, k);
      if (t == T) return;
      for (int to = 0; to < 3; ++to) {
        const double p = toy.prob(s, k, to);
        if (p > 0) self(self, t + 1, to, next(s, k, to), prob * p);
      }
    };
    walk(walk, 0, 0, 0, 1.0);
    // cap = cap_rule is exact because nothing changes beyond it; cap = T can never be passed in T
    // cycles.
    for (int cap : {cap_rule, T}) {
      const TunnelChain tc = expand_tunnels(
          {3, cap, [&toy](int from, int d, int to) { return toy.prob(from, d, to); }, next});
      const Eigen::MatrixXd occ = occupancy(tc.P, tc.expand_start(Eigen::RowVector3d(1, 0, 0)), T);
      EXPECT_LT((occ * tc.collapse() - brute).cwiseAbs().maxCoeff(), kRoundOff)
          << cap_rule << " " << cap;
      const Eigen::VectorXd u = tc.state_values([&toy](int s, int d) { return toy.utility(s, d); });
      const Totals tot = expected_totals(occ, Eigen::VectorXd::Zero(tc.size()), u, Accounting{});
      EXPECT_NEAR(tot.qalys, brute_qalys, kRoundOff);
    }
  }
}

TEST(MarkovTunnels, EffectForFirstKCyclesEqualsTimeVaryingChain) {
  // Incidence q1 while the model clock d < k (transitions into cycles 1..k), q2 afterwards.
  const int k = 4, T = 12;
  const double q1 = 0.05, q2 = 0.2;
  auto matrix = [](double q) {
    Eigen::MatrixXd P(2, 2);
    P << 1 - q, q, 0, 1;
    return P;
  };
  const TunnelChain tc = expand_tunnels(
      {2, k, [&](int from, int d, int to) { return matrix(d < k ? q1 : q2)(from, to); },
       cycles_since_start()});
  const Eigen::MatrixXd a =
      occupancy(tc.P, tc.expand_start(Eigen::RowVector2d(1, 0)), T) * tc.collapse();
  const Eigen::MatrixXd b =
      occupancy([&](int t) { return matrix(t <= k ? q1 : q2); }, Eigen::RowVector2d(1, 0), T);
  EXPECT_LT((a - b).cwiseAbs().maxCoeff(), kRoundOff);
  EXPECT_NEAR(a(T, 0), std::pow(1 - q1, k) * std::pow(1 - q2, T - k), kRoundOff);
}

TEST(MarkovRewards, CycleWeightsPerConvention) {
  using V = std::vector<double>;
  EXPECT_EQ(cycle_weights(RewardTiming::kCycles0ToT, 4), (V{1, 1, 1, 1, 1}));
  EXPECT_EQ(cycle_weights(RewardTiming::kCycles1ToT, 4), (V{0, 1, 1, 1, 1}));
  EXPECT_EQ(cycle_weights(RewardTiming::kHalfCycle, 4), (V{0.5, 1, 1, 1, 0.5}));
  EXPECT_EQ(cycle_weights(RewardTiming::kCycles0ToTMinus1, 4), (V{1, 1, 1, 1, 0}));
  // Alarid-Escudero 2023 as coded: odd t get 2/3, even interior t get 4/3, ends 1/3.
  EXPECT_EQ(cycle_weights(RewardTiming::kSimpsonDarthCode, 5),
            (V{1. / 3, 2. / 3, 4. / 3, 2. / 3, 4. / 3, 1. / 3}));
}

TEST(MarkovRewards, DiscountedTotalsMatchGeometricSums) {
  // One absorbing state, cost 1 and 0.5 QALY per cycle: totals are sums of the weights times
  // 1/(1+r)^t.
  const int T = 30;
  const Eigen::MatrixXd occ =
      occupancy(Eigen::MatrixXd::Identity(1, 1), Eigen::RowVectorXd::Ones(1), T);
  const double rc = 0.035, re = 0.015, vc = 1 / (1 + rc), ve = 1 / (1 + re);
  auto geometric = [T](double v, int from) {
    return (std::pow(v, from) - std::pow(v, T + 1)) / (1 - v);
  };
  Accounting acc{RewardTiming::kCycles0ToT, rc, re, 1.0};
  Totals tot =
      expected_totals(occ, Eigen::VectorXd::Ones(1), Eigen::VectorXd::Constant(1, 0.5), acc);
  EXPECT_NEAR(tot.cost, geometric(vc, 0), kRoundOff);
  EXPECT_NEAR(tot.qalys, 0.5 * geometric(ve, 0), kRoundOff);
  acc.timing = RewardTiming::kCycles1ToT;
  tot = expected_totals(occ, Eigen::VectorXd::Ones(1), Eigen::VectorXd::Constant(1, 0.5), acc);
  EXPECT_NEAR(tot.cost, geometric(vc, 1), kRoundOff);
  acc.timing = RewardTiming::kHalfCycle;
  tot = expected_totals(occ, Eigen::VectorXd::Ones(1), Eigen::VectorXd::Constant(1, 0.5), acc);
  EXPECT_NEAR(tot.cost, geometric(vc, 0) - 0.5 - 0.5 * std::pow(vc, T), kRoundOff);
  // Six-month cycles: the weight of cycle t is 1/(1+r)^(t/2).
  EXPECT_NEAR(discount_weight(0.03, 4, 0.5), 1 / (1.03 * 1.03), 1e-15);
  EXPECT_EQ(discount_weight(0.0, 17), 1.0);
}

// The mean and second moment of a person's total along a time-varying chain equal those of the
// brute-force enumeration of every path.
TEST(MarkovRewards, TimeVaryingRewardMomentsMatchPathEnumeration) {
  const int n = 3, T = 4;
  std::vector<Eigen::MatrixXd> P;
  for (int t = 1; t <= T; ++t) P.push_back(random_stochastic(n, 100u + static_cast<unsigned>(t)));
  const MatrixOfCycle of_cycle = [&](int t) { return P.at(static_cast<size_t>(t - 1)); };
  const Eigen::RowVectorXd start = Eigen::RowVector3d(0.5, 0.3, 0.2);
  auto g = [](int t) { return Eigen::Vector3d(1.0 + t, -0.5 * t, 2.0 / (1 + t)).eval(); };
  const std::function<Eigen::VectorXd(int)> reward = [&](int t) -> Eigen::VectorXd { return g(t); };
  double mean = 0.0, second = 0.0;
  std::vector<int> path(T + 1, 0);
  // Every path s_0..s_T as the digits of k in base n.
  for (int k = 0; k < static_cast<int>(std::pow(n, T + 1)); ++k) {
    for (int t = 0, r = k; t <= T; ++t, r /= n) path[static_cast<size_t>(t)] = r % n;
    double p = start(path[0]), total = g(0)(path[0]);
    for (int t = 1; t <= T; ++t) {
      p *= P[static_cast<size_t>(t - 1)](path[static_cast<size_t>(t - 1)],
                                         path[static_cast<size_t>(t)]);
      total += g(t)(path[static_cast<size_t>(t)]);
    }
    mean += p * total;
    second += p * total * total;
  }
  const RewardMoments m = reward_moments(of_cycle, start, T, reward);
  EXPECT_NEAR(m.mean, mean, kRoundOff);
  EXPECT_NEAR(m.second, second, kRoundOff);
  // The mean is also the trace's weighted sum.
  const Eigen::MatrixXd occ = occupancy(of_cycle, start, T);
  double from_trace = 0.0;
  for (int t = 0; t <= T; ++t) from_trace += occ.row(t).dot(g(t));
  EXPECT_NEAR(m.mean, from_trace, kRoundOff);
}

TEST(MarkovMcse, ProportionStandardError) {
  EXPECT_DOUBLE_EQ(mcse_proportion(0.5, 100), 0.05);
  EXPECT_DOUBLE_EQ(mcse_proportion(0.1, 10000), 0.003);
  EXPECT_EQ(mcse_proportion(0.0, 1000), 0.0);
  EXPECT_EQ(mcse_proportion(1.0, 1000), 0.0);
  Eigen::MatrixXd occ(1, 2);
  occ << 0.25, 0.75;
  EXPECT_DOUBLE_EQ(occupancy_mcse(occ, 300)(0, 1), std::sqrt(0.25 * 0.75 / 300));
  EXPECT_THROW(mcse_proportion(0.5, 0), std::invalid_argument);
}

TEST(MarkovCea, DominanceExtendedDominanceAndIcers) {
  using S = CeaRow::Status;
  // C is strongly dominated by B; D is extendedly dominated (ICER B->D 20000 > ICER D->E 10000), so
  // E is compared with B: 3000 / 0.2.
  const auto rows = cost_effectiveness(
      {{"A", 1000, 1.0}, {"B", 2000, 1.5}, {"C", 2500, 1.4}, {"D", 4000, 1.6}, {"E", 5000, 1.7}});
  EXPECT_EQ(rows[0].status, S::kFrontier);
  EXPECT_TRUE(std::isnan(rows[0].icer));
  EXPECT_EQ(rows[1].status, S::kFrontier);
  EXPECT_DOUBLE_EQ(rows[1].icer, 2000.0);
  EXPECT_EQ(rows[2].status, S::kDominated);
  EXPECT_EQ(rows[3].status, S::kExtendedlyDominated);
  EXPECT_EQ(rows[4].status, S::kFrontier);
  EXPECT_DOUBLE_EQ(rows[4].incremental_cost, 3000.0);
  EXPECT_NEAR(rows[4].icer, 3000.0 / 0.2, 1e-9);
}

}  // namespace
}  // namespace civicsim::verification
