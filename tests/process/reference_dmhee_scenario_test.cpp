// The DMHEE reference models written as scenarios (scenarios/reference/chancellor1997_hiv,
// briggs2006_thr) and run as cohort-mode microsimulations reproduce the exact time-varying cohort
// chains of tests/verification/reference_models_dmhee.hpp, and through them the published results.
//
// The scenarios use syntax of issue #17 (fractions, expressions in costs, Weibull hazards, tables
// keyed by age, tunnel and death states, extends merging by id). Until every piece has landed they
// do not load: the tests then skip, naming the first error. Set kFeaturesMerged to true once they
// have, so that a load error fails instead.
//
// Each arm runs kReplications replications of kPersons persons (random numbers keyed by seed and
// replication, so replication r of both arms shares its draws). Tolerances, in Monte Carlo standard
// errors (MCSE) of the simulated mean per person over all N = kReplications x kPersons persons:
//  * occupancy of each state at each time point: within 4 MCSE of the exact trace (MCSE =
//    sqrt(p (1 - p) / N); 4 rather than 3 because a few hundred cells are checked at once);
//  * discounted costs, life-years and QALYs per person: within 3 MCSE of the exact expectation,
//    MCSE = sqrt(Var / N) with the exact variance of one person's weighted total along the chain
//    (verification::reward_moments);
//  * increments: the arms share random numbers, so the error of an increment is far below what the
//    per-arm MCSEs allow (for the THR's 0.045 QALYs they would not even resolve its sign). Its MCSE
//    is estimated from the kReplications paired increments (sd / sqrt(R)); the increment must lie
//    within 4 such MCSE of the exact one (4: the estimated SE has R - 1 = 15 degrees of freedom,
//    and t_15 at 0.999 is 3.7), and the ICERs the increments allow within those bounds must hold
//    the exact ICER and reach within 1% of the published one (the exact ICER itself is within 1%
//    of it: tests/verification/reference_dmhee_test.cpp).
#include <gtest/gtest.h>

#include <cmath>
#include <iostream>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "tests/process/process_test_support.hpp"
#include "tests/verification/reference_models_dmhee.hpp"

