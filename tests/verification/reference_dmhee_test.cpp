// The DMHEE reference models (Chancellor 1997 HIV, Briggs 2006 THR) built as exact time-varying
// cohort chains reproduce the numbers stored in their JSON: our independent re-computation (to the
// digits stored), heemod's exact reproduction of the book (to its printed digits) and the published
// ICERs (within 1%, the criterion).
//
// Tolerances: to_rounding(x, published, decimals) = half a unit of the last printed digit plus 1e-9
// relative (round-off at a rounding boundary); heemod prints 7 significant digits, so each check
// states the decimals that print has.
#include <gtest/gtest.h>

#include <cmath>
#include <iomanip>

#include "tests/verification/published_match.hpp"
#include "tests/verification/reference_models_dmhee.hpp"

namespace civicsim::verification {
namespace {

using nlohmann::json;

::testing::AssertionResult within_percent(double x, double published, double percent) {
  if (std::abs(x - published) <= percent / 100.0 * std::abs(published))
    return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "computed " << std::setprecision(12) << x << " vs "
                                       << published << ": more than " << percent << "% apart";
}

double icer(const Totals& a, const Totals& b) { return (b.cost - a.cost) / (b.qalys - a.qalys); }

TEST(ReferenceHiv, ChainsFollowThePublishedCountsAndTheTwoYearEffect) {
  const auto arms = hiv_strategies(load_reference_model("hiv_chancellor1997.json"));
  ASSERT_EQ(arms.size(), 2u);
  const Eigen::MatrixXd mono = arms[0].matrix(1), comb1 = arms[1].matrix(1);
  EXPECT_DOUBLE_EQ(mono(0, 1), 350.0 / 1734);
  EXPECT_DOUBLE_EQ(mono(0, 0), 1251.0 / 1734);
  EXPECT_DOUBLE_EQ(mono(2, 3), 437.0 / 1749);
  EXPECT_DOUBLE_EQ(comb1(1, 2), 0.509 * 512 / 1258);
  EXPECT_DOUBLE_EQ(comb1(1, 1), 1 - 0.509 * (512.0 + 15) / 1258);
  EXPECT_TRUE(arms[1].matrix(2) == comb1);
  EXPECT_TRUE(arms[1].matrix(3) == mono);  // the effect is over after two cycles
  for (int t = 1; t <= 20; ++t) EXPECT_TRUE(arms[0].matrix(t) == mono);
  // Lamivudine is paid at time points 1 and 2 only.
  EXPECT_DOUBLE_EQ(arms[1].cost(1)(0) - arms[0].cost(1)(0), 2086.5);
  EXPECT_DOUBLE_EQ(arms[1].cost(2)(2) - arms[0].cost(2)(2), 2086.5);
  EXPECT_DOUBLE_EQ(arms[1].cost(3)(0), arms[0].cost(3)(0));
}

TEST(ReferenceHiv, ReproducesOurCohortCodeHeemodAndThePublishedIcer) {
  const json j = load_reference_model("hiv_chancellor1997.json");
  const auto arms = hiv_strategies(j);
  const Totals mono = arms[0].totals(), comb = arms[1].totals();
  const json& ours = j.at("derived_by_our_cohort_code");
  EXPECT_TRUE(to_rounding(mono.cost, ours.at("mono").at("cost"), 7));
  EXPECT_TRUE(to_rounding(mono.qalys, ours.at("mono").at("life_years"), 10));
  EXPECT_TRUE(to_rounding(comb.cost, ours.at("comb").at("cost"), 7));
  EXPECT_TRUE(to_rounding(comb.qalys, ours.at("comb").at("life_years"), 10));
  EXPECT_TRUE(to_rounding(icer(mono, comb), ours.at("icer"), 8));
  const json& pub = j.at("published_results").at("heemod_reproduction_of_DMHEE");
  EXPECT_TRUE(to_rounding(mono.cost, pub.at("mono").at("cost"), 2));
  EXPECT_TRUE(to_rounding(mono.qalys, pub.at("mono").at("life_years"), 6));
  EXPECT_TRUE(to_rounding(comb.cost, pub.at("comb").at("cost"), 2));
  EXPECT_TRUE(to_rounding(comb.qalys, pub.at("comb").at("life_years"), 6));
  EXPECT_TRUE(to_rounding(comb.cost - mono.cost, pub.at("incremental").at("cost"), 3));
  EXPECT_TRUE(to_rounding(comb.qalys - mono.qalys, pub.at("incremental").at("life_years"), 7));
  EXPECT_TRUE(to_rounding(icer(mono, comb), pub.at("incremental").at("icer"), 3));
  // The criterion: within 1% of the published ICER (Chancellor 1997: GBP 6276 per LY).
  const double published = j.at("published_results").at("chancellor1997_abstract").at("icer");
  EXPECT_TRUE(within_percent(icer(mono, comb), published, 1.0));
  EXPECT_TRUE(to_rounding(icer(mono, comb), published, 0));  // in fact to the pound
}

// What the 1% criterion can tell apart: discounting life-years (ICER about 10,206) or an effect
// that acts in cycles 2-3 instead of 1-2 (the bug 1; about 6,794) miss it; counting the
// starting state as well adds the same to both arms and leaves the increments unchanged.
TEST(ReferenceHiv, OtherCountingConventionsMissThePublishedIcer) {
  json j = load_reference_model("hiv_chancellor1997.json");
  const double published = j.at("published_results").at("chancellor1997_abstract").at("icer");
  j["discount_rate_effects"] = 0.06;
  const auto discounted = hiv_strategies(j);
  EXPECT_FALSE(within_percent(icer(discounted[0].totals(), discounted[1].totals()), published, 1));
  j["discount_rate_effects"] = 0.0;
  auto arms = hiv_strategies(j);
  for (auto& a : arms) {
    a.cost_weights[0] = 1.0;  // also count the starting state (cost undiscounted at t = 0)
    a.effect_weights[0] = 1.0;
  }
  // Both arms add the same cost and life-year at t = 0: the increment is unchanged...
  EXPECT_TRUE(within_percent(icer(arms[0].totals(), arms[1].totals()), published, 1));
  // ...but the effect acting in cycles 2-3 instead of 1-2 (the bug 1) does not.
  const auto right = hiv_strategies(j);
  auto late = right;
  const MatrixOfCycle mono = right[0].matrix, comb = right[1].matrix;
  late[1].matrix = [=](int t) { return (t == 2 || t == 3) ? comb(1) : mono(t); };
  EXPECT_FALSE(within_percent(icer(late[0].totals(), late[1].totals()), published, 1));
}

TEST(ReferenceThr, ChainsFollowTheWeibullHazardAndTheLifeTable) {
  const json j = load_reference_model("thr_briggs2006.json");
  const auto arms = thr_strategies(j);
  ASSERT_EQ(arms.size(), 2u);
  const double lambda = std::exp(-5.49094 - 0.0367 * 60), gamma = 1.45367786;
  // Cycle 1: S(1) = exp(-lambda); cycle 10: 1 - S(10)/S(9).
  EXPECT_NEAR(arms[0].matrix(1)(kSuccessP, kRevision), 1 - std::exp(-lambda), 1e-15);
  EXPECT_NEAR(arms[0].matrix(10)(kSuccessP, kRevision),
              1 - std::exp(-lambda * (std::pow(10, gamma) - std::pow(9, gamma))), 1e-15);
  EXPECT_NEAR(arms[1].matrix(10)(kSuccessP, kRevision),
              1 - std::exp(-0.260677 * lambda * (std::pow(10, gamma) - std::pow(9, gamma))), 1e-15);
  // Cycle t reads age 60 + t: ages 61-64 (t = 1..4) the 55-64 band, t = 5 the 65-74 band, t >= 25
  // the 85+ band (female rates).
  EXPECT_EQ(arms[0].matrix(4)(kSuccessP, kDeath), 0.0067);
  EXPECT_EQ(arms[0].matrix(5)(kSuccessP, kDeath), 0.0193);
  EXPECT_EQ(arms[0].matrix(14)(kSuccessR, kDeath), 0.0193);
  EXPECT_EQ(arms[0].matrix(15)(kSuccessR, kDeath), 0.0535);
  EXPECT_EQ(arms[0].matrix(24)(kSuccessP, kDeath), 0.0535);
  EXPECT_EQ(arms[0].matrix(25)(kSuccessP, kDeath), 0.1548);
  EXPECT_EQ(arms[0].matrix(60)(kSuccessP, kDeath), 0.1548);
  EXPECT_NEAR(arms[0].matrix(5)(kRevision, kDeath), 0.02 + 0.0193, 1e-15);
  // The primary and revision operations last one cycle.
  for (int t : {1, 30, 60}) {
    EXPECT_EQ(arms[0].matrix(t)(kPrimary, kPrimary), 0.0);
    EXPECT_EQ(arms[0].matrix(t)(kRevision, kRevision), 0.0);
  }
}

TEST(ReferenceThr, ReproducesOurCohortCodeHeemodAndThePublishedIcer) {
  const json j = load_reference_model("thr_briggs2006.json");
  const auto arms = thr_strategies(j);
  const Totals standard = arms[0].totals(), np1 = arms[1].totals();
  const json& ours = j.at("derived_by_our_cohort_code");
  EXPECT_TRUE(to_rounding(standard.cost, ours.at("standard").at("cost"), 9));
  EXPECT_TRUE(to_rounding(standard.qalys, ours.at("standard").at("qalys"), 10));
  EXPECT_TRUE(to_rounding(np1.cost, ours.at("np1").at("cost"), 9));
  EXPECT_TRUE(to_rounding(np1.qalys, ours.at("np1").at("qalys"), 10));
  EXPECT_TRUE(to_rounding(icer(standard, np1), ours.at("icer"), 8));
  const json& pub = j.at("published_results").at("heemod_reproduction_of_DMHEE");
  EXPECT_TRUE(to_rounding(standard.cost, pub.at("standard").at("cost"), 4));
  EXPECT_TRUE(to_rounding(standard.qalys, pub.at("standard").at("qalys"), 5));
  EXPECT_TRUE(to_rounding(np1.cost, pub.at("np1").at("cost"), 4));
  EXPECT_TRUE(to_rounding(np1.qalys, pub.at("np1").at("qalys"), 5));
  EXPECT_TRUE(to_rounding(np1.cost - standard.cost, pub.at("incremental").at("cost"), 4));
  EXPECT_TRUE(to_rounding(np1.qalys - standard.qalys, pub.at("incremental").at("qalys"), 8));
  EXPECT_TRUE(to_rounding(icer(standard, np1), pub.at("incremental").at("icer"), 3));
  EXPECT_TRUE(within_percent(icer(standard, np1), pub.at("incremental").at("icer"), 1.0));
}

// Reading the life table at the age at the start of the cycle (60 + t - 1) instead of 60 + t moves
// the QALYs far off the published ones (about 15.15 instead of 14.65): the test above pins the
// rule down, and the scenario's age table must follow it.
TEST(ReferenceThr, OtherClockConventionsMissThePublishedResults) {
  json j = load_reference_model("thr_briggs2006.json");
  const json pub = j.at("published_results").at("heemod_reproduction_of_DMHEE");
  j["cohort"]["age"] = 59;  // cycle t reads age 59 + t, the age at the start of the cycle
  j["revision_hazard"]["cons"] = -5.49094 - 0.0367;  // keeps lambda as published
  ASSERT_NEAR(std::exp(j["revision_hazard"]["cons"].get<double>() - 0.0367 * 59),
              std::exp(-5.49094 - 0.0367 * 60), 1e-15);
  const auto younger = thr_strategies(j);
  EXPECT_FALSE(to_rounding(younger[0].totals().qalys, pub.at("standard").at("qalys"), 3));
}

}  // namespace
}  // namespace civicsim::verification
