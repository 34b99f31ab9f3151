// The simulated population as tables of columns (structure of arrays).
//
// Row i of People is one person slot, row h of Households one household, row a of Areas one LSOA
// (2011 boundaries). Areas and councils are small tables joined by index. A person's uid and a
// household's uid are stable keys for random numbers and are never reused; row order may change.
// Persons are stored grouped by household and households by area, so a sweep over persons touches
// one area's tables at a time (cache-friendly), and newborns are appended at the end.
//
// Memory per person (scale 1, ~1.56 M persons, ~0.68 M households):
//   People: uid 4 + household 4 + birth_month 4 + area 2 + sex 1 + alive 1        = 16 bytes
//   Households (per household): uid 4 + area 2 + tenure 1 + type 1 + condition 1 + living 2 = 11 bytes
//   i.e. about 21 bytes per person in all, before result buffers.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engine/core/year_month.hpp"

namespace civicsim {

enum class Sex : uint8_t { kFemale = 0, kMale = 1 };
inline constexpr int kSexCount = 2;

// Census tenure grouped as the English Housing Survey reports damp: owner occupied (outright, mortgage,
// shared ownership), social rented (council, housing association), private rented (incl. rent free).
enum class Tenure : uint8_t { kOwnerOccupied = 0, kSocialRented = 1, kPrivateRented = 2 };
inline constexpr int kTenureCount = 3;

// Census household composition (QS116EW) grouped: dependent children are persons aged 0-17 here.
enum class HouseholdType : uint8_t {
  kOnePerson = 0,
  kCoupleNoChildren = 1,
  kCoupleWithChildren = 2,
  kLoneParent = 3,  // one adult with dependent children
  kOther = 4,  // multi-person adults-only (incl. lone parent with non-dependent children, sharers)
};
inline constexpr int kHouseholdTypeCount = 5;

// Housing-condition bits of a household (Households::condition).
namespace condition {
inline constexpr uint8_t kDamp = 1u << 0;              // damp or mould problem (EHS definition)
inline constexpr uint8_t kPoorCondition = 1u << 1;     // fails the Decent Homes standard
inline constexpr uint8_t kNoCentralHeating = 1u << 2;  // no central heating
inline constexpr uint8_t kOvercrowded = 1u << 3;       // census occupancy rating for bedrooms < 0
}  // namespace condition

struct Council {
  std::string code;  // ONS LAD code, e.g. E08000012
  std::string name;  // e.g. Liverpool
};

struct Areas {
  std::vector<std::string> code;                 // LSOA 2011 code
  std::vector<std::string> name;                 // LSOA 2011 name
  std::vector<uint8_t> council;                  // index into Population::councils
  std::vector<double> imd_score;                 // IoD2019 IMD score
  std::vector<uint8_t> imd_decile;               // 1 = most deprived 10% in England
  std::vector<uint8_t> imd_quintile;             // 1 = most deprived 20% in England
  std::vector<double> air_quality;               // IoD2019 air quality indicator
  std::vector<double> poor_condition_share;      // IoD2019 housing in poor condition indicator
  std::vector<double> no_central_heating_share;  // IoD2019 houses without central heating indicator
  std::vector<double> mortality_ratio;  // premature-mortality ratio to the LCR mean (IoD2019 YPLL)
  size_t size() const { return code.size(); }
};

struct Households {
  std::vector<uint32_t> uid;
  std::vector<uint16_t> area;      // row in Areas
  std::vector<uint8_t> tenure;     // Tenure
  std::vector<uint8_t> type;       // HouseholdType
  std::vector<uint8_t> condition;  // condition:: bits
  std::vector<uint16_t> living;    // living members
  size_t size() const { return uid.size(); }
};

struct People {
  std::vector<uint32_t> uid;
  std::vector<uint32_t> household;   // row in Households
  std::vector<int32_t> birth_month;  // YearMonth::months of birth (age is derived, never stored)
  std::vector<uint16_t> area;        // row in Areas (copy of the household's, for the hot loops)
  std::vector<uint8_t> sex;          // Sex
  std::vector<uint8_t> alive;        // 1 alive, 0 dead (rows are not reused)
  size_t size() const { return uid.size(); }
  size_t capacity() const { return uid.capacity(); }
  void reserve(size_t n);
  // n person slots, all alive, other columns zero (builders then fill them row by row).
  void resize(size_t n);
  // Appends one person; returns its row.
  size_t add(uint32_t person_uid, uint32_t household_row, int32_t birth, uint16_t area_row, Sex s);
};

struct Population {
  std::vector<Council> councils;
  Areas areas;
  Households households;
  People people;
  uint32_t next_person_uid = 0;
  uint32_t next_household_uid = 0;
  YearMonth reference_date;  // the date the population describes (mid-2019 for the LCR build)
  std::string source;        // "lcr_synthetic" or "linked"
  // Hash of everything that defines the starting population (inputs and build settings); results
  // files carry it so evaluation can refuse to pair runs built from different populations.
  std::string fingerprint;

  size_t living_persons() const;
  size_t occupied_households() const;
  // A copy whose person columns have room for `persons` (births up to it move nothing). It copies
  // the household and person columns one by one: a new column must be added there.
  Population with_room(size_t persons) const;
};

// FNV-1a (64-bit, over 8-byte words) of the population's content: councils, area codes and attributes,
// and every household and person column except the uids (which are storage order at build time), as
// 16 hex digits. Two populations are equal iff their fingerprints are (up to hash collisions).
std::string population_fingerprint(const Population& population);

// The last step of every builder: uids for newcomers start after the rows built, and the
// fingerprint is taken over the finished tables.
void finish_population(Population& population);

// Age in completed years at date `now` of a person born in `birth_month`.
inline int age_years(int32_t birth_month, YearMonth now) { return (now.months - birth_month) / 12; }

}  // namespace civicsim
