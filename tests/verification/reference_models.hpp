// The published Sick-Sicker reference models (tests/verification/reference_models/*.json, copied
// from the workspace's ../shared/reference_models) as exact cohort chains, one per strategy.
//
// Parameters come from the JSON; the formulas the JSON states in words (rate-to-probability rules,
// death hazard ratios, duration rules, accounting) are written out here and checked against the
// JSON's own exact results in reference_models_test.cpp.
#pragma once

#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <vector>

#include "tests/test_support.hpp"
#include "tests/verification/markov_exact.hpp"

namespace civicsim::verification {

inline std::filesystem::path reference_models_dir() {
  return civicsim::testing::source_dir() / "tests" / "verification" / "reference_models";
}

inline nlohmann::json load_reference_model(const std::string& file_name) {
  const auto path = reference_models_dir() / file_name;
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot open " + path.string());
  return nlohmann::json::parse(in);
}

// One strategy of a reference model as an exact cohort chain (expanded by tunnel states where the
// model is duration dependent; to_base folds the expanded trace back to the model's own states).
struct CohortModel {
  std::string strategy;
  std::vector<std::string> states;  // base states, in the JSON's order
  Eigen::MatrixXd P;                // one-cycle matrix over the (expanded) states
  Eigen::RowVectorXd start;
  Eigen::MatrixXd to_base;      // P.rows() x states.size()
  Eigen::VectorXd cost, qalys;  // per cycle in each (expanded) state
  int n_cycles = 0;
  Accounting accounting;

