// Binding and evaluating expressions: truth tables against plain C++, `in` lists, categories as
// codes, default prefixes, and every type error with its exact message.
#include "engine/expr/compiled.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/expr/test_catalogue.hpp"

namespace civicsim::expr {
namespace {

using testing::make_test_catalogue;
using testing::TestVariables;

class ExprCompileTest : public ::testing::Test {
 protected:
  ExprCompileTest() : catalogue_(make_test_catalogue(&v_)) {}

  CompiledExpr ok(const std::string& text, std::string_view prefix = "") {
    DiagnosticList errors;
    CompiledExpr e = compile(text, catalogue_, "s.json", "/p", errors, prefix);
    EXPECT_TRUE(errors.empty()) << text << ": "
                                << (errors.empty() ? "" : errors.items()[0].to_string());
    EXPECT_TRUE(e.ok());
    return e;
  }
  double number(const std::string& text) {
    DiagnosticList errors;
    CompiledExpr e = compile_number(text, catalogue_, "s.json", "/p", errors);
    EXPECT_TRUE(errors.empty()) << text;
    std::vector<size_t> codes(catalogue_.variable_count(), 0);
    codes[v_.age] = 40;
    return e.evaluate_by_variable(codes.data());
  }
  // All messages for an expression that must fail.
  std::vector<std::string> errors_of(const std::string& text, bool as_number = false) {
    DiagnosticList errors;
    const CompiledExpr e = as_number ? compile_number(text, catalogue_, "s.json", "/p", errors)
                                     : compile(text, catalogue_, "s.json", "/p", errors);
    EXPECT_FALSE(e.ok());
    std::vector<std::string> messages;
    for (const auto& d : errors.items()) messages.push_back(d.to_string());
    return messages;
  }
  std::string error_of(const std::string& text, bool as_number = false) {
    const auto all = errors_of(text, as_number);
    EXPECT_EQ(all.size(), 1u) << text;
    return all.empty() ? "" : all[0];
  }

