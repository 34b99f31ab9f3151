// A small catalogue shaped like the Liverpool City Region's, shared by the expression tests.
//
// Variables (ids in order): age 0..110, sex, area (6 LSOAs with IMD, air quality and council),
// household.damp, household.tenure, household.children 0..15, household.overcrowded (boolean),
// asthma (a process state) and asthma.time_in_state 0..24 months. "council" is an alias of
// area.council, as a scenario might declare.
#pragma once

#include "engine/expr/catalogue.hpp"

namespace civicsim::expr::testing {

struct TestVariables {
  size_t age, sex, area, damp, tenure, children, overcrowded, asthma, time_in_state;
};

inline Catalogue make_test_catalogue(TestVariables* ids = nullptr) {
  Catalogue c;
  TestVariables v{};
  v.age = c.add_integer_variable("age", 0, 110, "age in completed years");
  v.sex = c.add_category_variable("sex", {"female", "male"});
  v.area = c.add_variable("area", 6, "LSOA row");
  c.add_attribute({.name = "area.imd_quintile",
                   .variable = v.area,
                   .type = Attribute::Type::kNumber,
                   .value_of_code = {1, 1, 2, 3, 5, 4}});
  c.add_attribute({.name = "area.imd_score",
                   .variable = v.area,
                   .type = Attribute::Type::kNumber,
                   .value_of_code = {61.5, 45.2, 30.0, 21.7, 5.3, 12.9}});
  c.add_attribute({.name = "area.council",
                   .variable = v.area,
                   .type = Attribute::Type::kCategory,
                   .value_of_code = {0, 0, 1, 2, 3, 1},
                   .labels = {"Liverpool", "Knowsley", "Sefton", "Wirral"}});
  c.add_alias("council", "area.council");
  v.damp = c.add_category_variable("household.damp", {"no", "yes"});
  v.tenure = c.add_category_variable("household.tenure",
                                     {"owner_occupied", "social_rented", "private_rented"});
  v.children = c.add_integer_variable("household.children", 0, 15);
  v.overcrowded = c.add_boolean_variable("household.overcrowded");
  v.asthma = c.add_category_variable("asthma", {"none", "controlled", "uncontrolled"});
  v.time_in_state = c.add_integer_variable("asthma.time_in_state", 0, 24, "months");
  if (ids) *ids = v;
  return c;
}

}  // namespace civicsim::expr::testing
