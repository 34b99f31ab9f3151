// The published Sick-Sicker models written as scenarios (scenarios/reference/) and run as
// cohort-mode microsimulations reproduce the exact cohort expectations of
// tests/verification/reference_models.hpp and the published results.
//
// Tolerances, in Monte Carlo standard errors (MCSE) of the simulated mean per person:
//  * occupancy of each state at each cycle: within 4 MCSE of the exact trace, MCSE = sqrt(p (1-p) /
//  N);
//  * discounted costs and QALYs per person: within 4 MCSE of the exact expectation. The MCSE is
//  exact:
//    sqrt(Var / N), where Var is the variance of one person's discounted total along the chain,
//    computed from the chain's second moment (process_test_support.hpp), with the heterogeneity
//    factor X of the extended model (independent of the path) folded in: E[(A + X B)^2] = E[A^2] +
//    2 E[X] E[AB] + E[X^2] E[B^2];
//  * incremental costs and QALYs: within 4 (MCSE_0 + MCSE_1), a bound that holds whatever the
//    correlation between arms (the arms share every random number, so the true error is far
//    smaller); the exact ICER must lie in the range that these increments allow;
//  * published figures: within 4 MCSE of ours plus half a unit of the published rounding (plus, for
//    published microsimulations, their own MCSE).
// The stored series state_costs and state_qalys hold the undiscounted rewards of each time point;
// the tests apply each paper's weights (cycle 0..T or Simpson as coded, 1/1.03^t) afterwards, as a
// user would.
#include <gtest/gtest.h>

#include <cmath>

#include "tests/process/process_test_support.hpp"
#include "tests/verification/reference_models.hpp"

