#include "engine/sim/recorder.hpp"

#include <algorithm>
#include <cstring>

namespace civicsim {

SeriesIds declare_series(RunResults& results) {
  const std::vector<std::string> person_dims = {"council", "age_band", "sex", "imd_quintile"};
  auto add = [&](SeriesDecl d) {
    results.series.push_back(std::move(d));
    return results.series.size() - 1;
  };
  SeriesIds ids{};
  ids.population = add({"population", "persons", "Living persons at each time point.",
                        SeriesKind::kStock, person_dims, true});
  ids.births = add({"births", "persons", "Live births during each step (age band 0).",
                    SeriesKind::kFlow, person_dims, true});
  ids.deaths =
      add({"deaths", "persons", "Deaths during each step, by age at the start of the step.",
           SeriesKind::kFlow, person_dims, true});
  ids.households =
      add({"households",
           "households",
           "Occupied households (at least one living member) by tenure and housing condition.",
           SeriesKind::kStock,
           {"council", "imd_quintile", "tenure", "damp", "poor_condition", "no_central_heating",
            "overcrowded"},
           true});
  return ids;
}

Recorder::Recorder(const Population& initial, const SeriesIds& ids)
    : ids_(ids), band_of_age_(age_band_table()) {
  const Areas& a = initial.areas;
  area_cq_.resize(a.size());
  for (size_t i = 0; i < a.size(); ++i)
    area_cq_[i] = static_cast<uint16_t>(a.council[i] * kImdQuintiles + (a.imd_quintile[i] - 1));
  person_cells_ = initial.councils.size() * kAgeBands * kSexCount * kImdQuintiles;
  household_cells_ = initial.councils.size() * kHouseholdCellsPerCouncil;
  household_area_.resize(a.size());
  for (size_t i = 0; i < a.size(); ++i)
    household_area_[i] =
        static_cast<uint32_t>(household_stratum(a.council[i], a.imd_quintile[i], 0, 0));
  for (int t = 0; t < kTenureCount; ++t)
    household_tenure_[t] = static_cast<uint32_t>(household_stratum(0, 1, t, 0));
  for (uint8_t bits = 0; bits < 16; ++bits)
    household_condition_[bits] = static_cast<uint32_t>(household_stratum(0, 1, 0, bits));
}

void Recorder::record_stocks(const Population& population, YearMonth now, size_t t,
                             std::vector<std::vector<double>>& values,
                             const std::vector<uint32_t>* living) {
  const std::vector<uint32_t> counted =
      living ? std::vector<uint32_t>{} : count_living(population, now);
  const std::vector<uint32_t>& persons_by_cell = living ? *living : counted;
  double* persons = values[ids_.population].data() + t * person_cells_;
  for (size_t c = 0; c < person_cells_; ++c) persons[c] = persons_by_cell[c];

  const Households& h = population.households;
  double* households = values[ids_.households].data() + t * household_cells_;
  std::fill(households, households + household_cells_, 0.0);
  const size_t nh = h.size();
#pragma omp parallel
  {
    std::vector<uint32_t> local(household_cells_, 0);
#pragma omp for schedule(static) nowait
    for (size_t i = 0; i < nh; ++i)  // the stratum's parts add up (household_stratum)
      local[household_area_[h.area[i]] + household_tenure_[h.tenure[i]] +
            household_condition_[h.condition[i] & 15u]] += h.living[i] != 0;
#pragma omp critical(civicsim_record_households)
    for (size_t c = 0; c < household_cells_; ++c) households[c] += local[c];
  }
}

void Recorder::record_flows(const Population& population, const DemographyEvents& events,
                            YearMonth now, size_t t, std::vector<std::vector<double>>& values) {
  const People& p = population.people;
  double* births = values[ids_.births].data() + t * person_cells_;
  double* deaths = values[ids_.deaths].data() + t * person_cells_;
  for (uint32_t i : events.deaths) {
    const size_t age = static_cast<size_t>(std::min(age_years(p.birth_month[i], now), kOldestAge));
    deaths[person_cell(area_cq_[p.area[i]], band_of_age_[age], p.sex[i])] += 1;
  }
  for (const Birth& b : events.births)
    births[person_cell(area_cq_[p.area[b.mother]], 0, b.sex)] += 1;
}

}  // namespace civicsim
