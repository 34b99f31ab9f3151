// The synthetic LCR population against its source tables: persons and single-year ages per LSOA,
// households and their tenure and overcrowding per LSOA, sex by council and band, damp by tenure,
// the household structure, and determinism across thread counts and seeds. The scale-1 build is made
// once for the whole suite.
#include <gtest/gtest.h>
#include <omp.h>

#include <cmath>
#include <map>
#include <memory>

#include "engine/core/csv_table.hpp"
#include "engine/population/lcr_data.hpp"
#include "engine/population/synthesis.hpp"
#include "tests/test_support.hpp"

namespace civicsim {
namespace {

constexpr YearMonth kMid2019 = YearMonth::of(2019, 7);

class PopulationScaleOne : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    data_ = std::make_unique<LcrData>(load_lcr_data(testing::lcr_data_dir()));
    pop_ = std::make_unique<Population>(build_lcr_population(*data_, 1.0, 42, kMid2019));
  }
  static void TearDownTestSuite() {
    pop_.reset();
    data_.reset();
  }
  static std::unique_ptr<LcrData> data_;
  static std::unique_ptr<Population> pop_;
};
std::unique_ptr<LcrData> PopulationScaleOne::data_;
std::unique_ptr<Population> PopulationScaleOne::pop_;

TEST_F(PopulationScaleOne, AreasAndCouncils) {
  const Population& p = *pop_;
  ASSERT_EQ(p.areas.size(), 989u);
  ASSERT_EQ(p.councils.size(), 6u);
  const char* names[] = {"Halton", "Knowsley", "Liverpool", "Sefton", "St. Helens", "Wirral"};
  for (size_t c = 0; c < 6; ++c) EXPECT_EQ(p.councils[c].name, names[c]);
  EXPECT_EQ(p.councils[2].code, "E08000012");
  std::vector<int> per_council(6, 0);
  double weighted = 0, persons = 0;
  for (size_t a = 0; a < p.areas.size(); ++a) {
    ++per_council[p.areas.council[a]];
    EXPECT_EQ(p.areas.imd_quintile[a], (p.areas.imd_decile[a] + 1) / 2);
    if (a > 0) {
      EXPECT_LT(p.areas.code[a - 1], p.areas.code[a]);
    }
    weighted += p.areas.mortality_ratio[a] * data_->geo.persons_2019[a];
    persons += data_->geo.persons_2019[a];
  }
  EXPECT_EQ(per_council,
            (std::vector<int>{79, 98, 298, 189, 119, 206}));  // PROVENANCE.md LSOA counts
  EXPECT_NEAR(weighted / persons, 1.0, 1e-12);
  // E01012367 (Halton 007A): IMD score 58.639, decile 1 (lcr_iod2019_lsoa_scores.csv, ranks file).
  const auto it = std::find(p.areas.code.begin(), p.areas.code.end(), "E01012367");
  ASSERT_NE(it, p.areas.code.end());
  const size_t a = static_cast<size_t>(it - p.areas.code.begin());
  EXPECT_DOUBLE_EQ(p.areas.imd_score[a], 58.639);
  EXPECT_EQ(p.areas.imd_decile[a], 1);
  EXPECT_EQ(p.councils[p.areas.council[a]].name, "Halton");
}

TEST_F(PopulationScaleOne, PersonsAndAgesPerLsoaEqualTheSource) {
  const Population& p = *pop_;
  const CsvTable src =
      CsvTable::read(testing::lcr_data_dir() / "lcr_population_mid2019_lsoa11_syoa_persons.csv");
  std::map<std::string, size_t> row;
  for (size_t r = 0; r < src.rows(); ++r) row[src.cell(r, 0)] = r;
  std::vector<std::array<long long, 91>> built(p.areas.size(), std::array<long long, 91>{});
  for (size_t i = 0; i < p.people.size(); ++i) {
    const int age = age_years(p.people.birth_month[i], kMid2019);
    ASSERT_GE(age, 0);
    ASSERT_LE(age, 100);
    ++built[p.people.area[i]][std::min(age, 90)];
  }
  DiagnosticList errors;
  long long total = 0;
  for (size_t a = 0; a < p.areas.size(); ++a) {
    const size_t r = row.at(p.areas.code[a]);
    long long sum = 0;
    for (int age = 0; age <= 90; ++age) {
      const std::string col = age < 90 ? "age_" + std::to_string(age) : "age_90plus";
      EXPECT_EQ(built[a][age], src.integer(r, *src.find_column(col), errors))
          << p.areas.code[a] << " " << col;
      sum += built[a][age];
    }
    EXPECT_EQ(sum, src.integer(r, *src.find_column("all_ages"), errors));
    total += sum;
  }
  EXPECT_EQ(total, 1559320);  // sum of the six LA totals in PROVENANCE.md
  EXPECT_TRUE(errors.empty());
}

