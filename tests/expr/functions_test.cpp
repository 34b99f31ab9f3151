// Expression functions (exp, ln/log, sqrt, floor, pow/^, min, max): values against <cmath>, the
// precedence of '^', folding into tables bit for bit, type and arity errors, and domain errors that
// name the call that left the finite numbers.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "engine/expr/compiled.hpp"
#include "engine/expr/parser.hpp"
#include "engine/expr/table.hpp"
#include "tests/expr/test_catalogue.hpp"

namespace civicsim::expr {
namespace {

using testing::make_test_catalogue;
using testing::TestVariables;

class ExprFunctionTest : public ::testing::Test {
 protected:
  ExprFunctionTest() : catalogue_(make_test_catalogue(&v_)) {}

  // The value at age `age` (other variables at code 0).
  double at_age(const std::string& text, size_t age) {
    DiagnosticList errors;
    const CompiledExpr e = compile_number(text, catalogue_, "s.json", "/p", errors);
    EXPECT_TRUE(errors.empty()) << text << ": "
                                << (errors.empty() ? "" : errors.items()[0].to_string());
    std::vector<size_t> codes(catalogue_.variable_count(), 0);
    codes[v_.age] = age;
    return e.evaluate_by_variable(codes.data());
  }
  std::string error_of(const std::string& text) {
    DiagnosticList errors;
    const CompiledExpr e = compile_number(text, catalogue_, "s.json", "/p", errors);
    EXPECT_FALSE(e.ok()) << text;
    EXPECT_EQ(errors.size(), 1u) << text;
    return errors.empty() ? "" : errors.items()[0].to_string();
  }
  // The message of tabulating an expression that compiles but leaves the finite numbers.
  std::string domain_error_of(const std::string& text) {
    DiagnosticList errors;
    const CompiledExpr e = compile_number(text, catalogue_, "s.json", "/p", errors);
    EXPECT_TRUE(e.ok()) << text;
    EXPECT_FALSE(tabulate(e, catalogue_, {"s.json", "/p"}, errors)) << text;
    EXPECT_EQ(errors.size(), 1u) << text;
    return errors.empty() ? "" : errors.items()[0].to_string();
  }

