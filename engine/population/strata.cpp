#include "engine/population/strata.hpp"

#include <algorithm>

namespace civicsim {

std::array<uint8_t, kOldestAge + 1> age_band_table() {
  std::array<uint8_t, kOldestAge + 1> table{};
  int band = 0;
  for (int age = 0; age <= kOldestAge; ++age) {
    while (age > kAgeBandUpper[band]) ++band;
    table[age] = static_cast<uint8_t>(band);
  }
  return table;
}

const BandPartByMonths& band_part_by_months() {
  static const BandPartByMonths table = [] {
    const auto band_of_age = age_band_table();
    BandPartByMonths out{};
    for (int32_t m = 0; m < kAgeMonths; ++m)
      out[static_cast<size_t>(m)] = static_cast<uint16_t>(band_of_age[static_cast<size_t>(m / 12)] *
                                                          kSexCount * kImdQuintiles);
    return out;
  }();
  return table;
}

std::vector<std::string> age_band_labels() {
  std::vector<std::string> labels;
  int lower = 0;
  for (int b = 0; b < kAgeBands; ++b) {
    const int upper = kAgeBandUpper[b];
    if (b == kAgeBands - 1)
      labels.push_back(std::to_string(lower) + "+");
    else if (upper == lower)
      labels.push_back(std::to_string(lower));
    else
      labels.push_back(std::to_string(lower) + "-" + std::to_string(upper));
    lower = upper + 1;
  }
  return labels;
}

std::vector<Dimension> standard_dimensions(const Population& population) {
  Dimension council{"council", {}};
  for (const auto& c : population.councils) council.labels.push_back(c.name);
  const std::vector<std::string> no_yes = {"no", "yes"};
  return {council,
          {"age_band", age_band_labels()},
          {"sex", {"female", "male"}},
          {"imd_quintile", {"1 (most deprived)", "2", "3", "4", "5 (least deprived)"}},
          {"tenure", {"owner_occupied", "social_rented", "private_rented"}},
          {"damp", no_yes},
          {"poor_condition", no_yes},
          {"no_central_heating", no_yes},
          {"overcrowded", no_yes}};
}

size_t household_stratum(int council, int quintile, int tenure, uint8_t bits) {
  size_t i = static_cast<size_t>(council);
  i = i * kImdQuintiles + static_cast<size_t>(quintile - 1);
  i = i * kTenureCount + static_cast<size_t>(tenure);
  i = i * 2 + ((bits & condition::kDamp) ? 1 : 0);
  i = i * 2 + ((bits & condition::kPoorCondition) ? 1 : 0);
  i = i * 2 + ((bits & condition::kNoCentralHeating) ? 1 : 0);
  i = i * 2 + ((bits & condition::kOvercrowded) ? 1 : 0);
  return i;
}

PersonStrata::PersonStrata(const Population& population)
    : cells_(population.councils.size() * kAgeBands * kSexCount * kImdQuintiles),
      band_part_(band_part_by_months()) {
  const Areas& a = population.areas;
  area_base_.resize(a.size());
  for (size_t i = 0; i < a.size(); ++i)
    area_base_[i] = static_cast<uint32_t>(person_stratum(a.council[i], 0, 0, a.imd_quintile[i]));
}

std::vector<uint32_t> count_living(const Population& population, YearMonth now) {
  const People& p = population.people;
  const PersonStrata strata(population);
  const size_t cells = strata.cells();
  std::vector<uint32_t> total(cells, 0);
#pragma omp parallel
  {
    // Four copies, so that neighbours (one household: one area, often one band) do not wait on each
    // other's increments.
    std::vector<uint32_t> local(4 * cells, 0);
    const int32_t* __restrict birth = p.birth_month.data();
    const uint16_t* __restrict area = p.area.data();
    const uint8_t* __restrict sex = p.sex.data();
    const uint8_t* __restrict alive = p.alive.data();
#pragma omp for schedule(static) nowait
    for (size_t i = 0; i < p.size(); ++i)
      local[(i & 3) * cells + strata.of(now.months - birth[i], area[i], sex[i])] += alive[i];
#pragma omp critical(civicsim_count_living)
    for (size_t k = 0; k < 4 * cells; ++k) total[k % cells] += local[k];
  }
  return total;
}

}  // namespace civicsim
