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

// Reads a table and checks its columns; on failure records the diagnostics and returns nullopt so
// that the loader can go on and report problems in the other files too.
std::optional<CsvTable> open_table(const fs::path& path, const std::vector<std::string>& columns,
                                   DiagnosticList& errors) {
  try {
    CsvTable t = CsvTable::read(path);
    t.require_columns(columns);
    return t;
  } catch (const InputError& e) {
    errors.append(e);
    return std::nullopt;
  }
}

// Column indices of a table whose columns were already checked.
std::vector<size_t> columns_of(const CsvTable& t, const std::vector<std::string>& names) {
  std::vector<size_t> c;
  for (const auto& n : names) c.push_back(*t.find_column(n));
  return c;
}

// The row of each LSOA (by code) in a per-LSOA table; unknown codes and gaps are diagnostics.
std::vector<size_t> rows_by_lsoa(const CsvTable& t, size_t code_col, const CodeIndex& lsoa,
                                 DiagnosticList& errors) {
  constexpr size_t kNone = static_cast<size_t>(-1);
  std::vector<size_t> row(lsoa.size(), kNone);
  for (size_t r = 0; r < t.rows(); ++r) {
    const auto it = lsoa.find(t.cell(r, code_col));
    if (it == lsoa.end()) {
      errors.add(t.file(), t.where(r, code_col), "an LSOA 2011 code listed in lcr_lsoa11_geography.csv",
                 "'" + t.cell(r, code_col) + "'");
    } else if (row[it->second] != kNone) {
      errors.add(t.file(), t.where(r, code_col), "one row per LSOA",
                 "'" + t.cell(r, code_col) + "' again (first on line " +
                     std::to_string(t.line_of(row[it->second])) + ")");
    } else {
      row[it->second] = r;
    }
  }
  for (const auto& [code, i] : lsoa)
    if (row[i] == kNone) errors.add(t.file(), "", "a row for LSOA " + code, "none");
  return row;
}

// A count that must be a non-negative number.
double count(const CsvTable& t, size_t r, size_t c, DiagnosticList& errors) {
  const double v = t.number(r, c, errors);
  if (v < 0) errors.add(t.file(), t.where(r, c), "a count >= 0", t.cell(r, c));
  return std::max(v, 0.0);
}

