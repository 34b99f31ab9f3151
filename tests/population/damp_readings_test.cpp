// Home sensor readings that set the starting damp state: readings change exactly the households
// (or LSOAs) they name, by the stated rule; every bad row is reported with file, line and column;
// the draw is the same for any thread count; without readings the population is unchanged.
#include "engine/population/damp_readings.hpp"

#include <gtest/gtest.h>
#include <omp.h>

#include <algorithm>
#include <array>
#include <cmath>

#include "engine/core/input_error.hpp"
#include "engine/population/linked_csv.hpp"
#include "engine/population/synthesis.hpp"
#include "engine/scenario/scenario_loader.hpp"
#include "tests/test_support.hpp"

namespace civicsim {
namespace {

constexpr YearMonth kMid2019 = YearMonth::of(2019, 7);

std::filesystem::path example(const char* name) {
  return testing::source_dir() / "tests" / "data" / "damp_readings" / name;
}

PopulationSettings synthetic(double scale) {
  PopulationSettings s;
  s.data_dir = testing::lcr_data_dir();
  s.scale = scale;
  return s;
}

// Every diagnostic of reading `text` as a readings file, with the folder taken off the file name.
std::vector<std::string> errors_of(const std::string& text, DampReadingsSettings s = {}) {
  testing::TempDir dir;
  s.file = dir.path() / "readings.csv";
  testing::write_file(s.file, text);
  try {
    read_damp_readings(s);
  } catch (const InputError& e) {
    std::vector<std::string> out;
    const std::string prefix = dir.path().string() + "/";
    for (const auto& d : e.diagnostics()) {
      std::string t = d.to_string();
      if (t.rfind(prefix, 0) == 0) t = t.substr(prefix.size());
      out.push_back(t);
    }
    return out;
  }
  return {};
}

TEST(DampReadings, HomeSummaryFollowsThresholdAndShare) {
  DampReadingsSettings s;
  s.file = example("synthetic_home_readings.csv");
  DampReadings r = read_damp_readings(s);
  ASSERT_TRUE(r.per_home);
  ASSERT_EQ(r.homes.size(), 4u);
  std::vector<std::string> ids;
  std::vector<bool> damp;
  for (const auto& h : r.homes) {
    ids.push_back(h.household_id);
    damp.push_back(h.damp);
  }
  EXPECT_EQ(ids, (std::vector<std::string>{"H0000001", "H0000002", "H0000003", "H0000004"}));
  // 2 of 3 at >= 70%; 1 of 4; exactly 70.0; 69.9.
  EXPECT_EQ(damp, (std::vector<bool>{true, false, true, false}));
  EXPECT_EQ(r.homes[1].line, 5u);

  s.min_share_of_readings = 0.25;  // H0000002's 1 of 4 now counts
  EXPECT_TRUE(read_damp_readings(s).homes[1].damp);
  s.min_share_of_readings = 0.5;
  s.threshold_rh_pct = 76;  // H0000001 keeps 1 of 3 (80), H0000003 none
  r = read_damp_readings(s);
  EXPECT_FALSE(r.homes[0].damp);
  EXPECT_FALSE(r.homes[2].damp);
  s.threshold_rh_pct = 70;
  s.from = YearMonth::of(2025, 2);  // only the February readings: H0000003 and H0000004
  r = read_damp_readings(s);
  ASSERT_EQ(r.homes.size(), 2u);
  EXPECT_EQ(r.homes[0].household_id, "H0000003");
}

TEST(DampReadings, AreaSummaryIsTheShareOfDampSensors) {
  DampReadingsSettings s;
  s.file = example("synthetic_lsoa_readings.csv");
  const DampReadings r = read_damp_readings(s);
  ASSERT_FALSE(r.per_home);
  ASSERT_EQ(r.areas.size(), 3u);
  EXPECT_EQ(r.areas[0].lsoa11_code, "E01012367");
  EXPECT_EQ(r.areas[0].sensors, 2u);
  EXPECT_DOUBLE_EQ(r.areas[0].share(), 1.0);
  EXPECT_DOUBLE_EQ(r.areas[1].share(), 0.0);
  EXPECT_EQ(r.areas[2].sensors, 4u);
  EXPECT_DOUBLE_EQ(r.areas[2].share(), 0.25);
}

TEST(DampReadings, BadRowsAreAllReportedWithLineAndColumn) {
  const auto errors = errors_of(
      "household_id,date,relative_humidity_pct\n"
      "h1,2025-01-06,75\n"
      ",2025-01-06,75\n"
      "h2,2025-13-01,75\n"
      "h3,06/01/2025,75\n"
      "h4,2025-01-06,101\n"
      "h5,2025-01-06,damp\n"
      "h6,2025-01-32,50\n");
  EXPECT_EQ(errors,
            (std::vector<std::string>{
                "readings.csv: line 3, column household_id: expected a non-empty household_id, "
                "found an empty cell",
                "readings.csv: line 4, column date: expected a date YYYY-MM-DD, found "
                "'2025-13-01'",
                "readings.csv: line 5, column date: expected a date YYYY-MM-DD, found "
                "'06/01/2025'",
                "readings.csv: line 6, column relative_humidity_pct: expected a relative "
                "humidity from 0 to 100 (percent), found '101'",
                "readings.csv: line 7, column relative_humidity_pct: expected a number, found "
                "'damp'",
                "readings.csv: line 8, column date: expected a date YYYY-MM-DD, found "
                "'2025-01-32'",
            }));
}

TEST(DampReadings, ColumnsMustNameOneKeyAndOneValue) {
  EXPECT_EQ(errors_of("household_id,lsoa11_code,date,damp_flag\nh1,E01012367,2025-01-06,1\n"),
            (std::vector<std::string>{"readings.csv: line 1: expected exactly one of the columns "
                                      "household_id and lsoa11_code, found both"}));
  EXPECT_EQ(errors_of("lsoa11_code,date\nE01012367,2025-01-06\n"),
            (std::vector<std::string>{
                "readings.csv: line 1: expected exactly one of the columns relative_humidity_pct "
                "and damp_flag, found neither",
                "readings.csv: line 1: expected a column named 'sensor_id', found no such "
                "column"}));
  EXPECT_EQ(errors_of("household_id,date,damp_flag\nh1,2025-01-06,yes\n"),
            (std::vector<std::string>{
                "readings.csv: line 2, column damp_flag: expected 0 or 1, found 'yes'"}));
  DampReadingsSettings late;
  late.from = YearMonth::of(2026, 1);
  EXPECT_EQ(errors_of("household_id,date,damp_flag\nh1,2025-01-06,1\n", late),
            (std::vector<std::string>{"readings.csv: line 2 onwards: expected at least one "
                                      "reading dated within population.damp_readings from and "
                                      "to, found none"}));
}

// A linked extract (the synthetic population exported) read with and without per-home readings:
// only the damp flags of the households named change, to the readings' summary.
TEST(DampReadings, HomeReadingsSetExactlyTheHouseholdsNamed) {
  const Population built = build_population(synthetic(0.002), 11, kMid2019);
  testing::TempDir dir;
  write_linked_csv(built, dir.path(), kMid2019);
  PopulationSettings linked;
  linked.source = PopulationSource::kLinked;
  linked.data_dir = testing::lcr_data_dir();
  linked.households_csv = dir / "households.csv";
  linked.persons_csv = dir / "persons.csv";
  const Population plain = build_population(linked, 1, kMid2019);
  ASSERT_EQ(plain.fingerprint, built.fingerprint);  // so H000000k is storage row k - 1
  linked.damp_readings.file = example("synthetic_home_readings.csv");
  const Population read = build_population(linked, 1, kMid2019);
  const bool expected[] = {true, false, true, false};
  for (size_t k = 0; k < plain.households.size(); ++k) {
    const uint8_t others = static_cast<uint8_t>(~condition::kDamp);
    EXPECT_EQ(read.households.condition[k] & others, plain.households.condition[k] & others);
    const bool damp = read.households.condition[k] & condition::kDamp;
    if (k < 4) {
      EXPECT_EQ(damp, expected[k]) << "household H000000" << k + 1;
    } else {
      EXPECT_EQ(damp, (plain.households.condition[k] & condition::kDamp) != 0) << k;
    }
  }
  EXPECT_NE(read.fingerprint, plain.fingerprint);
}

TEST(DampReadings, UnknownHouseholdIdNamesTheReadingsLine) {
  testing::TempDir dir;
  testing::write_file(dir / "households.csv",
                      "household_id,lsoa11_code,tenure,type,damp,poor_condition,"
                      "no_central_heating,overcrowded\nh1,E01012367,owner_occupied,one_person,0,0,"
                      "0,0\n");
  testing::write_file(dir / "persons.csv",
                      "person_id,household_id,birth_month,sex\np1,h1,1950-12,male\n");
  testing::write_file(dir / "r.csv",
                      "household_id,date,damp_flag\nh1,2025-01-06,1\nh7,2025-01-06,0\n");
  PopulationSettings linked;
  linked.source = PopulationSource::kLinked;
  linked.data_dir = testing::lcr_data_dir();
  linked.households_csv = dir / "households.csv";
  linked.persons_csv = dir / "persons.csv";
  linked.damp_readings.file = dir / "r.csv";
  try {
    build_population(linked, 1, kMid2019);
    FAIL() << "expected an InputError";
  } catch (const InputError& e) {
    ASSERT_EQ(e.diagnostics().size(), 1u);
    EXPECT_EQ(e.diagnostics()[0].to_string(),
              (dir / "r.csv").string() +
                  ": line 3, column household_id: expected a household_id listed in the linked "
                  "households file, found 'h7'");
  }
  // Per-home readings need a linked extract: the synthetic population has no household ids.
  PopulationSettings s = synthetic(0.002);
  s.damp_readings.file = dir / "r.csv";
  EXPECT_THROW(build_population(s, 1, kMid2019), InputError);
}

// Per-LSOA readings: LSOAs at share 1 all damp, at share 0 none, others untouched; the same for
// 1 and 2 threads; an unknown LSOA code is an error naming the readings file and line.
TEST(DampReadings, AreaReadingsRedrawOnlyTheirLsoas) {
  const Population plain = build_population(synthetic(0.01), 7, kMid2019);
  PopulationSettings s = synthetic(0.01);
  s.damp_readings.file = example("synthetic_lsoa_readings.csv");
  const int saved = omp_get_max_threads();
  omp_set_num_threads(1);
  const Population one = build_population(s, 7, kMid2019);
  omp_set_num_threads(2);
  const Population two = build_population(s, 7, kMid2019);
  omp_set_num_threads(saved);
  EXPECT_EQ(one.fingerprint, two.fingerprint);
  EXPECT_EQ(one.households.condition, two.households.condition);
  EXPECT_NE(one.fingerprint, plain.fingerprint);

  size_t in_all_damp = 0, in_none = 0, in_quarter = 0;
  for (size_t k = 0; k < one.households.size(); ++k) {
    const std::string& code = one.areas.code[one.households.area[k]];
    const bool damp = one.households.condition[k] & condition::kDamp;
    if (code == "E01012367") {
      EXPECT_TRUE(damp) << k;
      ++in_all_damp;
    } else if (code == "E01012368") {
      EXPECT_FALSE(damp) << k;
      ++in_none;
    } else if (code == "E01012369") {
      ++in_quarter;
    } else {
      EXPECT_EQ(one.households.condition[k], plain.households.condition[k]) << k;
    }
  }
  EXPECT_GT(in_all_damp, 0u);
  EXPECT_GT(in_none, 0u);
  EXPECT_GT(in_quarter, 0u);

  testing::TempDir dir;
  testing::write_file(dir / "r.csv",
                      "lsoa11_code,sensor_id,date,damp_flag\nE01012367,a,2025-01-06,1\n"
                      "E09999999,b,2025-01-06,1\n");
  s.damp_readings.file = dir / "r.csv";
  try {
    build_population(s, 7, kMid2019);
    FAIL() << "expected an InputError";
  } catch (const InputError& e) {
    ASSERT_EQ(e.diagnostics().size(), 1u);
    EXPECT_EQ(e.diagnostics()[0].location, "line 3, column lsoa11_code");
    EXPECT_EQ(e.diagnostics()[0].found, "'E09999999'");
  }
}

// The share drawn: over many households the damp count matches the readings' share within Monte
// Carlo error (the variance of a sum of Bernoullis with mean share s is at most N s (1 - s)), and
// the tenure gradient is kept (private rented > social rented > owner occupied).
TEST(DampReadings, AreaShareIsTheExpectedPrevalence) {
  const Population plain = build_population(synthetic(0.05), 3, kMid2019);
  testing::TempDir dir;  // every LSOA at share 0.3 (3 of 10 sensors damp)
  std::string text = "lsoa11_code,sensor_id,date,damp_flag\n";
  for (size_t a = 0; a < plain.areas.size(); ++a)
    for (int k = 0; k < 10; ++k)
      text += plain.areas.code[a] + ",s" + std::to_string(k) + ",2025-01-06," +
              (k < 3 ? "1" : "0") + "\n";
  testing::write_file(dir / "r.csv", text);
  PopulationSettings s = synthetic(0.05);
  s.damp_readings.file = dir / "r.csv";
  const Population p = build_population(s, 3, kMid2019);
  std::array<double, kTenureCount> damp{}, n{};
  for (size_t k = 0; k < p.households.size(); ++k) {
    n[p.households.tenure[k]] += 1;
    damp[p.households.tenure[k]] += (p.households.condition[k] & condition::kDamp) ? 1 : 0;
  }
  const double total = n[0] + n[1] + n[2];
  EXPECT_NEAR(damp[0] + damp[1] + damp[2], 0.3 * total, 4 * std::sqrt(total * 0.3 * 0.7));
  EXPECT_LT(damp[0] / n[0], damp[1] / n[1]);
  EXPECT_LT(damp[1] / n[1], damp[2] / n[2]);
}

// Without a readings file the population is the one built before readings existed.
TEST(DampReadings, NoFileLeavesThePopulationAsBuilt) {
  const PopulationSettings s = synthetic(0.01);
  EXPECT_FALSE(s.damp_readings.enabled());
  const Population a = build_population(s, 7, kMid2019);
  const Population b = build_lcr_population(load_lcr_data(s.data_dir), 0.01, 7, kMid2019);
  EXPECT_EQ(a.fingerprint, b.fingerprint);
  EXPECT_EQ(a.households.condition, b.households.condition);
}

// The scenario field: paths relative to the declaring file, defaults, and the rules between fields.
TEST(DampReadings, ScenarioFieldBindsAndIsChecked) {
  testing::TempDir dir;
  testing::write_file(dir / "r.csv", "household_id,date,damp_flag\nh1,2025-01-06,1\n");
  const std::string data = testing::lcr_data_dir().string();
  testing::write_file(dir / "s.json",
                      R"({"population": {"data_dir": ")" + data +
                          R"(", "damp_readings": {"file": "r.csv", "to": "2025-12"}}})");
  const Scenario s = load_scenario(dir / "s.json");
  EXPECT_EQ(s.population.damp_readings.file, dir / "r.csv");
  EXPECT_DOUBLE_EQ(s.population.damp_readings.threshold_rh_pct, 70.0);
  EXPECT_DOUBLE_EQ(s.population.damp_readings.min_share_of_readings, 0.5);
  EXPECT_FALSE(s.population.damp_readings.from.has_value());
  EXPECT_EQ(s.population.damp_readings.to, YearMonth::of(2025, 12));

  testing::write_file(dir / "none.json", R"({"population": {"data_dir": ")" + data + R"("}})");
  EXPECT_FALSE(load_scenario(dir / "none.json").population.damp_readings.enabled());

  const auto messages = [&](const std::string& readings, const std::string& source) {
    testing::write_file(dir / "bad.json", R"({"population": {"data_dir": ")" + data +
                                              R"(", "source": ")" + source +
                                              R"(", "damp_readings": )" + readings + "}}");
    std::vector<std::string> out;
    try {
      load_scenario(dir / "bad.json");
    } catch (const InputError& e) {
      for (const auto& d : e.diagnostics()) out.push_back(d.location + ": " + d.expected);
    }
    return out;
  };
  EXPECT_EQ(messages(R"({"file": "missing.csv"})", "lcr_synthetic"),
            (std::vector<std::string>{"/population/damp_readings/file: an existing CSV file"}));
  EXPECT_EQ(messages(R"({"file": "r.csv", "from": "2025-06", "to": "2025-01"})", "lcr_synthetic"),
            (std::vector<std::string>{"/population/damp_readings/to: a month no earlier than "
                                      "/population/damp_readings/from (2025-06)"}));
  EXPECT_EQ(messages(R"({"file": "r.csv", "threshold_rh_pct": 120})", "lcr_synthetic").size(), 1u);
  const auto cohort = messages(R"({"file": "r.csv"})", "cohort");
  EXPECT_NE(std::find_if(cohort.begin(), cohort.end(),
                         [](const std::string& m) {
                           return m.rfind(
                                      "/population/damp_readings/file: no sensor readings with "
                                      "/population/source cohort",
                                      0) == 0;
                         }),
            cohort.end());
}

}  // namespace
}  // namespace civicsim
