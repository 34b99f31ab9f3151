// The shipped LCR scenarios (scenarios/lcr/): each loads and compiles against the population, and the
// combined option, run beside its baseline on a 5% sample over three years with common random
// numbers (its programmes moved from April 2026 to April 2020), does what its interventions say: every programme enrols, early-help capacity is 25% higher
// from its start, the programme-level capacity rise enrols nobody, remediation leaves fewer damp
// homes, damp repairs are billed to whoever is liable, and capacities are stated for the whole
// population (a sample gets its share).
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <set>
#include <string>

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

// The sum of series `name` over its time points and cells whose labels match `where` (dimension ->
// label), e.g. {{"payer", "social_landlord"}, {"cost_category", "damp_repairs"}}.
double total_where(const RunResults& r, const std::string& name,
                   const std::map<std::string, std::string>& where) {
  const size_t s = r.series_index(name), cells = r.cells(s);
  const std::vector<std::string>& dims = r.series[s].dims;
  double out = 0;
  for (size_t t = 0; t < r.time_points(s); ++t)
    for (size_t c = 0; c < cells; ++c) {
      size_t rest = c;
      bool keep = true;
      for (size_t d = dims.size(); d-- > 0;) {
        const std::vector<std::string>& labels = r.dimension(dims[d]).labels;
        const auto it = where.find(dims[d]);
        if (it != where.end() && labels[rest % labels.size()] != it->second) keep = false;
        rest /= labels.size();
      }
      if (keep) out += r.values[s][0][t * cells + c];
    }
  return out;
}

double sum(const std::vector<double>& v, size_t from = 0) {
  double s = 0;
  for (size_t i = from; i < v.size(); ++i) s += v[i];
  return s;
}

TEST(LcrScenarios, EveryShippedScenarioCompiles) {
  for (const char* name : {"foundation.json", "baseline.json", "quick.json", "validation.json",
                           "damp_remediation.json", "sensors_with_remediation.json",
                           "earlier_family_help.json", "combined.json", "lifetime_values.json"}) {
    SCOPED_TRACE(name);
    const Scenario s = load_scenario(lcr(name), {{"population", {{"scale", 0.01}}}});
    EXPECT_FALSE(s.assumptions.empty());
    const Population population = build_population(s.population, s.seed, s.start);
    const DemographyRates rates = load_demography_rates(s.population.data_dir, population);
    EXPECT_NO_THROW(Simulation(s, population, rates));
  }
}

// Whether a cost object ({"nhs": 39, "price_year": ...}) states any amount for a payer.
bool any_amount(const json& cost) {
  for (const char* payer : kPayerNames)
    if (cost.value(payer, 0.0) != 0.0) return true;
  return false;
}

// What the evaluation shows commissioners comes from these declarations: every scenario, process,
// state, event, service, intervention and payer has a label; every cost category of the costs
// series says whether its savings are cashable; every programme with costs has a Green Book
// optimism-bias category; the appraisal is the ten financial years from April 2026, within the run.
TEST(LcrScenarios, EveryNameHasALabelAndEveryCostIsClassified) {
  for (const char* file :
       {"baseline.json", "damp_remediation.json", "sensors_with_remediation.json",
        "earlier_family_help.json", "combined.json", "lifetime_values.json"}) {
    SCOPED_TRACE(file);
    const Scenario s = load_scenario(lcr(file));
    const json doc = json::parse(s.resolved_json);
    EXPECT_TRUE(doc.contains("label"));
    std::set<std::string> categories;
    const auto category_of = [&](const json& cost, const std::string& owner) {
      categories.insert(cost.value("category", owner));
    };
    for (const auto& [p, process] : doc.at("processes").items()) {
      SCOPED_TRACE(p);
      EXPECT_TRUE(process.contains("label"));
      for (const auto& state : process.at("states"))
        EXPECT_TRUE(process.at("state_labels").contains(state.get<std::string>())) << state;
      const json events = process.value("events", json::array());
      for (const auto& e : events) {  // an event always has a category, costed or not
        EXPECT_TRUE(e.contains("label")) << e.at("name");
        category_of(e.value("cost", json::object()), p);
      }
      const json state_costs = process.value("cost_per_year", json::object());
      for (const auto& [state, cost] : state_costs.items()) category_of(cost, p);
    }
    for (const auto& [service_name, service] : doc.at("services").items()) {
      EXPECT_TRUE(service.contains("label")) << service_name;
      const json cost = service.value("cost_per_service", json::object());
      if (any_amount(cost)) category_of(cost, service_name);
    }
    for (const auto& c : categories) {
      ASSERT_TRUE(doc.at("cost_categories").contains(c)) << c;
      const json& declared = doc.at("cost_categories").at(c);
      EXPECT_TRUE(declared.contains("label") && declared.contains("source")) << c;
    }
    EXPECT_EQ(doc.at("cost_categories").at("placements").at("cashable"), true);
    EXPECT_EQ(doc.at("cost_categories").at("asthma_emergency").at("cashable"), false);
    const json interventions = doc.value("interventions", json::object());  // none in the baseline
    for (const auto& [intervention, i] : interventions.items()) {
      SCOPED_TRACE(intervention);
      EXPECT_TRUE(i.contains("label"));
      EXPECT_EQ(i.at("start"), "2026-04");
      const json& cost = i.at("cost");
      const bool per_unit =
          any_amount(cost.at("per_unit")) || any_amount(cost.at("per_unit_per_year"));
      const bool costed =
          per_unit || any_amount(cost.at("fixed")) || any_amount(cost.at("fixed_per_year"));
      EXPECT_EQ(cost.contains("category"), costed);
      EXPECT_FALSE(cost.contains("optimism_bias"));  // the category's value applies
      if (per_unit) {
        EXPECT_TRUE(i.contains("unit_label"));
      }
    }
    for (const auto& [payer, p] : doc.at("payers").items())
      EXPECT_TRUE(p.contains("label")) << payer;
    EXPECT_EQ(doc.at("appraisal").at("start"), "2026-04");
    EXPECT_EQ(doc.at("appraisal").at("years"), 10);
    EXPECT_GE(s.start.plus(s.horizon_years * 12), YearMonth::of(2036, 4));  // the run covers it
  }
  EXPECT_EQ(json::parse(load_scenario(lcr("sensors_with_remediation.json")).resolved_json)
                .at("interventions")
                .at("damp_sensors")
                .at("cost")
                .at("category"),
            "equipment_development");
}