TEST_F(PopulationScaleOne, HouseholdsTenureAndOvercrowdingPerLsoa) {
  const Population& p = *pop_;
  const size_t n = p.areas.size();
  std::vector<std::array<int, 3>> tenure(n, std::array<int, 3>{});
  std::vector<int> households(n, 0), overcrowded(n, 0);
  for (size_t h = 0; h < p.households.size(); ++h) {
    const size_t a = p.households.area[h];
    ++households[a];
    ++tenure[a][p.households.tenure[h]];
    if (p.households.condition[h] & condition::kOvercrowded) ++overcrowded[a];
  }
  for (size_t a = 0; a < n; ++a) {
    const double target = data_->households_2019[a];
    EXPECT_LE(std::abs(households[a] - target), 0.5 + 1e-9) << p.areas.code[a];
    for (int t = 0; t < 3; ++t)
      EXPECT_LT(std::abs(tenure[a][t] - data_->tenure_share[a][t] * households[a]), 1.0)
          << p.areas.code[a];
    EXPECT_LT(std::abs(overcrowded[a] - data_->overcrowded_share[a] * households[a]), 1.0)
        << p.areas.code[a];
  }
}

TEST_F(PopulationScaleOne, FemaleShareByCouncilAndBand) {
  const Population& p = *pop_;
  // Independent read of the census table; bands 0-15, 16-64, 65-74 (docs/population.md).
  const CsvTable src =
      CsvTable::read(testing::lcr_data_dir() / "lcr_census2021_la_population_age_sex_bands.csv");
  DiagnosticList errors;
  const int first[] = {0, 16, 65}, last[] = {15, 64, 74};
  const char* band[] = {"younger", "working_age", "older"};
  std::vector<std::array<double, 3>> female(6, std::array<double, 3>{}),
      all(6, std::array<double, 3>{});
  for (size_t i = 0; i < p.people.size(); ++i) {
    const int age = age_years(p.people.birth_month[i], kMid2019);
    const int c = p.areas.council[p.people.area[i]];
    for (int b = 0; b < 3; ++b)
      if (age >= first[b] && age <= last[b]) {
        all[c][b] += 1;
        if (p.people.sex[i] == static_cast<uint8_t>(Sex::kFemale)) female[c][b] += 1;
      }
  }
  for (size_t r = 0; r < src.rows(); ++r) {
    const auto c = std::find_if(p.councils.begin(), p.councils.end(),
                                [&](const Council& k) { return k.code == src.cell(r, 0); });
    ASSERT_NE(c, p.councils.end());
    const size_t ci = static_cast<size_t>(c - p.councils.begin());
    for (int b = 0; b < 3; ++b) {
      const double f = src.number(r, *src.find_column(std::string(band[b]) + "_females"), errors);
      const double m = src.number(r, *src.find_column(std::string(band[b]) + "_males"), errors);
      const double share = f / (f + m), n = all[ci][b];
      const double se = std::sqrt(share * (1 - share) / n);
      EXPECT_LT(std::abs(female[ci][b] / n - share), 4 * se) << c->name << " " << band[b];
    }
  }
  // Women outnumber men at 90+ (life-table refinement).
  double f90 = 0, n90 = 0;
  for (size_t i = 0; i < p.people.size(); ++i)
    if (age_years(p.people.birth_month[i], kMid2019) >= 90) {
      n90 += 1;
      f90 += p.people.sex[i] == 0;
    }
  EXPECT_GT(f90 / n90, 0.6);
}

