// Numbers written as constant expressions ("17/1734"): evaluated at load, range-checked as the
// number, recorded as written; a variable, a syntax error or a value out of range is an error
// naming the file and the JSON path; fields that take expressions keep them.
#include "engine/scenario/constant_number.hpp"

#include <gtest/gtest.h>

#include "engine/core/input_error.hpp"
#include "engine/scenario/scenario_loader.hpp"
#include "engine/scenario/schema.hpp"
#include "tests/test_support.hpp"

namespace civicsim {
namespace {

using nlohmann::json;
using testing::TempDir;

// Fields used below take numbers only (not expressions of variables, as rates, probabilities,
// costs and utilities may), so a string there is a constant or an error.
json cohort_doc(const json& initial) {
  return {{"name", "constants"},
          {"horizon_years", 2},
          {"step_months", 12},
          {"population", {{"source", "cohort"}, {"cohort", {{"size", 10}}}}},
          {"processes",
           {{"m",
             {{"states", {"A", "B"}},
              {"initial", initial},
              {"transitions", {{{"from", "A"}, {"to", "B"}, {"rate_per_year", 0.1}}}}}}}}};
}

std::vector<std::string> errors_of(const json& doc, const std::filesystem::path& file) {
  try {
    load_scenario_document(doc, file);
  } catch (const InputError& e) {
    std::vector<std::string> out;
    for (const auto& d : e.diagnostics()) out.push_back(d.to_string());
    return out;
  }
  return {};
}

TEST(ConstantNumber, EvaluatesArithmetic) {
  std::string problem;
  EXPECT_EQ(evaluate_constant("17/1734", problem), 17.0 / 1734);
  EXPECT_EQ(evaluate_constant("1 - 0.9", problem), 1 - 0.9);
  EXPECT_EQ(evaluate_constant("-(2 + 3) * 0.5", problem), -2.5);
  EXPECT_EQ(evaluate_constant(" 0.25 ", problem), 0.25);
}

TEST(ConstantNumber, RefusesVariablesSyntaxErrorsAndInfinities) {
  std::string problem;
  EXPECT_FALSE(evaluate_constant("0.1 * cycle", problem));
  EXPECT_EQ(problem, "it reads 'cycle', a variable (a number here is a constant)");
  EXPECT_FALSE(evaluate_constant("1 -", problem));
  EXPECT_NE(problem.find("1 -"), std::string::npos) << problem;
  EXPECT_FALSE(evaluate_constant("1 / 0", problem));
  EXPECT_EQ(problem, "its value is inf");
  EXPECT_FALSE(evaluate_constant("1 < 2", problem));
  EXPECT_FALSE(problem.empty());
}

TEST(ConstantNumber, TheSchemaChecksTheValueAndRewritesOnlyNumbers) {
  namespace s = schema;
  const s::Node root =
      s::object({{.name = "p", .node = s::number_in(0, 1)},
                 {.name = "e", .node = s::either(s::number(), s::string())},
                 {.name = "t", .node = s::either(s::number(), s::map_of(s::number()))},
                 {.name = "n", .node = s::integer()}});
  json doc = {{"p", "1/4"}, {"e", "1/4"}, {"t", "2 * 3"}, {"n", "2"}};
  DiagnosticList list;
  s::validate(root, doc, "f", s::Mode::kFull, list);
  ASSERT_EQ(list.size(), 1u);  // integers are not read from strings
  EXPECT_EQ(list.items()[0].to_string(), "f: /n: expected an integer, found a string \"2\"");
  std::map<std::string, std::string> written;
  s::evaluate_constants(root, doc, written);
  EXPECT_EQ(doc, (json{{"p", 0.25}, {"e", "1/4"}, {"t", 6.0}, {"n", "2"}}));
  EXPECT_EQ(written, (std::map<std::string, std::string>{{"/p", "1/4"}, {"/t", "2 * 3"}}));
  EXPECT_FALSE(s::is_valid(s::number_in(0, 1), json("-1/4")));
}

// A cohort with a service whose capacity is multiplied by `factor` (a number-only field, in
// [0, 100]).
json with_capacity_factor(const json& factor) {
  json doc = cohort_doc(json::object());
  doc["services"] = {{"s", {{"capacity_per_year", 10}, {"capacity_factor", factor}}}};
  return doc;
}

TEST(ConstantNumber, AFractionLoadsAsItsValueAndIsRecorded) {
  TempDir dir;
  const Scenario s = load_scenario_document(with_capacity_factor("17/1734"), dir / "s.json");
  ASSERT_EQ(s.services.size(), 1u);
  EXPECT_EQ(s.services[0].capacity_per_year.constant, 10 * (17.0 / 1734));
  const json resolved = json::parse(s.resolved_json);
  EXPECT_EQ(resolved["services"]["s"]["capacity_factor"], 17.0 / 1734);
  EXPECT_EQ(s.constants_as_written,
            (std::map<std::string, std::string>{{"/services/s/capacity_factor", "17/1734"}}));
  // Reloading the resolved document (as a run with overrides does) gives the same value.
  const Scenario again = load_scenario_document(resolved, dir / "s.json");
  EXPECT_EQ(again.services[0].capacity_per_year.constant, 10 * (17.0 / 1734));
}

// Initial shares, rates, probabilities, costs and utilities take expressions of variables: a
// fraction there is an expression with no variable, bound to the same number.
TEST(ConstantNumber, AFractionInAnExpressionFieldIsThatNumber) {
  TempDir dir;
  const Scenario s = load_scenario_document(cohort_doc({{"B", "17/1734"}}), dir / "s.json");
  EXPECT_EQ(json::parse(s.resolved_json)["processes"]["m"]["initial"]["B"], "17/1734");
  EXPECT_TRUE(s.constants_as_written.empty());
}

TEST(ConstantNumber, WorksInStratifiedTablesArraysAndEverySection) {
  TempDir dir;
  json doc =
      cohort_doc({{"B", {{"by", {"sex"}}, {"values", {{"female", "1/10"}, {"male", 0.2}}}}}});
  doc["services"] = {{"s", {{"capacity_per_year", 10}, {"capacity_factor", "1/100"}}}};
  doc["processes"]["m"]["heterogeneity"] = {
      {"h", {{"distribution", "gamma"}, {"parameters", {"1/0.5", "0.5"}}}}};
  const Scenario s = load_scenario_document(doc, dir / "s.json");
  const ProcessSpec& p = s.processes[0];
  ASSERT_EQ(p.initial[0].second.cells.size(), 2u);
  EXPECT_EQ(p.initial[0].second.cells[0].second, 0.1);
  EXPECT_EQ(s.services[0].capacity_per_year.constant, 10 * 0.01);
  EXPECT_EQ(p.heterogeneity[0].parameters, (std::vector<double>{2.0, 0.5}));
  EXPECT_EQ(s.constants_as_written.size(), 4u);
}

TEST(ConstantNumber, ExpressionFieldsKeepTheirText) {
  TempDir dir;
  json doc = cohort_doc(json::object());
  doc["processes"]["m"]["transitions"][0]["modifiers"] = {{{"rate_ratio", "1 + 0.5"}}};
  doc["processes"]["m"]["utility"] = {{"A", "0.9 - 0.1"}};
  const Scenario s = load_scenario_document(doc, dir / "s.json");
  EXPECT_EQ(s.processes[0].transitions[0].modifiers[0].factor_expression, "1 + 0.5");
  EXPECT_EQ(s.processes[0].utility[0].second.expression, "0.9 - 0.1");
  EXPECT_TRUE(s.constants_as_written.empty());
}

TEST(ConstantNumber, ErrorsNameTheFileAndPath) {
  TempDir dir;
  const std::string f = (dir / "s.json").string();
  const std::string at = f + ": /services/s/capacity_factor: ";
  auto with_p = [&](const json& p) { return errors_of(with_capacity_factor(p), dir / "s.json"); };
  EXPECT_EQ(with_p("300/2"), std::vector<std::string>{at + "expected a number in [0, 100], "
                                                           "found a string \"300/2\" = 150"});
  EXPECT_EQ(with_p("0.1 * cycle"),
            std::vector<std::string>{at + "expected a number in [0, 100], found a string "
                                          "\"0.1 * cycle\", not a constant expression: it reads "
                                          "'cycle', a variable (a number here is a constant)"});
  EXPECT_EQ(with_p("ten").size(), 1u);
  const std::vector<std::string> errors = with_p("1/0");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].rfind(at + "expected a number in [0, ", 0), 0u) << errors[0];
  EXPECT_NE(errors[0].find("found a string \"1/0\", not a constant expression: its value is inf"),
            std::string::npos)
      << errors[0];
}

}  // namespace
}  // namespace civicsim
