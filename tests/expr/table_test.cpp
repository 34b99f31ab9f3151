// Lookup tables: predicate tables equal direct evaluation in every cell, product tables equal base
// x factors in every cell, the table index agrees with evaluation on random code tuples, and
// oversized or non-finite tables are refused with exact messages.
#include "engine/expr/table.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "engine/core/random.hpp"
#include "tests/expr/test_catalogue.hpp"

namespace civicsim::expr {
namespace {

using testing::make_test_catalogue;
using testing::TestVariables;

class ExprTableTest : public ::testing::Test {
 protected:
  ExprTableTest() : catalogue_(make_test_catalogue(&v_)) {}

  CompiledExpr compiled(const std::string& text) {
    DiagnosticList errors;
    CompiledExpr e = compile(text, catalogue_, "s.json", "/p", errors);
    EXPECT_TRUE(errors.empty()) << text;
    return e;
  }
  LookupTable table_of(const CompiledExpr& e) {
    DiagnosticList errors;
    auto t = tabulate(e, catalogue_, site_, errors);
    EXPECT_TRUE(errors.empty());
    return t ? *t : LookupTable{};
  }
  // Random codes for every catalogue variable: the tuple of agent `uid`.
  std::vector<size_t> random_codes(uint32_t uid) {
    CounterRng rng(RandomKey::make(2024, 0), uid, 0, stream_id("expr.table_test"));
    std::vector<size_t> codes(catalogue_.variable_count());
    for (size_t v = 0; v < codes.size(); ++v)
      codes[v] = static_cast<size_t>(rng() % catalogue_.variable(v).domain);
    return codes;
  }

