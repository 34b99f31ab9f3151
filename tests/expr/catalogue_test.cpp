// The catalogue: building variables and attributes, names, aliases, default prefixes, and refusing
// engine misuse.
#include "engine/expr/catalogue.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

#include "tests/expr/test_catalogue.hpp"

namespace civicsim::expr {
namespace {

TEST(ExprCatalogue, ConveniencesBuildVariableAndAttribute) {
  testing::TestVariables v;
  const Catalogue c = testing::make_test_catalogue(&v);
  EXPECT_EQ(c.variable(v.age).name, "age");
  EXPECT_EQ(c.variable(v.age).domain, 111u);
  const Attribute& age = c.attribute(*c.find("age"));
  EXPECT_EQ(age.type, Attribute::Type::kNumber);
  EXPECT_EQ(age.value_of_code[17], 17.0);
  const Attribute& sex = c.attribute(*c.find("sex"));
  EXPECT_EQ(sex.type, Attribute::Type::kCategory);
  EXPECT_EQ(sex.labels, (std::vector<std::string>{"female", "male"}));
  EXPECT_EQ(c.attribute(*c.find("household.overcrowded")).type, Attribute::Type::kBoolean);
  EXPECT_EQ(c.find_variable("area"), v.area);
  EXPECT_EQ(c.attribute(*c.find("area.council")).variable, v.area);
  EXPECT_EQ(c.label_index(*c.find("area.council"), "Sefton"), 2u);
  EXPECT_FALSE(c.label_index(*c.find("area.council"), "Halton"));
}

TEST(ExprCatalogue, IntegerVariablesMayStartAnywhere) {
  Catalogue c;
  const size_t v = c.add_integer_variable("imd_quintile", 1, 5);
  EXPECT_EQ(c.variable(v).domain, 5u);
  EXPECT_EQ(c.attribute(*c.find("imd_quintile")).value_of_code,
            (std::vector<double>{1, 2, 3, 4, 5}));
}

TEST(ExprCatalogue, AliasesAndDefaultPrefixes) {
  const Catalogue c = testing::make_test_catalogue();
  EXPECT_EQ(c.find("council"), c.find("area.council"));
  EXPECT_FALSE(c.find("damp"));
  EXPECT_EQ(c.resolve("damp", "household."), c.find("household.damp"));
  EXPECT_EQ(c.resolve("age", "household."), c.find("age"));  // falls back to the plain name
  EXPECT_EQ(c.resolve("household.damp", "household."), c.find("household.damp"));
  EXPECT_FALSE(c.resolve("dampness", "household."));
  // Aliases are not listed: each attribute appears once in messages.
  EXPECT_EQ(c.attribute_names().size(), c.attribute_count());
  EXPECT_EQ(c.attribute_list().substr(0, 40), "age, sex, area.imd_quintile, area.imd_sc");
}

TEST(ExprCatalogue, PrefixedNameWinsInsideAnEntity) {
  Catalogue c;
  c.add_boolean_variable("damp");
  c.add_boolean_variable("household.damp");
  EXPECT_EQ(c.resolve("damp", "household."), c.find("household.damp"));
  EXPECT_EQ(c.resolve("damp", ""), c.find("damp"));
}

TEST(ExprCatalogue, ValidNames) {
  EXPECT_TRUE(is_valid_attribute_name("age"));
  EXPECT_TRUE(is_valid_attribute_name("asthma.time_in_state"));
  EXPECT_TRUE(is_valid_attribute_name("_x1.y_2"));
  EXPECT_FALSE(is_valid_attribute_name(""));
  EXPECT_FALSE(is_valid_attribute_name("1x"));
  EXPECT_FALSE(is_valid_attribute_name("a..b"));
  EXPECT_FALSE(is_valid_attribute_name("a."));
  EXPECT_FALSE(is_valid_attribute_name("in"));
  EXPECT_FALSE(is_valid_attribute_name("x.and"));
  EXPECT_FALSE(is_valid_attribute_name("bad-name"));
}

TEST(ExprCatalogue, JoinNamesShortensLongLists) {
  EXPECT_EQ(join_names({"a", "b", "c"}), "a, b, c");
  EXPECT_EQ(join_names({"a", "b", "c"}, 2), "a, b, ... (3 in all)");
  EXPECT_EQ(join_names({}), "");
}

TEST(ExprCatalogue, MisuseIsRefused) {
  Catalogue c;
  const size_t v = c.add_variable("area", 3);
  EXPECT_THROW(c.add_variable("area", 3), std::invalid_argument);
  EXPECT_THROW(c.add_variable("empty", 0), std::invalid_argument);
  EXPECT_THROW(c.add_attribute({.name = "area.x", .variable = v, .value_of_code = {1, 2}}),
               std::invalid_argument);  // wrong length
  EXPECT_THROW(c.add_attribute({.name = "area.x", .variable = 9, .value_of_code = {1, 2, 3}}),
               std::invalid_argument);  // unknown variable
  EXPECT_THROW(c.add_attribute({.name = "area x", .variable = v, .value_of_code = {1, 2, 3}}),
               std::invalid_argument);  // not writable in an expression
  EXPECT_THROW(c.add_attribute({.name = "area.flag",
                                .variable = v,
                                .type = Attribute::Type::kBoolean,
                                .value_of_code = {0, 1, 2}}),
               std::invalid_argument);
  EXPECT_THROW(c.add_attribute({.name = "area.kind",
                                .variable = v,
                                .type = Attribute::Type::kCategory,
                                .value_of_code = {0, 1, 2},
                                .labels = {"a", "b"}}),
               std::invalid_argument);  // value 2 has no label
  c.add_attribute({.name = "area.x", .variable = v, .value_of_code = {1, 2, 3}});
  EXPECT_THROW(c.add_attribute({.name = "area.x", .variable = v, .value_of_code = {1, 2, 3}}),
               std::invalid_argument);
  EXPECT_THROW(c.add_alias("y", "area.nothing"), std::invalid_argument);
  c.add_alias("x", "area.x");
  EXPECT_THROW(c.add_alias("x", "area.x"), std::invalid_argument);
}

}  // namespace
}  // namespace civicsim::expr