  Eigen::MatrixXd expanded_trace() const { return occupancy(P, start, n_cycles); }
  Eigen::MatrixXd trace() const { return expanded_trace() * to_base; }  // (n_cycles + 1) x states
  Totals totals() const { return expected_totals(expanded_trace(), cost, qalys, accounting); }
};

namespace detail {

inline std::vector<std::string> state_ids(const nlohmann::json& j) {
  std::vector<std::string> ids;
  for (const auto& s : j.at("states")) ids.push_back(s.at("id").get<std::string>());
  if (ids != std::vector<std::string>{"H", "S1", "S2", "D"})
    throw std::runtime_error("unexpected states");
  return ids;
}
inline Eigen::RowVectorXd initial_distribution(const nlohmann::json& j,
                                               const std::vector<std::string>& ids) {
  Eigen::RowVectorXd x = Eigen::RowVectorXd::Zero(static_cast<Eigen::Index>(ids.size()));
  for (size_t i = 0; i < ids.size(); ++i)
    x(static_cast<Eigen::Index>(i)) = j.at("initial_distribution").value(ids[i], 0.0);
  return x;
}
// Guards against a reference file whose stated convention changed under the code that hard-wires
// it.
inline void require_text(const nlohmann::json& j, const char* key, const std::string& fragment) {
  if (j.at(key).get<std::string>().find(fragment) == std::string::npos)
    throw std::runtime_error(std::string(key) + " no longer says \"" + fragment +
                             "\": revisit the code");
}
inline Accounting accounting(const nlohmann::json& j, RewardTiming timing) {
  Accounting a;
  a.timing = timing;
  a.discount_costs = j.at("discount_rate_costs").get<double>();
  a.discount_effects = j.at("discount_rate_effects").get<double>();
  a.cycle_length_years = j.at("cycle_length_years").get<double>();
  return a;
}
inline double prob_from_rate(double rate, double years) { return 1.0 - std::exp(-rate * years); }
inline double rate_from_prob(double p, double years) { return -std::log(1.0 - p) / years; }

}  // namespace detail

enum : int { kH = 0, kS1 = 1, kS2 = 2, kD = 3 };

// Krijkamp 2018, Appendix A/C (simple model): strategies "No Treatment", "Treatment".
// Death from S1/S2: r_HD = -ln(1 - p_HD), p_S1D = 1 - exp(-rr_S1 r_HD), p_S2D = 1 - exp(-rr_S2
// r_HD). Rewards at t = 0..30 (cycle 0 included), 1/1.03^t, no correction.
inline std::vector<CohortModel> krijkamp_simple(const nlohmann::json& j) {
  detail::require_text(j, "accounting_convention", "INCLUDING cycle 0");
  detail::require_text(j, "accounting_convention", "No half-cycle correction");
  const auto ids = detail::state_ids(j);
  const auto& m = j.at("simple_model");
  const auto& pr = m.at("probabilities_per_cycle");
  const double p_HD = pr.at("p_HD"), p_HS1 = pr.at("p_HS1"), p_S1H = pr.at("p_S1H"),
               p_S1S2 = pr.at("p_S1S2");
  const double r_HD = detail::rate_from_prob(p_HD, 1.0);
  const double p_S1D = detail::prob_from_rate(pr.at("rr_S1_death").get<double>() * r_HD, 1.0);
  const double p_S2D = detail::prob_from_rate(pr.at("rr_S2_death").get<double>() * r_HD, 1.0);
  Eigen::MatrixXd P(4, 4);
  P << 1 - p_HS1 - p_HD, p_HS1, 0, p_HD,                 //
      p_S1H, 1 - p_S1H - p_S1S2 - p_S1D, p_S1S2, p_S1D,  //
      0, 0, 1 - p_S2D, p_S2D,                            //
      0, 0, 0, 1;
  const auto& c = m.at("costs_per_cycle");
  const auto& u = m.at("utilities");
  std::vector<CohortModel> out;
  for (const auto& name : j.at("strategies")) {
    const bool trt = name.get<std::string>() == "Treatment";
    if (!trt && name.get<std::string>() != "No Treatment")
      throw std::runtime_error("unknown strategy " + name.get<std::string>());
    CohortModel cm;
    cm.strategy = name.get<std::string>();
    cm.states = ids;
    cm.P = P;
    cm.start = detail::initial_distribution(j, ids);
    cm.to_base = Eigen::MatrixXd::Identity(4, 4);
    const double c_trt = trt ? c.at("treatment_in_S1_and_S2").get<double>() : 0.0;
    cm.cost = Eigen::Vector4d(c.at("H"), c.at("S1").get<double>() + c_trt,
                              c.at("S2").get<double>() + c_trt, c.at("D"));
    cm.qalys =
        Eigen::Vector4d(u.at("H"), trt ? u.at("S1_treated") : u.at("S1"), u.at("S2"), u.at("D"));
    cm.qalys *= j.at("cycle_length_years").get<double>();  // 1-year cycles: QALYs = utility
    cm.n_cycles = j.at("n_cycles");
    cm.accounting = detail::accounting(j, RewardTiming::kCycles0ToT);
    out.push_back(std::move(cm));
  }
  return out;
}

// Krijkamp 2018, Appendix B (extended model), as an exact cohort over tunnel states. The counter is
// the number of consecutive sick cycles (S1 or S2) including the current one (k; 0 in H and D; cap
// = n_cycles, so nothing is truncated). Death from S1/S2 uses dur = k: p = 1 - exp(-r (1 + rp_S1S2
// k)); the treated S1 utility uses dur before the update, k - 1: X (0.95 - ru_S1S2 (k - 1)). The
// heterogeneity factor X enters linearly and independently of the trajectory, so the expectation
// uses mean_x = E[X] (1 for U(0.95, 1.05)).
inline std::vector<CohortModel> krijkamp_extended(const nlohmann::json& j, double mean_x = 1.0) {
  const std::vector<CohortModel> simple = krijkamp_simple(j);
  const auto& pr = j.at("simple_model").at("probabilities_per_cycle");
  const auto& ext = j.at("extended_model");
  detail::require_text(ext, "duration_rule", "BEFORE the update");
  const double rp = ext.at("rp_S1S2"), ru = ext.at("ru_S1S2");
  const double r_HD = detail::rate_from_prob(pr.at("p_HD"), 1.0);
  const double r_S1D = pr.at("rr_S1_death").get<double>() * r_HD,
               r_S2D = pr.at("rr_S2_death").get<double>() * r_HD;
  const auto& u = j.at("simple_model").at("utilities");
  const double u_trt = u.at("S1_treated");
  const double dt = j.at("cycle_length_years");
  std::vector<CohortModel> out;
  for (const CohortModel& base : simple) {
    const bool trt = base.strategy == "Treatment";
    DurationChain dc;
    dc.n_states = 4;
    dc.cap = base.n_cycles;
    dc.next_duration = consecutive_cycles_in({false, true, true, false});
    dc.prob = [&base, r_S1D, r_S2D, rp](int from, int d, int to) {
      if (from != kS1 && from != kS2) return base.P(from, to);  // H and D: no duration dependence
      const double p_die =
          detail::prob_from_rate((from == kS1 ? r_S1D : r_S2D) * (1.0 + rp * d), 1.0);
      if (to == kD) return p_die;
      if (from == kS2) return to == kS2 ? 1.0 - p_die : 0.0;
      if (to == kS1) return 1.0 - base.P(kS1, kH) - base.P(kS1, kS2) - p_die;
      return base.P(kS1, to);  // H, S2
    };
    const TunnelChain tc = expand_tunnels(dc);
    CohortModel cm = base;
    cm.P = tc.P;
    cm.start = tc.expand_start(base.start, 0);
    cm.to_base = tc.collapse();
    cm.cost = tc.state_values([&base](int s, int) { return base.cost(s); });
    cm.qalys = tc.state_values([&](int s, int k) {
      if (s == kS1 && trt) return mean_x * (u_trt - ru * (k - 1)) * dt;
      return base.qalys(s);
    });
    out.push_back(std::move(cm));
  }
  return out;
}

// Alarid-Escudero 2023: strategies SoC, A, B, AB (in that order). Every rate -> p = 1 - exp(-r dt);
// moves between alive states are conditional on surviving the cycle. Rewards at t = 0..75 with the
// Simpson 1/3 within-cycle correction as coded (RewardTiming::kSimpsonDarthCode), 1/1.03^t.
inline std::vector<CohortModel> alarid_strategies(const nlohmann::json& j) {
  detail::require_text(j, "accounting_convention", "w_t = 2/3 if t is odd and 4/3 if t is even");
  const auto ids = detail::state_ids(j);
  const double dt = j.at("cycle_length_years");
  const auto& r = j.at("rates_per_year");
  const double r_HD = r.at("r_HD");
  const double p_HS1 = detail::prob_from_rate(r.at("r_HS1"), dt),
               p_S1H = detail::prob_from_rate(r.at("r_S1H"), dt);
  const double p_HD = detail::prob_from_rate(r_HD, dt);
  const double p_S1D = detail::prob_from_rate(r.at("hr_S1").get<double>() * r_HD, dt);
  const double p_S2D = detail::prob_from_rate(r.at("hr_S2").get<double>() * r_HD, dt);
  const auto& c = j.at("costs_per_cycle");
  const auto& u = j.at("utilities");
  std::vector<CohortModel> out;
  for (const std::string name : {"SoC", "A", "B", "AB"}) {
    const auto& s = j.at("strategies").at(name);
    const std::string rule = s.at("p_S1S2");
    if (rule != "base" && rule.rfind("treatment B", 0) != 0)
      throw std::runtime_error("unknown p_S1S2 rule " + rule);
    const double hr = rule == "base" ? 1.0 : r.at("hr_S1S2_trtB").get<double>();
    const double p_S1S2 = detail::prob_from_rate(r.at("r_S1S2").get<double>() * hr, dt);
    CohortModel cm;
    cm.strategy = name;
    cm.states = ids;
    cm.P.resize(4, 4);
    cm.P << (1 - p_HD) * (1 - p_HS1), (1 - p_HD) * p_HS1, 0, p_HD,                             //
        (1 - p_S1D) * p_S1H, (1 - p_S1D) * (1 - p_S1H - p_S1S2), (1 - p_S1D) * p_S1S2, p_S1D,  //
        0, 0, 1 - p_S2D, p_S2D,                                                                //
        0, 0, 0, 1;
    cm.start = detail::initial_distribution(j, ids);
    cm.to_base = Eigen::MatrixXd::Identity(4, 4);
    const double c_trt = s.at("treatment_cost_in_S1_S2");
    cm.cost = Eigen::Vector4d(c.at("H"), c.at("S1").get<double>() + c_trt,
                              c.at("S2").get<double>() + c_trt, c.at("D"));
    cm.qalys = Eigen::Vector4d(u.at("H").get<double>() * dt, s.at("u_S1").get<double>() * dt,
                               u.at("S2").get<double>() * dt, u.at("D").get<double>() * dt);
    cm.n_cycles = j.at("n_cycles");
    cm.accounting = detail::accounting(j, RewardTiming::kSimpsonDarthCode);
    out.push_back(std::move(cm));
  }
  return out;
}

}  // namespace civicsim::verification