namespace civicsim {
namespace {

using nlohmann::json;
using verification::CohortModel;

constexpr int kPersons = 50000;

std::filesystem::path reference(const std::string& file) {
  return testing::source_dir() / "scenarios" / "reference" / file;
}

struct Outcome {
  double cost = 0, qalys = 0, cost_mcse = 0, qaly_mcse = 0;
  double exact_cost = 0, exact_qalys = 0;
};

// Runs one arm and checks its occupancy; returns its per-person totals, the exact ones and MCSEs.
// `x_states`: expanded states whose QALYs carry the factor X ~ U(0.95, 1.05) (empty: none).
Outcome run_arm(const std::string& file, const CohortModel& cm,
                const std::vector<bool>& x_states = {}) {
  const RunResults r = testing::run_scenario(
      reference(file), json{{"population", {{"cohort", {{"size", kPersons}}}}}});
  const double n = kPersons;
  testing::expect_trace_near(r, "sick_sicker", cm.trace(), n, file);
  const int T = cm.n_cycles;
  const auto wc = testing::reward_weights(cm.accounting, T, true);
  const auto wq = testing::reward_weights(cm.accounting, T, false);
  Outcome o;
  o.cost = testing::weighted_sum(testing::totals(r, "state_costs"), wc) / n;
  o.qalys = testing::weighted_sum(testing::totals(r, "state_qalys"), wq) / n;
  const verification::Totals t = cm.totals();
  o.exact_cost = t.cost;
  o.exact_qalys = t.qalys;
  const double m2c = testing::reward_cross_moment(cm.P, cm.start, wc, cm.cost, cm.cost);
  o.cost_mcse = std::sqrt(std::max(0.0, m2c - t.cost * t.cost) / n);
  Eigen::VectorXd a = cm.qalys, b = Eigen::VectorXd::Zero(cm.qalys.size());
  for (size_t k = 0; k < x_states.size(); ++k)
    if (x_states[k]) std::swap(a(static_cast<Eigen::Index>(k)), b(static_cast<Eigen::Index>(k)));
  const double ex2 = 1.0 + 0.1 * 0.1 / 12.0;  // E[X^2] for U(0.95, 1.05)
  const double m2q = testing::reward_cross_moment(cm.P, cm.start, wq, a, a) +
                     2 * testing::reward_cross_moment(cm.P, cm.start, wq, a, b) +
                     ex2 * testing::reward_cross_moment(cm.P, cm.start, wq, b, b);
  o.qaly_mcse = std::sqrt(std::max(0.0, m2q - t.qalys * t.qalys) / n);
  EXPECT_NEAR(o.cost, o.exact_cost, 4 * o.cost_mcse) << file;
  EXPECT_NEAR(o.qalys, o.exact_qalys, 4 * o.qaly_mcse) << file;
  return o;
}

void check_increment(const Outcome& o0, const Outcome& o1) {
  const double dc = o1.cost - o0.cost, de = o1.qalys - o0.qalys;
  const double exact_dc = o1.exact_cost - o0.exact_cost, exact_de = o1.exact_qalys - o0.exact_qalys;
  const double tc = 4 * (o0.cost_mcse + o1.cost_mcse), te = 4 * (o0.qaly_mcse + o1.qaly_mcse);
  EXPECT_NEAR(dc, exact_dc, tc);
  EXPECT_NEAR(de, exact_de, te);
  const double exact_icer = exact_dc / exact_de;
  EXPECT_GE(exact_icer, (dc - tc) / (de + te));
  EXPECT_LE(exact_icer, (dc + tc) / (de - te));
}

// |ours - published| within 4 of our MCSE (+ the published MCSE) + half the published rounding
// unit.
void near_published(double ours, double mcse, const json& pub, const std::string& key,
                    int decimals) {
  const double published = pub.at(key);
  const double pub_mcse = pub.value(key + "_mcse", 0.0);
  const double tol =
      4 * std::sqrt(mcse * mcse + pub_mcse * pub_mcse) + 0.5 * std::pow(10.0, -decimals);
  EXPECT_NEAR(ours, published, tol) << key;
}

TEST(ReferenceKrijkampScenario, SimpleArmsMatchTheExactChainAndThePublishedCohort) {
  const json j = verification::load_reference_model("sick_sicker_krijkamp2018.json");
  const auto models = verification::krijkamp_simple(j);
  const Outcome none = run_arm("krijkamp2018_simple/no_treatment.json", models[0]);
  const Outcome trt = run_arm("krijkamp2018_simple/treatment.json", models[1]);
  check_increment(none, trt);
  const json& pub = j.at("simple_model").at("published_results").at("markov_cohort");
  near_published(none.cost, none.cost_mcse, pub.at("no_treatment"), "cost", 0);
  near_published(none.qalys, none.qaly_mcse, pub.at("no_treatment"), "qalys", 3);
  near_published(trt.cost, trt.cost_mcse, pub.at("treatment"), "cost", 0);
  near_published(trt.qalys, trt.qaly_mcse, pub.at("treatment"), "qalys", 3);
}

TEST(ReferenceKrijkampScenario, ExtendedArmsMatchTheTunnelChainAndThePublishedMicrosimulation) {
  const json j = verification::load_reference_model("sick_sicker_krijkamp2018.json");
  const auto models = verification::krijkamp_extended(j);
  const Outcome none = run_arm("krijkamp2018_extended/no_treatment.json", models[0]);
  std::vector<bool> x_states(static_cast<size_t>(models[1].P.rows()), false);
  for (int d = 0; d <= models[1].n_cycles; ++d)
    x_states[static_cast<size_t>(verification::kS1 * (models[1].n_cycles + 1) + d)] = true;
  const Outcome trt = run_arm("krijkamp2018_extended/treatment.json", models[1], x_states);
  check_increment(none, trt);
  const json& pub = j.at("extended_model").at("published_results").at("microsimulation_n100000");
  near_published(none.cost, none.cost_mcse, pub.at("no_treatment"), "cost", 0);
  near_published(none.qalys, none.qaly_mcse, pub.at("no_treatment"), "qalys", 3);
  near_published(trt.cost, trt.cost_mcse, pub.at("treatment"), "cost", 0);
  near_published(trt.qalys, trt.qaly_mcse, pub.at("treatment"), "qalys", 3);
}

TEST(ReferenceAlaridScenario, FourStrategiesMatchTheExactChainAndThePublishedTable) {
  const json j = verification::load_reference_model("sick_sicker_alarid2023.json");
  const auto models = verification::alarid_strategies(j);
  const char* files[] = {"alarid2023/soc.json", "alarid2023/a.json", "alarid2023/b.json",
                         "alarid2023/ab.json"};
  std::vector<Outcome> out;
  std::vector<verification::CeaRow> rows;
  for (size_t k = 0; k < 4; ++k) {
    out.push_back(run_arm(files[k], models[k]));
    const json& pub = j.at("published_results").at(models[k].strategy);
    near_published(out.back().cost, out.back().cost_mcse, pub, "cost", 0);
    near_published(out.back().qalys, out.back().qaly_mcse, pub, "qalys", 3);
    rows.push_back({models[k].strategy, out.back().cost, out.back().qalys});
  }
  check_increment(out[0], out[2]);  // SoC -> B
  check_increment(out[2], out[3]);  // B -> AB
  // The simulated strategies give the published frontier: A dominated, SoC -> B -> AB.
  const auto cea = verification::cost_effectiveness(rows);
  EXPECT_EQ(cea[1].status, verification::CeaRow::Status::kDominated);
  for (size_t k : {0u, 2u, 3u})
    EXPECT_EQ(cea[k].status, verification::CeaRow::Status::kFrontier) << k;
}

}  // namespace
}  // namespace civicsim
