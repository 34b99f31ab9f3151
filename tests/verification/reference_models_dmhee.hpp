// The two time-inhomogeneous reference models of Briggs, Claxton & Sculpher, Decision Modelling for
// Health Economic Evaluation (2006): the HIV model of Chancellor et al. 1997 (ch. 2; a treatment
// effect limited to the first two cycles) and the total hip replacement model (ch. 3; a Weibull
// revision hazard and age-banded background mortality), as exact time-varying cohort chains
// (tests/verification/reference_models/hiv_chancellor1997.json, thr_briggs2006.json).
//
// Parameters come from the JSON; the rules it states in words (which cycles the effect covers,
// which age band a cycle reads, when rewards are counted) are written out here, guarded by
// detail::require_text, and checked against the published results in reference_models_test.cpp.
#pragma once

#include <cmath>
#include <functional>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <vector>

#include "tests/verification/markov_exact.hpp"
#include "tests/verification/reference_models.hpp"

namespace civicsim::verification {

// One strategy as a time-varying chain. Time point t = 0..n_cycles is the state after t
// transitions; matrix(t) is the t-th transition. cost(t) / effect(t): what one cycle spent in each
// state counts at time point t (before weighting); cost_weights / effect_weights: the weight of each
// time point (the model's counting convention x its discount factor).
struct VaryingCohort {
  std::string strategy;
  std::vector<std::string> states;
  MatrixOfCycle matrix;
  Eigen::RowVectorXd start;
  int n_cycles = 0;
  std::function<Eigen::VectorXd(int t)> cost, effect;
  std::vector<double> cost_weights, effect_weights;

  Eigen::MatrixXd trace() const { return occupancy(matrix, start, n_cycles); }
  RewardMoments cost_moments() const { return moments(cost, cost_weights); }
  RewardMoments effect_moments() const { return moments(effect, effect_weights); }
  Totals totals() const { return {cost_moments().mean, effect_moments().mean}; }