TEST_F(PopulationScaleOne, DampByTenureWithinFourStandardErrors) {
  const Population& p = *pop_;
  double weighted = 0, weight = 0;
  for (size_t a = 0; a < p.areas.size(); ++a) {
    weighted += data_->households_2019[a] * p.areas.poor_condition_share[a];
    weight += data_->households_2019[a];
  }
  const double mean_poor = weighted / weight;
  const double p_tenure[] = {0.04, 0.07, 0.09};  // EHS 2023-24 (PARAMETERS.md A3)
  double expected[3] = {}, variance[3] = {}, observed[3] = {}, count[3] = {};
  double poor_expected = 0, poor_observed = 0;
  for (size_t h = 0; h < p.households.size(); ++h) {
    const int t = p.households.tenure[h];
    const size_t a = p.households.area[h];
    const double q = std::min(1.0, p_tenure[t] * p.areas.poor_condition_share[a] / mean_poor);
    expected[t] += q;
    variance[t] += q * (1 - q);
    count[t] += 1;
    observed[t] += (p.households.condition[h] & condition::kDamp) != 0;
    poor_expected += p.areas.poor_condition_share[a];
    poor_observed += (p.households.condition[h] & condition::kPoorCondition) != 0;
  }
  for (int t = 0; t < 3; ++t) {
    EXPECT_LT(std::abs(observed[t] - expected[t]), 4 * std::sqrt(variance[t])) << "tenure " << t;
    // The LCR is more deprived than England, so damp is near or above the national rate.
    EXPECT_GT(observed[t] / count[t], 0.5 * p_tenure[t]);
  }
  EXPECT_LT(std::abs(poor_observed - poor_expected), 4 * std::sqrt(poor_expected));
}

TEST_F(PopulationScaleOne, HouseholdStructure) {
  const Population& p = *pop_;
  const Households& h = p.households;
  const People& pe = p.people;
  ASSERT_EQ(p.next_person_uid, pe.size());
  ASSERT_EQ(p.next_household_uid, h.size());
  std::vector<int> members(h.size(), 0), adults(h.size(), 0), kids(h.size(), 0);
  for (size_t i = 0; i < pe.size(); ++i) {
    ASSERT_EQ(pe.uid[i], i);
    ASSERT_EQ(pe.alive[i], 1);
    const uint32_t hh = pe.household[i];
    ASSERT_LT(hh, h.size());
    ASSERT_EQ(pe.area[i], h.area[hh]);
    if (i > 0) {
      ASSERT_LE(pe.household[i - 1], hh);  // persons grouped by household
    }
    ++members[hh];
    (age_years(pe.birth_month[i], kMid2019) < 18 ? kids : adults)[hh]++;
  }
  // Each type's composition. A few LSOAs have fewer adults than their households need (rounding after
  // the feasibility step; docs/population.md): there a couple or "other" household may have one adult.
  size_t family = 0, childless_family = 0, short_adults = 0, wrong = 0;
  for (size_t k = 0; k < h.size(); ++k) {
    ASSERT_EQ(h.uid[k], k);
    if (k > 0) {
      ASSERT_LE(h.area[k - 1], h.area[k]);  // households grouped by area
    }
    ASSERT_EQ(h.living[k], members[k]);
    ASSERT_GE(members[k], 1);
    const auto type = static_cast<HouseholdType>(h.type[k]);
    const bool two =
        type == HouseholdType::kCoupleNoChildren || type == HouseholdType::kCoupleWithChildren;
    if (type == HouseholdType::kOnePerson || type == HouseholdType::kCoupleNoChildren) {
      EXPECT_FALSE(h.condition[k] & condition::kOvercrowded);  // structural zero
      wrong += kids[k] != 0;
    }
    if (type == HouseholdType::kOnePerson || type == HouseholdType::kLoneParent)
      wrong += adults[k] != 1;
    if (two) wrong += adults[k] > 2;
    if ((two || type == HouseholdType::kOther) && adults[k] < 2) ++short_adults;
    if (type == HouseholdType::kCoupleWithChildren || type == HouseholdType::kLoneParent) {
      ++family;
      childless_family += kids[k] == 0;
    }
  }
  EXPECT_EQ(wrong, 0u);
  EXPECT_EQ(childless_family, 0u);
  EXPECT_LT(short_adults, h.size() / 1000) << short_adults;
  EXPECT_GT(family, 100000u);
  EXPECT_EQ(p.source, "lcr_synthetic");
  EXPECT_EQ(p.reference_date, kMid2019);
  EXPECT_EQ(p.fingerprint.size(), 16u);
}

