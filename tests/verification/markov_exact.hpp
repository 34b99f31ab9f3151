// Exact cohort (Markov chain) calculator: the yardstick the engine's verification tests compare
// against.
//
// Everything here is deterministic linear algebra over a discrete-time chain with one-cycle
// transition matrix P (row = from, column = to, rows sum to 1). It knows nothing of the engine:
// occupancy (the state trace), duration dependence by tunnel-state expansion, expected discounted
// rewards under the accounting conventions published models use, Monte Carlo standard errors for
// comparing a simulated cohort with the exact trace, and incremental cost-effectiveness with
// dominance.
#pragma once

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace civicsim::verification {

// ---- Chains
// -------------------------------------------------------------------------------------------

// Throws std::invalid_argument unless P is square, non-negative and every row sums to 1 (within
// tol).
inline void check_stochastic(const Eigen::MatrixXd& P, double tol = 1e-12) {
  if (P.rows() != P.cols() || P.rows() == 0)
    throw std::invalid_argument("transition matrix must be square");
  for (Eigen::Index i = 0; i < P.rows(); ++i) {
    if ((P.row(i).array() < -tol).any())
      throw std::invalid_argument("negative transition probability in row " + std::to_string(i));
    if (std::abs(P.row(i).sum() - 1.0) > tol)
      throw std::invalid_argument("row " + std::to_string(i) +
                                  " of the transition matrix does not sum to 1");
  }
}

// P^t by repeated squaring (independent of the step-by-step recursion in occupancy()).
inline Eigen::MatrixXd matrix_power(const Eigen::MatrixXd& P, int t) {
  if (t < 0) throw std::invalid_argument("matrix_power: negative exponent");
  Eigen::MatrixXd result = Eigen::MatrixXd::Identity(P.rows(), P.cols());
  Eigen::MatrixXd base = P;
  for (unsigned e = static_cast<unsigned>(t); e != 0; e >>= 1) {
    if (e & 1U) result = result * base;
    if (e > 1) base = base * base;
  }
  return result;
}

// The trace: (cycles + 1) x n; row t = distribution after t cycles (row 0 = start), by repeated
// multiplication row_t = row_{t-1} P. Throws if P is not stochastic or start is not a distribution.
inline Eigen::MatrixXd occupancy(const Eigen::MatrixXd& P, const Eigen::RowVectorXd& start,
                                 int cycles) {
  check_stochastic(P);
  if (start.size() != P.rows())
    throw std::invalid_argument("start distribution has the wrong size");
  if ((start.array() < 0).any() || std::abs(start.sum() - 1.0) > 1e-12)
    throw std::invalid_argument("start is not a probability distribution");
  if (cycles < 0) throw std::invalid_argument("negative number of cycles");
  Eigen::MatrixXd occ(cycles + 1, P.cols());
  occ.row(0) = start;
  for (int t = 1; t <= cycles; ++t) occ.row(t) = occ.row(t - 1) * P;
  return occ;
}

// Time-varying chain: matrix_of_cycle(t) is the matrix of the transition from cycle t-1 to cycle t
// (t >= 1).
using MatrixOfCycle = std::function<Eigen::MatrixXd(int t)>;
inline Eigen::MatrixXd occupancy(const MatrixOfCycle& matrix_of_cycle,
                                 const Eigen::RowVectorXd& start, int cycles) {
  if (cycles < 0) throw std::invalid_argument("negative number of cycles");
  Eigen::MatrixXd occ(cycles + 1, start.size());
  occ.row(0) = start;
  for (int t = 1; t <= cycles; ++t) {
    const Eigen::MatrixXd Pt = matrix_of_cycle(t);
    check_stochastic(Pt);
    if (Pt.rows() != start.size())
      throw std::invalid_argument("matrix of cycle has the wrong size");
    occ.row(t) = occ.row(t - 1) * Pt;
  }
  return occ;
}

// Largest |occupancy row t - start P^t| over t = 0..cycles: the recursion checked against the
// matrix power.
inline double occupancy_power_discrepancy(const Eigen::MatrixXd& P, const Eigen::RowVectorXd& start,
                                          int cycles) {
  const Eigen::MatrixXd occ = occupancy(P, start, cycles);
  double worst = 0.0;
  for (int t = 0; t <= cycles; ++t)
    worst = std::max(worst, (occ.row(t) - start * matrix_power(P, t)).cwiseAbs().maxCoeff());
  return worst;
}

// ---- Duration dependence by tunnel states
// -------------------------------------------------------------
//
// Convention. A duration-dependent chain has base states 0..n-1 and a counter d in 0..cap carried
// by each person. The expanded chain has one state per (s, d), index s * (cap + 1) + d. In expanded
// state (s, d):
//   * the probabilities of the next cycle's move are prob(s, d, to)  (they may depend on d);
//   * the move s -> to sets the counter to min(next_duration(s, d, to), cap);
//   * rewards of the cycle in which a person sits in (s, d) may depend on d (see
//   TunnelChain::state_values).
// So d is the counter *after* it was updated on entering the current cycle. Holding d at cap is
// exact when the counter cannot pass cap within the horizon (cap >= cycles), or when probabilities
// and rewards are the same for every d >= cap (e.g. an effect that lasts only the first k cycles:
// cap = k).
struct DurationChain {
  int n_states = 0;
  int cap = 0;
  std::function<double(int from, int d, int to)> prob;
  std::function<int(int from, int d, int to)> next_duration;
};

// Counter rules.
// Consecutive cycles spent in a group of states (e.g. "sick" = {S1, S2}): entering the group from
// outside sets 1, staying inside adds 1, being outside is 0. For a single state this is "cycles in
// state so far, including the current one".
inline std::function<int(int, int, int)> consecutive_cycles_in(std::vector<bool> in_group) {
  return [g = std::move(in_group)](int from, int d, int to) {
    if (!g.at(static_cast<size_t>(to))) return 0;
    return g.at(static_cast<size_t>(from)) ? d + 1 : 1;
  };
}
// A clock: cycles since the start of the model, whatever the state (start everyone at d = 0). With
// cap = k it expresses an effect that applies only during the first k cycles of the model (d < k).
inline std::function<int(int, int, int)> cycles_since_start() {
  return [](int, int d, int) { return d + 1; };
}

struct TunnelChain {
  int n_states = 0;
  int cap = 0;
  Eigen::MatrixXd P;  // expanded one-cycle matrix, n_states * (cap + 1) square

  Eigen::Index index(int s, int d) const { return Eigen::Index{s} * (cap + 1) + d; }
  Eigen::Index size() const { return P.rows(); }
  // Start distribution over expanded states: base distribution with every person's counter at d0.
  Eigen::RowVectorXd expand_start(const Eigen::RowVectorXd& base, int d0 = 0) const {
    if (base.size() != n_states || d0 < 0 || d0 > cap)
      throw std::invalid_argument("expand_start: bad input");
    Eigen::RowVectorXd x = Eigen::RowVectorXd::Zero(size());
    for (int s = 0; s < n_states; ++s) x(index(s, d0)) = base(s);
    return x;
  }
  // Expanded -> base aggregation: base_trace = expanded_trace * collapse().
  Eigen::MatrixXd collapse() const {
    Eigen::MatrixXd C = Eigen::MatrixXd::Zero(size(), n_states);
    for (int s = 0; s < n_states; ++s)
      for (int d = 0; d <= cap; ++d) C(index(s, d), s) = 1.0;
    return C;
  }
  // A per-cycle reward (or any value) of each expanded state from a rule value(s, d).
  Eigen::VectorXd state_values(const std::function<double(int s, int d)>& value) const {
    Eigen::VectorXd v(size());
    for (int s = 0; s < n_states; ++s)
      for (int d = 0; d <= cap; ++d) v(index(s, d)) = value(s, d);
    return v;
  }
};

inline TunnelChain expand_tunnels(const DurationChain& chain) {
  if (chain.n_states <= 0 || chain.cap < 0 || !chain.prob || !chain.next_duration)
    throw std::invalid_argument("expand_tunnels: incomplete DurationChain");
  TunnelChain out;
  out.n_states = chain.n_states;
  out.cap = chain.cap;
  const Eigen::Index n = Eigen::Index{chain.n_states} * (chain.cap + 1);
  out.P = Eigen::MatrixXd::Zero(n, n);
  for (int s = 0; s < chain.n_states; ++s)
    for (int d = 0; d <= chain.cap; ++d)
      for (int to = 0; to < chain.n_states; ++to) {
        const double p = chain.prob(s, d, to);
        if (p == 0.0) continue;
        const int nd = chain.next_duration(s, d, to);
        if (nd < 0) throw std::invalid_argument("expand_tunnels: negative duration");
        out.P(out.index(s, d), out.index(to, std::min(nd, chain.cap))) += p;
      }
  check_stochastic(out.P);
  return out;
}

// ---- Rewards
// ------------------------------------------------------------------------------------------

// When in the trace rewards are counted; weight w_t multiplies the reward of the trace's row t.
enum class RewardTiming {
  kCycles0ToT,        // t = 0..T, w_t = 1 (counts the starting state; Krijkamp 2018)
  kCycles1ToT,        // t = 1..T, w_t = 1 (end-of-cycle counting; w_0 = 0)
  kCycles0ToTMinus1,  // t = 0..T-1, w_t = 1 (start-of-cycle counting; w_T = 0; heemod "end")
  kHalfCycle,         // half-cycle correction = trapezoid: t = 0..T, w_0 = w_T = 1/2, otherwise 1
  kSimpsonDarthCode,  // Alarid-Escudero 2023 / darthtools gen_wcc("Simpson1/3") as coded: w_0 = w_T
                      // = 1/3, 1 <= t <= T-1: w_t = 2/3 if t is odd, 4/3 if t is even (for any T,
                      // odd or even)
};

struct Accounting {
  RewardTiming timing = RewardTiming::kCycles0ToT;
  double discount_costs =
      0.0;  // annual rate; weight of cycle t is 1 / (1 + r)^(t * cycle_length_years)
  double discount_effects = 0.0;
  double cycle_length_years = 1.0;
};

inline std::vector<double> cycle_weights(RewardTiming timing, int T) {
  if (T < 1) throw std::invalid_argument("cycle_weights: need at least one cycle");
  std::vector<double> w(static_cast<size_t>(T) + 1, 1.0);
  switch (timing) {
    case RewardTiming::kCycles0ToT:
      break;
    case RewardTiming::kCycles1ToT:
      w.front() = 0.0;
      break;
    case RewardTiming::kCycles0ToTMinus1:
      w.back() = 0.0;
      break;
    case RewardTiming::kHalfCycle:
      w.front() = w.back() = 0.5;
      break;
    case RewardTiming::kSimpsonDarthCode:
      for (int t = 1; t < T; ++t) w[static_cast<size_t>(t)] = (t % 2 == 1) ? 2.0 / 3.0 : 4.0 / 3.0;
      w.front() = w.back() = 1.0 / 3.0;
      break;
  }
  return w;
}

inline double discount_weight(double annual_rate, int t, double cycle_length_years = 1.0) {
  return 1.0 / std::pow(1.0 + annual_rate, static_cast<double>(t) * cycle_length_years);
}

// Expected discounted totals per person.
struct Totals {
  double cost = 0.0;
  double qalys = 0.0;
};

// occ: the trace (T + 1 rows). cost / qalys: what one cycle spent in each state (column of occ)
// adds (QALYs = utility x cycle length in years).
inline Totals expected_totals(const Eigen::MatrixXd& occ, const Eigen::VectorXd& cost,
                              const Eigen::VectorXd& qalys, const Accounting& acc) {
  if (cost.size() != occ.cols() || qalys.size() != occ.cols())
    throw std::invalid_argument("expected_totals: reward vectors do not match the trace");
  const int T = static_cast<int>(occ.rows()) - 1;
  const std::vector<double> w = cycle_weights(acc.timing, T);
  const Eigen::VectorXd cost_t = occ * cost;  // expected reward at each cycle
  const Eigen::VectorXd qaly_t = occ * qalys;
  Totals out;
  for (int t = 0; t <= T; ++t) {
    const double wt = w[static_cast<size_t>(t)];
    out.cost += wt * discount_weight(acc.discount_costs, t, acc.cycle_length_years) * cost_t(t);
    out.qalys += wt * discount_weight(acc.discount_effects, t, acc.cycle_length_years) * qaly_t(t);
  }
  return out;
}

// Mean and second moment of one person's total R = sum_{t=0..T} g_t(X_t) along a time-varying chain
// (matrix_of_cycle(t) moves the chain from t-1 to t), where g_t = weighted_reward(t) already holds
// the time point's weight (convention x discount) times the reward of each state. Backward
// recursion: V_T = g_T, M_T = g_T^2; V_t = g_t + P_{t+1} V_{t+1}, M_t = g_t^2 + 2 g_t (P_{t+1}
// V_{t+1}) + P_{t+1} M_{t+1}; E[R] = start . V_0, E[R^2] = start . M_0.
struct RewardMoments {
  double mean = 0.0;
  double second = 0.0;
  double variance() const { return std::max(0.0, second - mean * mean); }
};
inline RewardMoments reward_moments(const MatrixOfCycle& matrix_of_cycle,
                                    const Eigen::RowVectorXd& start, int cycles,
                                    const std::function<Eigen::VectorXd(int t)>& weighted_reward) {
  if (cycles < 0) throw std::invalid_argument("negative number of cycles");
  Eigen::VectorXd V = weighted_reward(cycles);
  if (V.size() != start.size()) throw std::invalid_argument("reward vector has the wrong size");
  Eigen::VectorXd M = V.cwiseProduct(V);
  for (int t = cycles - 1; t >= 0; --t) {
    const Eigen::MatrixXd P = matrix_of_cycle(t + 1);
    const Eigen::VectorXd g = weighted_reward(t);
    const Eigen::VectorXd ev = P * V;
    M = g.cwiseProduct(g) + 2.0 * g.cwiseProduct(ev) + P * M;
    V = g + ev;
  }
  return {start.dot(V), start.dot(M)};
}

// ---- Monte Carlo error
// --------------------------------------------------------------------------------

// Standard error of the proportion of N independent people found in a state whose exact occupancy
// is p. It is 0 when p is 0 or 1: then a correct simulation must give exactly p.
inline double mcse_proportion(double p, double n_people) {
  if (n_people <= 0) throw std::invalid_argument("mcse_proportion: N must be positive");
  return std::sqrt(std::max(0.0, p * (1.0 - p)) / n_people);
}
inline Eigen::MatrixXd occupancy_mcse(const Eigen::MatrixXd& occ, double n_people) {
  return occ.unaryExpr([n_people](double p) { return mcse_proportion(p, n_people); });
}

// ---- Cost-effectiveness
// -------------------------------------------------------------------------------

struct CeaRow {
  std::string name;
  double cost = 0.0, qalys = 0.0;
  enum class Status { kFrontier, kDominated, kExtendedlyDominated } status = Status::kFrontier;
  // Against the previous strategy on the frontier (NaN for the cheapest and for dominated
  // strategies).
  double incremental_cost = std::numeric_limits<double>::quiet_NaN();
  double incremental_qalys = std::numeric_limits<double>::quiet_NaN();
  double icer = std::numeric_limits<double>::quiet_NaN();
};

// Rows in the order given. Strongly dominated: another strategy costs no more and yields no fewer
// QALYs (one strictly). Extendedly dominated: removed while the frontier's ICERs are not
// increasing.
inline std::vector<CeaRow> cost_effectiveness(std::vector<CeaRow> rows) {
  const auto n = rows.size();
  std::vector<size_t> order;
  for (size_t i = 0; i < n; ++i) {
    bool dominated = false;
    for (size_t j = 0; j < n && !dominated; ++j)
      dominated = j != i && rows[j].cost <= rows[i].cost && rows[j].qalys >= rows[i].qalys &&
                  (rows[j].cost < rows[i].cost || rows[j].qalys > rows[i].qalys);
    if (dominated)
      rows[i].status = CeaRow::Status::kDominated;
    else
      order.push_back(i);
  }
  std::sort(order.begin(), order.end(),
            [&](size_t a, size_t b) { return rows[a].cost < rows[b].cost; });
  auto icer = [&](size_t a, size_t b) {
    return (rows[b].cost - rows[a].cost) / (rows[b].qalys - rows[a].qalys);
  };
  for (bool changed = true; changed;) {
    changed = false;
    for (size_t k = 1; k + 1 < order.size(); ++k)
      if (icer(order[k - 1], order[k]) > icer(order[k], order[k + 1])) {
        rows[order[k]].status = CeaRow::Status::kExtendedlyDominated;
        order.erase(order.begin() + static_cast<std::ptrdiff_t>(k));
        changed = true;
        break;
      }
  }
  for (size_t k = 1; k < order.size(); ++k) {
    CeaRow& r = rows[order[k]];
    r.incremental_cost = r.cost - rows[order[k - 1]].cost;
    r.incremental_qalys = r.qalys - rows[order[k - 1]].qalys;
    r.icer = r.incremental_cost / r.incremental_qalys;
  }
  return rows;
}

}  // namespace civicsim::verification
