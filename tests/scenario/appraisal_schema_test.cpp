// Tests of the declarations the evaluation reads from a scenario (engine/scenario/appraisal_schema.hpp
// and the label fields): their defaults in the resolved scenario, and the exact message of every
// kind of bad value, including an appraisal period that does not lie within the run.
#include "engine/scenario/appraisal_schema.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "engine/core/input_error.hpp"
#include "engine/scenario/scenario_loader.hpp"
#include "tests/test_support.hpp"

namespace civicsim {
namespace {

using nlohmann::json;
using testing::TempDir;
using testing::write_file;
using Messages = std::vector<std::string>;

// A cohort scenario from 2020-01 over 5 years (to 2025-01), with one process, one service and one
// intervention, patched with `patch` (objects merge, as in a scenario file).
json small_scenario(const json& patch) {
  json doc = json::parse(R"({
    "name": "small", "start": "2020-01", "horizon_years": 5,
    "population": {"source": "cohort", "cohort": {"size": 10}},
    "processes": {"p": {"states": ["well", "sick"],
                        "cost_per_year": {"sick": {"nhs": 100, "category": "p_care"}},
                        "events": [{"name": "visit", "in": ["sick"], "rate_per_year": 1,
                                    "cost": {"nhs": 30, "category": "p_visits"}}]}},
    "services": {"clinic": {"capacity_per_year": 10, "cost_per_service": {"nhs": 50}}},
    "interventions": {"fix": {"start": "2021-04", "who": "p == 'sick'",
                              "cost": {"per_unit": {"housing": 1000}}}}
  })");
  doc.merge_patch(patch);
  return doc;
}

// Every message of loading the scenario written as one file.
Messages errors(const json& patch) {
  TempDir dir;
  write_file(dir / "s.json", small_scenario(patch).dump());
  try {
    load_scenario(dir / "s.json");
  } catch (const InputError& e) {
    Messages out;
    for (const auto& d : e.diagnostics()) {
      std::string m = d.to_string();
      m.erase(0, m.find(": ") + 2);  // the temporary file's name
      out.push_back(m);
    }
    return out;
  }
  return {};
}

json resolved(const json& patch) {
  TempDir dir;
  write_file(dir / "s.json", small_scenario(patch).dump());
  return json::parse(load_scenario(dir / "s.json").resolved_json);
}

TEST(AppraisalSchema, DefaultsAreFilledInTheResolvedScenario) {
  const json r = resolved(json::object());
  const json& a = r.at("appraisal");
  EXPECT_FALSE(a.contains("start"));  // the run's start, applied by the evaluation
  EXPECT_FALSE(a.contains("years"));  // every whole year to the run's end
  EXPECT_EQ(a.at("qaly_value"), 70000);
  EXPECT_EQ(a.at("min_replications_for_ranges"), 10);
  EXPECT_EQ(a.at("optimism_bias").at("costs"),
            json::parse(R"({"standard_buildings": 0.24, "non_standard_buildings": 0.51,
                            "standard_civil_engineering": 0.44, "non_standard_civil_engineering": 0.66,
                            "equipment_development": 2.0, "outsourcing": 0.41})"));
  EXPECT_EQ(a.at("optimism_bias").at("benefits_by_confidence_grade"),
            json::parse(R"({"1": 0.0, "2": 0.05, "3": 0.10, "4": 0.15, "5": 0.25, "6": 0.40})"));
  EXPECT_EQ(a.at("optimism_bias").at("qaly_confidence_grade"), 3);
  // Landlords and owners spend private money; the NHS, councils and any other payer public.
  EXPECT_EQ(a.at("payer_sectors"), json::parse(R"({"nhs": "public",
      "council_childrens_services": "public", "housing": "public", "social_landlord": "private",
      "private_landlord": "private", "owner_occupier": "private", "other": "public"})"));
  // Every payer of the costs series, in its order, with the name reports show.
  EXPECT_EQ(r.at("payers"), json::parse(R"({"nhs": {"label": "NHS"},
      "council_childrens_services": {"label": "Council children's services"},
      "housing": {"label": "Council housing services"},
      "social_landlord": {"label": "Social landlords"},
      "private_landlord": {"label": "Private landlords"},
      "owner_occupier": {"label": "Owner-occupiers"}, "other": {"label": "Other"}})"));
  // No cost category is declared unless the scenario declares it; no optimism bias on an
  // intervention unless it states a category or a value.
  EXPECT_FALSE(r.contains("cost_categories") && !r.at("cost_categories").empty());
  EXPECT_FALSE(r.at("interventions").at("fix").at("cost").contains("optimism_bias"));
  EXPECT_FALSE(r.at("interventions").at("fix").at("cost").contains("category"));
}

TEST(AppraisalSchema, LabelsAndDeclarationsAreKeptAndCompletedWithDefaults) {
  const json r = resolved(json::parse(R"({
    "label": "A small programme",
    "processes": {"p": {"label": "Sickness", "state_labels": {"well": "Well", "sick": "Sick"},
                        "events": [{"name": "visit", "label": "GP visits", "in": ["sick"],
                                    "rate_per_year": 1}]}},
    "services": {"clinic": {"label": "Clinic"}},
    "interventions": {"fix": {"label": "Repairs", "unit_label": "homes treated",
                              "cost": {"category": "equipment_development", "optimism_bias": 0.5}}},
    "payers": {"housing": {"label": "Housing associations"}},
    "cost_categories": {"p_care": {"label": "Care", "cashable": true, "value": "economic",
                                   "confidence_grade": 2, "source": "paid per placement"},
                        "clinic": {}},
    "appraisal": {"start": "2021-04", "years": 3, "qaly_value": 60000,
                  "optimism_bias": {"costs": {"outsourcing": 0.3},
                                    "benefits_by_confidence_grade": {"6": 0.5},
                                    "qaly_confidence_grade": 4},
                  "min_replications_for_ranges": 5}
  })"));
  EXPECT_EQ(r.at("label"), "A small programme");
  EXPECT_EQ(r.at("processes").at("p").at("state_labels").at("sick"), "Sick");
  EXPECT_EQ(r.at("processes").at("p").at("events").at(0).at("label"), "GP visits");
  EXPECT_EQ(r.at("services").at("clinic").at("label"), "Clinic");
  EXPECT_EQ(r.at("interventions").at("fix").at("unit_label"), "homes treated");
  EXPECT_EQ(r.at("interventions").at("fix").at("cost").at("category"), "equipment_development");
  EXPECT_EQ(r.at("payers").at("housing").at("label"), "Housing associations");
  EXPECT_EQ(r.at("payers").at("nhs").at("label"), "NHS");
  EXPECT_EQ(r.at("cost_categories").at("p_care"),
            json::parse(R"({"label": "Care", "cashable": true, "value": "economic",
                            "confidence_grade": 2, "source": "paid per placement"})"));
  EXPECT_EQ(r.at("cost_categories").at("clinic"),
            json::parse(R"({"cashable": false, "value": "fiscal", "confidence_grade": 3})"));
  const json& ob = r.at("appraisal").at("optimism_bias");
  EXPECT_EQ(ob.at("costs").at("outsourcing"), 0.3);
  EXPECT_EQ(ob.at("costs").at("standard_buildings"), 0.24);
  EXPECT_EQ(ob.at("benefits_by_confidence_grade").at("6"), 0.5);
  EXPECT_EQ(ob.at("benefits_by_confidence_grade").at("1"), 0.0);
}

// An option's own list of what it does not count: kept in the resolved scenario (so in the run's
// /meta/scenario_json), strings only, an error naming the path otherwise.
TEST(AppraisalSchema, AScenariosNotCountedList) {
  const json list = {"Adults' health.", "Excess cold."};
  EXPECT_EQ(resolved({{"not_counted", list}}).at("not_counted"), list);
  EXPECT_FALSE(resolved(json::object()).contains("not_counted"));
  EXPECT_EQ(errors({{"not_counted", {"Adults' health.", 3}}}),
            (Messages{"/not_counted/1: expected a string, found a number 3"}));
  const Messages whole = errors({{"not_counted", "Adults' health."}});
  ASSERT_EQ(whole.size(), 1u);
  EXPECT_EQ(whole[0].rfind("/not_counted: expected an array", 0), 0u) << whole[0];
}

TEST(AppraisalSchema, ReportsBadLabelsAndDeclarations) {
  EXPECT_EQ(
      errors(json::parse(R"({"processes": {"p": {"state_labels": {"ill": "Ill", "well": 3}}}})")),
      (Messages{"/processes/p/state_labels/well: expected a string, found a number 3",
                "/processes/p/state_labels/ill: expected one of the states of p: well, sick, "
                "found 'ill'"}));
  EXPECT_EQ(errors(json::parse(R"({"label": 1, "interventions": {"fix": {"unit_label": false}}})")),
            (Messages{"/interventions/fix/unit_label: expected a string, found false",
                      "/label: expected a string, found a number 1"}));
  EXPECT_EQ(errors(json::parse(R"({"payers": {"council": {"label": "Council"}}})")),
            (Messages{"/payers/council: expected one of the keys: nhs, council_childrens_services, "
                      "housing, social_landlord, private_landlord, owner_occupier, other, found "
                      "unknown key 'council'"}));
  EXPECT_EQ(
      errors(json::parse(R"({"cost_categories": {"p_care": {"cashable": "yes", "value": "cash",
                                                                  "confidence_grade": 7}}})")),
      (Messages{"/cost_categories/p_care/cashable: expected true or false, found a string \"yes\"",
                "/cost_categories/p_care/confidence_grade: expected an integer in [1, 6], found 7",
                "/cost_categories/p_care/value: expected one of: fiscal, economic, social, "
                "found 'cash'"}));
  EXPECT_EQ(errors(json::parse(R"({"cost_categories": {"placements": {}}})")),
            (Messages{"/cost_categories/placements: expected a cost category of the costs series: "
                      "a process, a service or a cost's category (clinic, p, p_care, p_visits), "
                      "found 'placements'"}));
  EXPECT_EQ(
      errors(json::parse(R"({"interventions": {"fix": {"cost": {"category": "sensors",
                                                                      "optimism_bias": 11}}}})")),
      (Messages{"/interventions/fix/cost/category: expected one of: standard_buildings, "
                "non_standard_buildings, standard_civil_engineering, "
                "non_standard_civil_engineering, equipment_development, outsourcing, found "
                "'sensors'",
                "/interventions/fix/cost/optimism_bias: expected a number in [0, 10], found 11"}));
}

