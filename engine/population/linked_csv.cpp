// Reading and writing the linked-data schema declared in linked_csv.hpp.
#include "engine/population/linked_csv.hpp"

#include <algorithm>
#include <cstdio>
#include <numeric>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "engine/core/csv_table.hpp"
#include "engine/core/input_error.hpp"
#include "engine/core/input_limits.hpp"
#include "engine/population/lcr_data.hpp"

namespace civicsim {
namespace {

namespace fs = std::filesystem;

const char* const kHouseholdColumns[] = {"household_id", "lsoa11_code",        "tenure",     "type",
                                         "damp",         "poor_condition",     "no_central_heating",
                                         "overcrowded"};
const char* const kPersonColumns[] = {"person_id", "household_id", "birth_month", "sex"};
constexpr YearMonth kEarliestBirth = YearMonth::of(limits::kEarliestBirthYear, 1);
constexpr uint8_t kFlagBits[] = {condition::kDamp, condition::kPoorCondition, condition::kNoCentralHeating,
                                 condition::kOvercrowded};

// Writes text to path through a temporary file in the same folder and a rename.
void write_atomically(const fs::path& path, const std::string& text) {
  const fs::path tmp = path.string() + ".tmp";
  FILE* f = std::fopen(tmp.c_str(), "wb");
  bool ok = f != nullptr;
  if (f) {
    ok = std::fwrite(text.data(), 1, text.size(), f) == text.size();
    ok = (std::fclose(f) == 0) && ok;
  }
  if (!ok) {
    std::error_code ec;
    fs::remove(tmp, ec);
    throw InputError({tmp.string(), "", "a writable file", "cannot write"});
  }
  fs::rename(tmp, path);
}

std::string id(char prefix, size_t n) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%c%07zu", prefix, n);
  return buf;
}

template <size_t N>
std::string choices(const std::string_view (&names)[N]) {
  std::string s;
  for (size_t i = 0; i < N; ++i) s += (i == 0 ? "" : i + 1 == N ? " or " : ", ") + std::string(names[i]);
  return s;
}

template <size_t N>
std::optional<uint8_t> parse_enum(const std::string& cell, const std::string_view (&names)[N]) {
  for (size_t i = 0; i < N; ++i)
    if (cell == names[i]) return static_cast<uint8_t>(i);
  return std::nullopt;
}

std::optional<CsvTable> open(const fs::path& path, const char* const* cols, size_t n, DiagnosticList& errors) {
  try {
    CsvTable t = CsvTable::read(path);
    const size_t before = errors.size();
    for (size_t i = 0; i < n; ++i) t.require_column(cols[i], errors);
    if (errors.size() != before) return std::nullopt;
    return t;
  } catch (const InputError& e) {
    errors.append(e);
    return std::nullopt;
  }
}

std::string quoted(const std::string& s) { return s.empty() ? "an empty cell" : "'" + s + "'"; }

}  // namespace

void write_linked_csv(const Population& pop, const fs::path& dir, YearMonth as_of) {
  (void)as_of;  // ages are stored as birth months, so the files need no date of their own
  fs::create_directories(dir);
  const People& p = pop.people;
  const Households& h = pop.households;
  std::vector<uint32_t> living(h.size(), 0);
  for (size_t i = 0; i < p.size(); ++i)
    if (p.alive[i]) ++living[p.household[i]];
  std::vector<size_t> number(h.size(), 0);  // 1-based output id, 0 = not written
  std::string out = "household_id,lsoa11_code,tenure,type,damp,poor_condition,no_central_heating,overcrowded\n";
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
  write_atomically(dir / "households.csv", out);
  write_atomically(dir / "persons.csv", persons);
}