// The area tables; problems go to `errors` (only a missing or unreadable geography throws at once).
LcrAreas load_areas(const fs::path& dir, DiagnosticList& errors) {
  LcrAreas out;
  const auto geo =
      open_table(dir / kGeography,
                 {"lsoa11_code", "lsoa11_name", "lad19_code", "lad19_name", "msoa11_code"}, errors);
  if (!geo) errors.throw_if_any();  // nothing else can be joined without the geography
  const auto gc = columns_of(*geo, {"lsoa11_code", "lsoa11_name", "lad19_code", "lad19_name", "msoa11_code"});

  // Councils alphabetically by name, LSOAs by code: a canonical order independent of file order.
  std::vector<Council> councils;
  for (size_t r = 0; r < geo->rows(); ++r) {
    Council c{geo->cell(r, gc[2]), geo->cell(r, gc[3])};
    if (std::none_of(councils.begin(), councils.end(), [&](const Council& k) { return k.code == c.code; }))
      councils.push_back(c);
  }
  std::sort(councils.begin(), councils.end(), [](const Council& a, const Council& b) { return a.name < b.name; });
  std::vector<size_t> order(geo->rows());
  std::iota(order.begin(), order.end(), size_t{0});
  std::sort(order.begin(), order.end(),
            [&](size_t a, size_t b) { return geo->cell(a, gc[0]) < geo->cell(b, gc[0]); });
  if (order.size() > 65535) errors.add(geo->file(), "", "at most 65535 LSOAs", std::to_string(order.size()));

  Areas& a = out.areas;
  CodeIndex lsoa;
  for (size_t r : order) {
    const std::string& code = geo->cell(r, gc[0]);
    if (!lsoa.emplace(code, a.code.size()).second) {
      errors.add(geo->file(), geo->where(r, gc[0]), "each LSOA once", "'" + code + "' again");
      continue;
    }
    a.code.push_back(code);
    a.name.push_back(geo->cell(r, gc[1]));
    const auto c = std::find_if(councils.begin(), councils.end(),
                                [&](const Council& k) { return k.code == geo->cell(r, gc[2]); });
    a.council.push_back(static_cast<uint8_t>(c - councils.begin()));
    out.msoa_code.push_back(geo->cell(r, gc[4]));
  }
  out.councils = councils;
  const size_t n = a.code.size();
  a.imd_score.assign(n, 0);
  a.imd_decile.assign(n, 1);
  a.imd_quintile.assign(n, 1);
  a.air_quality.assign(n, 0);
  a.poor_condition_share.assign(n, 0);
  a.no_central_heating_share.assign(n, 0);
  a.mortality_ratio.assign(n, 1);
  out.persons_2019.assign(n, 0);

  if (const auto t = open_table(dir / kImdScores, {"lsoa11_code", "imd_score"}, errors)) {
    const auto c = columns_of(*t, {"lsoa11_code", "imd_score"});
    const auto row = rows_by_lsoa(*t, c[0], lsoa, errors);
    for (size_t i = 0; i < n; ++i)
      if (row[i] < t->rows()) a.imd_score[i] = t->number(row[i], c[1], errors);
  }
  if (const auto t = open_table(dir / kImdDeciles, {"lsoa11_code", "imd_decile"}, errors)) {
    const auto c = columns_of(*t, {"lsoa11_code", "imd_decile"});
    const auto row = rows_by_lsoa(*t, c[0], lsoa, errors);
    for (size_t i = 0; i < n; ++i) {
      if (row[i] >= t->rows()) continue;
      const long long d = t->integer(row[i], c[1], errors, 1);
      if (d < 1 || d > 10) errors.add(t->file(), t->where(row[i], c[1]), "a decile 1..10", t->cell(row[i], c[1]));
      a.imd_decile[i] = static_cast<uint8_t>(std::clamp(d, 1LL, 10LL));
      a.imd_quintile[i] = static_cast<uint8_t>((a.imd_decile[i] + 1) / 2);
    }
  }
  std::vector<double> ypll(n, 0.0);
  if (const auto t = open_table(
          dir / kImdIndicators,
          {"lsoa11_code", "air_quality_indicator", "housing_in_poor_condition_indicator",
           "houses_without_central_heating_indicator", "years_of_potential_life_lost_indicator"},
          errors)) {
    const auto c = columns_of(*t, {"lsoa11_code", "air_quality_indicator", "housing_in_poor_condition_indicator",
                                   "houses_without_central_heating_indicator",
                                   "years_of_potential_life_lost_indicator"});
    const auto row = rows_by_lsoa(*t, c[0], lsoa, errors);
    for (size_t i = 0; i < n; ++i) {
      if (row[i] >= t->rows()) continue;
      a.air_quality[i] = t->number(row[i], c[1], errors);
      a.poor_condition_share[i] = t->number(row[i], c[2], errors);
      a.no_central_heating_share[i] = t->number(row[i], c[3], errors);
      ypll[i] = t->number(row[i], c[4], errors);
      for (int k = 2; k <= 3; ++k) {
        const double p = t->number(row[i], c[static_cast<size_t>(k)], errors);
        if (p < 0 || p > 1)
          errors.add(t->file(), t->where(row[i], c[static_cast<size_t>(k)]), "a proportion in [0, 1]",
                     t->cell(row[i], c[static_cast<size_t>(k)]));
      }
    }
  }
  if (const auto t = open_table(dir / kPersonsByAge, {"lsoa11_code", "all_ages"}, errors)) {
    const auto c = columns_of(*t, {"lsoa11_code", "all_ages"});
    const auto row = rows_by_lsoa(*t, c[0], lsoa, errors);
    for (size_t i = 0; i < n; ++i)
      if (row[i] < t->rows()) out.persons_2019[i] = static_cast<int32_t>(t->integer(row[i], c[1], errors));
  }

  // Premature mortality relative to the LCR: YPLL (IoD2019 health domain, age-sex standardised) over
  // its mid-2019 population-weighted LCR mean, so the population-weighted mean ratio is exactly 1.
  double weighted = 0, persons = 0;
  for (size_t i = 0; i < n; ++i) {
    weighted += ypll[i] * out.persons_2019[i];
    persons += out.persons_2019[i];
  }
  const double mean = persons > 0 ? weighted / persons : 0.0;
  for (size_t i = 0; i < n; ++i) a.mortality_ratio[i] = mean > 0 ? ypll[i] / mean : 1.0;
  return out;
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
  const Areas& areas = d.geo.areas;
  const size_t n = areas.size();
  CodeIndex lsoa;
  for (size_t i = 0; i < n; ++i) lsoa.emplace(areas.code[i], i);

  // National life table: lx by sex and age (0..100), for the 90+ spread and the 75+ sex ratio.
  std::array<std::array<double, kAgeCount>, kSexCount> lx{};
  if (const auto t = open_table(dir / kLifeTable, {"sex", "age", "lx"}, errors)) {
    const auto c = columns_of(*t, {"sex", "age", "lx"});
    std::array<std::array<bool, kAgeCount>, kSexCount> seen{};
    for (size_t r = 0; r < t->rows(); ++r) {
      const std::string& s = t->cell(r, c[0]);
      const long long age = t->integer(r, c[1], errors, -1);
      if (s != "female" && s != "male") {
        errors.add(t->file(), t->where(r, c[0]), "female or male", "'" + s + "'");
        continue;
      }
      if (age < 0 || age > kMaxAge) continue;
      const int sx = s == "female" ? 0 : 1;
      lx[sx][static_cast<size_t>(age)] = t->number(r, c[2], errors);
      seen[sx][static_cast<size_t>(age)] = true;
    }
    for (int sx = 0; sx < kSexCount; ++sx)
      for (int age = 0; age <= kMaxAge; ++age)
        if (!seen[sx][age] || !(lx[sx][age] > 0))
          errors.add(t->file(), "", std::string("lx > 0 for ") + (sx == 0 ? "female" : "male") + " age " +
                                        std::to_string(age), "none");
  }

  // Persons by single year; the open 90+ group is spread over 90..100 in proportion to the life-table
  // survivors lx (both sexes summed), i.e. a stationary-population shape.
  d.persons_by_age.assign(n, {});
  std::vector<std::string> names;
  for (int age = 0; age < kSourceOpenAge; ++age) names.push_back("age_" + std::to_string(age));
  names.push_back("age_90plus");
  std::vector<std::string> with_code = names;
  with_code.push_back("lsoa11_code");
  if (const auto t = open_table(dir / kPersonsByAge, with_code, errors)) {
    const auto c = columns_of(*t, names);
    const auto row = rows_by_lsoa(*t, *t->find_column("lsoa11_code"), lsoa, errors);
    double lx_open = 0;
    for (int age = kSourceOpenAge; age <= kMaxAge; ++age) lx_open += lx[0][age] + lx[1][age];
    for (size_t i = 0; i < n; ++i) {
      if (row[i] >= t->rows()) continue;
      double sum = 0;
      for (int age = 0; age < kSourceOpenAge; ++age) {
        d.persons_by_age[i][age] = count(*t, row[i], c[static_cast<size_t>(age)], errors);
        sum += d.persons_by_age[i][age];
      }
      const double open = count(*t, row[i], c.back(), errors);
      sum += open;
      for (int age = kSourceOpenAge; age <= kMaxAge; ++age)
        d.persons_by_age[i][age] = lx_open > 0 ? open * (lx[0][age] + lx[1][age]) / lx_open : 0.0;
      if (std::abs(sum - d.geo.persons_2019[i]) > 0.5)
        errors.add(t->file(), "line " + std::to_string(t->line_of(row[i])), "ages summing to all_ages (" +
                                  std::to_string(d.geo.persons_2019[i]) + ")", std::to_string(sum));
    }
  }

  // Census 2021 tables are on 2021 LSOAs. Each 2021 LSOA's counts go to the 2011 LSOAs linked to it in
  // the ONS best-fit lookup, in proportion to their mid-2019 persons: U (1:1) and S (one 2011 split into
  // several 2021: parts summed) move whole, M (several 2011 merged) and X (irregular) are apportioned.
  std::unordered_map<std::string, std::vector<size_t>> parents;  // lsoa21 -> lsoa11 rows
  if (const auto t =
          open_table(dir / kLsoaLookup, {"lsoa11_code", "lsoa21_code", "change_code"}, errors)) {
    const auto c = columns_of(*t, {"lsoa11_code", "lsoa21_code", "change_code"});
    std::vector<bool> linked(n, false);
    for (size_t r = 0; r < t->rows(); ++r) {
      const std::string& cc = t->cell(r, c[2]);
      if (cc != "U" && cc != "S" && cc != "M" && cc != "X")
        errors.add(t->file(), t->where(r, c[2]), "U, S, M or X", "'" + cc + "'");
      const auto it = lsoa.find(t->cell(r, c[0]));
      if (it == lsoa.end()) continue;  // a 2011 LSOA outside the LCR: no LCR persons to give counts to
      auto& p = parents[t->cell(r, c[1])];
      if (std::find(p.begin(), p.end(), it->second) == p.end()) p.push_back(it->second);
      linked[it->second] = true;
    }
    for (size_t i = 0; i < n; ++i)
      if (!linked[i]) errors.add(t->file(), "", "a row for LSOA " + areas.code[i], "none");
  }
  // Adds one 2021 table's columns (weights per column) to per-2011-LSOA totals.
  auto join_2021 = [&](const fs::path& path, const std::vector<std::string>& cols) {
    std::vector<std::vector<double>> out(n, std::vector<double>(cols.size(), 0.0));
    std::vector<std::string> all = cols;
    all.insert(all.begin(), "lsoa21_code");
    const auto t = open_table(path, all, errors);
    if (!t) return out;
    const auto c = columns_of(*t, all);
    std::vector<bool> used(n, false);
    for (size_t r = 0; r < t->rows(); ++r) {
      const auto it = parents.find(t->cell(r, c[0]));
      if (it == parents.end()) {
        errors.add(t->file(), t->where(r, c[0]), "an LSOA 2021 code in lcr_lsoa11_to_lsoa21_lookup.csv",
                   "'" + t->cell(r, c[0]) + "'");
        continue;
      }
      double persons = 0;
      for (size_t i : it->second) persons += d.geo.persons_2019[i];
      for (size_t i : it->second) {
        const double w = persons > 0 ? d.geo.persons_2019[i] / persons : 1.0 / static_cast<double>(it->second.size());
        for (size_t k = 0; k < cols.size(); ++k) out[i][k] += w * count(*t, r, c[k + 1], errors);
        used[i] = true;
      }
    }
    for (size_t i = 0; i < n; ++i)
      if (!used[i] && !parents.empty()) errors.add(t->file(), "", "a row for a 2021 LSOA linked to " + areas.code[i], "none");
    return out;
  };
  const auto tenure = join_2021(
      dir / kTenure,
      {"total_households", "owned_owns_outright", "owned_owns_with_a_mortgage_or_loan",
       "shared_ownership_shared_ownership", "social_rented_rents_from_council_or_local_authority",
       "social_rented_other_social_rented", "private_rented_private_landlord_or_letting_agency",
       "private_rented_other_private_rented", "lives_rent_free"});
  const auto occupancy = join_2021(dir / kOccupancy, {"total_households", "occ_minus1_overcrowded",
                                                      "occ_minus2_or_less_overcrowded"});
  const auto residents = join_2021(dir / kResidents, {"total_residents"});

  // Household composition (census 2011 QS116EW) at the LSOA's MSOA, grouped into five types.
  std::unordered_map<std::string, std::array<double, kHouseholdTypeCount>> msoa_types;
  const std::vector<std::string> qs_cols = {
      "msoa11_code",
      "one_person_household",
      "married_couple_household_no_dependent_children",
      "same_sex_civil_partnership_couple_household_no_dependent_children",
      "cohabiting_couple_household_no_dependent_children",
      "married_couple_household_with_dependent_children",
      "same_sex_civil_partnership_couple_household_with_dependent_children",
      "cohabiting_couple_household_with_dependent_children",
      "lone_parent_household_with_dependent_children",
      "lone_parent_household_no_dependent_children",
      "multi_person_household_all_full_time_students",
      "multi_person_household_other"};
  // Which grouped type each QS116EW column feeds (column 0 is the code).
  constexpr HouseholdType kGroup[] = {
      HouseholdType::kOnePerson,          HouseholdType::kCoupleNoChildren,   HouseholdType::kCoupleNoChildren,
      HouseholdType::kCoupleNoChildren,   HouseholdType::kCoupleWithChildren, HouseholdType::kCoupleWithChildren,
      HouseholdType::kCoupleWithChildren, HouseholdType::kLoneParent,         HouseholdType::kOther,
      HouseholdType::kOther,              HouseholdType::kOther};
  if (const auto t = open_table(dir / kHouseholdTypes, qs_cols, errors)) {
    const auto c = columns_of(*t, qs_cols);
    for (size_t r = 0; r < t->rows(); ++r) {
      std::array<double, kHouseholdTypeCount> v{};
      for (size_t k = 1; k < c.size(); ++k) v[static_cast<size_t>(kGroup[k - 1])] += count(*t, r, c[k], errors);
      msoa_types[t->cell(r, c[0])] = v;
    }
  }

  d.households_2019.assign(n, 0);
  d.type_share.assign(n, {});
  d.tenure_share.assign(n, {});
  d.overcrowded_share.assign(n, 0);
  for (size_t i = 0; i < n; ++i) {
    const auto& tn = tenure[i];
    const double residents_2021 = residents[i][0];
    d.households_2019[i] = residents_2021 > 0 ? tn[0] * d.geo.persons_2019[i] / residents_2021 : tn[0];
    const double owner = tn[1] + tn[2] + tn[3], social = tn[4] + tn[5], priv = tn[6] + tn[7] + tn[8];
    const double all = owner + social + priv;
    d.tenure_share[i] = all > 0 ? std::array<double, 3>{owner / all, social / all, priv / all}
                                : std::array<double, 3>{1.0, 0.0, 0.0};
    d.overcrowded_share[i] = occupancy[i][0] > 0 ? (occupancy[i][1] + occupancy[i][2]) / occupancy[i][0] : 0.0;
    const auto it = msoa_types.find(d.geo.msoa_code[i]);
    if (it == msoa_types.end()) {
      if (!msoa_types.empty())
        errors.add((dir / kHouseholdTypes).string(), "", "a row for MSOA " + d.geo.msoa_code[i],
                   "none");
      continue;
    }
    const double total = std::accumulate(it->second.begin(), it->second.end(), 0.0);
    for (int k = 0; k < kHouseholdTypeCount; ++k)
      d.type_share[i][k] = total > 0 ? it->second[k] / total : (k == 0 ? 1.0 : 0.0);
  }

  // Sex: female share of each council x band (TS009 as packaged), flat within 0-15, 16-64 and 65-74;
  // at 75+ the odds of being female grow with the life-table survivor ratio lx_f / lx_m relative to its
  // mean over 65-74 (women outlive men; ONS NLT 2017-19). See docs/population.md.
  d.female_probability.assign(d.geo.councils.size(), {});
  d.band_female_share.assign(d.geo.councils.size(), {});
  std::vector<bool> have_council(d.geo.councils.size(), false);
  const std::vector<std::string> band_cols = {"ltla21_code",     "younger_females",     "working_age_females",
                                              "older_females",   "younger_males",       "working_age_males",
                                              "older_males"};
  if (const auto t = open_table(dir / kAgeSexBands, band_cols, errors)) {
    const auto c = columns_of(*t, band_cols);
    double ratio_65_74 = 0;
    for (int age = kBandFirstAge[2]; age <= kBandLastAge[2]; ++age) ratio_65_74 += lx[0][age] / std::max(lx[1][age], 1e-9);
    ratio_65_74 /= kBandLastAge[2] - kBandFirstAge[2] + 1;
    for (size_t r = 0; r < t->rows(); ++r) {
      const auto k = std::find_if(d.geo.councils.begin(), d.geo.councils.end(),
                                  [&](const Council& x) { return x.code == t->cell(r, c[0]); });
      if (k == d.geo.councils.end()) continue;  // another council: not needed
      const size_t ci = static_cast<size_t>(k - d.geo.councils.begin());
      have_council[ci] = true;
      for (int b = 0; b < kSexBandCount; ++b) {
        const double f = count(*t, r, c[static_cast<size_t>(1 + b)], errors);
        const double m = count(*t, r, c[static_cast<size_t>(4 + b)], errors);
        const double share = f + m > 0 ? f / (f + m) : 0.5;
        d.band_female_share[ci][b] = share;
        for (int age = kBandFirstAge[b]; age <= kBandLastAge[b]; ++age) d.female_probability[ci][age] = share;
      }
      const double odds = d.band_female_share[ci][2] / std::max(1.0 - d.band_female_share[ci][2], 1e-9);
      for (int age = kBandLastAge[2] + 1; age <= kMaxAge; ++age) {
        const double o = odds * (lx[0][age] / std::max(lx[1][age], 1e-9)) / ratio_65_74;
        d.female_probability[ci][age] = o / (1.0 + o);
      }
    }
    for (size_t ci = 0; ci < have_council.size(); ++ci)
      if (!have_council[ci]) errors.add(t->file(), "", "a row for council " + d.geo.councils[ci].code, "none");
  }
  // The persons table is read twice (areas, then ages): report each problem once.
  DiagnosticList unique;
  std::vector<std::string> seen;
  for (const Diagnostic& e : errors.items()) {
    std::string text = e.to_string();
    if (std::find(seen.begin(), seen.end(), text) != seen.end()) continue;
    seen.push_back(std::move(text));
    unique.add(e);
  }
  unique.throw_if_any();
  return d;
}

}  // namespace civicsim
