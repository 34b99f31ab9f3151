// Loading and joining the LCR tables. File names, column names and the join rules live here; each
// rule is explained in docs/population.md ("Data and joins").
#include "engine/population/lcr_data.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <optional>
#include <unordered_map>
#include <utility>

#include "engine/core/csv_table.hpp"
#include "engine/core/input_error.hpp"

namespace civicsim {
namespace {

namespace fs = std::filesystem;
using CodeIndex = std::unordered_map<std::string, size_t>;
using LifeTable = std::array<std::array<double, kAgeCount>, kSexCount>;  // lx by sex, then age
using Parents = std::unordered_map<std::string, std::vector<size_t>>;    // lsoa21 -> lsoa11 rows
using PerLsoa = std::vector<std::vector<double>>;                        // LSOA x column
using MsoaTypes = std::unordered_map<std::string, std::array<double, kHouseholdTypeCount>>;

// The files read from data_dir, each named once: the readers below and lcr_*_files() (what a
// run's input fingerprint hashes) use the same names.
constexpr const char* kGeography = "lcr_lsoa11_geography.csv";
constexpr const char* kImdScores = "lcr_iod2019_lsoa_scores.csv";
constexpr const char* kImdDeciles = "lcr_iod2019_lsoa_ranks_deciles.csv";
constexpr const char* kImdIndicators = "lcr_iod2019_lsoa_underlying_indicators.csv";
constexpr const char* kPersonsByAge = "lcr_population_mid2019_lsoa11_syoa_persons.csv";
constexpr const char* kLifeTable = "eng_ons_national_life_table_england_2017_2019.csv";
constexpr const char* kLsoaLookup = "lcr_lsoa11_to_lsoa21_lookup.csv";
constexpr const char* kTenure = "lcr_census2021_lsoa21_tenure.csv";
constexpr const char* kOccupancy = "lcr_census2021_lsoa21_occupancy_rating_bedrooms.csv";
constexpr const char* kResidents = "lcr_census2021_lsoa21_disability.csv";
constexpr const char* kHouseholdTypes = "lcr_census2011_msoa11_household_type_QS116EW.csv";
constexpr const char* kAgeSexBands = "lcr_census2021_la_population_age_sex_bands.csv";

// ---------------------------------------------------------------------------------------------
// Reading helpers shared by every table.

// A table whose columns were checked, with the index of each column asked for, in the order asked.
struct Table {
  CsvTable csv;
  std::vector<size_t> col;
};

// Reads a table and checks its columns; on failure records the diagnostics and returns nullopt so
// that the loader can go on and report problems in the other files too.
std::optional<Table> open_table(const fs::path& path, const std::vector<std::string>& columns,
                                DiagnosticList& errors) {
  try {
    CsvTable t = CsvTable::read(path);
    t.require_columns(columns);
    std::vector<size_t> col;
    for (const auto& n : columns) col.push_back(*t.find_column(n));
    return Table{std::move(t), std::move(col)};
  } catch (const InputError& e) {
    errors.append(e);
    return std::nullopt;
  }
}

// The one wording for a table that lacks a row it must have.
void no_row_for(const std::string& file, const std::string& what, DiagnosticList& errors) {
  errors.add(file, "", "a row for " + what, "none");
}

// The row of each LSOA (by code) in a per-LSOA table; unknown codes and gaps are diagnostics.
std::vector<size_t> rows_by_lsoa(const CsvTable& t, size_t code_col, const CodeIndex& lsoa,
                                 DiagnosticList& errors) {
  constexpr size_t kNone = static_cast<size_t>(-1);
  std::vector<size_t> row(lsoa.size(), kNone);
  for (size_t r = 0; r < t.rows(); ++r) {
    const auto it = lsoa.find(t.cell(r, code_col));
    if (it == lsoa.end()) {
      errors.add(t.file(), t.where(r, code_col),
                 "an LSOA 2011 code listed in lcr_lsoa11_geography.csv",
                 "'" + t.cell(r, code_col) + "'");
    } else if (row[it->second] != kNone) {
      errors.add(t.file(), t.where(r, code_col), "one row per LSOA",
                 "'" + t.cell(r, code_col) + "' again (first on line " +
                     std::to_string(t.line_of(row[it->second])) + ")");
    } else {
      row[it->second] = r;
    }
  }
  // Gaps in the map's iteration order, not LSOA order: callers build the map the same way each time.
  for (const auto& [code, i] : lsoa)
    if (row[i] == kNone) no_row_for(t.file(), "LSOA " + code, errors);
  return row;
}

// Calls visit(i, r) for each LSOA i that has a row r in a per-LSOA table, in LSOA order, after
// reporting unknown, repeated and missing codes.
template <typename Visit>
void for_each_lsoa_row(const CsvTable& t, size_t code_col, const CodeIndex& lsoa,
                       DiagnosticList& errors, Visit visit) {
  const std::vector<size_t> row = rows_by_lsoa(t, code_col, lsoa, errors);
  for (size_t i = 0; i < row.size(); ++i)
    if (row[i] < t.rows()) visit(i, row[i]);
}

// A count that must be a non-negative number.
double count(const CsvTable& t, size_t r, size_t c, DiagnosticList& errors) {
  const double v = t.number(r, c, errors);
  if (v < 0) errors.add(t.file(), t.where(r, c), "a count >= 0", t.cell(r, c));
  return std::max(v, 0.0);
}

// Index of the council with this code, or councils.size() when there is none.
size_t council_index(const std::vector<Council>& councils, const std::string& code) {
  return static_cast<size_t>(std::find_if(councils.begin(), councils.end(),
                                          [&](const Council& k) { return k.code == code; }) -
                             councils.begin());
}

// ---------------------------------------------------------------------------------------------
// The area tables (load_areas): geography, then one IoD2019 or persons table per step.

// Councils alphabetically by name: a canonical order independent of file order.
std::vector<Council> councils_by_name(const CsvTable& geo, size_t code_col, size_t name_col) {
  std::vector<Council> councils;
  for (size_t r = 0; r < geo.rows(); ++r) {
    Council c{geo.cell(r, code_col), geo.cell(r, name_col)};
    if (council_index(councils, c.code) == councils.size()) councils.push_back(c);
  }
  std::sort(councils.begin(), councils.end(),
            [](const Council& a, const Council& b) { return a.name < b.name; });
  return councils;
}

// LSOAs by code (canonical, like the councils), each once; fills code, name, council and MSOA and
// returns each code's LSOA index. Area rows are uint16_t: at most 65535 LSOAs.
CodeIndex lsoas_by_code(const Table& geo, LcrAreas& out, DiagnosticList& errors) {
  const CsvTable& t = geo.csv;
  const std::vector<size_t>& c = geo.col;
  std::vector<size_t> order(t.rows());
  std::iota(order.begin(), order.end(), size_t{0});
  std::sort(order.begin(), order.end(),
            [&](size_t a, size_t b) { return t.cell(a, c[0]) < t.cell(b, c[0]); });
  if (order.size() > 65535)
    errors.add(t.file(), "", "at most 65535 LSOAs", std::to_string(order.size()));

  Areas& a = out.areas;
  CodeIndex lsoa;
  for (size_t r : order) {
    const std::string& code = t.cell(r, c[0]);
    if (!lsoa.emplace(code, a.code.size()).second) {
      errors.add(t.file(), t.where(r, c[0]), "each LSOA once", "'" + code + "' again");
      continue;
    }
    a.code.push_back(code);
    a.name.push_back(t.cell(r, c[1]));
    a.council.push_back(static_cast<uint8_t>(council_index(out.councils, t.cell(r, c[2]))));
    out.msoa_code.push_back(t.cell(r, c[4]));
  }
  return lsoa;
}

// The councils and LSOAs; returns each LSOA code's index. Only this table throws at once.
CodeIndex read_geography(const fs::path& dir, LcrAreas& out, DiagnosticList& errors) {
  const auto geo =
      open_table(dir / kGeography,
                 {"lsoa11_code", "lsoa11_name", "lad19_code", "lad19_name", "msoa11_code"}, errors);
  if (!geo) errors.throw_if_any();  // nothing else can be joined without the geography
  out.councils = councils_by_name(geo->csv, geo->col[2], geo->col[3]);
  return lsoas_by_code(*geo, out, errors);
}

void read_imd_scores(const fs::path& dir, const CodeIndex& lsoa, Areas& a, DiagnosticList& errors) {
  a.imd_score.assign(lsoa.size(), 0);
  const auto t = open_table(dir / kImdScores, {"lsoa11_code", "imd_score"}, errors);
  if (!t) return;
  for_each_lsoa_row(t->csv, t->col[0], lsoa, errors, [&](size_t i, size_t r) {
    a.imd_score[i] = t->csv.number(r, t->col[1], errors);
  });
}

// The IMD decile, and the quintile it falls in.
void read_imd_deciles(const fs::path& dir, const CodeIndex& lsoa, Areas& a,
                      DiagnosticList& errors) {
  a.imd_decile.assign(lsoa.size(), 1);
  a.imd_quintile.assign(lsoa.size(), 1);
  const auto t = open_table(dir / kImdDeciles, {"lsoa11_code", "imd_decile"}, errors);
  if (!t) return;
  const CsvTable& csv = t->csv;
  const size_t c = t->col[1];
  for_each_lsoa_row(csv, t->col[0], lsoa, errors, [&](size_t i, size_t r) {
    const long long d = csv.integer(r, c, errors, 1);
    if (d < 1 || d > 10) errors.add(csv.file(), csv.where(r, c), "a decile 1..10", csv.cell(r, c));
    a.imd_decile[i] = static_cast<uint8_t>(std::clamp(d, 1LL, 10LL));
    a.imd_quintile[i] = static_cast<uint8_t>((a.imd_decile[i] + 1) / 2);
  });
}

// Air quality and the two housing indicators; returns the years of potential life lost (YPLL),
// which feeds the mortality ratio.
std::vector<double> read_imd_indicators(const fs::path& dir, const CodeIndex& lsoa, Areas& a,
                                        DiagnosticList& errors) {
  const size_t n = lsoa.size();
  a.air_quality.assign(n, 0);
  a.poor_condition_share.assign(n, 0);
  a.no_central_heating_share.assign(n, 0);
  std::vector<double> ypll(n, 0.0);
  const auto t = open_table(
      dir / kImdIndicators,
      {"lsoa11_code", "air_quality_indicator", "housing_in_poor_condition_indicator",
       "houses_without_central_heating_indicator", "years_of_potential_life_lost_indicator"},
      errors);
  if (!t) return ypll;
  const CsvTable& csv = t->csv;
  const std::vector<size_t>& c = t->col;
  for_each_lsoa_row(csv, c[0], lsoa, errors, [&](size_t i, size_t r) {
    a.air_quality[i] = csv.number(r, c[1], errors);
    a.poor_condition_share[i] = csv.number(r, c[2], errors);
    a.no_central_heating_share[i] = csv.number(r, c[3], errors);
    ypll[i] = csv.number(r, c[4], errors);
    for (size_t k = 2; k <= 3; ++k) {  // the two housing shares are proportions
      const double p = csv.number(r, c[k], errors);
      if (p < 0 || p > 1)
        errors.add(csv.file(), csv.where(r, c[k]), "a proportion in [0, 1]", csv.cell(r, c[k]));
    }
  });
  return ypll;
}

// Mid-2019 persons, all ages.
std::vector<int32_t> read_persons_2019(const fs::path& dir, const CodeIndex& lsoa,
                                       DiagnosticList& errors) {
  std::vector<int32_t> persons(lsoa.size(), 0);
  const auto t = open_table(dir / kPersonsByAge, {"lsoa11_code", "all_ages"}, errors);
  if (!t) return persons;
  for_each_lsoa_row(t->csv, t->col[0], lsoa, errors, [&](size_t i, size_t r) {
    persons[i] = static_cast<int32_t>(t->csv.integer(r, t->col[1], errors));
  });
  return persons;
}

// Premature mortality relative to the LCR: YPLL (IoD2019 health domain, age-sex standardised) over
// its mid-2019 population-weighted LCR mean, so the population-weighted mean ratio is exactly 1.
std::vector<double> mortality_ratios(const std::vector<double>& ypll,
                                     const std::vector<int32_t>& persons_2019) {
  const size_t n = ypll.size();
  double weighted = 0, persons = 0;
  for (size_t i = 0; i < n; ++i) {
    weighted += ypll[i] * persons_2019[i];
    persons += persons_2019[i];
  }
  const double mean = persons > 0 ? weighted / persons : 0.0;
  std::vector<double> ratio(n, 1);
  for (size_t i = 0; i < n; ++i) ratio[i] = mean > 0 ? ypll[i] / mean : 1.0;
  return ratio;
}

// The area tables; problems go to `errors` (only a missing or unreadable geography throws at once).
LcrAreas load_areas(const fs::path& dir, DiagnosticList& errors) {
  LcrAreas out;
  const CodeIndex lsoa = read_geography(dir, out, errors);
  read_imd_scores(dir, lsoa, out.areas, errors);
  read_imd_deciles(dir, lsoa, out.areas, errors);
  const std::vector<double> ypll = read_imd_indicators(dir, lsoa, out.areas, errors);
  out.persons_2019 = read_persons_2019(dir, lsoa, errors);
  out.areas.mortality_ratio = mortality_ratios(ypll, out.persons_2019);
  return out;
}

// ---------------------------------------------------------------------------------------------
// The tables only the synthetic build needs (load_lcr_data), one step each.

// National life table: lx by sex and age (0..100), for the 90+ spread and the 75+ sex ratio.
LifeTable read_life_table(const fs::path& dir, DiagnosticList& errors) {
  LifeTable lx{};
  const auto t = open_table(dir / kLifeTable, {"sex", "age", "lx"}, errors);
  if (!t) return lx;
  const CsvTable& csv = t->csv;
  const std::vector<size_t>& c = t->col;
  std::array<std::array<bool, kAgeCount>, kSexCount> seen{};
  for (size_t r = 0; r < csv.rows(); ++r) {
    const std::string& s = csv.cell(r, c[0]);
    const long long age = csv.integer(r, c[1], errors, -1);
    if (s != "female" && s != "male") {
      errors.add(csv.file(), csv.where(r, c[0]), "female or male", "'" + s + "'");
      continue;
    }
    if (age < 0 || age > kMaxAge) continue;
    const int sx = s == "female" ? 0 : 1;
    lx[sx][static_cast<size_t>(age)] = csv.number(r, c[2], errors);
    seen[sx][static_cast<size_t>(age)] = true;
  }
  for (int sx = 0; sx < kSexCount; ++sx)
    for (int age = 0; age <= kMaxAge; ++age)
      if (!seen[sx][age] || !(lx[sx][age] > 0))
        errors.add(csv.file(), "",
                   std::string("lx > 0 for ") + (sx == 0 ? "female" : "male") + " age " +
                       std::to_string(age),
                   "none");
  return lx;
}

// The persons-by-age columns: age_0 .. age_89, age_90plus (index kSourceOpenAge), then the code.
std::vector<std::string> age_columns() {
  std::vector<std::string> names;
  for (int age = 0; age < kSourceOpenAge; ++age) names.push_back("age_" + std::to_string(age));
  names.push_back("age_90plus");
  names.push_back("lsoa11_code");
  return names;
}

// Persons by single year; the open 90+ group is spread over 90..100 in proportion to the life-table
// survivors lx (both sexes summed), i.e. a stationary-population shape.
std::vector<std::array<double, kAgeCount>> read_persons_by_age(
    const fs::path& dir, const CodeIndex& lsoa, const LifeTable& lx,
    const std::vector<int32_t>& persons_2019, DiagnosticList& errors) {
  std::vector<std::array<double, kAgeCount>> out(lsoa.size(), std::array<double, kAgeCount>{});
  const auto t = open_table(dir / kPersonsByAge, age_columns(), errors);
  if (!t) return out;
  const CsvTable& csv = t->csv;
  const std::vector<size_t>& c = t->col;
  double lx_open = 0;
  for (int age = kSourceOpenAge; age <= kMaxAge; ++age) lx_open += lx[0][age] + lx[1][age];
  for_each_lsoa_row(csv, c.back(), lsoa, errors, [&](size_t i, size_t r) {
    double sum = 0;
    for (int age = 0; age < kSourceOpenAge; ++age) {
      out[i][age] = count(csv, r, c[static_cast<size_t>(age)], errors);
      sum += out[i][age];
    }
    const double open = count(csv, r, c[kSourceOpenAge], errors);
    sum += open;
    for (int age = kSourceOpenAge; age <= kMaxAge; ++age)
      out[i][age] = lx_open > 0 ? open * (lx[0][age] + lx[1][age]) / lx_open : 0.0;
    if (std::abs(sum - persons_2019[i]) > 0.5)
      errors.add(csv.file(), "line " + std::to_string(csv.line_of(r)),
                 "ages summing to all_ages (" + std::to_string(persons_2019[i]) + ")",
                 std::to_string(sum));
  });
  return out;
}

// The ONS best-fit lookup: which LCR 2011 LSOAs each 2021 LSOA is linked to (each 2011 LSOA needs
// a link; 2011 LSOAs outside the LCR are left out, having no LCR persons to give counts to).
Parents read_lsoa_lookup(const fs::path& dir, const CodeIndex& lsoa,
                         const std::vector<std::string>& codes, DiagnosticList& errors) {
  Parents parents;
  const auto t =
      open_table(dir / kLsoaLookup, {"lsoa11_code", "lsoa21_code", "change_code"}, errors);
  if (!t) return parents;
  const CsvTable& csv = t->csv;
  const std::vector<size_t>& c = t->col;
  std::vector<bool> linked(codes.size(), false);
  for (size_t r = 0; r < csv.rows(); ++r) {
    const std::string& cc = csv.cell(r, c[2]);
    if (cc != "U" && cc != "S" && cc != "M" && cc != "X")
      errors.add(csv.file(), csv.where(r, c[2]), "U, S, M or X", "'" + cc + "'");
    const auto it = lsoa.find(csv.cell(r, c[0]));
    if (it == lsoa.end()) continue;
    auto& p = parents[csv.cell(r, c[1])];
    if (std::find(p.begin(), p.end(), it->second) == p.end()) p.push_back(it->second);
    linked[it->second] = true;
  }
  for (size_t i = 0; i < codes.size(); ++i)
    if (!linked[i]) no_row_for(csv.file(), "LSOA " + codes[i], errors);
  return parents;
}

// Adds one 2021 table's columns to per-2011-LSOA totals. Each 2021 LSOA's counts go to the 2011
// LSOAs linked to it in proportion to their mid-2019 persons: U (1:1) and S (one 2011 split into
// several 2021: parts summed) move whole, M (several 2011 merged) and X (irregular) are apportioned.
PerLsoa join_2021(const fs::path& path, const std::vector<std::string>& cols,
                  const Parents& parents, const LcrAreas& geo, DiagnosticList& errors) {
  const size_t n = geo.areas.size();
  PerLsoa out(n, std::vector<double>(cols.size(), 0.0));
  std::vector<std::string> all = cols;
  all.insert(all.begin(), "lsoa21_code");
  const auto t = open_table(path, all, errors);
  if (!t) return out;
  const CsvTable& csv = t->csv;
  const std::vector<size_t>& c = t->col;
  std::vector<bool> used(n, false);
  for (size_t r = 0; r < csv.rows(); ++r) {
    const auto it = parents.find(csv.cell(r, c[0]));
    if (it == parents.end()) {
      errors.add(csv.file(), csv.where(r, c[0]),
                 "an LSOA 2021 code in lcr_lsoa11_to_lsoa21_lookup.csv",
                 "'" + csv.cell(r, c[0]) + "'");
      continue;
    }
    double persons = 0;
    for (size_t i : it->second) persons += geo.persons_2019[i];
    for (size_t i : it->second) {
      const double w = persons > 0 ? geo.persons_2019[i] / persons
                                   : 1.0 / static_cast<double>(it->second.size());
      for (size_t k = 0; k < cols.size(); ++k) out[i][k] += w * count(csv, r, c[k + 1], errors);
      used[i] = true;
    }
  }
  for (size_t i = 0; i < n; ++i)
    if (!used[i] && !parents.empty())
      no_row_for(csv.file(), "a 2021 LSOA linked to " + geo.areas.code[i], errors);
  return out;
}

// The census 2021 household tables, each joined onto the 2011 LSOAs.
struct Census2021 {
  PerLsoa tenure;     // total, then the eight tenure columns (see read_census_2021)
  PerLsoa occupancy;  // total, then the two overcrowded columns
  PerLsoa residents;  // total usual residents
};

Census2021 read_census_2021(const fs::path& dir, const Parents& parents, const LcrAreas& geo,
                            DiagnosticList& errors) {
  Census2021 c;
  c.tenure = join_2021(
      dir / kTenure,
      {"total_households", "owned_owns_outright", "owned_owns_with_a_mortgage_or_loan",
       "shared_ownership_shared_ownership", "social_rented_rents_from_council_or_local_authority",
       "social_rented_other_social_rented", "private_rented_private_landlord_or_letting_agency",
       "private_rented_other_private_rented", "lives_rent_free"},
      parents, geo, errors);
  c.occupancy =
      join_2021(dir / kOccupancy,
                {"total_households", "occ_minus1_overcrowded", "occ_minus2_or_less_overcrowded"},
                parents, geo, errors);
  c.residents = join_2021(dir / kResidents, {"total_residents"}, parents, geo, errors);
  return c;
}

// Household composition (census 2011 QS116EW) by MSOA, grouped into the five types.
MsoaTypes read_household_types(const fs::path& dir, DiagnosticList& errors) {
  MsoaTypes msoa_types;
  const auto t = open_table(
      dir / kHouseholdTypes,
      {"msoa11_code", "one_person_household", "married_couple_household_no_dependent_children",
       "same_sex_civil_partnership_couple_household_no_dependent_children",
       "cohabiting_couple_household_no_dependent_children",
       "married_couple_household_with_dependent_children",
       "same_sex_civil_partnership_couple_household_with_dependent_children",
       "cohabiting_couple_household_with_dependent_children",
       "lone_parent_household_with_dependent_children",
       "lone_parent_household_no_dependent_children",
       "multi_person_household_all_full_time_students", "multi_person_household_other"},
      errors);
  if (!t) return msoa_types;
  // Which grouped type each QS116EW column feeds (column 0 is the code).
  constexpr HouseholdType kGroup[] = {HouseholdType::kOnePerson,
                                      HouseholdType::kCoupleNoChildren,
                                      HouseholdType::kCoupleNoChildren,
                                      HouseholdType::kCoupleNoChildren,
                                      HouseholdType::kCoupleWithChildren,
                                      HouseholdType::kCoupleWithChildren,
                                      HouseholdType::kCoupleWithChildren,
                                      HouseholdType::kLoneParent,
                                      HouseholdType::kOther,
                                      HouseholdType::kOther,
                                      HouseholdType::kOther};
  const CsvTable& csv = t->csv;
  const std::vector<size_t>& c = t->col;
  for (size_t r = 0; r < csv.rows(); ++r) {
    std::array<double, kHouseholdTypeCount> v{};
    for (size_t k = 1; k < c.size(); ++k)
      v[static_cast<size_t>(kGroup[k - 1])] += count(csv, r, c[k], errors);
    msoa_types[csv.cell(r, c[0])] = v;
  }
  return msoa_types;
}

// Owner occupied, social rented, private rented shares of a joined tenure row (see Census2021).
std::array<double, kTenureCount> tenure_shares(const std::vector<double>& tn) {
  const double owner = tn[1] + tn[2] + tn[3], social = tn[4] + tn[5], priv = tn[6] + tn[7] + tn[8];
  const double all = owner + social + priv;
  return all > 0 ? std::array<double, 3>{owner / all, social / all, priv / all}
                 : std::array<double, 3>{1.0, 0.0, 0.0};
}

// Per LSOA: households re-based to mid-2019, tenure, overcrowding and (at its MSOA) type shares.
void set_household_shares(const Census2021& census, const MsoaTypes& msoa_types,
                          const fs::path& types_file, LcrData& d, DiagnosticList& errors) {
  const size_t n = d.geo.areas.size();
  d.households_2019.assign(n, 0);
  d.type_share.assign(n, {});
  d.tenure_share.assign(n, {});
  d.overcrowded_share.assign(n, 0);
  for (size_t i = 0; i < n; ++i) {
    const std::vector<double>& tn = census.tenure[i];
    const std::vector<double>& oc = census.occupancy[i];
    const double residents_2021 = census.residents[i][0];
    d.households_2019[i] =
        residents_2021 > 0 ? tn[0] * d.geo.persons_2019[i] / residents_2021 : tn[0];
    d.tenure_share[i] = tenure_shares(tn);
    d.overcrowded_share[i] = oc[0] > 0 ? (oc[1] + oc[2]) / oc[0] : 0.0;
    const auto it = msoa_types.find(d.geo.msoa_code[i]);
    if (it == msoa_types.end()) {
      if (!msoa_types.empty())
        no_row_for(types_file.string(), "MSOA " + d.geo.msoa_code[i], errors);
      continue;
    }
    const double total = std::accumulate(it->second.begin(), it->second.end(), 0.0);
    for (int k = 0; k < kHouseholdTypeCount; ++k)
      d.type_share[i][k] = total > 0 ? it->second[k] / total : (k == 0 ? 1.0 : 0.0);
  }
}

// Mean over ages 65-74 of the life-table survivor ratio lx_f / lx_m: the 75+ odds are relative to it.
double survivor_ratio_65_74(const LifeTable& lx) {
  double ratio = 0;
  for (int age = kBandFirstAge[2]; age <= kBandLastAge[2]; ++age)
    ratio += lx[0][age] / std::max(lx[1][age], 1e-9);
  return ratio / (kBandLastAge[2] - kBandFirstAge[2] + 1);
}

// One council's row of the band table: the female share of each band, flat within the band, and at
// 75+ the odds of being female growing with the survivor ratio (women outlive men).
void set_council_sex(const CsvTable& t, size_t r, const std::vector<size_t>& c, const LifeTable& lx,
                     double ratio_65_74, size_t ci, LcrData& d, DiagnosticList& errors) {
  for (int b = 0; b < kSexBandCount; ++b) {
    const double f = count(t, r, c[static_cast<size_t>(1 + b)], errors);
    const double m = count(t, r, c[static_cast<size_t>(4 + b)], errors);
    const double share = f + m > 0 ? f / (f + m) : 0.5;
    d.band_female_share[ci][b] = share;
    for (int age = kBandFirstAge[b]; age <= kBandLastAge[b]; ++age)
      d.female_probability[ci][age] = share;
  }
  const double odds = d.band_female_share[ci][2] / std::max(1.0 - d.band_female_share[ci][2], 1e-9);
  for (int age = kBandLastAge[2] + 1; age <= kMaxAge; ++age) {
    const double o = odds * (lx[0][age] / std::max(lx[1][age], 1e-9)) / ratio_65_74;
    d.female_probability[ci][age] = o / (1.0 + o);
  }
}

// Sex: female share of each council x band (TS009 as packaged), flat within 0-15, 16-64 and 65-74;
// at 75+ the odds of being female grow with the life-table survivor ratio lx_f / lx_m relative to its
// mean over 65-74 (women outlive men; ONS NLT 2017-19). See docs/population.md.
void read_sex_by_age(const fs::path& dir, const LifeTable& lx, LcrData& d, DiagnosticList& errors) {
  const std::vector<Council>& councils = d.geo.councils;
  d.female_probability.assign(councils.size(), {});
  d.band_female_share.assign(councils.size(), {});
  const auto t = open_table(dir / kAgeSexBands,
                            {"ltla21_code", "younger_females", "working_age_females",
                             "older_females", "younger_males", "working_age_males", "older_males"},
                            errors);
  if (!t) return;
  const CsvTable& csv = t->csv;
  const double ratio_65_74 = survivor_ratio_65_74(lx);
  std::vector<bool> have_council(councils.size(), false);
  for (size_t r = 0; r < csv.rows(); ++r) {
    const size_t ci = council_index(councils, csv.cell(r, t->col[0]));
    if (ci == councils.size()) continue;  // another council: not needed
    have_council[ci] = true;
    set_council_sex(csv, r, t->col, lx, ratio_65_74, ci, d, errors);
  }
  for (size_t ci = 0; ci < have_council.size(); ++ci)
    if (!have_council[ci]) no_row_for(csv.file(), "council " + councils[ci].code, errors);
}

// The persons table is read twice (areas, then ages): report each problem once.
DiagnosticList without_repeats(const DiagnosticList& errors) {
  DiagnosticList unique;
  std::vector<std::string> seen;
  for (const Diagnostic& e : errors.items()) {
    std::string text = e.to_string();
    if (std::find(seen.begin(), seen.end(), text) != seen.end()) continue;
    seen.push_back(std::move(text));
    unique.add(e);
  }
  return unique;
}

}  // namespace

std::vector<std::string> lcr_area_files() {
  return {kGeography, kImdScores, kImdDeciles, kImdIndicators, kPersonsByAge};
}

std::vector<std::string> lcr_data_files() {
  std::vector<std::string> files = lcr_area_files();
  for (const char* f :
       {kLifeTable, kLsoaLookup, kTenure, kOccupancy, kResidents, kHouseholdTypes, kAgeSexBands})
    files.push_back(f);
  return files;
}

LcrAreas load_lcr_areas(const fs::path& dir) {
  DiagnosticList errors;
  LcrAreas out = load_areas(dir, errors);
  errors.throw_if_any();
  return out;
}

LcrData load_lcr_data(const fs::path& dir) {
  LcrData d;
  DiagnosticList errors;
  d.geo = load_areas(dir, errors);
  CodeIndex
      lsoa;  // inserted in LSOA order, as load_areas does: rows_by_lsoa lists gaps in map order
  for (size_t i = 0; i < d.geo.areas.size(); ++i) lsoa.emplace(d.geo.areas.code[i], i);

  const LifeTable lx = read_life_table(dir, errors);
  d.persons_by_age = read_persons_by_age(dir, lsoa, lx, d.geo.persons_2019, errors);
  const Parents parents = read_lsoa_lookup(dir, lsoa, d.geo.areas.code, errors);
  const Census2021 census = read_census_2021(dir, parents, d.geo, errors);
  const MsoaTypes msoa_types = read_household_types(dir, errors);
  set_household_shares(census, msoa_types, dir / kHouseholdTypes, d, errors);
  read_sex_by_age(dir, lx, d, errors);
  without_repeats(errors).throw_if_any();
  return d;
}

Population lcr_population(const LcrAreas& geo, YearMonth reference_date, std::string source) {
  Population pop;
  pop.councils = geo.councils;
  pop.areas = geo.areas;
  pop.reference_date = reference_date;
  pop.source = std::move(source);
  return pop;
}

}  // namespace civicsim
