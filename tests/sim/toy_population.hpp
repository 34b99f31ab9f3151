// A small hand-built population for engine tests that must not depend on the LCR data build.
#pragma once

#include "engine/population/population.hpp"

namespace civicsim::testing {

// `households_per_area` households in each of 10 areas across 2 councils; each household has two
// adults (a woman and a man aged 20..69) and 0..3 children aged 0..17, ages spread deterministically.
inline Population toy_population(int households_per_area, YearMonth reference) {
  Population pop;
  pop.councils = {{"E0", "North"}, {"E1", "South"}};
  pop.reference_date = reference;
  pop.source = "toy";
  pop.fingerprint = "toy";
  for (int a = 0; a < 10; ++a) {
    pop.areas.code.push_back("A" + std::to_string(a));
    pop.areas.name.push_back("Area " + std::to_string(a));
    pop.areas.council.push_back(static_cast<uint8_t>(a % 2));
    pop.areas.imd_score.push_back(10.0 * a);
    pop.areas.imd_decile.push_back(static_cast<uint8_t>(a + 1));
    pop.areas.imd_quintile.push_back(static_cast<uint8_t>(a / 2 + 1));
    pop.areas.air_quality.push_back(1.0);
    pop.areas.poor_condition_share.push_back(0.2);
    pop.areas.no_central_heating_share.push_back(0.02);
    pop.areas.mortality_ratio.push_back(0.6 + 0.1 * a);
  }
  int k = 0;
  for (uint16_t a = 0; a < 10; ++a) {
    for (int h = 0; h < households_per_area; ++h, ++k) {
      const uint32_t row = static_cast<uint32_t>(pop.households.size());
      pop.households.uid.push_back(pop.next_household_uid++);
      pop.households.area.push_back(a);
      pop.households.tenure.push_back(static_cast<uint8_t>(k % kTenureCount));
      pop.households.type.push_back(static_cast<uint8_t>(HouseholdType::kCoupleWithChildren));
      pop.households.condition.push_back(static_cast<uint8_t>(k % 16));
      const int adult_age = 20 + (k * 7) % 50;
      const int children = k % 4;
      for (int c = -2; c < children; ++c) {
        const int age = c < 0 ? adult_age + c : (k * 3 + c * 5) % 18;
        const Sex sex = c == -2   ? Sex::kFemale
                        : c == -1 ? Sex::kMale
                                  : static_cast<Sex>((k + c) % 2);
        pop.people.add(pop.next_person_uid++, row, reference.months - age * 12 - (k % 12), a, sex);
      }
      pop.households.living.push_back(static_cast<uint16_t>(2 + children));
    }
  }
  return pop;
}

}  // namespace civicsim::testing
