// Reading and writing the linked-data schema declared in linked_csv.hpp.
#include "engine/population/linked_csv.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <numeric>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "engine/core/csv_table.hpp"
#include "engine/core/input_error.hpp"
#include "engine/core/input_limits.hpp"
#include "engine/core/output_target.hpp"
#include "engine/population/lcr_data.hpp"

namespace civicsim {
namespace {

namespace fs = std::filesystem;

const char* const kHouseholdColumns[] = {
    "household_id",   "lsoa11_code",        "tenure",     "type", "damp",
    "poor_condition", "no_central_heating", "overcrowded"};
const char* const kPersonColumns[] = {"person_id", "household_id", "birth_month", "sex"};
constexpr YearMonth kEarliestBirth = YearMonth::of(limits::kEarliestBirthYear, 1);
constexpr uint8_t kFlagBits[] = {condition::kDamp, condition::kPoorCondition,
                                 condition::kNoCentralHeating, condition::kOvercrowded};

std::string id(char prefix, size_t n) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%c%07zu", prefix, n);
  return buf;
}

template <size_t N>
std::string choices(const std::string_view (&names)[N]) {
  std::string s;
  for (size_t i = 0; i < N; ++i)
    s += (i == 0 ? "" : i + 1 == N ? " or " : ", ") + std::string(names[i]);
  return s;
}

template <size_t N>
std::optional<uint8_t> parse_enum(const std::string& cell, const std::string_view (&names)[N]) {
  for (size_t i = 0; i < N; ++i)
    if (cell == names[i]) return static_cast<uint8_t>(i);
  return std::nullopt;
}

template <size_t N>
std::optional<CsvTable> open(const fs::path& path, const char* const (&cols)[N],
                             DiagnosticList& errors) {
  try {
    CsvTable t = CsvTable::read(path);
    const size_t before = errors.size();
    for (const char* col : cols) t.require_column(col, errors);
    if (errors.size() != before) return std::nullopt;
    return t;
  } catch (const InputError& e) {
    errors.append(e);
    return std::nullopt;
  }
}

// Column indices of a table opened with these columns, in the same order.
template <size_t N>
std::array<size_t, N> columns_of(const CsvTable& t, const char* const (&cols)[N]) {
  std::array<size_t, N> c{};
  for (size_t k = 0; k < N; ++k) c[k] = *t.find_column(cols[k]);
  return c;
}

std::string quoted(const std::string& s) { return s.empty() ? "an empty cell" : "'" + s + "'"; }

// A category cell (tenure, type, sex): its index in `names`, or a diagnostic listing the choices.
template <size_t N>
bool read_category(const CsvTable& t, size_t r, size_t c, const std::string_view (&names)[N],
                   uint8_t& out, DiagnosticList& errors) {
  if (const auto v = parse_enum(t.cell(r, c), names)) {
    out = *v;
    return true;
  }
  errors.add(t.file(), t.where(r, c), choices(names), quoted(t.cell(r, c)));
  return false;
}

// The ids of one file's id column, numbered in order of first use, with the line each is first on.
// Both files' ids follow one rule: non-empty, and not used on an earlier line.
class IdColumn {
 public:
  explicit IdColumn(std::string name) : name_(std::move(name)) {}
  // Numbers the id in row r; false, with a diagnostic, if it is empty or used on an earlier line.
  bool add(const CsvTable& t, size_t r, size_t c, DiagnosticList& errors) {
    const std::string& id = t.cell(r, c);
    if (id.empty()) {
      errors.add(t.file(), t.where(r, c), "a non-empty " + name_, "an empty cell");
      return false;
    }
    const auto [it, fresh] = number_.emplace(id, static_cast<uint32_t>(line_.size()));
    if (!fresh) {
      errors.add(t.file(), t.where(r, c), "a " + name_ + " not used on an earlier line",
                 "'" + id + "' (first on line " + std::to_string(line_[it->second]) + ")");
      return false;
    }
    line_.push_back(t.line_of(r));
    return true;
  }
  const uint32_t* find(const std::string& id) const {
    const auto it = number_.find(id);
    return it == number_.end() ? nullptr : &it->second;
  }
  size_t first_line(uint32_t number) const { return line_[number]; }