 private:
  RewardMoments moments(const std::function<Eigen::VectorXd(int)>& reward,
                        const std::vector<double>& w) const {
    return reward_moments(matrix, start, n_cycles, [&](int t) -> Eigen::VectorXd {
      return w.at(static_cast<size_t>(t)) * reward(t);
    });
  }
};

namespace detail {

inline std::vector<std::string> state_ids_of(const nlohmann::json& j,
                                             const std::vector<std::string>& expected) {
  std::vector<std::string> ids;
  for (const auto& s : j.at("states")) ids.push_back(s.at("id").get<std::string>());
  if (ids != expected) throw std::runtime_error("unexpected states in " + j.at("model_id").dump());
  return ids;
}
// Convention weight x 1/(1 + r)^t for t = 0..T.
inline std::vector<double> point_weights(RewardTiming timing, double rate, int T) {
  std::vector<double> w = cycle_weights(timing, T);
  for (int t = 0; t <= T; ++t) w[static_cast<size_t>(t)] *= discount_weight(rate, t);
  return w;
}

}  // namespace detail

// Chancellor 1997 / DMHEE ch. 2: strategies mono, comb. Mono moves by the published counts over
// their row totals; comb multiplies every move to a worse state by rr in transitions t = 1, 2 and
// pays lamivudine at time points 1, 2 (end of cycles 1 and 2). Costs are counted at points 1..20
// with 1/1.06^t, life-years at points 1..20 undiscounted.
inline std::vector<VaryingCohort> hiv_strategies(const nlohmann::json& j) {
  detail::require_text(j, "accounting_convention", "AFTER the t-th transition");
  detail::require_text(j, "treatment_effect_rule", "in cycles t = 1, 2");
  const auto ids = detail::state_ids_of(j, {"A", "B", "C", "D"});
  const auto& counts = j.at("transition_counts_mono");
  Eigen::MatrixXd mono = Eigen::MatrixXd::Zero(4, 4);
  for (int from = 0; from < 3; ++from) {
    const auto& row = counts.at(ids[static_cast<size_t>(from)]);
    double total = 0.0;
    for (const auto& [to, n] : row.items()) total += n.get<double>();
    for (int to = from + 1; to < 4; ++to)
      mono(from, to) = row.value(ids[static_cast<size_t>(to)], 0.0) / total;
    mono(from, from) = 1.0 - mono.row(from).sum();  // = the stay count / total
  }
  mono(3, 3) = 1.0;
  const double rr = j.at("relative_risk_comb");
  Eigen::MatrixXd comb = mono;
  for (int from = 0; from < 3; ++from) {
    comb.row(from).tail(3 - from) *= rr;
    comb(from, from) = 0.0;
    comb(from, from) = 1.0 - comb.row(from).sum();
  }
  const auto& c = j.at("costs_per_cycle");
  const auto& health = c.at("direct_medical_and_community_by_state");
  const double zido = c.at("zidovudine_in_A_B_C"),
               lami = c.at("lamivudine_in_A_B_C_comb_cycles_1_2");
  const auto& ly = j.at("life_years_per_cycle");
  const int T = j.at("n_cycles");
  const double dt = j.at("cycle_length_years");
  std::vector<VaryingCohort> out;
  for (const std::string name : {"mono", "comb"}) {
    const bool is_comb = name == "comb";
    VaryingCohort v;
    v.strategy = name;
    v.states = ids;
    v.matrix = [=](int t) { return (is_comb && t <= 2) ? comb : mono; };
    v.start = detail::initial_distribution(j, ids);
    v.n_cycles = T;
    v.cost = [=](int t) -> Eigen::VectorXd {
      const double drugs = zido + ((is_comb && t >= 1 && t <= 2) ? lami : 0.0);
      return Eigen::Vector4d(health.at("A").get<double>() + drugs,
                             health.at("B").get<double>() + drugs,
                             health.at("C").get<double>() + drugs, health.at("D").get<double>()) *
             dt;
    };
    v.effect = [=](int) -> Eigen::VectorXd {
      return Eigen::Vector4d(ly.at("A"), ly.at("B"), ly.at("C"), ly.at("D")) * dt;
    };
    v.cost_weights =
        detail::point_weights(RewardTiming::kCycles1ToT, j.at("discount_rate_costs"), T);
    v.effect_weights =
        detail::point_weights(RewardTiming::kCycles1ToT, j.at("discount_rate_effects"), T);
    out.push_back(std::move(v));
  }
  return out;
}

enum ThrState { kPrimary = 0, kSuccessP = 1, kRevision = 2, kSuccessR = 3, kDeath = 4 };

// The published background death probability of the band holding `age` ("35-44" ... "85+"),
// for the JSON's cohort sex; ages under 35 are outside the published table.
inline double thr_background_mortality(const nlohmann::json& j, int age) {
  const auto& m = j.at("background_mortality");
  const auto& rates = m.at(j.at("cohort").at("sex").get<std::string>());
  if (age < 35) throw std::out_of_range("THR life table starts at 35");
  const size_t band = std::min<size_t>(static_cast<size_t>((age - 35) / 10), rates.size() - 1);
  return rates.at(band).get<double>();
}

// DMHEE ch. 3 THR: strategies standard, np1. Transition t (t = 1..60) reads the revision hazard
// over years [t - 1, t] since the primary operation and the death probability of age
// age_init + t. Rewards at points 0..59 (start of each cycle): costs 1/1.06^t, QALYs 1/1.015^t.
inline std::vector<VaryingCohort> thr_strategies(const nlohmann::json& j) {
  detail::require_text(j, "accounting_convention", "BEFORE the t-th transition");
  detail::require_text(j.at("background_mortality"), "rule", "age = age_init + t in cycle t");
  const auto ids =
      detail::state_ids_of(j, {"PrimaryTHR", "SuccessP", "RevisionTHR", "SuccessR", "Death"});
  const auto& h = j.at("revision_hazard");
  const int age0 = j.at("cohort").at("age");
  const double sex = j.at("cohort").at("sex_code");
  const double lambda = std::exp(h.at("cons").get<double>() + h.at("ageC").get<double>() * age0 +
                                 h.at("maleC").get<double>() * sex);
  const double gamma = h.at("gamma");
  const double omr_p = j.at("omrPTHR"), omr_r = j.at("omrRTHR"), rrr = j.at("rrr");
  const auto& c = j.at("costs");
  const auto& u = j.at("utilities");
  const int T = j.at("n_cycles");
  const double dt = j.at("cycle_length_years");
  std::vector<double> mr_of_cycle(static_cast<size_t>(T) + 1, 0.0);  // index t = 1..T
  for (int t = 1; t <= T; ++t)
    mr_of_cycle[static_cast<size_t>(t)] = thr_background_mortality(j, age0 + t);
  std::vector<VaryingCohort> out;
  for (const std::string name : {"standard", "np1"}) {
    const double scale = lambda * (name == "np1" ? h.at("rrNP1").get<double>() : 1.0);
    VaryingCohort v;
    v.strategy = name;
    v.states = ids;
    v.matrix = [=](int t) {
      const double revision =
          1.0 -
          std::exp(scale * (std::pow(t - 1.0, gamma) - std::pow(static_cast<double>(t), gamma)));
      const double mr = mr_of_cycle.at(static_cast<size_t>(t));
      Eigen::MatrixXd P = Eigen::MatrixXd::Zero(5, 5);
      P(kPrimary, kDeath) = omr_p;
      P(kPrimary, kSuccessP) = 1.0 - omr_p;
      P(kSuccessP, kRevision) = revision;
      P(kSuccessP, kDeath) = mr;
      P(kSuccessP, kSuccessP) = 1.0 - revision - mr;
      P(kRevision, kDeath) = omr_r + mr;
      P(kRevision, kSuccessR) = 1.0 - omr_r - mr;
      P(kSuccessR, kRevision) = rrr;
      P(kSuccessR, kDeath) = mr;
      P(kSuccessR, kSuccessR) = 1.0 - rrr - mr;
      P(kDeath, kDeath) = 1.0;
      return P;
    };
    v.start = detail::initial_distribution(j, ids);
    v.n_cycles = T;
    const double primary = c.at("PrimaryTHR_" + name);
    const double revision_cost = c.at("RevisionTHR");
    v.cost = [=](int) -> Eigen::VectorXd {
      Eigen::VectorXd x = Eigen::VectorXd::Zero(5);
      x(kPrimary) = primary;
      x(kRevision) = revision_cost;
      return x * dt;
    };
    Eigen::VectorXd q(5);
    for (int s = 0; s < 5; ++s) q(s) = u.at(ids[static_cast<size_t>(s)]).get<double>() * dt;
    v.effect = [q](int) -> Eigen::VectorXd { return q; };
    v.cost_weights =
        detail::point_weights(RewardTiming::kCycles0ToTMinus1, j.at("discount_rate_costs"), T);
    v.effect_weights =
        detail::point_weights(RewardTiming::kCycles0ToTMinus1, j.at("discount_rate_effects"), T);
    out.push_back(std::move(v));
  }
  return out;
}

}  // namespace civicsim::verification