Population read_linked_csv(const fs::path& households_csv, const fs::path& persons_csv, const fs::path& data_dir,
                           YearMonth reference_date) {
  const LcrAreas geo = load_lcr_areas(data_dir);
  std::unordered_map<std::string, uint16_t> lsoa;
  for (size_t i = 0; i < geo.areas.size(); ++i) lsoa.emplace(geo.areas.code[i], static_cast<uint16_t>(i));

  DiagnosticList errors;
  const auto ht = open(households_csv, kHouseholdColumns, std::size(kHouseholdColumns), errors);
  const auto pt = open(persons_csv, kPersonColumns, std::size(kPersonColumns), errors);

  // Households: validate every row, remember each id's row.
  struct Hh {
    uint16_t area;
    uint8_t tenure, type, condition;
  };
  std::vector<Hh> hh;
  std::unordered_map<std::string, uint32_t> hh_row;  // household_id -> index in hh
  std::vector<size_t> hh_line;
  if (ht) {
    size_t c[std::size(kHouseholdColumns)];
    for (size_t k = 0; k < std::size(kHouseholdColumns); ++k) c[k] = *ht->find_column(kHouseholdColumns[k]);
    hh.reserve(ht->rows());
    for (size_t r = 0; r < ht->rows(); ++r) {
      bool ok = true;
      const std::string& hid = ht->cell(r, c[0]);
      if (hid.empty()) {
        errors.add(ht->file(), ht->where(r, c[0]), "a non-empty household_id", "an empty cell");
        ok = false;
      } else if (const auto it = hh_row.find(hid); it != hh_row.end()) {
        errors.add(ht->file(), ht->where(r, c[0]), "a household_id not used on an earlier line",
                   "'" + hid + "' (first on line " + std::to_string(hh_line[it->second]) + ")");
        ok = false;
      }
      Hh x{0, 0, 0, 0};
      if (const auto it = lsoa.find(ht->cell(r, c[1])); it != lsoa.end()) {
        x.area = it->second;
      } else {
        errors.add(ht->file(), ht->where(r, c[1]), "an LSOA 2011 code of the Liverpool City Region",
                   quoted(ht->cell(r, c[1])));
        ok = false;
      }
      if (const auto v = parse_enum(ht->cell(r, c[2]), kTenureNames)) {
        x.tenure = *v;
      } else {
        errors.add(ht->file(), ht->where(r, c[2]), choices(kTenureNames), quoted(ht->cell(r, c[2])));
        ok = false;
      }
      if (const auto v = parse_enum(ht->cell(r, c[3]), kHouseholdTypeNames)) {
        x.type = *v;
      } else {
        errors.add(ht->file(), ht->where(r, c[3]), choices(kHouseholdTypeNames), quoted(ht->cell(r, c[3])));
        ok = false;
      }
      for (size_t k = 0; k < std::size(kFlagBits); ++k) {
        const std::string& v = ht->cell(r, c[4 + k]);
        if (v == "1") {
          x.condition = static_cast<uint8_t>(x.condition | kFlagBits[k]);
        } else if (v != "0") {
          errors.add(ht->file(), ht->where(r, c[4 + k]), "0 or 1", quoted(v));
          ok = false;
        }
      }
      if (!ok && (hid.empty() || hh_row.count(hid))) continue;
      hh_row.emplace(hid, static_cast<uint32_t>(hh.size()));
      hh_line.push_back(ht->line_of(r));
      hh.push_back(x);
    }
  }

  // Persons: validate, map household ids to rows.
  struct Pe {
    uint32_t hh;
    int32_t birth;
    uint8_t sex;
  };
  std::vector<Pe> pe;
  if (pt) {
    size_t c[std::size(kPersonColumns)];
    for (size_t k = 0; k < std::size(kPersonColumns); ++k) c[k] = *pt->find_column(kPersonColumns[k]);
    std::unordered_map<std::string, size_t> seen;  // person_id -> line
    seen.reserve(pt->rows());
    pe.reserve(pt->rows());
    const std::string hh_name = households_csv.filename().string();
    for (size_t r = 0; r < pt->rows(); ++r) {
      bool ok = true;
      const std::string& pid = pt->cell(r, c[0]);
      if (pid.empty()) {
        errors.add(pt->file(), pt->where(r, c[0]), "a non-empty person_id", "an empty cell");
        ok = false;
      } else if (const auto [it, fresh] = seen.emplace(pid, pt->line_of(r)); !fresh) {
        errors.add(pt->file(), pt->where(r, c[0]), "a person_id not used on an earlier line",
                   "'" + pid + "' (first on line " + std::to_string(it->second) + ")");
        ok = false;
      }
      Pe x{0, 0, 0};
      if (const auto it = hh_row.find(pt->cell(r, c[1])); it != hh_row.end()) {
        x.hh = it->second;
      } else if (ht) {
        errors.add(pt->file(), pt->where(r, c[1]), "a household_id listed in " + hh_name, quoted(pt->cell(r, c[1])));
        ok = false;
      }
      // A birth month before kEarliestBirth (older than anyone alive) is a data error, such as a
      // year 0001 standing for "unknown".
      const auto month = YearMonth::parse(pt->cell(r, c[2]));
      if (!month || *month < kEarliestBirth || *month > reference_date) {
        errors.add(pt->file(), pt->where(r, c[2]),
                   "a month YYYY-MM from " + kEarliestBirth.to_string() + " to " +
                       reference_date.to_string(),
                   quoted(pt->cell(r, c[2])));
        ok = false;
      } else {
        x.birth = month->months;
      }
      if (const auto v = parse_enum(pt->cell(r, c[3]), kSexNames)) {
        x.sex = *v;
      } else {
        errors.add(pt->file(), pt->where(r, c[3]), choices(kSexNames), quoted(pt->cell(r, c[3])));
        ok = false;
      }
      if (ok) pe.push_back(x);
    }
  }
  errors.throw_if_any();

  // Households by area (stable), persons by household (stable).
  std::vector<uint32_t> order(hh.size());
  std::iota(order.begin(), order.end(), 0u);
  std::stable_sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) { return hh[a].area < hh[b].area; });
  std::vector<uint32_t> row_of(hh.size());
  for (uint32_t k = 0; k < order.size(); ++k) row_of[order[k]] = k;
  std::vector<size_t> start(hh.size() + 1, 0);
  for (const Pe& x : pe) ++start[row_of[x.hh] + 1];
  for (size_t k = 0; k < hh.size(); ++k)
    if (start[k + 1] > 65535)
      errors.add(households_csv.string(), "line " + std::to_string(hh_line[order[k]]),
                 "at most 65535 persons in a household", std::to_string(start[k + 1]));
  errors.throw_if_any();

  Population pop;
  pop.councils = geo.councils;
  pop.areas = geo.areas;
  pop.reference_date = reference_date;
  pop.source = "linked";
  Households& h = pop.households;
  for (uint32_t k = 0; k < order.size(); ++k) {
    const Hh& x = hh[order[k]];
    h.uid.push_back(k);
    h.area.push_back(x.area);
    h.tenure.push_back(x.tenure);
    h.type.push_back(x.type);
    h.condition.push_back(x.condition);
    h.living.push_back(static_cast<uint16_t>(start[k + 1]));
  }
  std::partial_sum(start.begin(), start.end(), start.begin());
  People& p = pop.people;
  const size_t n = pe.size();
  p.resize(n);
  for (const Pe& x : pe) {
    const uint32_t row = row_of[x.hh];
    const size_t slot = start[row]++;
    p.uid[slot] = static_cast<uint32_t>(slot);
    p.household[slot] = row;
    p.birth_month[slot] = x.birth;
    p.area[slot] = hh[x.hh].area;
    p.sex[slot] = x.sex;
  }
  pop.next_household_uid = static_cast<uint32_t>(h.size());
  pop.next_person_uid = static_cast<uint32_t>(n);
  pop.fingerprint = population_fingerprint(pop);
  return pop;
}

}  // namespace civicsim