 private:
  std::string name_;
  std::unordered_map<std::string, uint32_t> number_;
  std::vector<size_t> line_;
};

// ---------------------------------------------------------------------------------------------
// read_linked_csv, step by step: households, persons, storage order, the population.

struct HouseholdRow {
  uint16_t area;
  uint8_t tenure, type, condition;
};

// The households of the extract: row k is the household whose id is number k in `ids`.
struct HouseholdRows {
  std::vector<HouseholdRow> rows;
  IdColumn ids{kHouseholdColumns[0]};
};

struct PersonRow {
  uint32_t hh;  // row in HouseholdRows
  int32_t birth;
  uint8_t sex;
};

// A household's cells other than its id; bad cells are diagnostics (and leave zero).
HouseholdRow household_fields(const CsvTable& t, size_t r,
                              const std::array<size_t, std::size(kHouseholdColumns)>& c,
                              const std::unordered_map<std::string, uint16_t>& lsoa,
                              DiagnosticList& errors) {
  HouseholdRow x{0, 0, 0, 0};
  if (const auto it = lsoa.find(t.cell(r, c[1])); it != lsoa.end()) {
    x.area = it->second;
  } else {
    errors.add(t.file(), t.where(r, c[1]), "an LSOA 2011 code of the Liverpool City Region",
               quoted(t.cell(r, c[1])));
  }
  read_category(t, r, c[2], kTenureNames, x.tenure, errors);
  read_category(t, r, c[3], kHouseholdTypeNames, x.type, errors);
  for (size_t k = 0; k < std::size(kFlagBits); ++k) {
    const std::string& v = t.cell(r, c[4 + k]);
    if (v == "1") {
      x.condition = static_cast<uint8_t>(x.condition | kFlagBits[k]);
    } else if (v != "0") {
      errors.add(t.file(), t.where(r, c[4 + k]), "0 or 1", quoted(v));
    }
  }
  return x;
}

// Every household row checked; a row with a usable id is kept even when other cells are bad, so
// that its persons are not reported again as having an unknown household.
HouseholdRows read_households(const CsvTable& t, const Areas& areas, DiagnosticList& errors) {
  std::unordered_map<std::string, uint16_t> lsoa;
  for (size_t i = 0; i < areas.size(); ++i) lsoa.emplace(areas.code[i], static_cast<uint16_t>(i));
  const auto c = columns_of(t, kHouseholdColumns);
  HouseholdRows hh;
  hh.rows.reserve(t.rows());
  for (size_t r = 0; r < t.rows(); ++r) {
    const bool numbered = hh.ids.add(t, r, c[0], errors);
    const HouseholdRow x = household_fields(t, r, c, lsoa, errors);
    if (numbered) hh.rows.push_back(x);
  }
  return hh;
}

// Per-home sensor readings replace the damp flag of the households they name (by household_id).
void apply_home_readings(const DampReadings& readings, HouseholdRows& hh, DiagnosticList& errors) {
  for (const HomeDampReading& r : readings.homes) {
    const uint32_t* row = hh.ids.find(r.household_id);
    if (!row) {
      errors.add(readings.file, "line " + std::to_string(r.line) + ", column household_id",
                 "a household_id listed in the linked households file", quoted(r.household_id));
      continue;
    }
    uint8_t& c = hh.rows[*row].condition;
    c = static_cast<uint8_t>((c & ~condition::kDamp) | (r.damp ? condition::kDamp : 0));
  }
}

// A birth month from kEarliestBirth to the reference date. One before kEarliestBirth (older than
// anyone alive) is a data error, such as a year 0001 standing for "unknown".
std::optional<int32_t> birth_month(const CsvTable& t, size_t r, size_t c, YearMonth reference_date,
                                   DiagnosticList& errors) {
  const auto month = YearMonth::parse(t.cell(r, c));
  if (!month || *month < kEarliestBirth || *month > reference_date) {
    errors.add(
        t.file(), t.where(r, c),
        "a month YYYY-MM from " + kEarliestBirth.to_string() + " to " + reference_date.to_string(),
        quoted(t.cell(r, c)));
    return std::nullopt;
  }
  return month->months;
}

// Every person row checked; only good rows are kept. Household ids are looked up only when
// households.csv could be read (otherwise every one would be reported unknown).
std::vector<PersonRow> read_persons(const CsvTable& t, const HouseholdRows* households,
                                    const std::string& hh_name, YearMonth reference_date,
                                    DiagnosticList& errors) {
  const auto c = columns_of(t, kPersonColumns);
  IdColumn ids(kPersonColumns[0]);
  std::vector<PersonRow> pe;
  pe.reserve(t.rows());
  for (size_t r = 0; r < t.rows(); ++r) {
    bool ok = ids.add(t, r, c[0], errors);
    PersonRow x{0, 0, 0};
    if (const uint32_t* row = households ? households->ids.find(t.cell(r, c[1])) : nullptr) {
      x.hh = *row;
    } else if (households) {
      errors.add(t.file(), t.where(r, c[1]), "a household_id listed in " + hh_name,
                 quoted(t.cell(r, c[1])));
      ok = false;
    }
    if (const auto birth = birth_month(t, r, c[2], reference_date, errors)) {
      x.birth = *birth;
    } else {
      ok = false;
    }
    ok = read_category(t, r, c[3], kSexNames, x.sex, errors) && ok;
    if (ok) pe.push_back(x);
  }
  return pe;
}

// Storage order: households by area (stable, so file order within an area), persons by household.
struct Layout {
  std::vector<uint32_t> order;   // household rows in storage order
  std::vector<uint32_t> row_of;  // storage row of each household row
  std::vector<size_t> count;     // count[k + 1]: persons in storage row k
};

Layout storage_order(const std::vector<HouseholdRow>& hh, const std::vector<PersonRow>& pe) {
  Layout l;
  l.order.resize(hh.size());
  std::iota(l.order.begin(), l.order.end(), 0u);
  std::stable_sort(l.order.begin(), l.order.end(),
                   [&](uint32_t a, uint32_t b) { return hh[a].area < hh[b].area; });
  l.row_of.resize(hh.size());
  for (uint32_t k = 0; k < l.order.size(); ++k) l.row_of[l.order[k]] = k;
  l.count.assign(hh.size() + 1, 0);
  for (const PersonRow& x : pe) ++l.count[l.row_of[x.hh] + 1];
  return l;
}

// Households::living is uint16_t.
void check_household_sizes(const Layout& l, const HouseholdRows& hh, const fs::path& households_csv,
                           DiagnosticList& errors) {
  for (size_t k = 0; k < l.order.size(); ++k)
    if (l.count[k + 1] > 65535)
      errors.add(households_csv.string(), "line " + std::to_string(hh.ids.first_line(l.order[k])),
                 "at most 65535 persons in a household", std::to_string(l.count[k + 1]));
}

void fill_households(const std::vector<HouseholdRow>& hh, const Layout& l, Households& h) {
  for (uint32_t k = 0; k < l.order.size(); ++k) {
    const HouseholdRow& x = hh[l.order[k]];
    h.uid.push_back(k);
    h.area.push_back(x.area);
    h.tenure.push_back(x.tenure);
    h.type.push_back(x.type);
    h.condition.push_back(x.condition);
    h.living.push_back(static_cast<uint16_t>(l.count[k + 1]));
  }
}

// Persons in storage order: each household's persons together, in file order.
void fill_persons(const std::vector<HouseholdRow>& hh, const std::vector<PersonRow>& pe,
                  const Layout& l, People& p) {
  std::vector<size_t> next = l.count;
  std::partial_sum(next.begin(), next.end(), next.begin());
  p.resize(pe.size());
  for (const PersonRow& x : pe) {
    const uint32_t row = l.row_of[x.hh];
    const size_t slot = next[row]++;
    p.uid[slot] = static_cast<uint32_t>(slot);
    p.household[slot] = row;
    p.birth_month[slot] = x.birth;
    p.area[slot] = hh[x.hh].area;
    p.sex[slot] = x.sex;
  }
}

}  // namespace