// A council that still owns its homes (a Housing Revenue Account) declares social landlords public.
TEST(AppraisalSchema, PayerSectorsAreDeclaredInTheAppraisal) {
  const json r = resolved(json::parse(R"({"appraisal": {"payer_sectors": {
                                              "social_landlord": "public", "other": "private"}}})"));
  const json& sectors = r.at("appraisal").at("payer_sectors");
  EXPECT_EQ(sectors.at("social_landlord"), "public");
  EXPECT_EQ(sectors.at("other"), "private");
  EXPECT_EQ(sectors.at("private_landlord"), "private");  // the rest keep their defaults
  EXPECT_EQ(sectors.at("nhs"), "public");
  EXPECT_EQ(errors(json::parse(R"({"appraisal": {"payer_sectors": {"housing": "mixed",
                                                              "council": "public"}}})")),
            (Messages{"/appraisal/payer_sectors/council: expected one of the keys: nhs, "
                      "council_childrens_services, housing, social_landlord, private_landlord, "
                      "owner_occupier, other, found unknown key 'council'",
                      "/appraisal/payer_sectors/housing: expected one of: public, private, found "
                      "'mixed'"}));
  EXPECT_EQ(errors(json::parse(R"({"appraisal": {"payer_sectors": ["housing"]}})")).size(), 1u);
}

