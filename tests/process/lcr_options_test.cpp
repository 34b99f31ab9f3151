// The shipped LCR scenarios (scenarios/lcr/): each loads and compiles against the population, and the
// combined option, run beside its baseline on a 5% sample over three years with common random
// numbers, does what its interventions say: every programme enrols, early-help capacity is 25% higher
// from its start, the programme-level capacity rise enrols nobody, remediation leaves fewer damp
// homes, and capacities are stated for the whole population (a sample gets its share).
#include <gtest/gtest.h>

#include <fstream>

#include "tests/process/process_test_support.hpp"

namespace civicsim {
namespace {

using nlohmann::json;

std::filesystem::path lcr(const std::string& name) {
  return testing::source_dir() / "scenarios" / "lcr" / name;
}

json read_json(const std::filesystem::path& file) {
  std::ifstream in(file);
  return json::parse(in);
}

// The sum of a by-council table's values ({"by": ["council"], "values": {...}}).
double sum_of_values(const json& table) {
  double s = 0;
  for (const auto& [council, v] : table.at("values").items()) s += v.get<double>();
  return s;
}

double sum(const std::vector<double>& v, size_t from = 0) {
  double s = 0;
  for (size_t i = from; i < v.size(); ++i) s += v[i];
  return s;
}

TEST(LcrScenarios, EveryShippedScenarioCompiles) {
  for (const char* name : {"foundation.json", "baseline.json", "quick.json", "validation.json", "damp_remediation.json",
                           "sensors_with_remediation.json", "earlier_family_help.json",
                           "combined.json"}) {
    SCOPED_TRACE(name);
    const Scenario s = load_scenario(lcr(name), {{"population", {{"scale", 0.01}}}});
    EXPECT_FALSE(s.assumptions.empty());
    const Population population = build_population(s.population, s.seed, s.start);
    const DemographyRates rates = load_demography_rates(s.population.data_dir, population);
    EXPECT_NO_THROW(Simulation(s, population, rates));
  }
}

class CombinedOption : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    const json small = {{"population", {{"scale", 0.05}}}, {"horizon_years", 3}};
    baseline_ = new RunResults(testing::run_scenario(lcr("baseline.json"), small));
    combined_ = new RunResults(testing::run_scenario(lcr("combined.json"), small));
  }
  static void TearDownTestSuite() {
    delete baseline_;
    delete combined_;
  }
  static RunResults* baseline_;
  static RunResults* combined_;
};
RunResults* CombinedOption::baseline_ = nullptr;
RunResults* CombinedOption::combined_ = nullptr;

TEST_F(CombinedOption, EveryProgrammeEnrols) {
  for (const char* i : {"damp_mould_remediation", "damp_sensors", "sensor_alert_repair",
                        "co_produced_indicators", "family_group_conference"}) {
    SCOPED_TRACE(i);
    EXPECT_GT(sum(testing::totals(*combined_, std::string(i) + ".received")), 0);
  }
  EXPECT_GT(sum(testing::totals(*combined_, "intervention_costs")), 0);
}

TEST_F(CombinedOption, MoreEarlyHelpAddsAQuarterOfCapacityAndEnrolsNobody) {
  const auto base = testing::totals(*baseline_, "early_help.capacity");
  const auto more = testing::totals(*combined_, "early_help.capacity");
  // The extra capacity earlier_family_help.json adds to the baseline's, per year over all councils.
  const double baseline = sum_of_values(read_json(lcr("baseline.json"))["services"]["early_help"]["capacity_per_year"]);
  const double extra = sum_of_values(
      read_json(lcr("earlier_family_help.json"))["interventions"]["more_early_help"]["effects"][0]["per_year"]);
  const size_t april_2020 = 9;  // steps from 2019-07
  for (size_t t = 0; t < base.size(); ++t)
    EXPECT_NEAR(more[t] / base[t], t < april_2020 ? 1.0 : 1 + extra / baseline, 1e-9) << "step " << t;
  EXPECT_EQ(sum(testing::totals(*combined_, "more_early_help.enrolled")), 0);
  EXPECT_GT(sum(testing::totals(*combined_, "early_help.served")),
            sum(testing::totals(*baseline_, "early_help.served")));
}

TEST_F(CombinedOption, RemediationLeavesFewerDampHomes) {
  const auto damp = [](const RunResults& r) {
    return testing::occupancy(r, "damp")(static_cast<Eigen::Index>(r.time.size() - 1), 1);
  };
  EXPECT_LT(damp(*combined_), damp(*baseline_));
}

// Capacities are stated for the whole region; the 5% sample serves 5% of them.
TEST_F(CombinedOption, ASampleGetsItsShareOfCapacity) {
  const auto capacity = testing::totals(*baseline_, "assessment.capacity");
  const double referrals_2025 =
      sum_of_values(read_json(lcr("baseline.json"))["services"]["assessment"]["capacity_per_year"]);
  EXPECT_NEAR(sum(capacity), 0.05 * referrals_2025 * 3, 1e-9 * referrals_2025);
}

}  // namespace
}  // namespace civicsim
