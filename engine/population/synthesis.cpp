// The synthetic LCR build, one LSOA at a time: ages -> persons -> household table (IPF) -> placement ->
// housing condition, then the LSOAs are assembled in area order. Assumptions: docs/population.md.
#include "engine/population/synthesis.hpp"

#include "engine/population/cohort.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>
#include <vector>

#include "engine/core/input_error.hpp"
#include "engine/core/random.hpp"
#include "engine/population/ipf.hpp"
#include "engine/population/linked_csv.hpp"

namespace civicsim {
namespace {

constexpr int kAdultAge = 18;        // dependent children are 0-17 (population.hpp, HouseholdType)
constexpr int kParentMaxAge = 59;    // adults 18-59 are placed in family households first
// Lone parents with dependent children who are women: "nine in ten" (ONS, 2011 Census analysis of
// families and households, England and Wales); used as the chance that a lone-parent slot asks for a
// woman. Approximate; see docs/population.md.
constexpr double kLoneParentFemale = 0.9;

// One LSOA's households and persons before assembly (persons grouped by local household).
struct AreaBuild {
  std::vector<uint8_t> type, tenure, condition;
  std::vector<uint16_t> living;
  std::vector<int32_t> birth;
  std::vector<uint8_t> sex;
  std::vector<uint32_t> household;  // local household index of each person
};

struct Person {
  int age;
  uint8_t sex;
};

std::vector<uint32_t> words(CounterRng& rng, size_t n) {
  std::vector<uint32_t> w(n);
  for (auto& x : w) x = rng();
  return w;
}

// Uniform integer in [0, n) from one word (multiply-shift; bias below 2^-32 * n).
uint32_t below(uint32_t word, size_t n) {
  return static_cast<uint32_t>((static_cast<uint64_t>(word) * n) >> 32);
}

// Fisher-Yates shuffle driven by the area's counter-based stream (O(n), unlike sorting random keys).
template <typename T>
void shuffle(std::vector<T>& v, CounterRng& rng) {
  for (size_t i = v.size(); i > 1; --i) std::swap(v[i - 1], v[below(rng(), i)]);
}

// Stable counting sort of persons by age (youngest first); ages are 0..kMaxAge.
void sort_by_age(std::vector<uint32_t>& v, const std::vector<Person>& p) {
  std::array<uint32_t, kAgeCount + 1> start{};
  for (uint32_t i : v) ++start[static_cast<size_t>(p[i].age) + 1];
  std::partial_sum(start.begin(), start.end(), start.begin());
  std::vector<uint32_t> out(v.size());
  for (uint32_t i : v) out[start[static_cast<size_t>(p[i].age)]++] = i;
  v = std::move(out);
}

// Household type targets for H households made feasible for the LSOA's K children and A adults:
// every family household needs a child, couples and "other" households two adults.
std::array<double, kHouseholdTypeCount> feasible_types(std::array<double, kHouseholdTypeCount> t, double children,
                                                       double adults) {
  enum { kOne, kCouple, kCoupleKids, kLone, kOther };
  const double family = t[kCoupleKids] + t[kLone];
  if (family > children) {  // too few children: childless couples / single adults instead
    const double keep = family > 0 ? children / family : 0.0;
    t[kCouple] += t[kCoupleKids] * (1 - keep);
    t[kOne] += t[kLone] * (1 - keep);
    t[kCoupleKids] *= keep;
    t[kLone] *= keep;
  }
  double excess = t[kOne] + t[kLone] + 2 * (t[kCouple] + t[kCoupleKids] + t[kOther]) - adults;
  auto shift = [&](int from, int to) {
    const double m = std::clamp(excess, 0.0, t[from]);
    t[from] -= m;
    t[to] += m;
    excess -= m;
  };
  shift(kOther, kOne);        // too few adults: sharers become one-person households first,
  shift(kCouple, kOne);       // then childless couples,
  shift(kCoupleKids, kLone);  // then couples with children become lone parents
  return t;
}

// Integer households per (type, tenure, overcrowded) cell, index (type * 3 + tenure) * 2 + oc.
std::vector<int> household_cells(const LcrData& d, size_t a, int households, int children, int adults,
                                 CounterRng& rng) {
  constexpr int kT = kHouseholdTypeCount, kU = kTenureCount;
  const double h = households;
  std::array<double, kT> type{};
  for (int k = 0; k < kT; ++k) type[k] = d.type_share[a][k] * h;
  type = feasible_types(type, children, adults);
  // One-person and couple-without-children households cannot be overcrowded under the bedroom
  // standard (they need one bedroom), so the overcrowded count is capped by the other types.
  const double oc = std::min(d.overcrowded_share[a] * h, type[2] + type[3] + type[4]);
  Eigen::ArrayXd seed = Eigen::ArrayXd::Ones(kT * kU * 2);
  for (int k = 0; k < 2; ++k)
    for (int u = 0; u < kU; ++u) seed[(k * kU + u) * 2 + 1] = 0.0;  // structural zeros
  std::vector<Eigen::ArrayXd> margins(3);
  margins[0] = Eigen::Map<const Eigen::ArrayXd>(type.data(), kT);
  margins[1] = Eigen::Map<const Eigen::ArrayXd>(d.tenure_share[a].data(), kU) * h;
  margins[2] = Eigen::ArrayXd(2);
  margins[2] << h - oc, oc;
  Eigen::ArrayXd fit = seed;
  if (households > 0) ipf_fit(fit, {kT, kU, 2}, margins, 1e-10, 2000);

  // Integerise: tenure and overcrowding margins by largest remainder, then the tenure x overcrowded
  // table, then types within it (controlled rounding keeps the margins; see ipf.hpp).
  const Eigen::ArrayXi tenure_n = largest_remainder(margins[1], households, words(rng, kU));
  const Eigen::ArrayXi oc_n = largest_remainder(margins[2], households, words(rng, 2));
  Eigen::ArrayXXd by_tenure = Eigen::ArrayXXd::Zero(kU, 2);
  Eigen::ArrayXXd by_type = Eigen::ArrayXXd::Zero(kT, kU * 2);
  for (int k = 0; k < kT; ++k)
    for (int u = 0; u < kU; ++u)
      for (int o = 0; o < 2; ++o) {
        by_tenure(u, o) += fit[(k * kU + u) * 2 + o];
        by_type(k, u * 2 + o) = fit[(k * kU + u) * 2 + o];
      }
  const Eigen::ArrayXXi tenure_oc = controlled_round(by_tenure, tenure_n, oc_n, words(rng, kU * 2), {});
  Eigen::ArrayXi col_totals(kU * 2);
  for (int u = 0; u < kU; ++u)
    for (int o = 0; o < 2; ++o) col_totals[u * 2 + o] = tenure_oc(u, o);
  const Eigen::ArrayXi type_n = largest_remainder(margins[0], households, words(rng, kT));
  std::vector<bool> allowed(kT * kU * 2);
  for (int k = 0; k < kT; ++k)
    for (int c = 0; c < kU * 2; ++c) allowed[static_cast<size_t>(k * kU * 2 + c)] = seed[k * kU * 2 + c] > 0;
  const Eigen::ArrayXXi cells = controlled_round(by_type, type_n, col_totals, words(rng, kT * kU * 2), allowed);
  std::vector<int> out(kT * kU * 2);
  for (int k = 0; k < kT; ++k)
    for (int c = 0; c < kU * 2; ++c) out[static_cast<size_t>(k * kU * 2 + c)] = cells(k, c);
  return out;
}

// Pairs adults into couples: women and men each ordered by age and matched rank by rank, any left over
// paired by age among themselves; the pairs are then shuffled. `adults` come in random order, which
// breaks ties of age at random. Returns the flat sequence of pair members (and an odd one out last).
std::vector<uint32_t> pair_couples(const std::vector<uint32_t>& adults, const std::vector<Person>& p,
                                   CounterRng& rng) {
  std::vector<uint32_t> by_sex[kSexCount];
  for (uint32_t i : adults) by_sex[p[i].sex].push_back(i);
  for (auto& v : by_sex) sort_by_age(v, p);
  std::vector<std::array<uint32_t, 2>> pairs;
  const size_t mixed = std::min(by_sex[0].size(), by_sex[1].size());
  for (size_t i = 0; i < mixed; ++i) pairs.push_back({by_sex[0][i], by_sex[1][i]});
  const auto& rest = by_sex[0].size() > mixed ? by_sex[0] : by_sex[1];
  for (size_t i = mixed; i + 1 < rest.size(); i += 2) pairs.push_back({rest[i], rest[i + 1]});
  shuffle(pairs, rng);
  std::vector<uint32_t> flat;
  flat.reserve(adults.size());
  for (const auto& pr : pairs) flat.insert(flat.end(), pr.begin(), pr.end());
  if (rest.size() > mixed && (rest.size() - mixed) % 2 == 1) flat.push_back(rest.back());
  return flat;
}

// Gives couple households their adults from a pair_couples sequence of m adults: with m >= c
// households, m - c get two and the rest one; with fewer, the first m get one each.
void place_couples(const std::vector<uint32_t>& seq, const std::vector<uint32_t>& households,
                   std::vector<uint32_t>& member) {
  const size_t c = households.size(), m = seq.size();
  if (c == 0) return;
  const size_t full = m >= c ? std::min(m - c, c) : 0;
  for (size_t k = 0; k < m; ++k) {
    const size_t h = k < 2 * full ? k / 2 : full + (k - 2 * full);
    member[seq[k]] = households[std::min(h, c - 1)];
  }
}

// A pool of persons split by sex, each sex kept in pool order and taken from the front: lets couples be
// chosen half women, half men, so that sex-pairing in pair_couples leaves few same-sex pairs.
class SexQueues {
 public:
  SexQueues(const std::vector<uint32_t>& pool, const std::vector<Person>& p) {
    for (uint32_t i : pool) q_[p[i].sex].push_back(i);
  }
  size_t size() const { return q_[0].size() - at_[0] + q_[1].size() - at_[1]; }
  // The next person of sex s, or of the other sex when none of s is left. Needs size() > 0.
  uint32_t take(int s) {
    if (at_[s] == q_[s].size()) s = 1 - s;
    return q_[s][at_[s]++];
  }
  // Up to n persons, women and men alternately while both last.
  std::vector<uint32_t> take_balanced(size_t n) {
    std::vector<uint32_t> out;
    for (size_t k = 0; k < n && size() > 0; ++k) out.push_back(take(static_cast<int>(k % 2)));
    return out;
  }
  // Everyone not taken (women, then men; callers shuffle).
  std::vector<uint32_t> remaining() const {
    std::vector<uint32_t> out(q_[0].begin() + static_cast<std::ptrdiff_t>(at_[0]), q_[0].end());
    out.insert(out.end(), q_[1].begin() + static_cast<std::ptrdiff_t>(at_[1]), q_[1].end());
    return out;
  }