TEST(AppraisalSchema, ReportsBadAppraisalSettings) {
  EXPECT_EQ(
      errors(json::parse(R"({"appraisal": {"years": 0, "qaly_value": -1,
                                                 "min_replications_for_ranges": 0}})")),
      (Messages{
          "/appraisal/min_replications_for_ranges: expected an integer in [1, 10000], found 0",
          "/appraisal/qaly_value: expected a number in [0, 1000000000000], found -1",
          "/appraisal/years: expected an integer in [1, 100], found 0"}));
  EXPECT_EQ(
      errors(json::parse(R"({"appraisal": {"optimism_bias": {
                                     "costs": {"standard_buildings": 11, "sensors": 2},
                                     "benefits_by_confidence_grade": {"0": 0.1, "3": 1.5},
                                     "qaly_confidence_grade": 0}}})")),
      (Messages{"/appraisal/optimism_bias/benefits_by_confidence_grade/0: expected one of the "
                "keys: 1, 2, 3, 4, 5, 6, found unknown key '0'",
                "/appraisal/optimism_bias/benefits_by_confidence_grade/3: expected a number in "
                "[0, 1], found 1.5",
                "/appraisal/optimism_bias/costs/sensors: expected one of the keys: "
                "standard_buildings, non_standard_buildings, standard_civil_engineering, "
                "non_standard_civil_engineering, equipment_development, outsourcing, found "
                "unknown key 'sensors'",
                "/appraisal/optimism_bias/costs/standard_buildings: expected a number in [0, "
                "10], found 11",
                "/appraisal/optimism_bias/qaly_confidence_grade: expected an integer in [1, "
                "6], found 0"}));
}