TEST(PopulationBuild, ScaleGivesProportionalCounts) {
  const LcrData data = load_lcr_data(testing::lcr_data_dir());
  const Population p = build_lcr_population(data, 0.05, 42, kMid2019);
  long long expected = 0;
  for (size_t a = 0; a < data.geo.areas.size(); ++a) {
    const long long n = std::llround(data.geo.persons_2019[a] * 0.05);
    expected += n;
  }
  EXPECT_EQ(static_cast<long long>(p.people.size()), expected);
  EXPECT_NEAR(static_cast<double>(p.people.size()) / 1559320.0, 0.05, 0.001);
  EXPECT_NEAR(static_cast<double>(p.households.size()) / 680228.0, 0.05, 0.002);
}

TEST(PopulationBuild, TinyScaleLeavesNoHouseholdEmpty) {
  const LcrData data = load_lcr_data(testing::lcr_data_dir());
  for (double scale : {0.001, 0.002, 0.003}) {
    const Population p = build_lcr_population(data, scale, 1, kMid2019);
    EXPECT_EQ(p.occupied_households(), p.households.size()) << scale;
    size_t members = 0;
    for (uint16_t n : p.households.living) members += n;
    EXPECT_EQ(members, p.people.size());
  }
}

TEST(PopulationBuild, SameSeedSameFingerprintForAnyThreadCount) {
  const LcrData data = load_lcr_data(testing::lcr_data_dir());
  const int saved = omp_get_max_threads();
  omp_set_num_threads(1);
  const Population one = build_lcr_population(data, 0.05, 7, kMid2019);
  omp_set_num_threads(2);
  const Population two = build_lcr_population(data, 0.05, 7, kMid2019);
  omp_set_num_threads(4);
  const Population four = build_lcr_population(data, 0.05, 7, kMid2019);
  omp_set_num_threads(saved);
  EXPECT_EQ(one.fingerprint, two.fingerprint);
  EXPECT_EQ(one.fingerprint, four.fingerprint);
  EXPECT_EQ(one.people.birth_month, two.people.birth_month);
  EXPECT_EQ(one.households.condition, four.households.condition);
  const Population other = build_lcr_population(data, 0.05, 8, kMid2019);
  EXPECT_NE(one.fingerprint, other.fingerprint);
}

TEST(PopulationBuild, DispatchAndErrors) {
  PopulationSettings s;
  s.data_dir = testing::lcr_data_dir();
  s.scale = 0.01;
  const Population p = build_population(s, 3, kMid2019);
  EXPECT_NEAR(static_cast<double>(p.people.size()), 15593.0, 989.0);
  s.scale = 0;
  EXPECT_THROW(build_population(s, 3, kMid2019), InputError);
  s.scale = 1;
  s.data_dir = "/nonexistent/lcr";
  try {
    build_population(s, 3, kMid2019);
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()),
              "/nonexistent/lcr/lcr_lsoa11_geography.csv: expected a readable CSV file, found no "
              "such file");
  }
}

TEST(PopulationBuild, MalformedDataNamesFileLineAndColumn) {
  testing::TempDir dir;
  for (const auto& entry : std::filesystem::directory_iterator(testing::lcr_data_dir()))
    std::filesystem::copy_file(entry.path(), dir / entry.path().filename().string());
  // Break one cell of the scores table and one of the household-type table.
  auto edit = [&](const std::string& name, const std::string& from, const std::string& to) {
    const auto path = dir / name;
    std::filesystem::permissions(path, std::filesystem::perms::owner_write,
                                 std::filesystem::perm_options::add);
    std::ifstream in(path);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const size_t at = text.find(from);
    ASSERT_NE(at, std::string::npos);
    text.replace(at, from.size(), to);
    testing::write_file(path, text);
  };
  edit("lcr_iod2019_lsoa_scores.csv", "E01012367,58.639,", "E01012367,high,");
  edit("lcr_census2011_msoa11_household_type_QS116EW.csv", "Knowsley 001,E02001327,2883,708,",
       "Knowsley 001,E02001327,2883,-1,");
  PopulationSettings s;
  s.data_dir = dir.path();
  try {
    build_population(s, 1, kMid2019);
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    ASSERT_EQ(e.diagnostics().size(), 2u) << e.what();
    EXPECT_EQ(e.diagnostics()[0].to_string(),
              (dir / "lcr_iod2019_lsoa_scores.csv").string() +
                  ": line 2, column imd_score: expected a number, found 'high'");
    EXPECT_EQ(e.diagnostics()[1].to_string(),
              (dir / "lcr_census2011_msoa11_household_type_QS116EW.csv").string() +
                  ": line 2, column one_person_household: expected a count >= 0, found -1");
  }
}

}  // namespace
}  // namespace civicsim