  TestVariables v_;
  Catalogue catalogue_;
};

TEST_F(ExprCompileTest, VariablesAreSortedAndUnique) {
  const CompiledExpr e = ok("household.damp == 'yes' && age >= 5 && age <= 17");
  EXPECT_EQ(e.variables(), (std::vector<size_t>{v_.age, v_.damp}));
  EXPECT_EQ(e.domains(), (std::vector<size_t>{111, 2}));
  EXPECT_FALSE(e.is_constant());
  const CompiledExpr area =
      ok("area.imd_quintile <= 2 && council == 'Liverpool' && area.imd_score > 40");
  EXPECT_EQ(area.variables(), (std::vector<size_t>{v_.area}));  // three attributes, one variable
  EXPECT_TRUE(ok("true || 1 < 2").is_constant());
  EXPECT_EQ(ok("2 * 3 == 6").evaluate({}), 1.0);
}

TEST_F(ExprCompileTest, TruthTableOfDampAndSchoolAge) {
  const CompiledExpr e = ok("household.damp == 'yes' && age >= 5 && age <= 17");
  for (size_t age = 0; age <= 110; ++age)
    for (size_t damp = 0; damp < 2; ++damp) {
      const size_t codes[] = {age, damp};  // slots: age, household.damp
      EXPECT_EQ(e.evaluate(codes), (damp == 1 && age >= 5 && age <= 17) ? 1.0 : 0.0);
    }
}

TEST_F(ExprCompileTest, TruthTablesOfTheLogicalOperators) {
  // Two boolean variables: overcrowded (slot 0 here) against damp (a category, slot 1).
  const auto check = [&](const std::string& text, auto expected) {
    const CompiledExpr e = ok(text);
    for (size_t a = 0; a < 2; ++a)
      for (size_t b = 0; b < 2; ++b) {
        std::vector<size_t> codes(catalogue_.variable_count(), 0);
        codes[v_.overcrowded] = a;
        codes[v_.damp] = b;
        EXPECT_EQ(e.evaluate_by_variable(codes.data()), expected(a == 1, b == 1) ? 1.0 : 0.0)
            << text << " a=" << a << " b=" << b;
      }
  };
  check("household.overcrowded && household.damp == 'yes'", [](bool a, bool b) { return a && b; });
  check("household.overcrowded and household.damp == 'yes'", [](bool a, bool b) { return a && b; });
  check("household.overcrowded || household.damp == 'yes'", [](bool a, bool b) { return a || b; });
  check("household.overcrowded or household.damp == 'yes'", [](bool a, bool b) { return a || b; });
  check("!household.overcrowded", [](bool a, bool) { return !a; });
  check("not household.overcrowded", [](bool a, bool) { return !a; });
  check("!(household.overcrowded && household.damp == 'yes')",
        [](bool a, bool b) { return !(a && b); });
  check("household.overcrowded == (household.damp == 'yes')",
        [](bool a, bool b) { return a == b; });
  check("household.overcrowded != true", [](bool a, bool) { return !a; });
  check("household.overcrowded in [true]", [](bool a, bool) { return a; });
}

TEST_F(ExprCompileTest, ComparisonsAndArithmetic) {
  const auto at_age = [&](const std::string& text, size_t age) {
    const size_t codes[] = {age};
    return ok(text).evaluate(codes);
  };
  for (size_t age : {0u, 4u, 5u, 6u, 110u}) {
    const double a = static_cast<double>(age);
    EXPECT_EQ(at_age("age == 5", age), a == 5 ? 1.0 : 0.0);
    EXPECT_EQ(at_age("age != 5", age), a != 5 ? 1.0 : 0.0);
    EXPECT_EQ(at_age("age < 5", age), a < 5 ? 1.0 : 0.0);
    EXPECT_EQ(at_age("age <= 5", age), a <= 5 ? 1.0 : 0.0);
    EXPECT_EQ(at_age("age > 5", age), a > 5 ? 1.0 : 0.0);
    EXPECT_EQ(at_age("age >= 5", age), a >= 5 ? 1.0 : 0.0);
    EXPECT_EQ(at_age("5 <= age", age), 5 <= a ? 1.0 : 0.0);
    EXPECT_EQ(at_age("age * 2 - 1 > 8 / 2 + age", age), a * 2 - 1 > 8.0 / 2 + a ? 1.0 : 0.0);
    EXPECT_EQ(at_age("-age < -5", age), -a < -5 ? 1.0 : 0.0);
  }
  EXPECT_DOUBLE_EQ(number("1 + 0.05 * (age - 18)"), 1 + 0.05 * (40 - 18));
  EXPECT_DOUBLE_EQ(number("age / 8 - -1"), 40.0 / 8 + 1);
  EXPECT_DOUBLE_EQ(number("area.imd_score * 2"), 61.5 * 2);  // area code 0
}

TEST_F(ExprCompileTest, InLists) {
  const CompiledExpr council = ok("council in ['Liverpool', 'Knowsley']");
  const CompiledExpr quintile = ok("area.imd_quintile in [1, 2]");
  // Areas 0..5 belong to Liverpool, Liverpool, Knowsley, Sefton, Wirral, Knowsley; quintiles
  // 1,1,2,3,5,4.
  const double expected_council[] = {1, 1, 1, 0, 0, 1};
  const double expected_quintile[] = {1, 1, 1, 0, 0, 0};
  for (size_t area = 0; area < 6; ++area) {
    const size_t codes[] = {area};
    EXPECT_EQ(council.evaluate(codes), expected_council[area]) << area;
    EXPECT_EQ(quintile.evaluate(codes), expected_quintile[area]) << area;
  }
  const CompiledExpr ages = ok("age in [0, 3, 110]");
  for (size_t age = 0; age <= 110; ++age) {
    const size_t codes[] = {age};
    EXPECT_EQ(ages.evaluate(codes), (age == 0 || age == 3 || age == 110) ? 1.0 : 0.0);
  }
}

TEST_F(ExprCompileTest, CategoriesCompareAsCodes) {
  const CompiledExpr e = ok("asthma == 'uncontrolled' || asthma.time_in_state >= 12");
  EXPECT_EQ(e.variables(), (std::vector<size_t>{v_.asthma, v_.time_in_state}));
  for (size_t state = 0; state < 3; ++state)
    for (size_t months = 0; months <= 24; ++months) {
      const size_t codes[] = {state, months};
      EXPECT_EQ(e.evaluate(codes), (state == 2 || months >= 12) ? 1.0 : 0.0);
    }
  const CompiledExpr male = ok("!(sex == 'male')");
  const size_t female[] = {0}, is_male[] = {1};
  EXPECT_EQ(male.evaluate(female), 1.0);
  EXPECT_EQ(male.evaluate(is_male), 0.0);
  EXPECT_EQ(ok("'male' == sex").evaluate(is_male), 1.0);  // either side
  EXPECT_EQ(ok("sex != \"male\"").evaluate(is_male), 0.0);
  EXPECT_EQ(ok("asthma == asthma").evaluate(is_male), 1.0);  // same labels
}

TEST_F(ExprCompileTest, DefaultPrefixResolvesEntityNames) {
  // The household example from the architecture: tenure, damp and children are household
  // attributes.
  const CompiledExpr e =
      ok("tenure == 'social_rented' && damp == 'yes' && children > 0", "household.");
  EXPECT_EQ(e.variables(), (std::vector<size_t>{v_.damp, v_.tenure, v_.children}));
  std::vector<size_t> codes(catalogue_.variable_count(), 0);
  codes[v_.tenure] = 1;
  codes[v_.damp] = 1;
  codes[v_.children] = 2;
  EXPECT_EQ(e.evaluate_by_variable(codes.data()), 1.0);
  codes[v_.children] = 0;
  EXPECT_EQ(e.evaluate_by_variable(codes.data()), 0.0);
  EXPECT_EQ(ok("area.imd_quintile <= 2 && age < 18", "household.").variables().size(), 2u);
}

TEST_F(ExprCompileTest, BlockEvaluationEqualsOneAtATime) {
  DiagnosticList errors;
  const CompiledExpr e =
      compile_number("area.imd_score / (age + 1) - household.children * 0.5 + -area.imd_quintile",
                     catalogue_, "s.json", "/p", errors);
  const CompiledExpr c =
      ok("!(council in ['Sefton', 'Wirral']) && (age < 18 || household.overcrowded)");
  ASSERT_TRUE(e.ok());
  // 300 cells, laid out slot by slot; codes cycle through each domain at coprime-ish speeds.
  constexpr size_t n = 300;
  for (const CompiledExpr* expr : {&e, &c}) {
    const size_t slots = expr->variables().size();
    std::vector<size_t> codes(slots * n);
    for (size_t k = 0; k < slots; ++k)
      for (size_t i = 0; i < n; ++i) codes[k * n + i] = (i * (2 * k + 3)) % expr->domains()[k];
    std::vector<double> out(n), scratch;
    expr->evaluate_block(codes.data(), n, out.data(), scratch);
    for (size_t i = 0; i < n; ++i) {
      std::vector<size_t> one(slots);
      for (size_t k = 0; k < slots; ++k) one[k] = codes[k * n + i];
      ASSERT_EQ(out[i], expr->evaluate(one)) << expr->text() << " cell " << i;
    }
  }
}

TEST_F(ExprCompileTest, UnknownAttribute) {
  const std::string known =
      "age, sex, area.imd_quintile, area.imd_score, area.council, household.damp, "
      "household.tenure, "
      "household.children, household.overcrowded, asthma, asthma.time_in_state";
  EXPECT_EQ(error_of("dampness == 'yes'"),
            "s.json: /p: expected a known attribute (one of: " + known + "), found 'dampness'");
  DiagnosticList errors;
  compile("damp == 'yes' && kids > 0", catalogue_, "s.json", "/p", errors, "household.");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors.items()[0].to_string(),
            "s.json: /p: expected a known attribute (one of: " + known +
                "; the prefix household. may be left out), found 'kids'");
  // Independent operands are all checked: two misspellings, two messages.
  const auto both = errors_of("agee > 5 && dampp == 'yes'");
  ASSERT_EQ(both.size(), 2u);
  EXPECT_NE(both[0].find("found 'agee'"), std::string::npos);
  EXPECT_NE(both[1].find("found 'dampp'"), std::string::npos);
}

TEST_F(ExprCompileTest, UnknownLabel) {
  EXPECT_EQ(error_of("household.damp == 'maybe'"),
            "s.json: /p: expected a label of household.damp (one of: no, yes), found 'maybe'");
  EXPECT_EQ(error_of("council in ['Liverpool', 'Halton']"),
            "s.json: /p: expected a label of area.council (one of: Liverpool, Knowsley, Sefton, "
            "Wirral), found 'Halton'");
}

TEST_F(ExprCompileTest, TypeErrors) {
  EXPECT_EQ(error_of("household.damp == 1"),
            "s.json: /p: expected a label of household.damp in quotes (one of: no, yes), found a "
            "number: 1");
  EXPECT_EQ(error_of("council in ['Liverpool', 2]"),
            "s.json: /p: expected a label of area.council in quotes (one of: Liverpool, Knowsley, "
            "Sefton, Wirral), found a number: 2");
  EXPECT_EQ(error_of("household.tenure < 'social_rented'"),
            "s.json: /p: expected '==', '!=' or 'in' for the category household.tenure (its labels "
            "have no order), found an ordering: household.tenure < 'social_rented'");
  EXPECT_EQ(error_of("age == 'five'"),
            "s.json: /p: expected a number to compare with age, found a string: 'five'");
  EXPECT_EQ(error_of("'five' > age"),
            "s.json: /p: expected a number to compare with age, found a string: 'five'");
  EXPECT_EQ(error_of("age in ['five']"),
            "s.json: /p: expected a number to compare with age, found a string: 'five'");
  EXPECT_EQ(error_of("'a' == 'b'"),
            "s.json: /p: expected a category attribute to compare with 'b', found a string: 'a'");
  EXPECT_EQ(error_of("household.damp == sex"),
            "s.json: /p: expected a label of household.damp in quotes (one of: no, yes), found a "
            "category: sex");
  EXPECT_EQ(error_of("(age > 5) == 1"),
            "s.json: /p: expected true, false or a condition to compare with (age > 5), found a "
            "number: 1");
  EXPECT_EQ(error_of("household.overcrowded < true"),
            "s.json: /p: expected numbers on both sides of '<', found a condition: "
            "household.overcrowded");
  EXPECT_EQ(error_of("age && true"),
            "s.json: /p: expected conditions on both sides of '&&', found a number: age");
  EXPECT_EQ(error_of("age + sex", true),
            "s.json: /p: expected numbers on both sides of '+', found a category: sex");
  EXPECT_EQ(error_of("!sex == 'male'"),
            "s.json: /p: expected a condition after '!' (to negate a comparison, write !(a == b)), "
            "found a category: sex");
  EXPECT_EQ(error_of("not age"),
            "s.json: /p: expected a condition after 'not' (to negate a comparison, write not(a == "
            "b)), found a number: age");
  EXPECT_EQ(error_of("-sex == 'male'"),
            "s.json: /p: expected a number after '-', found a category: sex");
  EXPECT_EQ(error_of("'male' in ['male']"),
            "s.json: /p: expected an attribute before 'in', found a string: 'male'");
}

TEST_F(ExprCompileTest, ResultTypeErrors) {
  EXPECT_EQ(
      error_of("age + 1"),
      "s.json: /p: expected a condition that is true or false (e.g. age >= 5), found a number: "
      "age + 1");
  EXPECT_EQ(error_of("household.damp"),
            "s.json: /p: expected a condition that is true or false (e.g. age >= 5), found a "
            "category: household.damp");
  EXPECT_EQ(error_of("age > 1", true), "s.json: /p: expected a number, found a condition: age > 1");
}

TEST_F(ExprCompileTest, SyntaxErrorsComeThroughCompile) {
  EXPECT_EQ(error_of("damp == 'yes' && && age"),
            "s.json: /p: expected an attribute, number, string or '(', found '&&' at column 18 of "
            "\"damp == 'yes' && && age\"");
  const CompiledExpr failed;
  EXPECT_FALSE(failed.ok());
  EXPECT_TRUE(failed.is_constant());
  EXPECT_EQ(failed.evaluate({}), 0.0);
}

}  // namespace
}  // namespace civicsim::expr
