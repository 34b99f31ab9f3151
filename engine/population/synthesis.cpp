// The synthetic LCR build, one LSOA at a time: ages -> persons -> household table (IPF) -> placement ->
// housing condition, then the LSOAs are assembled in area order. Assumptions: docs/population.md.
#include "engine/population/synthesis.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/input_error.hpp"
#include "engine/core/random.hpp"
#include "engine/population/cohort.hpp"
#include "engine/population/damp_readings.hpp"
#include "engine/population/ipf.hpp"
#include "engine/population/linked_csv.hpp"

namespace civicsim {
namespace {

constexpr int kAdultAge = 18;      // dependent children are 0-17 (population.hpp, HouseholdType)
constexpr int kParentMaxAge = 59;  // adults 18-59 are placed in family households first
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
  int32_t birth;  // YearMonth::months
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
std::array<double, kHouseholdTypeCount> feasible_types(std::array<double, kHouseholdTypeCount> t,
                                                       double children, double adults) {
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
std::vector<int> household_cells(const LcrData& d, size_t a, int households, int children,
                                 int adults, CounterRng& rng) {
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
  const Eigen::ArrayXXi tenure_oc =
      controlled_round(by_tenure, tenure_n, oc_n, words(rng, kU * 2), {});
  Eigen::ArrayXi col_totals(kU * 2);
  for (int u = 0; u < kU; ++u)
    for (int o = 0; o < 2; ++o) col_totals[u * 2 + o] = tenure_oc(u, o);
  const Eigen::ArrayXi type_n = largest_remainder(margins[0], households, words(rng, kT));
  std::vector<bool> allowed(kT * kU * 2);
  for (int k = 0; k < kT; ++k)
    for (int c = 0; c < kU * 2; ++c)
      allowed[static_cast<size_t>(k * kU * 2 + c)] = seed[k * kU * 2 + c] > 0;
  const Eigen::ArrayXXi cells =
      controlled_round(by_type, type_n, col_totals, words(rng, kT * kU * 2), allowed);
  std::vector<int> out(kT * kU * 2);
  for (int k = 0; k < kT; ++k)
    for (int c = 0; c < kU * 2; ++c) out[static_cast<size_t>(k * kU * 2 + c)] = cells(k, c);
  return out;
}

// Pairs adults into couples: women and men each ordered by age and matched rank by rank, any left over
// paired by age among themselves; the pairs are then shuffled. `adults` come in random order, which
// breaks ties of age at random. Returns the flat sequence of pair members (and an odd one out last).
std::vector<uint32_t> pair_couples(const std::vector<uint32_t>& adults,
                                   const std::vector<Person>& p, CounterRng& rng) {
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

// Each LSOA draws from its own counter-based coordinates (uid = the area's index), one stream per
// step: the population is the same for any thread count, and a step's draws never shift another's.
CounterRng area_stream(RandomKey key, size_t a, std::string_view step) {
  return CounterRng(key, static_cast<uint32_t>(a), 0, stream_id(step));
}

// ---------------------------------------------------------------------------------------------
// build_area, step by step: ages, persons, households, placement, grouping, housing condition.

// Ages: the source counts x scale, rounded by largest remainder to n = round(N x scale).
Eigen::ArrayXi age_counts(const LcrData& d, size_t a, double scale, int n, CounterRng rng) {
  Eigen::ArrayXd real(kAgeCount);
  for (int age = 0; age < kAgeCount; ++age) real[age] = d.persons_by_age[a][age] * scale;
  return largest_remainder(real, n, words(rng, kAgeCount));
}

// Persons, youngest first: birth month uniform over the 12 months that give age `age` at the
// reference month; sex from the council's female share at that age.
std::vector<Person> draw_persons(const Eigen::ArrayXi& by_age,
                                 const std::array<double, kAgeCount>& female_share, YearMonth ref,
                                 CounterRng rng) {
  std::vector<Person> people;
  people.reserve(static_cast<size_t>(by_age.sum()));
  for (int age = 0; age < kAgeCount; ++age) {
    const uint32_t female = probability_threshold(female_share[age]);
    for (int k = 0; k < by_age[age]; ++k) {
      const uint32_t w0 = rng(), w1 = rng();
      const int32_t birth = ref.months - 12 * age - static_cast<int32_t>(below(w0, 12));
      people.push_back({age, static_cast<uint8_t>(w1 < female ? Sex::kFemale : Sex::kMale), birth});
    }
  }
  return people;
}

// Households: census 2021 count re-based to 2019 x scale; at least one if anyone lives here and at
// most one per adult (at tiny scales an LSOA may have children only: one household), so none is empty.
int household_count(const LcrData& d, size_t a, double scale, int persons, int adults) {
  const int households = static_cast<int>(std::llround(d.households_2019[a] * scale));
  return persons == 0 ? 0 : std::clamp(households, 1, std::max(adults, 1));
}

// The households' type, tenure and overcrowding: household_cells' counts, cell by cell.
void draw_households(const LcrData& d, size_t a, int households, int children, int adults,
                     CounterRng rng, AreaBuild& out) {
  const std::vector<int> cells = household_cells(d, a, households, children, adults, rng);
  for (size_t c = 0; c < cells.size(); ++c)
    for (int k = 0; k < cells[c]; ++k) {
      out.type.push_back(static_cast<uint8_t>(c / (kTenureCount * 2)));
      out.tenure.push_back(static_cast<uint8_t>((c / 2) % kTenureCount));
      out.condition.push_back((c % 2) ? condition::kOvercrowded : uint8_t{0});
    }
}

// Persons by placement group, each in random order: children, adults 18-59 (family households draw on
// them first) and adults 60+ (then youngest first, random within an age).
struct AgeGroups {
  std::vector<uint32_t> kids, young, old;
};

AgeGroups age_groups(const std::vector<Person>& people, CounterRng& rng) {
  AgeGroups g;
  for (uint32_t i = 0; i < people.size(); ++i)
    (people[i].age < kAdultAge        ? g.kids
     : people[i].age <= kParentMaxAge ? g.young
                                      : g.old)
        .push_back(i);
  shuffle(g.kids, rng);
  shuffle(g.young, rng);
  shuffle(g.old, rng);
  sort_by_age(g.old, people);
  return g;
}

// Local household indices by type; `family` is couples with children and lone parents together, in
// household order.
struct HouseholdsByType {
  std::vector<uint32_t> one, couple, couple_kids, lone, other, family;
  size_t total = 0;  // households in the area
};

HouseholdsByType households_by_type(const std::vector<uint8_t>& type) {
  HouseholdsByType h;
  std::vector<uint32_t>* of_type[kHouseholdTypeCount] = {&h.one, &h.couple, &h.couple_kids, &h.lone,
                                                         &h.other};
  for (uint32_t k = 0; k < type.size(); ++k) of_type[type[k]]->push_back(k);
  h.family = h.couple_kids;
  h.family.insert(h.family.end(), h.lone.begin(), h.lone.end());
  std::sort(h.family.begin(), h.family.end());
  h.total = type.size();
  return h;
}

// The first adult of each family household and the second of couples with children (see
// place_persons for the order of slots): lone parents are women with probability kLoneParentFemale
// when one is left; couples half women, half men where possible, paired by age. Returns the adults
// left, in random order.
std::vector<uint32_t> place_family_adults(const AgeGroups& g, const HouseholdsByType& h,
                                          const std::vector<Person>& people, CounterRng& rng,
                                          std::vector<uint32_t>& member) {
  const size_t n_adults = g.young.size() + g.old.size();
  const size_t fam_first = std::min(n_adults, h.family.size());
  const size_t fam_second =
      n_adults > h.total ? std::min(h.couple_kids.size(), n_adults - h.total) : 0;
  std::vector<uint32_t> pool(g.young);
  pool.insert(pool.end(), g.old.begin(), g.old.end());
  SexQueues fam(pool, people);
  const size_t lone_adults = std::min(fam_first, h.lone.size());
  for (size_t k = 0; k < lone_adults; ++k) {
    const int want = rng() < probability_threshold(kLoneParentFemale) ? 0 : 1;
    member[fam.take(want)] = h.lone[k];
  }
  const std::vector<uint32_t> parents = fam.take_balanced(fam_first + fam_second - lone_adults);
  place_couples(pair_couples(parents, people, rng), h.couple_kids, member);
  std::vector<uint32_t> rest = fam.remaining();
  shuffle(rest, rng);
  return rest;
}

// Where adults beyond every slot go: "other" households, or without any, couples, then any household.
const std::vector<uint32_t>& spare_households(const HouseholdsByType& h) {
  return !h.other.empty()         ? h.other
         : !h.couple.empty()      ? h.couple
         : !h.couple_kids.empty() ? h.couple_kids
         : !h.lone.empty()        ? h.lone
                                  : h.one;
}

// Everyone else, in random order: one per one-person household, couples paired, two per "other"
// (first adults before second ones), then the surplus (students, communal residents) spread at random
// over spare_households (docs/population.md).
void place_other_adults(std::vector<uint32_t> rest, const HouseholdsByType& h,
                        const std::vector<Person>& people, CounterRng& rng,
                        std::vector<uint32_t>& member) {
  size_t left = rest.size(), next = 0;
  auto take = [&](size_t want) {
    const size_t got = std::min(want, left);
    left -= got;
    return got;
  };
  const size_t q_one = take(h.one.size());
  const size_t couple_first = take(h.couple.size());
  const size_t other_first = take(h.other.size());
  const size_t couple_second = take(h.couple.size());
  const size_t other_second = take(h.other.size());
  for (size_t k = 0; k < q_one; ++k) member[rest[next++]] = h.one[k];
  SexQueues others(
      std::vector<uint32_t>(rest.begin() + static_cast<std::ptrdiff_t>(next), rest.end()), people);
  place_couples(pair_couples(others.take_balanced(couple_first + couple_second), people, rng),
                h.couple, member);
  rest = others.remaining();
  shuffle(rest, rng);
  next = 0;
  for (size_t k = 0; k < other_first + other_second; ++k)
    member[rest[next++]] = h.other[k % h.other.size()];
  const std::vector<uint32_t>& spare = spare_households(h);
  for (; next < rest.size() && !spare.empty(); ++next)
    member[rest[next]] = spare[below(rng(), spare.size())];
}

// Age of each household's youngest adult; 40 for a household left without adults (a shortfall).
std::vector<int> youngest_adult_age(const std::vector<Person>& people,
                                    const std::vector<uint32_t>& member, size_t households) {
  constexpr int kNoAdult = 1000;
  std::vector<int> age(households, kNoAdult);
  for (size_t i = 0; i < people.size(); ++i)
    if (people[i].age >= kAdultAge) age[member[i]] = std::min(age[member[i]], people[i].age);
  for (int& x : age)
    if (x == kNoAdult) x = 40;
  return age;
}

// Children into family households: a random one per household, matched by rank of age to the
// household's youngest adult; the rest to random family households whose youngest adult is 15-49
// years older (up to kTries draws, else the last one drawn).
void place_children_in_families(const std::vector<uint32_t>& kids, const HouseholdsByType& h,
                                const std::vector<Person>& people, CounterRng& rng,
                                std::vector<uint32_t>& member) {
  constexpr int kTries = 16;
  const std::vector<int> parent_age = youngest_adult_age(people, member, h.total);
  const size_t first = std::min(kids.size(), h.family.size());
  std::vector<uint32_t> firsts(kids.begin(), kids.begin() + static_cast<std::ptrdiff_t>(first));
  sort_by_age(firsts, people);
  std::vector<uint32_t> homes(h.family);
  std::stable_sort(homes.begin(), homes.end(),
                   [&](uint32_t x, uint32_t y) { return parent_age[x] < parent_age[y]; });
  // Rank matching over the households that get a first child (spread evenly when fewer children).
  for (size_t k = 0; k < first; ++k) member[firsts[k]] = homes[k * homes.size() / first];
  for (size_t k = first; k < kids.size(); ++k) {
    const int age = people[kids[k]].age;
    uint32_t home = 0;
    for (int t = 0; t < kTries; ++t) {
      home = h.family[below(rng(), h.family.size())];
      const int gap = parent_age[home] - age;
      if (gap >= 15 && gap <= 49) break;
    }
    member[kids[k]] = home;
  }
}

// Children, after the adults so that ages fit: into family households, or with none, at random into
// "other" households, then couples, then any household.
void place_children(const std::vector<uint32_t>& kids, const HouseholdsByType& h,
                    const std::vector<Person>& people, CounterRng& rng,
                    std::vector<uint32_t>& member) {
  if (!h.family.empty()) {
    place_children_in_families(kids, h, people, rng, member);
    return;
  }
  std::vector<uint32_t> all_households(h.total);
  std::iota(all_households.begin(), all_households.end(), 0u);
  const std::vector<uint32_t>& hosts = !h.other.empty()    ? h.other
                                       : !h.couple.empty() ? h.couple
                                                           : all_households;
  for (uint32_t k : kids) member[k] = hosts[below(rng(), hosts.size())];
}

// Each person's local household. Adult slots in priority order: a first adult for every household,
// then the second adult of couples with children, then the second adult of couples and "other";
// adults left over are the surplus. Family households draw from adults 18-59 in random order, then
// from 60+ youngest first. Children last.
std::vector<uint32_t> place_persons(const std::vector<Person>& people,
                                    const std::vector<uint8_t>& type, CounterRng rng) {
  std::vector<uint32_t> member(people.size(), 0);
  const AgeGroups g = age_groups(people, rng);
  const HouseholdsByType h = households_by_type(type);
  std::vector<uint32_t> rest = place_family_adults(g, h, people, rng, member);
  place_other_adults(std::move(rest), h, people, rng, member);
  place_children(g.kids, h, people, rng, member);
  return member;
}

// Persons grouped by household (adults first, oldest first within a household), and each
// household's count of persons.
void group_by_household(const std::vector<Person>& people, const std::vector<uint32_t>& member,
                        AreaBuild& out) {
  const size_t nh = out.type.size();
  std::vector<uint32_t> count(nh + 1, 0);
  for (size_t i = 0; i < people.size(); ++i) ++count[member[i] + 1];
  out.living.assign(nh, 0);
  for (size_t h = 0; h < nh; ++h)
    out.living[h] = static_cast<uint16_t>(std::min<uint32_t>(count[h + 1], 65535));
  std::partial_sum(count.begin(), count.end(), count.begin());
  out.birth.assign(people.size(), 0);
  out.sex.assign(people.size(), 0);
  out.household.assign(people.size(), 0);
  for (size_t i = people.size();
       i-- > 0;) {  // persons are in ascending age: reverse puts the oldest first
    const uint32_t slot = count[member[i]]++;
    out.birth[slot] = people[i].birth;
    out.sex[slot] = people[i].sex;
    out.household[slot] = member[i];
  }
}

// Housing condition: poor condition and no central heating at the LSOA's IoD2019 rates; damp at the
// tenure's EHS rate scaled by the LSOA's poor-condition indicator relative to the LCR mean.
void draw_conditions(const LcrData& d, size_t a, double mean_poor_condition, CounterRng rng,
                     AreaBuild& out) {
  const double poor = d.geo.areas.poor_condition_share[a];
  const uint32_t t_poor = probability_threshold(poor);
  const uint32_t t_heating = probability_threshold(d.geo.areas.no_central_heating_share[a]);
  const double relative = mean_poor_condition > 0 ? poor / mean_poor_condition : 1.0;
  for (size_t h = 0; h < out.type.size(); ++h) {
    const uint32_t t_damp =
        probability_threshold(std::min(1.0, kDampByTenure[out.tenure[h]] * relative));
    if (rng() < t_poor) out.condition[h] |= condition::kPoorCondition;
    if (rng() < t_heating) out.condition[h] |= condition::kNoCentralHeating;
    if (rng() < t_damp) out.condition[h] |= condition::kDamp;
  }
}

// One LSOA: ages -> persons -> household table (IPF) -> placement -> grouping -> housing condition.
AreaBuild build_area(const LcrData& d, size_t a, double scale, RandomKey key, YearMonth ref,
                     double mean_poor_condition) {
  const int n = static_cast<int>(std::llround(d.geo.persons_2019[a] * scale));
  const Eigen::ArrayXi by_age = age_counts(d, a, scale, n, area_stream(key, a, "population.ages"));
  const std::vector<Person> people =
      draw_persons(by_age, d.female_probability[d.geo.areas.council[a]], ref,
                   area_stream(key, a, "population.persons"));
  const int children = static_cast<int>(std::count_if(
      people.begin(), people.end(), [](const Person& p) { return p.age < kAdultAge; }));
  const int adults = n - children;
  AreaBuild out;
  draw_households(d, a, household_count(d, a, scale, n, adults), children, adults,
                  area_stream(key, a, "population.households"), out);
  const std::vector<uint32_t> member =
      place_persons(people, out.type, area_stream(key, a, "population.placement"));
  group_by_household(people, member, out);
  draw_conditions(d, a, mean_poor_condition, area_stream(key, a, "population.condition"), out);
  return out;
}

// ---------------------------------------------------------------------------------------------
// build_lcr_population: every LSOA in parallel, then assembled in area order.

void require_positive_scale(double scale) {
  if (!(scale > 0) || !std::isfinite(scale))
    throw InputError({"", "/population/scale", "a number > 0", std::to_string(scale)});
}

// The household-weighted LCR mean of the poor-condition indicator (the damp rates' reference).
double mean_poor_condition(const LcrData& d) {
  double weighted = 0, households = 0;
  for (size_t a = 0; a < d.geo.areas.size(); ++a) {
    weighted += d.households_2019[a] * d.geo.areas.poor_condition_share[a];
    households += d.households_2019[a];
  }
  return households > 0 ? weighted / households : 0.0;
}

// Where each area's households and persons start in the assembled tables (one past the end last).
struct Starts {
  std::vector<size_t> household, person;
};

Starts area_starts(const std::vector<AreaBuild>& parts) {
  const size_t n = parts.size();
  Starts s{std::vector<size_t>(n + 1, 0), std::vector<size_t>(n + 1, 0)};
  for (size_t a = 0; a < n; ++a) {
    s.household[a + 1] = s.household[a] + parts[a].type.size();
    s.person[a + 1] = s.person[a] + parts[a].birth.size();
  }
  return s;
}

// Copies one area's build into rows h0.. and p0..; uids are the storage rows.
void copy_area(const AreaBuild& b, size_t a, size_t h0, size_t p0, Population& pop) {
  Households& h = pop.households;
  People& p = pop.people;
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

// The areas' builds in area order, as one population.
Population assemble(const LcrAreas& geo, const std::vector<AreaBuild>& parts, double scale,
                    YearMonth ref) {
  const Starts s = area_starts(parts);
  const size_t nh = s.household.back(), np = s.person.back();
  if (np > UINT32_MAX - 1)  // uids are uint32_t
    throw InputError(
        {"", "/population/scale", "a scale giving fewer than 2^32 persons", std::to_string(scale)});
  Population pop = lcr_population(geo, ref, "lcr_synthetic");
  Households& h = pop.households;
  h.uid.resize(nh);
  h.area.resize(nh);
  h.tenure.resize(nh);
  h.type.resize(nh);
  h.condition.resize(nh);
  h.living.resize(nh);
  pop.people.resize(np);
#pragma omp parallel for schedule(dynamic, 4)
  for (size_t a = 0; a < parts.size(); ++a)
    copy_area(parts[a], a, s.household[a], s.person[a], pop);
  finish_population(pop);
  return pop;
}

}  // namespace

Population build_lcr_population(const LcrData& d, double scale, uint64_t seed,
                                YearMonth reference_date) {
  require_positive_scale(scale);
  const RandomKey key = RandomKey::make(seed, 0);
  const double mean_poor = mean_poor_condition(d);
  std::vector<AreaBuild> parts(d.geo.areas.size());
#pragma omp parallel for schedule(dynamic, 4)
  for (size_t a = 0; a < parts.size(); ++a)
    parts[a] = build_area(d, a, scale, key, reference_date, mean_poor);
  return assemble(d.geo, parts, scale, reference_date);
}

Population build_population(const PopulationSettings& settings, uint64_t seed,
                            YearMonth reference_date) {
  if (settings.source == PopulationSource::kCohort)
    return build_cohort_population(settings.cohort, reference_date);
  std::optional<DampReadings> readings;
  if (settings.damp_readings.enabled()) {
    readings = read_damp_readings(settings.damp_readings);
    if (readings->per_home && settings.source != PopulationSource::kLinked)
      throw InputError({readings->file, "line 1, column household_id",
                        "lsoa11_code and sensor_id columns (readings per home by household_id "
                        "need population.source linked)",
                        "household_id"});
  }
  Population pop;
  if (settings.source == PopulationSource::kLinked) {
    pop = read_linked_csv(settings.households_csv, settings.persons_csv, settings.data_dir,
                          reference_date, readings && readings->per_home ? &*readings : nullptr);
  } else {
    require_positive_scale(settings.scale);  // before loading: a bad scale is reported alone
    pop = build_lcr_population(load_lcr_data(settings.data_dir), settings.scale, seed,
                               reference_date);
  }
  if (readings && !readings->per_home) {
    apply_area_damp_readings(*readings, seed, pop);
    finish_population(pop);  // the fingerprint covers the damp state the readings set
  }
  return pop;
}

}  // namespace civicsim
