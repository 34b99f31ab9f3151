#include "engine/sim/living.hpp"

#include <algorithm>

namespace civicsim {

LivingByStratum::LivingByStratum(const Population& population, YearMonth date)
    : strata_(population), counts_(count_living(population, date)) {
  // From the earliest birth month: an initial person's, or the date (newborns are born after it).
  const People& p = population.people;
  first_month_ = date.months;
  for (int32_t born : p.birth_month) first_month_ = std::min(first_month_, born);
  index(p, 0, p.size());
}

void LivingByStratum::index(const People& p, size_t begin, size_t end) {
  for (size_t i = begin; i < end; ++i) {
    const auto month = static_cast<size_t>(p.birth_month[i] - first_month_);
    if (month >= born_in_.size()) born_in_.resize(month + 1);
    born_in_[month].push_back(static_cast<uint32_t>(i));
  }
}

void LivingByStratum::advance(const Population& population, YearMonth now, YearMonth next,
                              const std::vector<uint32_t>& deaths, size_t first_newborn) {
  const People& p = population.people;
  for (uint32_t i : deaths) --counts_[stratum(p, i, now)];
  // A person of age below L at `now` and at least L at `next` was born in (now - 12L, next - 12L].
  // Steps are at most a year and boundaries whole years apart: the windows do not overlap.
  for (size_t b = 0; b + 1 < kAgeBandUpper.size(); ++b) {
    const int32_t years = kAgeBandUpper[b] + 1;  // the next band's first age
    for (int32_t month = now.months - 12 * years + 1; month <= next.months - 12 * years; ++month) {
      const int64_t at = int64_t{month} - first_month_;
      if (at < 0 || at >= static_cast<int64_t>(born_in_.size())) continue;
      const std::vector<uint32_t>& rows = born_in_[static_cast<size_t>(at)];
      for (size_t k = 0; k < rows.size(); ++k) {
        if (k + 8 < rows.size()) {  // rows scattered over the population: fetched ahead
          const uint32_t ahead = rows[k + 8];
          __builtin_prefetch(&p.alive[ahead]);
          __builtin_prefetch(&p.area[ahead]);
          __builtin_prefetch(&p.sex[ahead]);
        }
        const uint32_t i = rows[k];  // born in `month`
        if (!p.alive[i]) continue;
        --counts_[strata_.of(now.months - month, p.area[i], p.sex[i])];
        ++counts_[strata_.of(next.months - month, p.area[i], p.sex[i])];
      }
    }
  }
  for (size_t i = first_newborn; i < p.size(); ++i) ++counts_[stratum(p, i, next)];
  index(p, first_newborn, p.size());
}

}  // namespace civicsim
