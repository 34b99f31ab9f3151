#include "engine/sim/demography.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "engine/core/philox_batch.hpp"

namespace civicsim {
namespace {
constexpr size_t kAges = kOldestAge + 1;

// Probability of at least one event in `years` at constant `rate_per_year`.
double step_probability(double rate_per_year, double years) {
  return -std::expm1(-rate_per_year * years);
}

struct Rows {  // a block's person columns
  const int32_t* birth_month;
  const uint16_t* area;
  const uint8_t* sex;
  const uint8_t* alive;
};

// flags[k]: bit 0 dies, bit 1 gives birth (0 for the dead), from words[4 k] and words[4 k + 1] and
// the person's pair of thresholds (death low, birth high) in `pairs` ([area][sex][age]).
// Branch-free in 32-bit indices, restrict pointers in a function of its own: GCC vectorises it
// only so.
__attribute__((noinline)) void flag_rows(size_t m, int32_t now_months, const Rows& rows,
                                         const uint64_t* __restrict pairs,
                                         const uint32_t* __restrict words,
                                         uint8_t* __restrict flags) {
  const int32_t* __restrict born = rows.birth_month;
  const uint16_t* __restrict area = rows.area;
  const uint8_t* __restrict sex = rows.sex;
  const uint8_t* __restrict alive = rows.alive;
  constexpr auto kAges32 = static_cast<int32_t>(kAges);
  for (size_t k = 0; k < m; ++k) {
    const int32_t age = std::min((now_months - born[k]) / 12, kOldestAge);  // as age_years
    const uint64_t pair = pairs[(area[k] * kSexCount + sex[k]) * kAges32 + age];
    const uint32_t dies = words[4 * k] < static_cast<uint32_t>(pair);
    const uint32_t gives_birth = words[4 * k + 1] < static_cast<uint32_t>(pair >> 32);
    flags[k] = static_cast<uint8_t>(alive[k] * (dies | gives_birth << 1));
  }
}
}  // namespace

DemographyPhase::DemographyPhase(const DemographyRates& rates, const DemographySettings& settings,
                                 const Areas& areas, int step_months)
    : step_months_(step_months), births_(settings.births), deaths_(settings.deaths) {
  const double years = step_months / 12.0;
  const size_t n_areas = settings.mortality_deprivation_gradient ? areas.size() : 1;
  area_stride_ = settings.mortality_deprivation_gradient ? kSexCount * kAges : 0;
  death_threshold_.assign(std::max<size_t>(n_areas, 1) * kSexCount * kAges, 0);
  for (size_t a = 0; a < n_areas; ++a) {
    const double ratio = settings.mortality_deprivation_gradient ? areas.mortality_ratio[a] : 1.0;
    for (int sex = 0; sex < kSexCount; ++sex)
      for (size_t age = 0; age < kAges; ++age)
        death_threshold_[(a * kSexCount + sex) * kAges + age] = probability_threshold(
            step_probability(rates.mortality_per_year[sex][age] * ratio, years));
  }
  const size_t councils = rates.fertility_per_year.size();
  birth_threshold_.assign(councils * kSexCount * kAges, 0);
  for (size_t c = 0; c < councils; ++c)
    for (size_t age = 0; age < kAges; ++age)
      birth_threshold_[(c * kSexCount + static_cast<size_t>(Sex::kFemale)) * kAges + age] =
          probability_threshold(step_probability(rates.fertility_per_year[c][age], years));
  male_threshold_ = probability_threshold(rates.male_birth_share);
  thresholds_.resize(areas.size() * kSexCount * kAges);
  for (size_t a = 0; a < areas.size(); ++a)
    for (size_t sex_age = 0; sex_age < kSexCount * kAges; ++sex_age) {
      const uint64_t death = deaths_ ? death_threshold_[a * area_stride_ + sex_age] : 0;
      const uint64_t birth =
          births_ ? birth_threshold_[areas.council[a] * kSexCount * kAges + sex_age] : 0;
      thresholds_[a * kSexCount * kAges + sex_age] = death | birth << 32;
    }
}

double DemographyPhase::death_probability(int sex, int age, size_t area) const {
  return std::ldexp(
      static_cast<double>(death_threshold_[area * area_stride_ + static_cast<size_t>(sex) * kAges +
                                           static_cast<size_t>(std::min(age, kOldestAge))]),
      -32);
}

double DemographyPhase::birth_probability(size_t council, int age) const {
  return std::ldexp(
      static_cast<double>(
          birth_threshold_[(council * kSexCount + static_cast<size_t>(Sex::kFemale)) * kAges +
                           static_cast<size_t>(std::min(age, kOldestAge))]),
      -32);
}

void DemographyPhase::draw(const Population& population, RandomKey key, uint32_t step,
                           YearMonth now, DemographyEvents& events) {
  const People& p = population.people;
  const size_t n = p.size();
  const size_t blocks = (n + kBlockRows - 1) / kBlockRows;
  if (block_events_.size() < blocks) block_events_.resize(blocks);
  const size_t known = std::min(events.rows_checked, n) / kBlockRows;  // full blocks checked before
  events.uids_run_on.resize(blocks);

#pragma omp parallel
  {
    std::vector<uint32_t> words(4 * kBlockRows);
    std::vector<uint8_t> flag(kBlockRows);
#pragma omp for schedule(dynamic, 4)
    for (size_t b = 0; b < blocks; ++b) {
      DemographyEvents& out = block_events_[b];
      out.deaths.clear();
      out.births.clear();
      const size_t begin = b * kBlockRows, end = std::min(n, begin + kBlockRows);
      // Pass 1: each person's Philox block (words: 0 death, 1 birth, 2 the baby's sex, 3 its month),
      // all of a block's persons at once where their uids run on (rows are never reused: nearly
      // always), else branch-free so the compiler can vectorise Philox.
      const uint32_t* uid = &p.uid[begin];
      if (b >= known) {
        uint32_t off = 0;  // 0 where uid[k] == uid[0] + k for all k
        for (size_t k = 1; k < end - begin; ++k)
          off |= uid[k] ^ (uid[0] + static_cast<uint32_t>(k));
        events.uids_run_on[b] = off == 0;
      }
      if (events.uids_run_on[b]) {
        philox_groups(key, uid[0], end - begin, step, kStream, words.data());
      } else {
        for (size_t k = 0; k < end - begin; ++k) {
          const Words4 w = philox_block(key, uid[k], step, kStream, 0);
          std::copy(w.begin(), w.end(), &words[4 * k]);
        }
      }
      // Pass 2: compare with the thresholds (flag_rows).
      const Rows rows{&p.birth_month[begin], &p.area[begin], &p.sex[begin], &p.alive[begin]};
      flag_rows(end - begin, now.months, rows, thresholds_.data(), words.data(), flag.data());
      // Pass 3: the events, which are rare: eight flags at a time, skipped while all are 0.
      const size_t m = end - begin;
      for (size_t k = 0; k < m; k += 8) {
        uint64_t eight = 0;  // the flags of rows k .. k + 7 (0 past the block)
        std::memcpy(&eight, &flag[k], std::min<size_t>(8, m - k));
        if (eight == 0) continue;
        for (size_t j = k; j < std::min(m, k + 8); ++j) {
          const auto i = static_cast<uint32_t>(begin + j);
          if (flag[j] & 1u) {
            out.deaths.push_back(i);
          } else if (flag[j] != 0) {
            const uint32_t* w = &words[4 * j];
            const uint8_t baby_sex = w[2] < male_threshold_ ? uint8_t{1} : uint8_t{0};
            const int32_t month =
                now.months + static_cast<int32_t>(w[3] % static_cast<uint32_t>(step_months_));
            out.births.push_back({i, baby_sex, month});
          }
        }
      }
    }
  }
  events.rows_checked = n;
  events.deaths.clear();
  events.births.clear();
  for (size_t b = 0; b < blocks; ++b) {
    events.deaths.insert(events.deaths.end(), block_events_[b].deaths.begin(),
                         block_events_[b].deaths.end());
    events.births.insert(events.births.end(), block_events_[b].births.begin(),
                         block_events_[b].births.end());
  }
}

void DemographyPhase::apply(Population& population, const DemographyEvents& events) {
  People& p = population.people;
  Households& h = population.households;
  for (uint32_t i : events.deaths) {
    p.alive[i] = 0;
    --h.living[p.household[i]];
  }
  for (const Birth& b : events.births) {
    const uint32_t household = p.household[b.mother];
    p.add(population.next_person_uid++, household, b.birth_month, p.area[b.mother],
          static_cast<Sex>(b.sex));
    ++h.living[household];
  }
}

}  // namespace civicsim