// The run is 2020-01 to 2025-01.
TEST(AppraisalSchema, ThePeriodLiesWithinTheRun) {
  const std::string run = "the run, 2020-01 (/start) to 2025-01 (/start + /horizon_years 5 years)";
  EXPECT_EQ(errors(json::parse(R"({"appraisal": {"start": "2019-04", "years": 1}})")),
            Messages{"/appraisal/start: expected a month within " + run + ", found '2019-04'"});
  EXPECT_EQ(errors(json::parse(R"({"appraisal": {"start": "2025-01"}})")),
            Messages{"/appraisal/start: expected a month within " + run + ", found '2025-01'"});
  EXPECT_EQ(errors(json::parse(R"({"appraisal": {"start": "2020-04", "years": 5}})")),
            Messages{"/appraisal/years: expected at most 4 years from 2020-04 (/appraisal/start) "
                     "within " +
                     run + ", found 5 years, to 2025-04"});
  EXPECT_EQ(errors(json::parse(R"({"appraisal": {"years": 6}})")),
            Messages{"/appraisal/years: expected at most 5 years from 2020-01 (/appraisal/start) "
                     "within " +
                     run + ", found 6 years, to 2026-01"});
  // No whole year of the stated length fits after the start: the start is named.
  EXPECT_EQ(errors(json::parse(R"({"appraisal": {"start": "2024-04", "years": 1}})")),
            Messages{"/appraisal/start: expected a month at least 12 months before the end of " +
                     run + " (/appraisal/years 1), found '2024-04'"});
  // Without years, the period is every whole year left: there must be one.
  EXPECT_EQ(errors(json::parse(R"({"appraisal": {"start": "2024-04"}})")),
            Messages{"/appraisal/start: expected a month at least 12 months before the end of " +
                     run + " (the appraisal counts whole years), found '2024-04'"});
  // The limits themselves are fine: the last whole year, and a period ending with the run.
  EXPECT_EQ(errors(json::parse(R"({"appraisal": {"start": "2024-01"}})")), Messages{});
  EXPECT_EQ(errors(json::parse(R"({"appraisal": {"start": "2020-04", "years": 4}})")), Messages{});
  EXPECT_EQ(errors(json::parse(R"({"appraisal": {"years": 5}})")), Messages{});
}

// A base's period checked against a child's shorter run names the file that states the period.
TEST(AppraisalSchema, APeriodFromABaseIsCheckedAgainstTheChildsRun) {
  TempDir dir;
  write_file(dir / "base.json", small_scenario(json::parse(R"({"appraisal": {"start": "2021-04",
                                                                             "years": 3}})"))
                                    .dump());
  write_file(dir / "child.json", R"({"extends": "base.json", "horizon_years": 4})");
  try {
    load_scenario(dir / "child.json");
    ADD_FAILURE() << "a period past the child's run loaded";
  } catch (const InputError& e) {
    ASSERT_EQ(e.diagnostics().size(), 1u);
    const Diagnostic& d = e.diagnostics().front();
    EXPECT_EQ(d.file, (dir / "base.json").string());
    EXPECT_EQ(d.location, "/appraisal/years");
    EXPECT_EQ(d.expected,
              "at most 2 years from 2021-04 (/appraisal/start) within the run, 2020-01 "
              "(/start) to 2024-01 (/start + /horizon_years 4 years)");
    EXPECT_EQ(d.found, "3 years, to 2024-04");
  }
}

}  // namespace
}  // namespace civicsim

namespace civicsim {
namespace {

// appraisal/discounting: NICE with the half-cycle correction at elapsed time unless declared;
// custom rates only with rates custom, cycle zero only with end-of-cycle rewards.
TEST(AppraisalSchema, DiscountingAndTheCycleConvention) {
  const json d = resolved(json::object()).at("appraisal").at("discounting");
  EXPECT_EQ(d.at("rates"), "nice");
  EXPECT_EQ(d.at("state_rewards"), "half_cycle");
  EXPECT_EQ(d.at("cycle_zero"), false);
  EXPECT_EQ(d.at("discount_time"), "elapsed");
  EXPECT_TRUE(errors(json::parse(R"({"appraisal": {"discounting": {
      "rates": "custom", "cost_rate": 0.03, "health_rate": 0.015,
      "state_rewards": "end_of_cycle", "cycle_zero": true, "discount_time": "cycle_start"}}})"))
                  .empty());
  EXPECT_EQ(errors(json::parse(R"({"appraisal": {"discounting": {
      "rates": "green_book", "cost_rate": 0.03, "cycle_zero": true,
      "discount_time": "monthly"}}})")),
            (Messages{"/appraisal/discounting/discount_time: expected one of: elapsed, "
                      "cycle_start, year, found 'monthly'",
                      "/appraisal/discounting/cost_rate: expected no rate unless "
                      "/appraisal/discounting/rates is custom, found a rate with rates green_book",
                      "/appraisal/discounting/cycle_zero: expected cycle_zero only with "
                      "state_rewards end_of_cycle (half_cycle already sets the weight of the "
                      "state at time 0), found true"}));
}

}  // namespace
}  // namespace civicsim
