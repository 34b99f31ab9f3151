// Population helpers: appending persons, counts, and the content fingerprint.
#include "engine/population/population.hpp"

#include <algorithm>
#include <cstdio>
#include <cstring>

#include "engine/core/backed_memory.hpp"

namespace civicsim {

void People::reserve(size_t n) {
  uid.reserve(n);
  household.reserve(n);
  birth_month.reserve(n);
  area.reserve(n);
  sex.reserve(n);
  alive.reserve(n);
}

void People::resize(size_t n) {
  uid.resize(n);
  household.resize(n);
  birth_month.resize(n);
  area.resize(n);
  sex.resize(n);
  alive.assign(n, 1);
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

Population Population::with_room(size_t persons) const {
  Population copy;  // the small members copied as they are; the columns into backed memory
  copy.councils = councils;
  copy.areas = areas;
  copy.next_person_uid = next_person_uid;
  copy.next_household_uid = next_household_uid;
  copy.reference_date = reference_date;
  copy.source = source;
  copy.fingerprint = fingerprint;
  Households& h = copy.households;
  copy_backed(h.uid, households.uid, 0);
  copy_backed(h.area, households.area, 0);
  copy_backed(h.tenure, households.tenure, 0);
  copy_backed(h.type, households.type, 0);
  copy_backed(h.condition, households.condition, 0);
  copy_backed(h.living, households.living, 0);
  People& p = copy.people;
  copy_backed(p.uid, people.uid, persons);
  copy_backed(p.household, people.household, persons);
  copy_backed(p.birth_month, people.birth_month, persons);
  copy_backed(p.area, people.area, persons);
  copy_backed(p.sex, people.sex, persons);
  copy_backed(p.alive, people.alive, persons);
  return copy;
}

size_t Population::living_persons() const {
  return static_cast<size_t>(std::count(people.alive.begin(), people.alive.end(), uint8_t{1}));
}

size_t Population::occupied_households() const {
  return static_cast<size_t>(std::count_if(households.living.begin(), households.living.end(),
                                           [](uint16_t n) { return n > 0; }));
}

namespace {

// FNV-1a 64 (Fowler, Noll, Vo) applied to 8-byte words instead of bytes: the same mixing, 8x fewer
// multiplies, so a 16 M-person population hashes in tens of milliseconds.
class Fnv64 {
 public:
  void word(uint64_t w) {
    h_ ^= w;
    h_ *= 0x100000001B3ull;  // FNV 64-bit prime
  }
  void text(const std::string& s) {
    word(s.size());
    for (size_t i = 0; i < s.size(); i += 8) {
      uint64_t w = 0;
      std::memcpy(&w, s.data() + i, std::min<size_t>(8, s.size() - i));
      word(w);
    }
  }
  template <typename T>
  void column(const std::vector<T>& v) {
    word(v.size());
    const size_t bytes = v.size() * sizeof(T);
    const auto* p = reinterpret_cast<const unsigned char*>(v.data());
    for (size_t i = 0; i < bytes; i += 8) {
      uint64_t w = 0;
      std::memcpy(&w, p + i, std::min<size_t>(8, bytes - i));
      word(w);
    }
  }
  uint64_t value() const { return h_; }

 private:
  uint64_t h_ = 0xCBF29CE484222325ull;  // FNV 64-bit offset basis
};

}  // namespace

std::string population_fingerprint(const Population& pop) {
  Fnv64 f;
  f.word(pop.councils.size());
  for (const auto& c : pop.councils) {
    f.text(c.code);
    f.text(c.name);
  }
  const Areas& a = pop.areas;
  f.word(a.size());
  for (size_t i = 0; i < a.size(); ++i) f.text(a.code[i]);
  f.column(a.council);
  f.column(a.imd_score);
  f.column(a.imd_decile);
  f.column(a.air_quality);
  f.column(a.poor_condition_share);
  f.column(a.no_central_heating_share);
  f.column(a.mortality_ratio);
  const Households& h = pop.households;
  f.column(h.area);
  f.column(h.tenure);
  f.column(h.type);
  f.column(h.condition);
  f.column(h.living);
  const People& p = pop.people;
  f.column(p.household);
  f.column(p.birth_month);
  f.column(p.area);
  f.column(p.sex);
  f.column(p.alive);
  f.word(static_cast<uint64_t>(static_cast<uint32_t>(pop.reference_date.months)));
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(f.value()));
  return buf;
}

void finish_population(Population& pop) {
  pop.next_household_uid = static_cast<uint32_t>(pop.households.size());
  pop.next_person_uid = static_cast<uint32_t>(pop.people.size());
  pop.fingerprint = population_fingerprint(pop);
}

}  // namespace civicsim
