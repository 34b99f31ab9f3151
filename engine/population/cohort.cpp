// Building a cohort of identical persons (see cohort.hpp).
#include "engine/population/cohort.hpp"

#include <string>

namespace civicsim {

Population build_cohort_population(const CohortSettings& cohort, YearMonth start) {
  Population pop;
  pop.councils = {{"cohort", "cohort"}};
  Areas& a = pop.areas;
  a.code = {"cohort"};
  a.name = {"cohort"};
  a.council = {0};
  a.imd_score = {0.0};
  a.imd_decile = {1};
  a.imd_quintile = {1};
  a.air_quality = {0.0};
  a.poor_condition_share = {0.0};
  a.no_central_heating_share = {0.0};
  a.mortality_ratio = {1.0};
  const size_t n = static_cast<size_t>(cohort.size);
  Households& h = pop.households;
  h.uid.resize(n);
  h.area.assign(n, 0);
  h.tenure.assign(n, static_cast<uint8_t>(Tenure::kOwnerOccupied));
  h.type.assign(n, static_cast<uint8_t>(HouseholdType::kOnePerson));
  h.condition.assign(n, 0);
  h.living.assign(n, 1);
  People& p = pop.people;
  p.resize(n);
  // Born cohort.age years before the start, in the start month: aged exactly `age` at the start.
  const int32_t birth = start.months - 12 * cohort.age;
  for (size_t i = 0; i < n; ++i) {
    h.uid[i] = static_cast<uint32_t>(i);
    p.uid[i] = static_cast<uint32_t>(i);
    p.household[i] = static_cast<uint32_t>(i);
    p.birth_month[i] = birth;
    p.sex[i] = static_cast<uint8_t>(cohort.sex);
  }
  pop.reference_date = start;
  pop.source = "cohort";
  finish_population(pop);
  return pop;
}

}  // namespace civicsim