  TestVariables v_;
  Catalogue catalogue_;
  TableSite site_{"s.json", "/processes/asthma/transitions/0"};
};

TEST_F(ExprTableTest, LayoutIsRowMajor) {
  const LookupTable t = make_table({v_.damp, v_.age, v_.damp}, catalogue_, 0.5);
  EXPECT_EQ(t.variables, (std::vector<size_t>{v_.age, v_.damp}));
  EXPECT_EQ(t.domains, (std::vector<size_t>{111, 2}));
  EXPECT_EQ(t.strides, (std::vector<size_t>{2, 1}));
  EXPECT_EQ(t.cells(), 222u);
  EXPECT_EQ(t.values[221], 0.5);
  const size_t slots[] = {7, 1};
  EXPECT_EQ(t.index_by_slot(slots), 15u);
  std::vector<size_t> by_variable(catalogue_.variable_count(), 3);
  by_variable[v_.age] = 7;
  by_variable[v_.damp] = 1;
  EXPECT_EQ(t.index(by_variable.data()), 15u);
}

TEST_F(ExprTableTest, PredicateOverTwoVariablesEqualsEvaluation) {
  const CompiledExpr e = compiled("household.damp == 'yes' && age >= 5 && age <= 17");
  const LookupTable t = table_of(e);
  ASSERT_EQ(t.cells(), 111u * 2u);
  for (size_t age = 0; age <= 110; ++age)
    for (size_t damp = 0; damp < 2; ++damp) {
      const size_t codes[] = {age, damp};
      EXPECT_EQ(t.values[t.index_by_slot(codes)], e.evaluate(codes));
      EXPECT_EQ(t.values[t.index_by_slot(codes)], (damp == 1 && age >= 5 && age <= 17) ? 1.0 : 0.0);
    }
  const CompiledExpr area = compiled("council in ['Liverpool', 'Knowsley'] && asthma != 'none'");
  const LookupTable ta = table_of(area);
  EXPECT_EQ(ta.variables, (std::vector<size_t>{v_.area, v_.asthma}));
  for (size_t a = 0; a < 6; ++a)
    for (size_t s = 0; s < 3; ++s) {
      const size_t codes[] = {a, s};
      EXPECT_EQ(ta.values[ta.index_by_slot(codes)], area.evaluate(codes));
    }
}

TEST_F(ExprTableTest, ConstantExpressionGivesOneCell) {
  const LookupTable t = table_of(compiled("1 < 2 && true"));
  EXPECT_TRUE(t.variables.empty());
  EXPECT_EQ(t.values, (std::vector<double>{1.0}));
  EXPECT_EQ(t.at(nullptr), 1.0);  // no variable is read
}

TEST_F(ExprTableTest, ProductEqualsBaseTimesFactorsInEveryCell) {
  // A base rate per year by age (three bands), then three modifiers over four more variables.
  LookupTable base = make_table({v_.age}, catalogue_);
  for (size_t age = 0; age <= 110; ++age)
    base.values[age] = age <= 5 ? 0.00892 : age <= 11 ? 0.0074 : 0.0046;
  const CompiledExpr damp = compiled("household.damp == 'yes'");
  const CompiledExpr deprived = compiled("area.imd_quintile <= 2");
  const CompiledExpr long_uncontrolled =
      compiled("asthma == 'uncontrolled' && asthma.time_in_state >= 12");
  DiagnosticList errors;
  const auto t =
      tabulate_product(base, {{&damp, 1.33}, {&deprived, 1.2}, {&long_uncontrolled, 0.5}},
                       catalogue_, site_, errors);
  ASSERT_TRUE(t);
  EXPECT_TRUE(errors.empty());
  EXPECT_EQ(t->variables,
            (std::vector<size_t>{v_.age, v_.area, v_.damp, v_.asthma, v_.time_in_state}));
  ASSERT_EQ(t->cells(), 111u * 6u * 2u * 3u * 25u);
  size_t cells_checked = 0;
  std::vector<size_t> codes(catalogue_.variable_count(), 0);
  for (codes[v_.age] = 0; codes[v_.age] <= 110; ++codes[v_.age])
    for (codes[v_.area] = 0; codes[v_.area] < 6; ++codes[v_.area])
      for (codes[v_.damp] = 0; codes[v_.damp] < 2; ++codes[v_.damp])
        for (codes[v_.asthma] = 0; codes[v_.asthma] < 3; ++codes[v_.asthma])
          for (codes[v_.time_in_state] = 0; codes[v_.time_in_state] < 25;
               ++codes[v_.time_in_state]) {
            double expected = base.at(codes.data());
            if (damp.evaluate_by_variable(codes.data()) != 0.0) expected *= 1.33;
            if (deprived.evaluate_by_variable(codes.data()) != 0.0) expected *= 1.2;
            if (long_uncontrolled.evaluate_by_variable(codes.data()) != 0.0) expected *= 0.5;
            ASSERT_EQ(t->at(codes.data()), expected);  // same multiplication order: exact
            ++cells_checked;
          }
  EXPECT_EQ(cells_checked, t->cells());
}

TEST_F(ExprTableTest, ProductWithoutModifiersIsTheBase) {
  LookupTable base = make_table({v_.sex}, catalogue_);
  base.values = {0.3, 0.4};
  DiagnosticList errors;
  const auto t = tabulate_product(base, {}, catalogue_, site_, errors);
  ASSERT_TRUE(t);
  EXPECT_EQ(t->variables, base.variables);
  EXPECT_EQ(t->values, base.values);
}

TEST_F(ExprTableTest, MultiplyingPredicatesIsTheirConjunction) {
  const CompiledExpr child = compiled("age < 18");
  const CompiledExpr damp = compiled("household.damp == 'yes'");
  const CompiledExpr both = compiled("age < 18 && household.damp == 'yes'");
  const LookupTable a = table_of(child), b = table_of(damp), expected = table_of(both);
  DiagnosticList errors;
  const auto product = multiply({&a, &b}, catalogue_, site_, errors);
  ASSERT_TRUE(product);
  EXPECT_EQ(product->variables, expected.variables);
  EXPECT_EQ(product->values, expected.values);
}

TEST_F(ExprTableTest, TableIndexAgreesWithEvaluationOnRandomTuples) {
  const CompiledExpr e = compiled(
      "(household.damp == 'yes' && age >= 5 && age <= 17) || "
      "(asthma == 'uncontrolled' && asthma.time_in_state >= 12) || "
      "council in ['Sefton'] && !household.overcrowded && sex == 'female'");
  const LookupTable t = table_of(e);
  ASSERT_EQ(t.cells(), 111u * 2u * 6u * 2u * 2u * 3u * 25u);
  LookupTable base = make_table({v_.age}, catalogue_);
  for (size_t i = 0; i < base.cells(); ++i) base.values[i] = 0.001 * static_cast<double>(i % 97);
  const CompiledExpr tenure = compiled("household.tenure == 'social_rented'");
  DiagnosticList errors;
  const auto rate = tabulate_product(base, {{&e, 2.5}, {&tenure, 0.8}}, catalogue_, site_, errors);
  ASSERT_TRUE(rate);
  size_t true_count = 0;
  for (uint32_t uid = 0; uid < 10'000; ++uid) {
    const std::vector<size_t> codes = random_codes(uid);
    const double direct = e.evaluate_by_variable(codes.data());
    ASSERT_EQ(t.at(codes.data()), direct) << "tuple " << uid;
    true_count += direct != 0.0;
    double expected_rate = base.at(codes.data());
    if (direct != 0.0) expected_rate *= 2.5;
    if (tenure.evaluate_by_variable(codes.data()) != 0.0) expected_rate *= 0.8;
    ASSERT_EQ(rate->at(codes.data()), expected_rate) << "tuple " << uid;
  }
  EXPECT_GT(true_count, 500u);  // the tuples exercise both outcomes
  EXPECT_LT(true_count, 9'500u);
}

TEST_F(ExprTableTest, OversizedProductIsRefused) {
  const CompiledExpr deprived = compiled("area.imd_quintile <= 2");
  const CompiledExpr long_stay = compiled("asthma.time_in_state >= 12");
  LookupTable base = make_table({v_.age}, catalogue_, 0.01);
  TableSite small = site_;
  small.max_cells = 1000;
  DiagnosticList errors;
  EXPECT_FALSE(
      tabulate_product(base, {{&deprived, 1.2}, {&long_stay, 2.0}}, catalogue_, small, errors));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors.items()[0].to_string(),
            "s.json: /processes/asthma/transitions/0: expected modifiers depending on fewer "
            "variables, found a table of 16650 cells over age (111) x area (6) x "
            "asthma.time_in_state (25), more than the limit of 1000");
}

TEST_F(ExprTableTest, OversizedPredicateIsRefusedAtTheDefaultLimit) {
  Catalogue big;
  big.add_integer_variable("a", 0, 999);
  big.add_integer_variable("b", 0, 999);
  big.add_integer_variable("c", 0, 99);
  DiagnosticList errors;
  const CompiledExpr e = compile("a + b + c > 3", big, "s.json", "/who/if", errors);
  ASSERT_TRUE(e.ok());
  EXPECT_FALSE(tabulate(e, big, {"s.json", "/who/if"}, errors));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors.items()[0].to_string(),
            "s.json: /who/if: expected a condition depending on fewer variables, found a table of "
            "100000000 cells over a (1000) x b (1000) x c (100), more than the limit of 50000000");
}

TEST_F(ExprTableTest, NonFiniteNumbersAreRefused) {
  DiagnosticList errors;
  const CompiledExpr e = compile_number("1 / (age - 5)", catalogue_, "s.json", "/p", errors);
  ASSERT_TRUE(e.ok());
  EXPECT_FALSE(tabulate(e, catalogue_, {"s.json", "/p"}, errors));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors.items()[0].to_string(),
            "s.json: /p: expected a finite number for every combination of codes, found inf at age "
            "code 5 in \"1 / (age - 5)\": 1 / (age - 5): 1 / 0 (division by 0)");
}

TEST_F(ExprTableTest, FailedCompileGivesNoTableAndNoSecondMessage) {
  DiagnosticList errors;
  const CompiledExpr bad = compile("dampness == 'yes'", catalogue_, "s.json", "/p", errors);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_FALSE(tabulate(bad, catalogue_, site_, errors));
  LookupTable base = make_table({}, catalogue_, 1.0);
  EXPECT_FALSE(tabulate_product(base, {{&bad, 2.0}}, catalogue_, site_, errors));
  EXPECT_EQ(errors.size(), 1u);
}

}  // namespace
}  // namespace civicsim::expr
