// Tests of the declarative schema on its own (a made-up schema with the nested shapes that
// processes and services will need) and of the printed scenario schema.
#include "engine/scenario/schema.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "engine/scenario/schema_text.hpp"

namespace civicsim::schema {
namespace {

using nlohmann::json;

// Maps of objects, arrays, enums and bounds of every sort, as later scenario sections will use.
Node services_schema() {
  return object({
      {.name = "services",
       .node = map_of(object({
           {.name = "kind", .node = string_one_of({"gp", "hospital"}), .required = true},
           {.name = "capacity", .node = integer_in(0, 1000), .default_value = 10},
           {.name = "uptake", .node = number().above(0).below(1), .default_value = 0.5},
           {.name = "opens", .node = date()},
       })),
       .default_value = json::object()},
      {.name = "ages", .node = array_of(integer_in(0, 120), 1, 3)},
      {.name = "settings",
       .node = object({{.name = "folder", .node = path()},
                       {.name = "report", .node = path(PathBase::kWorkingDirectory)},
                       {.name = "verbose", .node = boolean(), .default_value = false}})},
  });
}

std::vector<std::string> messages(const DiagnosticList& list) {
  std::vector<std::string> out;
  for (const auto& d : list.items()) out.push_back(d.to_string());
  return out;
}

TEST(ScenarioSchema, ReportsEveryProblemInNestedMapsAndArrays) {
  const json doc = json::parse(R"({
    "services": {
      "alder_hey": {"kind": "clinic", "capacity": 2000, "uptake": 1, "opens": "2020-00", "beds": 3},
      "gp/1": {"capacity": 2.5}
    },
    "ages": [5, 300, 7, 9],
    "settings": {"folder": "", "verbose": "yes"}
  })");
  DiagnosticList list;
  validate(services_schema(), doc, "s.json", Mode::kFull, list);
  const std::vector<std::string> expected = {
      "s.json: /ages: expected an array of 1 to 3 items, found an array of 4 items",
      "s.json: /ages/1: expected an integer in [0, 120], found 300",
      "s.json: /services/alder_hey/beds: expected one of the keys: kind, capacity, uptake, opens, "
      "found unknown key 'beds'",
      "s.json: /services/alder_hey/capacity: expected an integer in [0, 1000], found 2000",
      "s.json: /services/alder_hey/kind: expected one of: gp, hospital, found 'clinic'",
      "s.json: /services/alder_hey/opens: expected a date YYYY-MM, found '2020-00'",
      "s.json: /services/alder_hey/uptake: expected a number in (0, 1), found 1",
      "s.json: /services/gp~11/capacity: expected an integer in [0, 1000], found a number 2.5",
      "s.json: /services/gp~11/kind: expected one of: gp, hospital (required), found nothing",
      "s.json: /settings/folder: expected a path, found an empty string",
      "s.json: /settings/verbose: expected true or false, found a string \"yes\"",
  };
  EXPECT_EQ(messages(list), expected);
}

TEST(ScenarioSchema, PartialModeSkipsRequiredAndRequiredOnlySkipsValues) {
  const json doc = json::parse(R"({"services": {"a": {"capacity": -1}}})");
  DiagnosticList partial;
  validate(services_schema(), doc, "f", Mode::kPartial, partial);
  EXPECT_EQ(messages(partial),
            std::vector<std::string>{
                "f: /services/a/capacity: expected an integer in [0, 1000], found -1"});
  DiagnosticList required;
  validate(services_schema(), doc, "f", Mode::kRequiredOnly, required);
  EXPECT_EQ(messages(required),
            std::vector<std::string>{
                "f: /services/a/kind: expected one of: gp, hospital (required), found nothing"});
}

TEST(ScenarioSchema, RootOfWrongTypeIsReportedAtSlash) {
  DiagnosticList list;
  validate(services_schema(), json::array(), "f", Mode::kFull, list);
  EXPECT_EQ(messages(list), std::vector<std::string>{"f: /: expected an object, found an array"});
}

TEST(ScenarioSchema, FillsDefaultsInObjectsAndMapEntries) {
  json doc = json::parse(R"({"services": {"a": {"kind": "gp"}}})");
  fill_defaults(services_schema(), doc);
  EXPECT_EQ(doc, json::parse(R"({"services": {"a": {"kind": "gp", "capacity": 10, "uptake": 0.5}},
                                 "settings": {"verbose": false}})"));
  json empty = json::object();
  fill_defaults(services_schema(), empty);
  EXPECT_EQ(empty, json::parse(R"({"services": {}, "settings": {"verbose": false}})"));
}

TEST(ScenarioSchema, ResolvesOnlyRelativePathsOfTheDeclaringFile) {
  json doc = json::parse(R"({"settings": {"folder": "../data/x", "report": "out/r.txt"}})");
  resolve_paths(services_schema(), doc, "/work/scen/sub");
  EXPECT_EQ(doc["settings"]["folder"], "/work/scen/data/x");
  EXPECT_EQ(doc["settings"]["report"], "out/r.txt");
  json absolute = json::parse(R"({"settings": {"folder": "/abs/folder"}})");
  resolve_paths(services_schema(), absolute, "/elsewhere");
  EXPECT_EQ(absolute["settings"]["folder"], "/abs/folder");
}

TEST(ScenarioSchema, FindsNodesThroughMapsAndArrays) {
  const Node root = services_schema();
  ASSERT_NE(find(root, "/services/any_name/uptake"), nullptr);
  EXPECT_EQ(find(root, "/services/any_name/uptake")->kind, Kind::kNumber);
  EXPECT_EQ(find(root, "/ages/2")->kind, Kind::kInteger);
  EXPECT_EQ(find(root, "")->kind, Kind::kObject);
  EXPECT_EQ(find(root, "/nothing"), nullptr);
  EXPECT_EQ(find(root, "/ages/2/deeper"), nullptr);
}

TEST(ScenarioSchema, DescribesValuesAndNumbers) {
  EXPECT_EQ(found_text(json("ten")), "a string \"ten\"");
  EXPECT_EQ(found_text(json(2.5)), "a number 2.5");
  EXPECT_EQ(found_text(json(true)), "true");
  EXPECT_EQ(found_text(json()), "null");
  EXPECT_EQ(found_text(json::object()), "an object");
  EXPECT_EQ(format_number(100.0), "100");
  EXPECT_EQ(format_number(0.0001), "0.0001");
  EXPECT_EQ(format_number(-2.5), "-2.5");
  EXPECT_EQ(format_number(1e-9), "1e-09");
  EXPECT_EQ(expected_text(number().at_least(0)), "a number >= 0");
  EXPECT_EQ(expected_text(number().below(1)), "a number < 1");
  EXPECT_EQ(expected_text(integer()), "an integer");
  EXPECT_EQ(expected_text(integer_one_of({1, 2})), "one of: 1, 2");
}

TEST(ScenarioSchema, RejectsIntegersBeyondInt64) {
  DiagnosticList list;
  validate(integer_in(0, 10), json::parse("18446744073709551615"), "f", Mode::kFull, list);
  EXPECT_EQ(
      messages(list),
      std::vector<std::string>{"f: /: expected an integer in [0, 10], found 18446744073709551615"});
}

TEST(ScenarioSchema, TextListsNestedFields) {
  const std::string text = schema_text(services_schema());
  EXPECT_NE(text.find("/services  (map of object; default: {})"), std::string::npos) << text;
  EXPECT_NE(text.find("/services/<name>/uptake  (number; range: (0, 1); default: 0.5)"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("/services/<name>/kind  (string; range: one of: gp, hospital; required)"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("/ages  (array of integer; range: 1 to 3 items)"), std::string::npos) << text;
}

TEST(ScenarioSchema, TextListsEveryScenarioFieldWithDefaultAndRange) {
  const std::string text = scenario_schema_text();
  const std::vector<std::string> lines = {
      "/name  (string; default: \"unnamed\")",
      "/description  (string; default: \"\")",
      "/assumptions  (string; default: \"\")",
      "/extends  (path (relative to the declaring file) or array of path (relative to the "
      "declaring file))",
      "/start  (date (YYYY-MM); default: \"2019-07\")",
      "/horizon_years  (integer; unit: years; range: [1, 100]; default: 10)",
      "/step_months  (integer; unit: months; range: one of: 1, 2, 3, 4, 6, 12; default: 1)",
      "/seed  (integer; range: [0, 9007199254740992]; default: 20260401)",
      "/replications  (integer; range: [1, 10000]; default: 1)",
      "/population  (object)",
      "/population/source  (string; range: one of: lcr_synthetic, linked, cohort; default: "
      "\"lcr_synthetic\")",
      "/population/data_dir  (path (relative to the declaring file); default: \"../../data/lcr\")",
      "/population/households_csv  (path (relative to the declaring file))",
      "/population/persons_csv  (path (relative to the declaring file))",
      "/population/scale  (number; unit: simulated persons per real person; range: [0.0001, 100]; "
      "default: 1)",
      "/demography  (object)",
      "/demography/births  (boolean; default: true)",
      "/demography/deaths  (boolean; default: true)",
      "/demography/mortality_deprivation_gradient  (boolean; default: true)",
      "/outputs  (object)",
      "/outputs/file  (path (relative to the working directory); default: \"results/scenario.h5\")",
      "/label  (string)",
      "/processes/<name>/state_labels  (map of string)",
      "/interventions/<name>/unit_label  (string)",
      "/payers/nhs/label  (string; default: \"NHS\")",
      "/cost_categories/<name>/cashable  (boolean; default: false)",
      "/cost_categories/<name>/confidence_grade  (integer; range: [1, 6]; default: 3)",
      "/appraisal/start  (date (YYYY-MM))",
      "/appraisal/qaly_value  (number; unit: GBP per QALY; range: [0, 1000000000000]; default: "
      "70000)",
      "/appraisal/optimism_bias/costs/standard_buildings  (number; range: [0, 10]; default: 0.24)",
      "/appraisal/optimism_bias/costs/equipment_development  (number; range: [0, 10]; default: "
      "2.0)",
      "/appraisal/optimism_bias/benefits_by_confidence_grade/6  (number; range: [0, 1]; default: "
      "0.4)",
      "/appraisal/min_replications_for_ranges  (integer; range: [1, 10000]; default: 10)",
  };
  for (const auto& line : lines)
    EXPECT_NE(text.find("\n" + line + "  "), std::string::npos) << line;
}

}  // namespace
}  // namespace civicsim::schema