  TestVariables v_;
  Catalogue catalogue_;
};

TEST_F(ExprFunctionTest, ValuesAreThoseOfCmath) {
  EXPECT_EQ(at_age("exp(-0.1 * age)", 7), std::exp(-0.1 * 7));
  EXPECT_EQ(at_age("ln(age)", 7), std::log(7.0));
  EXPECT_EQ(at_age("log(age)", 7), std::log(7.0));
  EXPECT_EQ(at_age("sqrt(age)", 7), std::sqrt(7.0));
  EXPECT_EQ(at_age("floor(age / 10)", 47), 4.0);
  EXPECT_EQ(at_age("pow(age, 1.5)", 7), std::pow(7.0, 1.5));
  EXPECT_EQ(at_age("age ^ 1.5", 7), std::pow(7.0, 1.5));
  EXPECT_EQ(at_age("min(age, 18)", 7), 7.0);
  EXPECT_EQ(at_age("min(age, 18)", 70), 18.0);
  EXPECT_EQ(at_age("max(age - 60, 0)", 70), 10.0);
  EXPECT_EQ(at_age("max(age - 60, 0)", 7), 0.0);
  // In arithmetic a condition is 1 or 0.
  EXPECT_EQ(at_age("5034 + 2086.5 * (age < 2)", 1), 5034 + 2086.5);
  EXPECT_EQ(at_age("5034 + 2086.5 * (age < 2)", 2), 5034.0);
  EXPECT_EQ(at_age("-(age >= 18) + min(age > 3, 0.5) + 2 ^ (age > 3)", 7), 0 + 0.5 + 2);
  EXPECT_EQ(at_age("-(age >= 18) + min(age > 3, 0.5) + 2 ^ (age > 3)", 20), -1 + 0.5 + 2);
  // The contract's example: a Weibull cycle probability, written out.
  EXPECT_EQ(at_age("1 - exp(-0.2 * pow(age + 1, 1.5) + 0.2 * pow(age, 1.5))", 3),
            1 - std::exp(-0.2 * std::pow(4.0, 1.5) + 0.2 * std::pow(3.0, 1.5)));
}

TEST_F(ExprFunctionTest, PowerBindsTighterThanMinusAndGroupsFromTheRight) {
  DiagnosticList errors;
  EXPECT_EQ(to_string(*parse("-2 ^ 2", "s.json", "/p", errors)), "(-(2 ^ 2))");
  EXPECT_EQ(to_string(*parse("2 ^ 3 ^ 2", "s.json", "/p", errors)), "(2 ^ (3 ^ 2))");
  EXPECT_EQ(to_string(*parse("2 ^ -1 * 3", "s.json", "/p", errors)), "((2 ^ (-1)) * 3)");
  EXPECT_EQ(to_string(*parse("pow(age, 2) + min(1, max(2, 3))", "s.json", "/p", errors)),
            "(pow(age, 2) + min(1, max(2, 3)))");
  EXPECT_TRUE(errors.empty());
  EXPECT_EQ(at_age("-2 ^ 2", 0), -4.0);
  EXPECT_EQ(at_age("2 ^ 3 ^ 2", 0), 512.0);
  EXPECT_EQ(at_age("2 ^ -1 * 3", 0), 1.5);
}

TEST_F(ExprFunctionTest, FoldedTablesEqualTheUnfoldedValues) {
  // Subtrees of one variable fold into per-code tables; the table must give evaluate()'s bits.
  DiagnosticList errors;
  const std::string text =
      "exp(-0.01 * pow(age, 1.2)) * (1 + floor(asthma.time_in_state / 3)) + sqrt(age) * "
      "min(asthma.time_in_state, 6) - ln(age + 1) ^ 2 + max(age, asthma.time_in_state)";
  const CompiledExpr e = compile_number(text, catalogue_, "s.json", "/p", errors);
  ASSERT_TRUE(e.ok());
  const auto table = tabulate(e, catalogue_, {"s.json", "/p"}, errors);
  ASSERT_TRUE(table);
  std::vector<size_t> codes(catalogue_.variable_count(), 0);
  for (size_t age = 0; age <= 110; ++age)
    for (size_t months = 0; months <= 24; ++months) {
      codes[v_.age] = age;
      codes[v_.time_in_state] = months;
      const double a = static_cast<double>(age), m = static_cast<double>(months);
      const double expected = std::exp(-0.01 * std::pow(a, 1.2)) * (1 + std::floor(m / 3)) +
                              std::sqrt(a) * std::min(m, 6.0) - std::pow(std::log(a + 1), 2) +
                              std::max(a, m);
      EXPECT_EQ(table->at(codes.data()), expected) << age << " " << months;
    }
}

TEST_F(ExprFunctionTest, UnknownFunctionsWrongArityAndTypesAreErrors) {
  EXPECT_EQ(error_of("expo(age)"),
            "s.json: /p: expected a function (one of: exp, ln, log, sqrt, floor, pow, min, max), "
            "found 'expo'");
  EXPECT_EQ(error_of("pow(age)"), "s.json: /p: expected pow with 2 arguments, found 1 in pow(age)");
  EXPECT_EQ(error_of("exp(1, 2)"),
            "s.json: /p: expected exp with 1 argument, found 2 in exp(1, 2)");
  EXPECT_EQ(error_of("ln(sex)"),
            "s.json: /p: expected a number as the argument of ln, found a category: sex");
  EXPECT_EQ(error_of("2 ^ sex"),
            "s.json: /p: expected numbers on both sides of '^', found a category: sex");
  EXPECT_EQ(error_of("exp(age"),
            "s.json: /p: expected ',' or ')' in the call of exp, found the end of \"exp(age\"");
}

TEST_F(ExprFunctionTest, DomainErrorsNameTheCall) {
  EXPECT_EQ(domain_error_of("ln(age - 5)"),
            "s.json: /p: expected a finite number for every combination of codes, found NaN at "
            "age code 0 in \"ln(age - 5)\": ln(age - 5) of -5 (ln needs a number above 0)");
  EXPECT_EQ(domain_error_of("1 + sqrt(age - 18)"),
            "s.json: /p: expected a finite number for every combination of codes, found NaN at "
            "age code 0 in \"1 + sqrt(age - 18)\": sqrt(age - 18) of -18 (sqrt needs a number >= "
            "0)");
  EXPECT_EQ(domain_error_of("pow(age - 1, 0.5)"),
            "s.json: /p: expected a finite number for every combination of codes, found NaN at "
            "age code 0 in \"pow(age - 1, 0.5)\": pow(age - 1, 0.5): -1 ^ 0.5 (a negative number "
            "to a power that is not whole)");
  EXPECT_EQ(domain_error_of("exp(age * 10)"),
            "s.json: /p: expected a finite number for every combination of codes, found inf at "
            "age code 71 in \"exp(age * 10)\": exp(age * 10) of 710 (too large: exp overflows "
            "above 709)");
  // A constant expression folds to one value; the explanation still finds the call.
  EXPECT_EQ(domain_error_of("ln(0) + age"),
            "s.json: /p: expected a finite number for every combination of codes, found -inf at "
            "age code 0 in \"ln(0) + age\": ln(0) of 0 (ln needs a number above 0)");
}

}  // namespace
}  // namespace civicsim::expr