class CombinedOption : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    // The shipped programmes start in April 2026, after the model's warm-up from 2019; here they
    // start in April 2020 so that a three-year run sees them, with an appraisal of those years.
    json small = {{"population", {{"scale", 0.05}}},
                  {"horizon_years", 3},
                  {"appraisal", {{"start", "2019-07"}, {"years", 3}}}};
    baseline_ = new RunResults(testing::run_scenario(lcr("baseline.json"), small));
    for (const InterventionSpec& i : load_scenario(lcr("combined.json")).interventions)
      small["interventions"][i.name]["start"] = "2020-04";
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
  for (const char* i : {"damp_mould_remediation_social", "damp_mould_remediation_private",
                        "damp_sensors", "sensor_alert_repair", "sensor_false_alarm",
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
  const double baseline =
      sum_of_values(read_json(lcr("baseline.json"))["services"]["early_help"]["capacity_per_year"]);
  const double extra = sum_of_values(read_json(lcr(
      "earlier_family_help.json"))["interventions"]["more_early_help"]["effects"][0]["per_year"]);
  const size_t april_2020 = 9;  // steps from 2019-07
  for (size_t t = 0; t < base.size(); ++t)
    EXPECT_NEAR(more[t] / base[t], t < april_2020 ? 1.0 : 1 + extra / baseline, 1e-9)
        << "step " << t;
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

// The harms of damp and cold homes that do not depend on a person's asthma (infections, COPD
// exacerbations, episodes of common mental disorder, excess winter deaths) draw the same numbers in
// both arms (common random numbers) at a rate that only falls where a home is repaired or heated: no
// step of the option has more of them, and repairs avoid some episodes of common mental disorder.
TEST_F(CombinedOption, RepairsOnlyRemoveHarmsOfTheHome) {
  for (const char* e :
       {"respiratory_infection", "copd_exacerbation", "cmd_episode", "excess_winter_death"}) {
    SCOPED_TRACE(e);
    const auto base = testing::totals(*baseline_, std::string("asthma.events.") + e);
    const auto option = testing::totals(*combined_, std::string("asthma.events.") + e);
    ASSERT_EQ(base.size(), option.size());
    for (size_t t = 0; t < base.size(); ++t) EXPECT_LE(option[t], base[t]) << "step " << t;
  }
  EXPECT_LT(sum(testing::totals(*combined_, "asthma.events.cmd_episode")),
            sum(testing::totals(*baseline_, "asthma.events.cmd_episode")));
}

// Asthma runs at every age: adults hold most of it, children's and adults' admissions are both
// counted, and each is costed as an inpatient stay (not an emergency-department attendance).
TEST_F(CombinedOption, AsthmaAtEveryAgeWithAdmissionsCostedAsStays) {
  const size_t s = baseline_->series_index("asthma.occupancy");
  const auto& dims = baseline_->series[s].dims;
  ASSERT_EQ(dims.size(), 5u);  // state x council x age_band x sex x imd_quintile
  const std::vector<std::string>& bands = baseline_->dimension(dims[2]).labels;
  const size_t councils = baseline_->dimension(dims[1]).labels.size(),
               rest = baseline_->cells(s) / (3 * councils * bands.size());
  const std::set<std::string> child_bands = {"0", "1-4", "5-10", "11-15", "16-17"};
  double adults = 0, children = 0;            // at the start (time point 0)
  for (size_t state = 1; state < 3; ++state)  // controlled, uncontrolled
    for (size_t c = 0; c < councils; ++c)
      for (size_t b = 0; b < bands.size(); ++b)
        for (size_t k = 0; k < rest; ++k)
          (child_bands.count(bands[b]) > 0 ? children : adults) +=
              baseline_->values[s][0][((state * councils + c) * bands.size() + b) * rest + k];
  EXPECT_GT(adults, 2 * children);  // 7% of 1.24 million adults vs 11% of 0.32 million children
  EXPECT_GT(sum(testing::totals(*baseline_, "asthma.events.adult_emergency_admission")), 0);
  EXPECT_GT(sum(testing::totals(*baseline_, "asthma.events.emergency_admission")), 0);
  const json asthma = read_json(lcr("baseline.json"))["processes"]["asthma"];
  for (const auto& e : asthma["events"]) {
    if (e.at("name").get<std::string>().find("emergency_admission") == std::string::npos) continue;
    EXPECT_GT(e.at("cost").at("nhs").get<double>(), 400) << e.at("name");  // a stay, not GBP 138
  }
}

// Entries take kinship, residential and other placements at England's mix and every placement lasts
// as long, so those shares of the looked-after stock stay at the mix (27.9 / 24.8 / 15.6 / 11.5 /
// 20.1%); foster entries the in-house carers cannot take go to agency carers (the margin).
TEST_F(CombinedOption, PlacementsKeepTheRegionsMixAndAgencyCarersTakeTheMargin) {
  const Eigen::MatrixXd occ = testing::occupancy(*baseline_, "need");
  const Eigen::Index inhouse = 6, kinship = 8, residential = 9, other = 10;
  double looked_after = 0, foster = 0, by_need[3] = {0, 0, 0};
  for (Eigen::Index t = 0; t < occ.rows(); ++t) {
    looked_after += occ.row(t).segment(inhouse, 5).sum();
    foster += occ(t, inhouse) + occ(t, inhouse + 1);
    by_need[0] += occ(t, kinship);
    by_need[1] += occ(t, residential);
    by_need[2] += occ(t, other);
  }
  ASSERT_GT(looked_after, 0);
  // About 190 children looked after in the 5% sample: a share's standard error is about 0.03.
  EXPECT_NEAR(by_need[0] / looked_after, 15.6 / 99.9, 0.08);
  EXPECT_NEAR(by_need[1] / looked_after, 11.5 / 99.9, 0.08);
  EXPECT_NEAR(by_need[2] / looked_after, 20.1 / 99.9, 0.08);
  EXPECT_NEAR(foster / looked_after, 52.7 / 99.9, 0.1);
  EXPECT_GT(sum(testing::totals(*baseline_, "foster_placement.lapsed")), 0);  // agency carers used
  const auto served = testing::totals(*baseline_, "foster_placement.served");
  const auto capacity = testing::totals(*baseline_, "foster_placement.capacity");
  EXPECT_LE(sum(served), sum(capacity) + 1e-9);
}

// Damp repairs are billed to whoever is liable (baseline: the duty's repairs; the option: its
// works in rented homes), and to nobody else.
TEST_F(CombinedOption, DampRepairsAreBilledToWhoIsLiable) {
  for (const char* payer : {"social_landlord", "private_landlord", "owner_occupier"}) {
    SCOPED_TRACE(payer);
    EXPECT_GT(
        total_where(*baseline_, "costs", {{"payer", payer}, {"cost_category", "damp_repairs"}}), 0);
    EXPECT_EQ(
        total_where(*baseline_, "costs", {{"payer", payer}}),
        total_where(*baseline_, "costs", {{"payer", payer}, {"cost_category", "damp_repairs"}}));
  }
  EXPECT_GT(
      total_where(*baseline_, "costs", {{"payer", "housing"}, {"cost_category", "repair_grants"}}),
      0);
  EXPECT_EQ(total_where(*baseline_, "costs", {{"payer", "nhs"}, {"cost_category", "damp_repairs"}}),
            0);
  for (const char* tenure : {"social", "private"}) {
    const std::string i = std::string("damp_mould_remediation_") + tenure;
    const std::string landlord = std::string(tenure) + "_landlord";
    const double all = total_where(*combined_, "intervention_costs", {{"intervention", i}});
    EXPECT_GT(all, 0) << i;
    EXPECT_EQ(
        total_where(*combined_, "intervention_costs", {{"intervention", i}, {"payer", landlord}}),
        all)
        << i;
  }
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