namespace civicsim {
namespace {

using nlohmann::json;
using verification::VaryingCohort;

// True once the #17 scenario features are merged: a scenario that fails to load then fails the
// test instead of skipping it.
constexpr bool kFeaturesMerged = true;
constexpr int kPersons = 25000;
constexpr int kReplications = 16;

std::filesystem::path reference(const std::string& file) {
  return testing::source_dir() / "scenarios" / "reference" / file;
}

struct Outcome {
  double cost = 0, effect = 0, cost_mcse = 0, effect_mcse = 0;
  double exact_cost = 0, exact_effect = 0;
  std::vector<double> cost_by_replication, effect_by_replication;  // per person
};

// Runs one arm; empty when it does not load on this build (and kFeaturesMerged is false), with
// the reason in *skip.
std::optional<RunResults> try_run(const std::string& file, std::string* skip) {
  try {
    return testing::run_scenario(
        reference(file),
        json{{"replications", kReplications}, {"population", {{"cohort", {{"size", kPersons}}}}}});
  } catch (const InputError& e) {
    if (kFeaturesMerged) throw;
    *skip = file + " does not load on this build (issue #17 features not merged yet?): " +
            (e.diagnostics().empty() ? std::string(e.what()) : e.diagnostics().front().to_string());
    return std::nullopt;
  }
}

Outcome check_arm(const std::string& file, const RunResults& r, const std::string& process,
                  const VaryingCohort& exact) {
  const double n = double{kPersons} * kReplications;
  Eigen::MatrixXd sim = testing::occupancy(r, process, 0);
  for (int k = 1; k < kReplications; ++k) sim += testing::occupancy(r, process, k);
  sim /= n;
  const Eigen::MatrixXd trace = exact.trace();
  EXPECT_EQ(sim.rows(), trace.rows()) << file;
  EXPECT_EQ(sim.cols(), trace.cols()) << file;
  if (sim.rows() != trace.rows() || sim.cols() != trace.cols()) return {};
  for (Eigen::Index t = 0; t < trace.rows(); ++t)
    for (Eigen::Index s = 0; s < trace.cols(); ++s) {
      const double tol = 4 * verification::mcse_proportion(trace(t, s), n) + 1e-12;
      EXPECT_NEAR(sim(t, s), trace(t, s), tol) << file << " time point " << t << " state " << s;
    }
  Outcome o;
  for (int k = 0; k < kReplications; ++k) {
    o.cost_by_replication.push_back(
        testing::weighted_sum(testing::totals(r, "state_costs", k), exact.cost_weights) / kPersons);
    o.effect_by_replication.push_back(
        testing::weighted_sum(testing::totals(r, "state_qalys", k), exact.effect_weights) /
        kPersons);
    o.cost += o.cost_by_replication.back() / kReplications;
    o.effect += o.effect_by_replication.back() / kReplications;
  }
  const verification::RewardMoments mc = exact.cost_moments(), me = exact.effect_moments();
  o.exact_cost = mc.mean;
  o.exact_effect = me.mean;
  o.cost_mcse = std::sqrt(mc.variance() / n);
  o.effect_mcse = std::sqrt(me.variance() / n);
  EXPECT_NEAR(o.cost, o.exact_cost, 3 * o.cost_mcse) << file << ": cost per person";
  EXPECT_NEAR(o.effect, o.exact_effect, 3 * o.effect_mcse) << file << ": effect per person";
  return o;
}

// Mean and estimated MCSE (sd / sqrt(R)) of the paired per-replication differences b - a.
std::pair<double, double> paired(const std::vector<double>& a, const std::vector<double>& b) {
  const double r = static_cast<double>(a.size());
  double mean = 0.0, ss = 0.0;
  for (size_t k = 0; k < a.size(); ++k) mean += (b[k] - a[k]) / r;
  for (size_t k = 0; k < a.size(); ++k) ss += (b[k] - a[k] - mean) * (b[k] - a[k] - mean);
  return {mean, std::sqrt(ss / (r - 1) / r)};
}

// Increments within 4 paired MCSE of the exact ones; the ICER range they allow holds the exact
// ICER and reaches within 1% of the published one.
void check_increment(const Outcome& o0, const Outcome& o1, double published_icer) {
  const auto [dc, sc] = paired(o0.cost_by_replication, o1.cost_by_replication);
  const auto [de, se] = paired(o0.effect_by_replication, o1.effect_by_replication);
  const double exact_dc = o1.exact_cost - o0.exact_cost,
               exact_de = o1.exact_effect - o0.exact_effect;
  const double tc = 4 * sc, te = 4 * se;
  EXPECT_NEAR(dc, exact_dc, tc);
  EXPECT_NEAR(de, exact_de, te);
  ASSERT_GT(de - te, 0.0) << "the effect increment is not resolved at this cohort size";
  const double low = (dc - tc) / (de + te), high = (dc + tc) / (de - te);
  const double exact_icer = exact_dc / exact_de;
  EXPECT_GE(exact_icer, low);
  EXPECT_LE(exact_icer, high);
  EXPECT_GE(1.01 * published_icer, low);
  EXPECT_LE(0.99 * published_icer, high);
  std::cout << "  increments " << dc << " +- " << sc << ", " << de << " +- " << se
            << "; simulated ICER " << dc / de << " (range " << low << " to " << high << "), exact "
            << exact_icer << ", published " << published_icer << " ("
            << 100.0 * (dc / de - published_icer) / published_icer << "%)\n";
}

TEST(ReferenceDmheeScenario, HivArmsMatchTheExactChainAndThePublishedIcer) {
  const json j = verification::load_reference_model("hiv_chancellor1997.json");
  const auto exact = verification::hiv_strategies(j);
  std::string skip;
  const auto mono = try_run("chancellor1997_hiv/mono.json", &skip);
  const auto comb = mono ? try_run("chancellor1997_hiv/comb.json", &skip) : std::nullopt;
  if (!mono || !comb) GTEST_SKIP() << skip;
  const Outcome o0 = check_arm("mono", *mono, "hiv", exact[0]);
  const Outcome o1 = check_arm("comb", *comb, "hiv", exact[1]);
  check_increment(o0, o1, j.at("published_results").at("chancellor1997_abstract").at("icer"));
  // Per-arm published values (heemod's reproduction of the book) within 3 MCSE plus half their
  // last printed digit.
  const json& pub = j.at("published_results").at("heemod_reproduction_of_DMHEE");
  EXPECT_NEAR(o0.cost, pub.at("mono").at("cost").get<double>(), 3 * o0.cost_mcse + 0.005);
  EXPECT_NEAR(o0.effect, pub.at("mono").at("life_years").get<double>(), 3 * o0.effect_mcse + 5e-7);
  EXPECT_NEAR(o1.cost, pub.at("comb").at("cost").get<double>(), 3 * o1.cost_mcse + 0.005);
  EXPECT_NEAR(o1.effect, pub.at("comb").at("life_years").get<double>(), 3 * o1.effect_mcse + 5e-7);
}

TEST(ReferenceDmheeScenario, ThrArmsMatchTheExactChainAndThePublishedIcer) {
  const json j = verification::load_reference_model("thr_briggs2006.json");
  const auto exact = verification::thr_strategies(j);
  std::string skip;
  const auto standard = try_run("briggs2006_thr/standard.json", &skip);
  const auto np1 = standard ? try_run("briggs2006_thr/np1.json", &skip) : std::nullopt;
  if (!standard || !np1) GTEST_SKIP() << skip;
  const Outcome o0 = check_arm("standard", *standard, "thr", exact[0]);
  const Outcome o1 = check_arm("np1", *np1, "thr", exact[1]);
  const json& pub = j.at("published_results").at("heemod_reproduction_of_DMHEE");
  check_increment(o0, o1, pub.at("incremental").at("icer"));
  EXPECT_NEAR(o0.cost, pub.at("standard").at("cost").get<double>(), 3 * o0.cost_mcse + 5e-5);
  EXPECT_NEAR(o0.effect, pub.at("standard").at("qalys").get<double>(), 3 * o0.effect_mcse + 5e-6);
  EXPECT_NEAR(o1.cost, pub.at("np1").at("cost").get<double>(), 3 * o1.cost_mcse + 5e-5);
  EXPECT_NEAR(o1.effect, pub.at("np1").at("qalys").get<double>(), 3 * o1.effect_mcse + 5e-6);
}

}  // namespace
}  // namespace civicsim