 private:
  std::vector<uint32_t> q_[kSexCount];
  size_t at_[kSexCount] = {0, 0};
};

AreaBuild build_area(const LcrData& d, size_t a, double scale, RandomKey key, YearMonth ref,
                     double mean_poor_condition) {
  AreaBuild out;
  const uint32_t uid = static_cast<uint32_t>(a);
  const uint8_t council = d.geo.areas.council[a];

  // Ages: the source counts x scale, rounded by largest remainder to round(N x scale).
  CounterRng age_rng(key, uid, 0, stream_id("population.ages"));
  Eigen::ArrayXd real(kAgeCount);
  for (int age = 0; age < kAgeCount; ++age) real[age] = d.persons_by_age[a][age] * scale;
  const int n = static_cast<int>(std::llround(d.geo.persons_2019[a] * scale));
  const Eigen::ArrayXi by_age = largest_remainder(real, n, words(age_rng, kAgeCount));

  // Persons: birth month uniform over the 12 months that give age `age` at the reference month;
  // sex from the council's female share at that age.
  CounterRng person_rng(key, uid, 0, stream_id("population.persons"));
  std::vector<Person> people;
  people.reserve(static_cast<size_t>(n));
  out.birth.reserve(static_cast<size_t>(n));
  int children = 0;
  for (int age = 0; age < kAgeCount; ++age) {
    const uint32_t female = probability_threshold(d.female_probability[council][age]);
    for (int k = 0; k < by_age[age]; ++k) {
      const uint32_t w0 = person_rng(), w1 = person_rng();
      out.birth.push_back(ref.months - 12 * age - static_cast<int32_t>(below(w0, 12)));
      const uint8_t s = static_cast<uint8_t>(w1 < female ? Sex::kFemale : Sex::kMale);
      people.push_back({age, s});
      if (age < kAdultAge) ++children;
    }
  }
  const int adults = n - children;

  // Households: census 2021 count re-based to 2019 x scale; at least one if anyone lives here and at
  // most one per adult (at tiny scales an LSOA may have children only: one household), so none is empty.
  int households = static_cast<int>(std::llround(d.households_2019[a] * scale));
  households = n == 0 ? 0 : std::clamp(households, 1, std::max(adults, 1));
  CounterRng hh_rng(key, uid, 0, stream_id("population.households"));
  const std::vector<int> cells = household_cells(d, a, households, children, adults, hh_rng);
  for (size_t c = 0; c < cells.size(); ++c)
    for (int k = 0; k < cells[c]; ++k) {
      out.type.push_back(static_cast<uint8_t>(c / (kTenureCount * 2)));
      out.tenure.push_back(static_cast<uint8_t>((c / 2) % kTenureCount));
      out.condition.push_back((c % 2) ? condition::kOvercrowded : uint8_t{0});
    }
  const size_t nh = out.type.size();

  // Placement. Children and adults in random order (shuffled); adults 18-59 first for family households.
  CounterRng place_rng(key, uid, 0, stream_id("population.placement"));
  std::vector<uint32_t> member(people.size(), 0);
  std::vector<uint32_t> kids, young, old;
  for (uint32_t i = 0; i < people.size(); ++i)
    (people[i].age < kAdultAge ? kids : people[i].age <= kParentMaxAge ? young : old).push_back(i);
  shuffle(kids, place_rng);
  shuffle(young, place_rng);
  shuffle(old, place_rng);
  sort_by_age(old, people);  // 60+ youngest first, random within an age
  std::vector<uint32_t> of_type[kHouseholdTypeCount];
  for (uint32_t h = 0; h < nh; ++h) of_type[out.type[h]].push_back(h);
  const auto& one = of_type[0];
  const auto& couple = of_type[1];
  const auto& couple_kids = of_type[2];
  const auto& lone = of_type[3];
  const auto& other = of_type[4];

  std::vector<uint32_t> family(couple_kids);
  family.insert(family.end(), lone.begin(), lone.end());
  std::sort(family.begin(), family.end());

  // Adult slots in priority order: a first adult for every household, then the second adult of couples
  // with children, then the second adult of couples and "other"; adults left over are the surplus.
  // Family households draw from adults 18-59 in random order, then from 60+ youngest first.
  const size_t n_adults = young.size() + old.size();
  const size_t fam_first = std::min(n_adults, family.size());
  const size_t fam_second = n_adults > nh ? std::min(couple_kids.size(), n_adults - nh) : 0;
  std::vector<uint32_t> pool(young);
  pool.insert(pool.end(), old.begin(), old.end());
  SexQueues fam(pool, people);
  // Lone parents: a woman with probability kLoneParentFemale when one is left.
  const size_t lone_adults = std::min(fam_first, lone.size());
  for (size_t k = 0; k < lone_adults; ++k) {
    const int want = place_rng() < probability_threshold(kLoneParentFemale) ? 0 : 1;
    member[fam.take(want)] = lone[k];
  }
  // Couples with children: half women, half men where possible, paired by age.
  const std::vector<uint32_t> parents = fam.take_balanced(fam_first + fam_second - lone_adults);
  place_couples(pair_couples(parents, people, place_rng), couple_kids, member);
  std::vector<uint32_t> rest = fam.remaining();
  shuffle(rest, place_rng);

  // Everyone else, in random order: one per one-person household, couples paired, two per "other"
  // (first adults before second ones), then the surplus (students, communal residents) spread at random
  // over "other" households (or, without any, couples, then any household: docs/population.md).
  size_t left = rest.size(), next = 0;
  auto take = [&](size_t want) {
    const size_t got = std::min(want, left);
    left -= got;
    return got;
  };
  const size_t q_one = take(one.size());
  const size_t couple_first = take(couple.size());
  const size_t other_first = take(other.size());
  const size_t couple_second = take(couple.size());
  const size_t other_second = take(other.size());
  for (size_t k = 0; k < q_one; ++k) member[rest[next++]] = one[k];
  {
    SexQueues others(std::vector<uint32_t>(rest.begin() + static_cast<std::ptrdiff_t>(next), rest.end()), people);
    place_couples(pair_couples(others.take_balanced(couple_first + couple_second), people, place_rng), couple,
                  member);
    rest = others.remaining();
    shuffle(rest, place_rng);
    next = 0;
  }
  for (size_t k = 0; k < other_first + other_second; ++k) member[rest[next++]] = other[k % other.size()];
  const std::vector<uint32_t>* spare = !other.empty()         ? &other
                                       : !couple.empty()      ? &couple
                                       : !couple_kids.empty() ? &couple_kids
                                       : !lone.empty()        ? &lone
                                                              : &one;
  for (; next < rest.size() && !spare->empty(); ++next)
    member[rest[next]] = (*spare)[below(place_rng(), spare->size())];

  // Children, after the adults so that ages fit: a random one per family household, matched by rank of
  // age to the household's youngest adult; the rest to random family households whose youngest adult
  // is 15-49 years older (up to kTries draws). With no family household, children go to "other", then
  // couples, then any household.
  constexpr int kNoAdult = 1000, kTries = 16;
  std::vector<int> parent_age(nh, kNoAdult);
  for (size_t i = 0; i < people.size(); ++i)
    if (people[i].age >= kAdultAge) parent_age[member[i]] = std::min(parent_age[member[i]], people[i].age);
  for (int& x : parent_age)
    if (x == kNoAdult) x = 40;  // a family household left without adults (shortfall)
  if (!family.empty()) {
    const size_t first = std::min(kids.size(), family.size());
    std::vector<uint32_t> firsts(kids.begin(), kids.begin() + static_cast<std::ptrdiff_t>(first));
    sort_by_age(firsts, people);
    std::vector<uint32_t> homes(family);
    std::stable_sort(homes.begin(), homes.end(), [&](uint32_t x, uint32_t y) { return parent_age[x] < parent_age[y]; });
    // Rank matching over the households that get a first child (spread evenly when fewer children).
    for (size_t k = 0; k < first; ++k) member[firsts[k]] = homes[k * homes.size() / first];
    for (size_t k = first; k < kids.size(); ++k) {
      const int age = people[kids[k]].age;
      uint32_t h = 0;
      for (int t = 0; t < kTries; ++t) {
        h = family[below(place_rng(), family.size())];
        const int gap = parent_age[h] - age;
        if (gap >= 15 && gap <= 49) break;
      }
      member[kids[k]] = h;
    }
  } else {
    std::vector<uint32_t> all_households(nh);
    std::iota(all_households.begin(), all_households.end(), 0u);
    const std::vector<uint32_t>& hosts = !other.empty() ? other : !couple.empty() ? couple : all_households;
    for (uint32_t k : kids) member[k] = hosts[below(place_rng(), hosts.size())];
  }

  // Persons grouped by household (adults first, oldest first within a household).
  std::vector<uint32_t> count(nh + 1, 0);
  for (size_t i = 0; i < people.size(); ++i) ++count[member[i] + 1];
  out.living.assign(nh, 0);
  for (size_t h = 0; h < nh; ++h) out.living[h] = static_cast<uint16_t>(std::min<uint32_t>(count[h + 1], 65535));
  std::partial_sum(count.begin(), count.end(), count.begin());
  std::vector<int32_t> birth(people.size());
  std::vector<uint8_t> sex(people.size());
  out.household.assign(people.size(), 0);
  for (size_t i = people.size(); i-- > 0;) {  // persons are in ascending age: reverse puts the oldest first
    const uint32_t slot = count[member[i]]++;
    birth[slot] = out.birth[i];
    sex[slot] = people[i].sex;
    out.household[slot] = member[i];
  }
  out.birth = std::move(birth);
  out.sex = std::move(sex);

  // Housing condition: poor condition and no central heating at the LSOA's IoD2019 rates; damp at the
  // tenure's EHS rate scaled by the LSOA's poor-condition indicator relative to the LCR mean.
  CounterRng cond_rng(key, uid, 0, stream_id("population.condition"));
  const double poor = d.geo.areas.poor_condition_share[a];
  const uint32_t t_poor = probability_threshold(poor);
  const uint32_t t_heating = probability_threshold(d.geo.areas.no_central_heating_share[a]);
  const double relative = mean_poor_condition > 0 ? poor / mean_poor_condition : 1.0;
  for (size_t h = 0; h < nh; ++h) {
    const uint32_t t_damp = probability_threshold(std::min(1.0, kDampByTenure[out.tenure[h]] * relative));
    if (cond_rng() < t_poor) out.condition[h] |= condition::kPoorCondition;
    if (cond_rng() < t_heating) out.condition[h] |= condition::kNoCentralHeating;
    if (cond_rng() < t_damp) out.condition[h] |= condition::kDamp;
  }
  return out;
}

}  // namespace

Population build_lcr_population(const LcrData& d, double scale, uint64_t seed, YearMonth reference_date) {
  if (!(scale > 0) || !std::isfinite(scale))
    throw InputError({"", "/population/scale", "a number > 0", std::to_string(scale)});
  const size_t n_areas = d.geo.areas.size();
  const RandomKey key = RandomKey::make(seed, 0);
  double weighted = 0, households = 0;
  for (size_t a = 0; a < n_areas; ++a) {
    weighted += d.households_2019[a] * d.geo.areas.poor_condition_share[a];
    households += d.households_2019[a];
  }
  const double mean_poor = households > 0 ? weighted / households : 0.0;

  std::vector<AreaBuild> parts(n_areas);
#pragma omp parallel for schedule(dynamic, 4)
  for (size_t a = 0; a < n_areas; ++a) parts[a] = build_area(d, a, scale, key, reference_date, mean_poor);

  std::vector<size_t> hh_start(n_areas + 1, 0), person_start(n_areas + 1, 0);
  for (size_t a = 0; a < n_areas; ++a) {
    hh_start[a + 1] = hh_start[a] + parts[a].type.size();
    person_start[a + 1] = person_start[a] + parts[a].birth.size();
  }
  if (person_start[n_areas] > UINT32_MAX - 1)
    throw InputError({"", "/population/scale", "a scale giving fewer than 2^32 persons", std::to_string(scale)});

  Population pop;
  pop.councils = d.geo.councils;
  pop.areas = d.geo.areas;
  pop.reference_date = reference_date;
  pop.source = "lcr_synthetic";
  Households& h = pop.households;
  People& p = pop.people;
  const size_t nh = hh_start[n_areas], np = person_start[n_areas];
  h.uid.resize(nh);
  h.area.resize(nh);
  h.tenure.resize(nh);
  h.type.resize(nh);
  h.condition.resize(nh);
  h.living.resize(nh);
  p.resize(np);
#pragma omp parallel for schedule(dynamic, 4)
  for (size_t a = 0; a < n_areas; ++a) {
    const AreaBuild& b = parts[a];
    const size_t h0 = hh_start[a], p0 = person_start[a];
    for (size_t k = 0; k < b.type.size(); ++k) {
      h.uid[h0 + k] = static_cast<uint32_t>(h0 + k);
      h.area[h0 + k] = static_cast<uint16_t>(a);
      h.tenure[h0 + k] = b.tenure[k];
      h.type[h0 + k] = b.type[k];
      h.condition[h0 + k] = b.condition[k];
      h.living[h0 + k] = b.living[k];
    }
    for (size_t k = 0; k < b.birth.size(); ++k) {
      p.uid[p0 + k] = static_cast<uint32_t>(p0 + k);
      p.household[p0 + k] = static_cast<uint32_t>(h0 + b.household[k]);
      p.birth_month[p0 + k] = b.birth[k];
      p.area[p0 + k] = static_cast<uint16_t>(a);
      p.sex[p0 + k] = b.sex[k];
    }
  }
  pop.next_household_uid = static_cast<uint32_t>(nh);
  pop.next_person_uid = static_cast<uint32_t>(np);
  pop.fingerprint = population_fingerprint(pop);
  return pop;
}

Population build_population(const PopulationSettings& settings, uint64_t seed, YearMonth reference_date) {
  if (settings.source == PopulationSource::kCohort) return build_cohort_population(settings.cohort, reference_date);
  if (settings.source == PopulationSource::kLinked)
    return read_linked_csv(settings.households_csv, settings.persons_csv, settings.data_dir, reference_date);
  if (!(settings.scale > 0) || !std::isfinite(settings.scale))
    throw InputError({"", "/population/scale", "a number > 0", std::to_string(settings.scale)});
  return build_lcr_population(load_lcr_data(settings.data_dir), settings.scale, seed, reference_date);
}

}  // namespace civicsim
