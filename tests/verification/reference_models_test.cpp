// The published Sick-Sicker models built as exact cohort chains reproduce the numbers stored in
// their JSON: our earlier independent cohort code (to every printed digit), the published cohort
// results (to the published rounding), and the published microsimulation results (within 3
// published Monte Carlo SEs).
//
// Tolerances, and why:
//  * to_rounding(x, published, decimals): |x - published| <= 0.5 * 10^-decimals (the published
//  number is x
//    rounded to that many decimals) plus 1e-9 relative for floating-point round-off at a rounding
//    boundary. Costs are printed to 0 decimals in the papers, QALYs to 3; "derived_*" values to the
//    digits stored.
//  * microsimulation: |published - exact| <= 3 x published MCSE + half a unit of the published
//  rounding,
//    as the reference README says (a correct expectation fails this with probability ~0.3% per
//    number).
#include "tests/verification/reference_models.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <iomanip>
#include <sstream>

#include "tests/verification/published_match.hpp"

namespace civicsim::verification {
namespace {

using nlohmann::json;

::testing::AssertionResult within_mcse(double exact, const json& pub, const std::string& key,
                                       int decimals) {
  const double published = pub.at(key), mcse = pub.at(key + "_mcse");
  const double tol = 3 * mcse + 0.5 * std::pow(10.0, -decimals);
  if (std::abs(published - exact) <= tol) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure()
         << key << ": exact " << std::setprecision(12) << exact << " vs published " << published
         << " (3 MCSE + rounding = " << tol << ")";
}

std::string json_key(const std::string& strategy) {
  return strategy == "Treatment" ? "treatment" : "no_treatment";
}

// Published microsimulation (n = 100000) vs the exact expectation, both arms and the increment; the
// ICER must lie in the range the incremental cost and QALYs allow.
void check_microsim(const std::vector<CohortModel>& models, const json& pub) {
  ASSERT_EQ(models.size(), 2u);
  const Totals t0 = models[0].totals(), t1 = models[1].totals();
  for (size_t i = 0; i < 2; ++i) {
    const json& p = pub.at(json_key(models[i].strategy));
    const Totals t = models[i].totals();
    EXPECT_TRUE(within_mcse(t.cost, p, "cost", 0)) << models[i].strategy;
    EXPECT_TRUE(within_mcse(t.qalys, p, "qalys", 3)) << models[i].strategy;
  }
  const json& inc = pub.at("incremental");
  const double dc = t1.cost - t0.cost, de = t1.qalys - t0.qalys;
  EXPECT_TRUE(within_mcse(dc, inc, "cost", 0));
  EXPECT_TRUE(within_mcse(de, inc, "qalys", 3));
  const double tc = 3 * inc.at("cost_mcse").get<double>() + 0.5,
               te = 3 * inc.at("qalys_mcse").get<double>() + 5e-4;
  const double icer = inc.at("icer");
  EXPECT_GE(icer + 0.5, (dc - tc) / (de + te));
  EXPECT_LE(icer - 0.5, (dc + tc) / (de - te));
}

TEST(ReferenceModels, CopiesMatchTheSharedFilesWhenPresent) {
  const auto shared = civicsim::testing::source_dir().parent_path() / "shared" / "reference_models";
  if (!std::filesystem::exists(shared))
    GTEST_SKIP() << "no " << shared << " (expected outside the workspace)";
  for (const char* name : {"sick_sicker_krijkamp2018.json", "sick_sicker_alarid2023.json"}) {
    auto slurp = [](const std::filesystem::path& p) {
      std::ostringstream s;
      s << std::ifstream(p, std::ios::binary).rdbuf();
      return s.str();
    };
    EXPECT_EQ(slurp(reference_models_dir() / name), slurp(shared / name))
        << name << ": copy it again";
  }
}

TEST(ReferenceKrijkamp, SimpleChainFollowsTheDeathRule) {
  const auto models = krijkamp_simple(load_reference_model("sick_sicker_krijkamp2018.json"));
  ASSERT_EQ(models.size(), 2u);
  EXPECT_EQ(models[0].strategy, "No Treatment");
  const Eigen::MatrixXd& P = models[0].P;
  // 1 - exp(-k r_HD) with r_HD = -ln(1 - p_HD) is 1 - (1 - p_HD)^k.
  EXPECT_NEAR(P(kS1, kD), 1 - std::pow(0.995, 3), 1e-15);
  EXPECT_NEAR(P(kS2, kD), 1 - std::pow(0.995, 10), 1e-15);
  EXPECT_DOUBLE_EQ(P(kH, kH), 1 - 0.15 - 0.005);
  EXPECT_TRUE(models[0].P == models[1].P);  // treatment changes rewards only
}

TEST(ReferenceKrijkamp, SimpleReproducesOurCohortCodeAndThePublishedCohort) {
  const json j = load_reference_model("sick_sicker_krijkamp2018.json");
  const auto models = krijkamp_simple(j);
  const Totals t0 = models[0].totals(), t1 = models[1].totals();
  const json& ours = j.at("simple_model").at("derived_by_our_cohort_code");
  EXPECT_TRUE(to_rounding(t0.cost, ours.at("no_treatment").at("cost"), 3));
  EXPECT_TRUE(to_rounding(t0.qalys, ours.at("no_treatment").at("qalys"), 7));
  EXPECT_TRUE(to_rounding(t1.cost, ours.at("treatment").at("cost"), 3));
  EXPECT_TRUE(to_rounding(t1.qalys, ours.at("treatment").at("qalys"), 7));
  const double icer = (t1.cost - t0.cost) / (t1.qalys - t0.qalys);
  EXPECT_TRUE(to_rounding(icer, ours.at("icer"), 2));
  const json& pub = j.at("simple_model").at("published_results").at("markov_cohort");
  EXPECT_TRUE(to_rounding(t0.cost, pub.at("no_treatment").at("cost"), 0));
  EXPECT_TRUE(to_rounding(t0.qalys, pub.at("no_treatment").at("qalys"), 3));
  EXPECT_TRUE(to_rounding(t1.cost, pub.at("treatment").at("cost"), 0));
  EXPECT_TRUE(to_rounding(t1.qalys, pub.at("treatment").at("qalys"), 3));
  EXPECT_TRUE(to_rounding(t1.cost - t0.cost, pub.at("incremental").at("cost"), 0));
  EXPECT_TRUE(to_rounding(t1.qalys - t0.qalys, pub.at("incremental").at("qalys"), 3));
  EXPECT_TRUE(to_rounding(icer, pub.at("incremental").at("icer"), 0));
}

TEST(ReferenceKrijkamp, SimplePublishedMicrosimulationWithin3Mcse) {
  const json j = load_reference_model("sick_sicker_krijkamp2018.json");
  check_microsim(krijkamp_simple(j),
                 j.at("simple_model").at("published_results").at("microsimulation_n100000"));
}

TEST(ReferenceKrijkamp, ExtendedWithoutDurationEffectsEqualsSimple) {
  json j = load_reference_model("sick_sicker_krijkamp2018.json");
  j["extended_model"]["rp_S1S2"] = 0.0;
  j["extended_model"]["ru_S1S2"] = 0.0;
  const auto simple = krijkamp_simple(j), extended = krijkamp_extended(j);
  for (size_t i = 0; i < 2; ++i) {
    EXPECT_LT((extended[i].trace() - simple[i].trace()).cwiseAbs().maxCoeff(), 1e-12);
    EXPECT_NEAR(extended[i].totals().cost, simple[i].totals().cost, 1e-7);  // 1e-12 relative
    EXPECT_NEAR(extended[i].totals().qalys, simple[i].totals().qalys, 1e-11);
  }
}

TEST(ReferenceKrijkamp, ExtendedReproducesOurExactExpectation) {
  const json j = load_reference_model("sick_sicker_krijkamp2018.json");
  const auto models = krijkamp_extended(j);
  ASSERT_EQ(models.size(), 2u);
  EXPECT_EQ(models[0].P.rows(), 4 * 31);  // counter 0..30: never truncated over 30 cycles
  const Totals t0 = models[0].totals(), t1 = models[1].totals();
  const json& ours = j.at("extended_model").at("derived_exact_expectation_by_our_code");
  EXPECT_TRUE(to_rounding(t0.cost, ours.at("no_treatment").at("cost"), 2));
  EXPECT_TRUE(to_rounding(t0.qalys, ours.at("no_treatment").at("qalys"), 7));
  EXPECT_TRUE(to_rounding(t1.cost, ours.at("treatment").at("cost"), 2));
  EXPECT_TRUE(to_rounding(t1.qalys, ours.at("treatment").at("qalys"), 7));
  EXPECT_TRUE(to_rounding(t1.cost - t0.cost, ours.at("incremental").at("cost"), 2));
  EXPECT_TRUE(to_rounding(t1.qalys - t0.qalys, ours.at("incremental").at("qalys"), 7));
  EXPECT_TRUE(to_rounding((t1.cost - t0.cost) / (t1.qalys - t0.qalys),
                          ours.at("incremental").at("icer"), 2));
  // The 4-state trace from the expanded chain is a distribution at every cycle.
  const Eigen::MatrixXd tr = models[1].trace();
  for (Eigen::Index t = 0; t < tr.rows(); ++t) EXPECT_NEAR(tr.row(t).sum(), 1.0, 1e-12);
}

TEST(ReferenceKrijkamp, ExtendedPublishedMicrosimulationWithin3Mcse) {
  const json j = load_reference_model("sick_sicker_krijkamp2018.json");
  check_microsim(krijkamp_extended(j),
                 j.at("extended_model").at("published_results").at("microsimulation_n100000"));
}

TEST(ReferenceAlarid, TraceMatchesThePublishedFirstCycles) {
  const json j = load_reference_model("sick_sicker_alarid2023.json");
  const auto models = alarid_strategies(j);
  const json& rows = j.at("published_results").at("trace_SoC_first_cycles").at("rows");
  const Eigen::MatrixXd tr = models.at(0).trace();
  for (size_t t = 0; t < rows.size(); ++t)
    for (size_t s = 0; s < 4; ++s)
      EXPECT_TRUE(to_rounding(tr(static_cast<Eigen::Index>(t), static_cast<Eigen::Index>(s)),
                              rows[t][s], 3))
          << "cycle " << t << " state " << s;
}

TEST(ReferenceAlarid, ReproducesOurCohortCodeAndThePublishedResults) {
  const json j = load_reference_model("sick_sicker_alarid2023.json");
  const auto models = alarid_strategies(j);
  ASSERT_EQ(models.size(), 4u);
  std::vector<CeaRow> rows;
  for (const CohortModel& m : models) {
    const Totals t = m.totals();
    const json& ours = j.at("derived_by_our_cohort_code").at(m.strategy);
    EXPECT_TRUE(to_rounding(t.cost, ours.at("cost"), 3)) << m.strategy;
    EXPECT_TRUE(to_rounding(t.qalys, ours.at("qalys"), 7)) << m.strategy;
    const json& pub = j.at("published_results").at(m.strategy);
    EXPECT_TRUE(to_rounding(t.cost, pub.at("cost"), 0)) << m.strategy;
    EXPECT_TRUE(to_rounding(t.qalys, pub.at("qalys"), 3)) << m.strategy;
    rows.push_back({m.strategy, t.cost, t.qalys});
  }
  // Frontier SoC -> B -> AB; A is dominated (B costs less and yields more).
  const auto cea = cost_effectiveness(rows);
  for (const CeaRow& r : cea) {
    const json& pub = j.at("published_results").at(r.name);
    if (pub.contains("status")) {
      EXPECT_EQ(pub.at("status"), "dominated");
      EXPECT_EQ(r.status, CeaRow::Status::kDominated) << r.name;
    } else {
      EXPECT_EQ(r.status, CeaRow::Status::kFrontier) << r.name;
    }
    if (!pub.contains("icer")) {
      EXPECT_TRUE(std::isnan(r.icer)) << r.name;
      continue;
    }
    EXPECT_TRUE(to_rounding(r.incremental_cost, pub.at("incremental_cost"), 0)) << r.name;
    EXPECT_TRUE(to_rounding(r.incremental_qalys, pub.at("incremental_qalys"), 3)) << r.name;
    EXPECT_TRUE(to_rounding(r.icer, pub.at("icer"), 0)) << r.name;
  }
}

}  // namespace
}  // namespace civicsim::verification
