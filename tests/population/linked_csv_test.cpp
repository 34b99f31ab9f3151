// The linked-data schema: a synthetic population written and read back is the same population, and
// each malformed extract gives its exact diagnostics (file, line, column, expected, found), all at once.
#include "engine/population/linked_csv.hpp"

#include <gtest/gtest.h>

#include <fstream>

#include "engine/core/input_error.hpp"
#include "engine/population/synthesis.hpp"
#include "tests/test_support.hpp"

namespace civicsim {
namespace {

constexpr YearMonth kMid2019 = YearMonth::of(2019, 7);

std::string read_text(const std::filesystem::path& p) {
  std::ifstream in(p);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

TEST(LinkedCsvTest, RoundTripGivesTheSamePopulation) {
  PopulationSettings s;
  s.data_dir = testing::lcr_data_dir();
  s.scale = 0.02;
  const Population built = build_population(s, 11, kMid2019);
  testing::TempDir dir;
  write_linked_csv(built, dir.path() / "extract", kMid2019);
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "extract" / "households.csv.tmp"));
  const std::string households = read_text(dir.path() / "extract" / "households.csv");
  EXPECT_EQ(
      households.substr(0, households.find('\n')),
      "household_id,lsoa11_code,tenure,type,damp,poor_condition,no_central_heating,overcrowded");
  EXPECT_EQ(read_text(dir.path() / "extract" / "persons.csv").substr(0, 49),
            "person_id,household_id,birth_month,sex\nP0000001,H");

