#include "engine/sim/demography_rates.hpp"

#include <algorithm>
#include <string>

#include "engine/core/csv_table.hpp"

namespace civicsim {
namespace {

constexpr const char* kLifeTable = "eng_ons_national_life_table_england_2017_2019.csv";
constexpr const char* kBirthsTable = "eng_ons_live_births_by_age_of_mother_ew_2019.csv";

// mx by sex and age 0..kOldestAge, carrying the last age in the table upwards.
void read_life_table(const std::filesystem::path& file, DemographyRates& rates,
                     DiagnosticList& errors) {
  const CsvTable t = CsvTable::read(file);
  t.require_columns({"sex", "age", "mx"});
  const size_t c_sex = *t.find_column("sex"), c_age = *t.find_column("age"),
               c_mx = *t.find_column("mx");
  for (auto& v : rates.mortality_per_year) v.assign(kOldestAge + 1, -1.0);
  int last_age[kSexCount] = {-1, -1};
  for (size_t r = 0; r < t.rows(); ++r) {
    const std::string& s = t.cell(r, c_sex);
    const int sex = s == "female" ? 0 : s == "male" ? 1 : -1;
    if (sex < 0) {
      errors.add(t.file(), t.where(r, c_sex), "'female' or 'male'", "'" + s + "'");
      continue;
    }
    const long long age = t.integer(r, c_age, errors, -1);
    const double mx = t.number(r, c_mx, errors, -1);
    if (age < 0 || age > kOldestAge) {
      errors.add(t.file(), t.where(r, c_age), "an age in [0, 110]", t.cell(r, c_age));
      continue;
    }
    if (mx < 0 || mx > 1) {
      errors.add(t.file(), t.where(r, c_mx), "a rate in [0, 1]", t.cell(r, c_mx));
      continue;
    }
    rates.mortality_per_year[sex][static_cast<size_t>(age)] = mx;
    last_age[sex] = std::max(last_age[sex], static_cast<int>(age));
  }
  for (int sex = 0; sex < kSexCount; ++sex) {
    auto& m = rates.mortality_per_year[sex];
    for (int age = 0; age <= last_age[sex]; ++age)
      if (m[age] < 0)
        errors.add(t.file(), "",
                   "a row for every age 0.." + std::to_string(last_age[sex]) + " for " +
                       (sex ? "males" : "females"),
                   "no row for age " + std::to_string(age));
    if (last_age[sex] < 90) {
      errors.add(t.file(), "", "ages up to at least 90",
                 "last age " + std::to_string(last_age[sex]));
      continue;
    }
    for (int age = last_age[sex] + 1; age <= kOldestAge; ++age) m[age] = m[last_age[sex]];
  }
}

// Live births by single year of age of mother; "Under 14" is placed at 13 and "49 and over" at 49.
std::vector<double> read_births(const std::filesystem::path& file, double& male_share,
                                DiagnosticList& errors) {
  const CsvTable t = CsvTable::read(file);
  t.require_columns({"age_of_mother", "live_births_total", "live_births_female"});
  const size_t c_age = *t.find_column("age_of_mother");
  const size_t c_total = *t.find_column("live_births_total");
  const size_t c_female = *t.find_column("live_births_female");
  std::vector<double> births(kOldestAge + 1, 0.0);
  male_share = -1;
  for (size_t r = 0; r < t.rows(); ++r) {
    const std::string& label = t.cell(r, c_age);
    const double total = t.number(r, c_total, errors);
    if (label == "All ages") {
      const double female = t.number(r, c_female, errors);
      if (total > 0) male_share = (total - female) / total;
      continue;
    }
    int age = -1;
    if (label == "Under 14")
      age = 13;
    else if (label == "49 and over")
      age = 49;
    else {
      try {
        size_t used = 0;
        age = std::stoi(label, &used);
        if (used != label.size()) age = -1;
      } catch (const std::exception&) {
        age = -1;
      }
    }
    if (age < 13 || age > 49) {
      errors.add(t.file(), t.where(r, c_age),
                 "'All ages', 'Under 14', an age 14..48 or '49 and over'", "'" + label + "'");
      continue;
    }
    births[static_cast<size_t>(age)] += total;
  }
  if (male_share < 0) errors.add(t.file(), "", "an 'All ages' row", "none");
  return births;
}

}  // namespace

std::vector<std::string> demography_files() { return {kLifeTable, kBirthsTable}; }

DemographyRates load_demography_rates(const std::filesystem::path& data_dir,
                                      const Population& initial) {
  DemographyRates rates;
  if (initial.source == "cohort") {  // no demography: zero rates, nothing read
    for (auto& m : rates.mortality_per_year) m.assign(kOldestAge + 1, 0.0);
    rates.fertility_per_year.assign(initial.councils.size(),
                                    std::vector<double>(kOldestAge + 1, 0.0));
    rates.births_per_year.assign(initial.councils.size(), 0.0);
    return rates;
  }
  DiagnosticList errors;
  try {
    read_life_table(data_dir / kLifeTable, rates, errors);
  } catch (const InputError& e) {
    errors.append(e);
  }
  std::vector<double> births;
  try {
    births = read_births(data_dir / kBirthsTable, rates.male_birth_share, errors);
  } catch (const InputError& e) {
    errors.append(e);
  }
  errors.throw_if_any();

  // Women by council and age, and infants by council, in the starting population.
  const size_t councils = initial.councils.size();
  std::vector<std::vector<double>> women(councils, std::vector<double>(kOldestAge + 1, 0.0));
  std::vector<double> infants(councils, 0.0);
  const People& p = initial.people;
  for (size_t i = 0; i < p.size(); ++i) {
    if (!p.alive[i]) continue;
    const size_t c = initial.areas.council[p.area[i]];
    const int age = std::min(age_years(p.birth_month[i], initial.reference_date), kOldestAge);
    if (age == 0) infants[c] += 1;
    if (p.sex[i] == static_cast<uint8_t>(Sex::kFemale)) women[c][static_cast<size_t>(age)] += 1;
  }
  const double q0 = 0.5 * (rates.mortality_per_year[0][0] + rates.mortality_per_year[1][0]);
  rates.births_per_year.assign(councils, 0.0);
  rates.fertility_per_year.assign(councils, std::vector<double>(kOldestAge + 1, 0.0));
  for (size_t c = 0; c < councils; ++c) {
    rates.births_per_year[c] = infants[c] / (1.0 - q0 / 2.0);
    // Shares over the ages at which the council has women, so a small population keeps every birth.
    double national_total = 0;
    for (int age = 0; age <= kOldestAge; ++age)
      if (women[c][age] > 0) national_total += births[age];
    if (national_total <= 0) continue;
    for (int age = 0; age <= kOldestAge; ++age)
      if (births[age] > 0 && women[c][age] > 0)
        rates.fertility_per_year[c][age] =
            rates.births_per_year[c] * births[age] / national_total / women[c][age];
  }
  return rates;
}

}  // namespace civicsim
