// The expression parser: every operator, C precedence, literals, and syntax errors with their exact
// messages (the message quotes the token, its 1-based column and the expression).
#include "engine/expr/parser.hpp"

#include <gtest/gtest.h>

#include <string>

namespace civicsim::expr {
namespace {

// The fully parenthesised tree, or the first error message.
std::string parsed(const std::string& text) {
  DiagnosticList errors;
  const auto tree = parse(text, "s.json", "/p", errors);
  if (!tree) return errors.items().at(0).to_string();
  EXPECT_TRUE(errors.empty());
  return to_string(*tree);
}

TEST(ExprParser, Literals) {
  EXPECT_EQ(parsed("42"), "42");
  EXPECT_EQ(parsed("1.25"), "1.25");
  EXPECT_EQ(parsed("2e3"), "2000");
  EXPECT_EQ(parsed("1.5E-2"), "0.015");
  EXPECT_EQ(parsed("'yes'"), "'yes'");
  EXPECT_EQ(parsed("\"it's\""), "'it's'");
  EXPECT_EQ(parsed("true"), "true");
  EXPECT_EQ(parsed("false"), "false");
  EXPECT_EQ(parsed("household.damp"), "household.damp");
  EXPECT_EQ(parsed("asthma.time_in_state"), "asthma.time_in_state");
  EXPECT_EQ(parsed("  age\t"), "age");
}

TEST(ExprParser, EveryOperator) {
  EXPECT_EQ(parsed("a == 1"), "(a == 1)");
  EXPECT_EQ(parsed("a != 1"), "(a != 1)");
  EXPECT_EQ(parsed("a < 1"), "(a < 1)");
  EXPECT_EQ(parsed("a <= 1"), "(a <= 1)");
  EXPECT_EQ(parsed("a > 1"), "(a > 1)");
  EXPECT_EQ(parsed("a >= 1"), "(a >= 1)");
  EXPECT_EQ(parsed("a + 1"), "(a + 1)");
  EXPECT_EQ(parsed("a - 1"), "(a - 1)");
  EXPECT_EQ(parsed("a * 1"), "(a * 1)");
  EXPECT_EQ(parsed("a / 1"), "(a / 1)");
  EXPECT_EQ(parsed("-a"), "(-a)");
  EXPECT_EQ(parsed("!a"), "(!a)");
  EXPECT_EQ(parsed("not a"), "(!a)");
  EXPECT_EQ(parsed("a && b"), "(a && b)");
  EXPECT_EQ(parsed("a and b"), "(a && b)");
  EXPECT_EQ(parsed("a || b"), "(a || b)");
  EXPECT_EQ(parsed("a or b"), "(a || b)");
  EXPECT_EQ(parsed("council in ['Liverpool', \"Knowsley\"]"),
            "(council in ['Liverpool', 'Knowsley'])");
  EXPECT_EQ(parsed("age in [5, -6, 7.5]"), "(age in [5, -6, 7.5])");
  EXPECT_EQ(parsed("x in [true, false]"), "(x in [true, false])");
  EXPECT_EQ(parsed("a<=1&&b>2"), "((a <= 1) && (b > 2))");  // no spaces needed
}

TEST(ExprParser, PrecedenceAsInC) {
  EXPECT_EQ(parsed("a || b && c"), "(a || (b && c))");
  EXPECT_EQ(parsed("a && b || c"), "((a && b) || c)");
  EXPECT_EQ(parsed("a == 1 && b != 2"), "((a == 1) && (b != 2))");
  EXPECT_EQ(parsed("a < b == c > d"), "((a < b) == (c > d))");
  EXPECT_EQ(parsed("a + b * c < d - e / f"), "((a + (b * c)) < (d - (e / f)))");
  EXPECT_EQ(parsed("a - b - c"), "((a - b) - c)");  // left associative
  EXPECT_EQ(parsed("a / b / c"), "((a / b) / c)");
  EXPECT_EQ(parsed("(a + b) * c"), "((a + b) * c)");
  EXPECT_EQ(parsed("!a && b"), "((!a) && b)");
  EXPECT_EQ(parsed("!(sex == 'male')"), "(!(sex == 'male'))");
  EXPECT_EQ(parsed("!a == b"), "((!a) == b)");  // as in C; the binder then rejects !a on a category
  EXPECT_EQ(parsed("- - a * b"), "((-(-a)) * b)");
  EXPECT_EQ(parsed("a + 1 in [2, 3] && b"), "(((a + 1) in [2, 3]) && b)");
  EXPECT_EQ(parsed("household.damp == 'yes' && age >= 5 && age <= 17"),
            "(((household.damp == 'yes') && (age >= 5)) && (age <= 17))");
  EXPECT_EQ(parsed("asthma == 'uncontrolled' || asthma.time_in_state >= 12"),
            "((asthma == 'uncontrolled') || (asthma.time_in_state >= 12))");
}

TEST(ExprParser, SpansCoverTheSourceText) {
  DiagnosticList errors;
  const std::string text = "(a || b) && c";
  const auto tree = parse(text, "", "", errors);
  ASSERT_TRUE(tree);
  EXPECT_EQ(tree->begin, 0u);
  EXPECT_EQ(tree->end, text.size());
  EXPECT_EQ(text.substr(tree->operands[0].begin, tree->operands[0].end - tree->operands[0].begin),
            "(a || b)");
}

TEST(ExprParser, SyntaxErrors) {
  EXPECT_EQ(parsed("damp == 'yes' && && age"),
            "s.json: /p: expected an attribute, number, string or '(', found '&&' at column 18 of "
            "\"damp == 'yes' && && age\"");
  EXPECT_EQ(
      parsed("damp =="),
      "s.json: /p: expected an attribute, number, string or '(', found the end of \"damp ==\"");
  EXPECT_EQ(parsed("   "),
            "s.json: /p: expected an attribute, number, string or '(', found an empty expression");
  EXPECT_EQ(
      parsed("age 5"),
      "s.json: /p: expected an operator or the end of the expression, found '5' at column 5 of "
      "\"age 5\"");
  EXPECT_EQ(parsed("(age > 5"),
            "s.json: /p: expected an operator or ')', found the end of \"(age > 5\"");
  EXPECT_EQ(
      parsed("age > 5)"),
      "s.json: /p: expected an operator or the end of the expression, found ')' at column 8 of "
      "\"age > 5)\"");
  EXPECT_EQ(parsed("council in 'Wirral'"),
            "s.json: /p: expected '[' to start the list after 'in', found 'Wirral' at column 12 of "
            "\"council in 'Wirral'\"");
  EXPECT_EQ(parsed("council in []"),
            "s.json: /p: expected a number, string, true or false, found ']' at column 13 of "
            "\"council in []\"");
  EXPECT_EQ(parsed("age in [1, age]"),
            "s.json: /p: expected a number, string, true or false, found 'age' at column 12 of "
            "\"age in [1, age]\"");
  EXPECT_EQ(parsed("age in [1 2]"),
            "s.json: /p: expected ',' or ']', found '2' at column 11 of \"age in [1 2]\"");
  EXPECT_EQ(parsed("age in [1, 2"),
            "s.json: /p: expected ',' or ']', found the end of \"age in [1, 2\"");
}

TEST(ExprParser, LexicalErrors) {
  EXPECT_EQ(parsed("damp = 'yes'"),
            "s.json: /p: expected '==' to compare (a single '=' is not an operator), found '=' at "
            "column 6 of \"damp = 'yes'\"");
  EXPECT_EQ(parsed("a & b"), "s.json: /p: expected '&&', found '&' at column 3 of \"a & b\"");
  EXPECT_EQ(parsed("a | b"), "s.json: /p: expected '||', found '|' at column 3 of \"a | b\"");
  EXPECT_EQ(
      parsed("damp == 'yes"),
      "s.json: /p: expected a closing ' for the string that starts at column 9, found the end "
      "of \"damp == 'yes\"");
  EXPECT_EQ(
      parsed("age # 5"),
      "s.json: /p: expected an attribute, number, string, operator or parenthesis, found '#' at "
      "column 5 of \"age # 5\"");
  EXPECT_EQ(parsed("age \xE2\x89\xA5 5"),  // a typed U+2265 is quoted whole
            "s.json: /p: expected an attribute, number, string, operator or parenthesis, found "
            "'\xE2\x89\xA5' at column 5 of \"age \xE2\x89\xA5 5\"");
}

TEST(ExprParser, NestingIsBounded) {
  const std::string ok = std::string(kMaxNesting, '(') + "1" + std::string(kMaxNesting, ')');
  EXPECT_EQ(parsed(ok), "1");
  const std::string deep = "(" + ok + ")";
  EXPECT_EQ(
      parsed(deep),
      "s.json: /p: expected an expression nested at most 64 levels deep, found '(' at column 65 "
      "of \"" +
          deep + "\"");
  EXPECT_NE(parsed(std::string(200, '!') + "a").find("nested at most 64"), std::string::npos);
}

// Issue #14: "1 + 1 + ... + 1" builds a tree as deep as the chain is long, and the binder's and the
// tree's recursion overflowed the stack on 200,000 terms.
TEST(ExprParser, OperatorChainsAreBounded) {
  std::string ok = "1";
  for (size_t i = 0; i < kMaxOperators; ++i) ok += "+1";
  EXPECT_EQ(parsed(ok).find("expected"), std::string::npos);
  std::string chain = "age < 1";
  for (int i = 0; i < 200000; ++i) chain += "+1";
  EXPECT_NE(
      parsed(chain).find("s.json: /p: expected an expression of at most 1000 binary operators, "
                         "found '+' at column "),
      std::string::npos);
  std::string mixed = "1";
  for (int i = 0; i < 600; ++i) mixed += " * 2 == 1 || a";
  EXPECT_NE(parsed(mixed).find("at most 1000 binary operators"), std::string::npos);
}

}  // namespace
}  // namespace civicsim::expr