  PopulationSettings linked;
  linked.source = PopulationSource::kLinked;
  linked.data_dir = testing::lcr_data_dir();
  linked.households_csv = dir.path() / "extract" / "households.csv";
  linked.persons_csv = dir.path() / "extract" / "persons.csv";
  const Population read = build_population(linked, 999, kMid2019);
  EXPECT_EQ(read.source, "linked");
  EXPECT_EQ(read.fingerprint, built.fingerprint);
  EXPECT_EQ(read.households.tenure, built.households.tenure);
  EXPECT_EQ(read.households.type, built.households.type);
  EXPECT_EQ(read.households.condition, built.households.condition);
  EXPECT_EQ(read.households.living, built.households.living);
  EXPECT_EQ(read.people.household, built.people.household);
  EXPECT_EQ(read.people.birth_month, built.people.birth_month);
  EXPECT_EQ(read.people.sex, built.people.sex);
  EXPECT_EQ(read.people.area, built.people.area);
  EXPECT_EQ(read.next_person_uid, built.next_person_uid);
}

TEST(LinkedCsvTest, DeadPersonsAndEmptyHouseholdsAreNotWritten) {
  PopulationSettings s;
  s.data_dir = testing::lcr_data_dir();
  s.scale = 0.002;
  Population p = build_population(s, 5, kMid2019);
  // Everyone in the first household dies.
  for (size_t i = 0; i < p.people.size() && p.people.household[i] == 0; ++i) p.people.alive[i] = 0;
  testing::TempDir dir;
  write_linked_csv(p, dir.path(), kMid2019);
  const Population back = read_linked_csv(dir / "households.csv", dir / "persons.csv",
                                          testing::lcr_data_dir(), kMid2019);
  std::vector<bool> occupied(p.households.size(), false);
  for (size_t i = 0; i < p.people.size(); ++i)
    if (p.people.alive[i]) occupied[p.people.household[i]] = true;
  EXPECT_FALSE(occupied[0]);
  EXPECT_EQ(back.households.size(),
            static_cast<size_t>(std::count(occupied.begin(), occupied.end(), true)));
  EXPECT_EQ(back.people.size(), p.living_persons());
}

class LinkedCsvErrors : public ::testing::Test {
 protected:
  // Diagnostics of reading the two files, one string each.
  std::vector<std::string> errors_of(const std::string& households, const std::string& persons) {
    testing::write_file(dir_ / "households.csv", households);
    testing::write_file(dir_ / "persons.csv", persons);
    try {
      read_linked_csv(dir_ / "households.csv", dir_ / "persons.csv", testing::lcr_data_dir(),
                      kMid2019);
    } catch (const InputError& e) {
      std::vector<std::string> out;
      const std::string prefix = dir_.path().string() + "/";
      for (const auto& d : e.diagnostics()) {
        std::string text = d.to_string();
        if (text.rfind(prefix, 0) == 0) text = text.substr(prefix.size());
        out.push_back(text);
      }
      return out;
    }
    return {};
  }
  testing::TempDir dir_;
  const std::string header_ =
      "household_id,lsoa11_code,tenure,type,damp,poor_condition,no_central_heating,overcrowded\n";
  const std::string good_household_ = "h1,E01012367,owner_occupied,one_person,0,0,0,0\n";
  const std::string person_header_ = "person_id,household_id,birth_month,sex\n";
};

TEST_F(LinkedCsvErrors, ValidSmallExtractReads) {
  testing::write_file(
      dir_ / "households.csv",
      header_ + good_household_ + "h2,E01006412,social_rented,lone_parent,1,0,1,1\n");
  testing::write_file(
      dir_ / "persons.csv",
      person_header_ + "p9,h2,1985-03,female\np1,h1,1950-12,male\np3,h2,2012-01,male\n");
  const Population p = read_linked_csv(dir_ / "households.csv", dir_ / "persons.csv",
                                       testing::lcr_data_dir(), kMid2019);
  ASSERT_EQ(p.households.size(), 2u);
  // E01006412 sorts before E01012367: households are stored by area.
  EXPECT_EQ(p.areas.code[p.households.area[0]], "E01006412");
  EXPECT_EQ(p.households.living[0], 2);
  EXPECT_EQ(p.households.condition[0],
            condition::kDamp | condition::kNoCentralHeating | condition::kOvercrowded);
  EXPECT_EQ(p.households.type[0], static_cast<uint8_t>(HouseholdType::kLoneParent));
  EXPECT_EQ(p.people.household, (std::vector<uint32_t>{0, 0, 1}));
  EXPECT_EQ(p.people.birth_month[0], YearMonth::of(1985, 3).months);
  EXPECT_EQ(p.people.sex[2], static_cast<uint8_t>(Sex::kMale));
  EXPECT_EQ(p.next_person_uid, 3u);
}

TEST_F(LinkedCsvErrors, BadHouseholdRowsAreAllReported) {
  const auto errors = errors_of(header_ + good_household_ +
                                    "h2,E09999999,council,one_person,0,0,0,0\n"
                                    "h1,E01012367,owner_occupied,family,2,0,0,yes\n"
                                    ",E01012367,private_rented,other,0,0,0,0\n",
                                person_header_ + "p1,h1,1970-01,female\n");
  EXPECT_EQ(
      errors,
      (std::vector<std::string>{
          "households.csv: line 3, column lsoa11_code: expected an LSOA 2011 code of the Liverpool "
          "City Region, found 'E09999999'",
          "households.csv: line 3, column tenure: expected owner_occupied, social_rented or "
          "private_rented, found 'council'",
          "households.csv: line 4, column household_id: expected a household_id not used on an "
          "earlier line, found 'h1' (first on line 2)",
          "households.csv: line 4, column type: expected one_person, couple_no_children, "
          "couple_with_children, lone_parent or other, found 'family'",
          "households.csv: line 4, column damp: expected 0 or 1, found '2'",
          "households.csv: line 4, column overcrowded: expected 0 or 1, found 'yes'",
          "households.csv: line 5, column household_id: expected a non-empty household_id, found "
          "an "
          "empty cell",
      }));
}

TEST_F(LinkedCsvErrors, BadPersonRowsAreAllReported) {
  const auto errors = errors_of(header_ + good_household_, person_header_ +
                                                               "p1,h1,1970-01,female\n"
                                                               "p1,h1,1970-13,woman\n"
                                                               "p2,h7,2020-01,male\n"
                                                               ",h1,1970-01,male\n");
  EXPECT_EQ(errors,
            (std::vector<std::string>{
                "persons.csv: line 3, column person_id: expected a person_id not used on an "
                "earlier line, found 'p1' (first on line 2)",
                "persons.csv: line 3, column birth_month: expected a month YYYY-MM from 1890-01 to "
                "2019-07, found '1970-13'",
                "persons.csv: line 3, column sex: expected female or male, found 'woman'",
                "persons.csv: line 4, column household_id: expected a household_id listed in "
                "households.csv, found 'h7'",
                "persons.csv: line 4, column birth_month: expected a month YYYY-MM from 1890-01 to "
                "2019-07, found '2020-01'",
                "persons.csv: line 5, column person_id: expected a non-empty person_id, found an "
                "empty cell",
            }));
}

TEST_F(LinkedCsvErrors, MissingColumnsAndFiles) {
  EXPECT_EQ(errors_of("household_id,lsoa11_code,tenure,type,damp,poor_condition,overcrowded\n",
                      "person_id,sex\n"),
            (std::vector<std::string>{
                "households.csv: line 1: expected a column named 'no_central_heating', found no "
                "such column",
                "persons.csv: line 1: expected a column named 'household_id', found no such column",
                "persons.csv: line 1: expected a column named 'birth_month', found no such column",
            }));
  try {
    read_linked_csv(dir_ / "none.csv", dir_ / "persons.csv", testing::lcr_data_dir(), kMid2019);
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(e.diagnostics().at(0).to_string(),
              (dir_ / "none.csv").string() + ": expected a readable CSV file, found no such file");
  }
}

TEST_F(LinkedCsvErrors, WrongFieldCountNamesTheLine) {
  const auto errors = errors_of(header_ + good_household_ + "h2,E01012367,owner_occupied\n",
                                person_header_ + "p1,h1,1970-01,female\n");
  EXPECT_EQ(errors,
            (std::vector<std::string>{
                "households.csv: line 3: expected 8 fields (as in the header), found 3 fields"}));
}

// Issue #14: a year such as 0001 (standing for "unknown") was read as a person born two thousand years ago.
TEST_F(LinkedCsvErrors, BirthMonthsBeforeEighteenNinetyAreRefused) {
  const auto errors = errors_of(header_ + good_household_, person_header_ +
                                                               "p1,h1,0001-01,female\n"
                                                               "p2,h1,1889-12,male\n"
                                                               "p3,h1,1890-01,male\n");
  EXPECT_EQ(errors, (std::vector<std::string>{
                        "persons.csv: line 2, column birth_month: expected a month YYYY-MM from "
                        "1890-01 to 2019-07, found '0001-01'",
                        "persons.csv: line 3, column birth_month: expected a month YYYY-MM from "
                        "1890-01 to 2019-07, found '1889-12'",
                    }));
}

// Issue #14: a repeated column was read from its first copy, the second silently ignored.
TEST_F(LinkedCsvErrors, RepeatedColumnIsRefused) {
  const auto errors =
      errors_of(header_ + good_household_,
                "person_id,household_id,birth_month,sex,sex\np1,h1,1970-01,female,male\n");
  EXPECT_EQ(errors, (std::vector<std::string>{
                        "persons.csv: line 1, column sex: expected each column name once in the "
                        "header, found 'sex' as columns 4 and 5"}));
}

}  // namespace
}  // namespace civicsim
