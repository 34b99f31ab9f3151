#include "engine/population/population.hpp"

#include <algorithm>

namespace civicsim {

void People::reserve(size_t n) {
  uid.reserve(n);
  household.reserve(n);
  birth_month.reserve(n);
  area.reserve(n);
  sex.reserve(n);
  alive.reserve(n);
}

size_t People::add(uint32_t person_uid, uint32_t household_row, int32_t birth, uint16_t area_row,
                   Sex s) {
  uid.push_back(person_uid);
  household.push_back(household_row);
  birth_month.push_back(birth);
  area.push_back(area_row);
  sex.push_back(static_cast<uint8_t>(s));
  alive.push_back(1);
  return uid.size() - 1;
}

size_t Population::living_persons() const {
  return static_cast<size_t>(std::count(people.alive.begin(), people.alive.end(), uint8_t{1}));
}

size_t Population::occupied_households() const {
  return static_cast<size_t>(
      std::count_if(households.living.begin(), households.living.end(), [](uint16_t n) { return n > 0; }));
}

}  // namespace civicsim
