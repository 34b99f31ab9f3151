// The LCR baseline's damp process (scenarios/lcr/baseline.json) against the exact two-state chain:
// onset and repair by tenure, social landlords' repair rate rising from November 2025 (cycle 76,
// Awaab's Law), and each repair billed to whoever is liable by an event whose expected count per
// month equals the probability of the repair move. A cohort's homes are all owner-occupied, so the
// social rented rows are copied onto them; the onset modifier (the LSOA's poor-condition share,
// 0 in a cohort) is dropped.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <map>
#include <set>
#include <string>

#include "tests/process/process_test_support.hpp"

namespace civicsim {
namespace {

using nlohmann::json;

constexpr int kHomes = 200'000;
constexpr int kSteps = 120;       // monthly, from July 2019: Awaab's Law from step 76
constexpr double kRepair = 3434;  // GBP per repair (no price conversion in the test)

json baseline_damp() {
  std::ifstream in(testing::source_dir() / "scenarios" / "lcr" / "baseline.json");
  return json::parse(in).at("processes").at("damp");
}

// The documented derivation (docs/lcr_models.md, "Damp and its repair").
const double kBefore = std::log(1 / 0.48);
const double kCovered = (1.6 / 5.1) * 0.63;
const double kAfter = kCovered * 2 + (1 - kCovered) * kBefore;
const double kOnsetSocial = 0.07 / (1 - 0.07) * kBefore;

TEST(LcrDamp, SocialRentedHomesMatchTheExactChainAcrossAwaabsLaw) {
  json damp = baseline_damp();
  for (json& t : damp.at("transitions")) {
    json& values = t.at("rate_per_year").at("values");
    values["owner_occupied"] = values.at("social_rented");
    t.erase("modifiers");
  }
  json social;
  for (const json& e : damp.at("events"))
    if (e.at("name") == "social_landlord_repair") social = e;
  ASSERT_FALSE(social.is_null());
  social["if"] = "household.tenure == 'owner_occupied'";
  social.at("cost").erase("price_year");
  damp["events"] = json::array({social});
  const json doc = {{"name", "lcr_damp_exact"},
                    {"start", "2019-07"},
                    {"horizon_years", kSteps / 12},
                    {"step_months", 1},
                    {"seed", 18},
                    {"population", {{"source", "cohort"}, {"cohort", {{"size", kHomes}}}}},
                    {"processes", {{"damp", damp}}}};
  const RunResults r = testing::run_json(doc);

  const double dt = 1.0 / 12;
  const auto repair = [&](int cycle) { return cycle < 76 ? kBefore : kAfter; };
  const Eigen::MatrixXd exact = verification::occupancy(
      [&](int t) {
        const double up = 1 - std::exp(-kOnsetSocial * dt),
                     down = 1 - std::exp(-repair(t - 1) * dt);
        Eigen::MatrixXd P(2, 2);
        P << 1 - up, up, down, 1 - down;
        return P;
      },
      Eigen::RowVector2d(1, 0), kSteps);
  const Eigen::MatrixXd sim = testing::occupancy(r, "damp") / kHomes;
  for (int t = 0; t <= kSteps; ++t) {
    const double p = exact(t, 1);
    EXPECT_NEAR(sim(t, 1), p, 4 * std::sqrt(p * (1 - p) / kHomes) + 1e-12) << "step " << t;
  }
  // The stationary share after the law: onset / (onset + repair), below the 7% before it.
  EXPECT_LT(kOnsetSocial / (kOnsetSocial + kAfter), 0.06);

  // Repairs billed to social landlords, step by step, against the exact expected bill: homes damp at
  // the step's start x P(repair) x cost. Homes are independent, so a step's count has variance at
  // most N p (m + m^2) (m = expected repairs of a damp home); the sum's SD is at most the sum of SDs.
  const size_t s = r.series_index("costs"), cells = r.cells(s), per_payer = cells / kPayerCount;
  size_t landlord = 0;
  while (std::string(kPayerNames[landlord]) != "social_landlord") ++landlord;
  double billed = 0, expected = 0, sd = 0, other = 0;
  for (int t = 0; t < kSteps; ++t) {
    for (size_t c = 0; c < cells; ++c) {
      const double v = r.values[s][0][static_cast<size_t>(t) * cells + c];
      (c / per_payer == landlord ? billed : other) += v;
    }
    const double m = 1 - std::exp(-repair(t) * dt), p = exact(t, 1);
    expected += kRepair * kHomes * p * m;
    sd += kRepair * std::sqrt(kHomes * p * (m + m * m));
  }
  EXPECT_NEAR(billed, expected, 4 * sd);
  EXPECT_EQ(other, 0.0);  // nobody else pays for a social landlord's repairs
  // The moves themselves: repairs counted by the transitions series agree with the bill's count.
  double repaired = 0;
  const size_t m_series = r.series_index("damp.transitions");
  ASSERT_EQ(r.cells(m_series), 4u);  // from x to
  for (int t = 0; t < kSteps; ++t)
    repaired += r.values[m_series][0][static_cast<size_t>(t) * 4 + 2];  // from yes to no
  EXPECT_NEAR(repaired * kRepair, expected, 4 * sd);
}

// Who pays for each tenure's repairs: the landlord of a rented home, the owner of an owned one
// (less the council's grant share), each repair event in the damp state only.
TEST(LcrDamp, EachTenuresRepairsAreBilledToWhoIsLiable) {
  const json damp = baseline_damp();
  const std::map<std::string, std::set<std::string>> payers = {
      {"social_rented", {"social_landlord"}},
      {"private_rented", {"private_landlord"}},
      {"owner_occupied", {"owner_occupier", "housing"}}};
  std::map<std::string, std::set<std::string>> billed;
  for (const json& e : damp.at("events")) {
    SCOPED_TRACE(e.at("name").get<std::string>());
    EXPECT_EQ(e.at("in"), json::array({"yes"}));
    const std::string cond = e.at("if");
    const std::string tenure =
        cond.substr(cond.find('\'') + 1, cond.rfind('\'') - cond.find('\'') - 1);
    for (const char* payer : kPayerNames)
      if (e.at("cost").contains(payer)) billed[tenure].insert(payer);
  }
  EXPECT_EQ(billed, payers);
}

}  // namespace
}  // namespace civicsim