void check_linked_csv_targets(const fs::path& dir) {
  check_folder_target(dir);
  check_file_target(dir / "households.csv");
  check_file_target(dir / "persons.csv");
}

void write_linked_csv(const Population& pop, const fs::path& dir, YearMonth as_of) {
  (void)as_of;  // ages are stored as birth months, so the files need no date of their own
  check_linked_csv_targets(dir);
  const People& p = pop.people;
  const Households& h = pop.households;
  std::vector<uint32_t> living(h.size(), 0);
  for (size_t i = 0; i < p.size(); ++i)
    if (p.alive[i]) ++living[p.household[i]];
  std::vector<size_t> number(h.size(), 0);  // 1-based output id, 0 = not written
  std::string out =
      "household_id,lsoa11_code,tenure,type,damp,poor_condition,no_central_heating,overcrowded\n";
  out.reserve(h.size() * 64);
  size_t written = 0;
  for (size_t k = 0; k < h.size(); ++k) {
    if (living[k] == 0) continue;
    number[k] = ++written;
    out += id('H', written);
    out += ',';
    out += csv_escape(pop.areas.code[h.area[k]]);
    out += ',';
    out += kTenureNames[h.tenure[k]];
    out += ',';
    out += kHouseholdTypeNames[h.type[k]];
    for (uint8_t bit : kFlagBits) out += (h.condition[k] & bit) ? ",1" : ",0";
    out += '\n';
  }
  std::string persons = "person_id,household_id,birth_month,sex\n";
  persons.reserve(p.size() * 36);
  size_t n = 0;
  for (size_t i = 0; i < p.size(); ++i) {
    if (!p.alive[i]) continue;
    persons += id('P', ++n);
    persons += ',';
    persons += id('H', number[p.household[i]]);
    persons += ',';
    persons += YearMonth{p.birth_month[i]}.to_string();
    persons += ',';
    persons += kSexNames[p.sex[i]];
    persons += '\n';
  }
  // Every text cell is generated (ids, fixed category names, YYYY-MM months) or an LSOA code
  // checked against the LCR list, so csv_escape only ever quotes here, never neutralises: the files
  // read back exactly.
  write_file_atomically(dir / "households.csv", out);
  write_file_atomically(dir / "persons.csv", persons);
}

Population read_linked_csv(const fs::path& households_csv, const fs::path& persons_csv,
                           const fs::path& data_dir, YearMonth reference_date,
                           const DampReadings* home_readings) {
  const LcrAreas geo = load_lcr_areas(data_dir);
  DiagnosticList errors;
  const auto ht = open(households_csv, kHouseholdColumns, errors);
  const auto pt = open(persons_csv, kPersonColumns, errors);
  HouseholdRows hh = ht ? read_households(*ht, geo.areas, errors) : HouseholdRows{};
  const std::vector<PersonRow> pe =
      pt ? read_persons(*pt, ht ? &hh : nullptr, households_csv.filename().string(), reference_date,
                        errors)
         : std::vector<PersonRow>{};
  errors.throw_if_any();
  if (home_readings) apply_home_readings(*home_readings, hh, errors);
  errors.throw_if_any();
  const Layout layout = storage_order(hh.rows, pe);
  check_household_sizes(layout, hh, households_csv, errors);
  errors.throw_if_any();

  Population pop = lcr_population(geo, reference_date, "linked");
  fill_households(hh.rows, layout, pop.households);
  fill_persons(hh.rows, pe, layout, pop.people);
  finish_population(pop);
  return pop;
}

}  // namespace civicsim
