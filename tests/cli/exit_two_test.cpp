// "Exit 2, nothing written": inputs that a run would reject part-way (a one-way variant outside its
// number's range, a PSA distribution that can draw outside it) are refused by `validate` and at the
// start of `run`, with exit status 2, before any file is written.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "tests/test_support.hpp"

namespace civicsim {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using testing::run_command;

std::string civicsim() { return testing::civicsim_binary().string(); }

json cohort(const json& uncertainty) {
  return {{"name", "exit_two"},
          {"start", "2020-01"},
          {"horizon_years", 2},
          {"step_months", 12},
          {"seed", 5},
          {"replications", 2},
          {"population",
           {{"source", "cohort"}, {"cohort", {{"size", 2000}, {"states", {{"m", "A"}}}}}}},
          {"processes",
           {{"m",
             {{"states", {"A", "B"}},
              {"transitions",
               {{{"from", "A"}, {"to", "B"}, {"probability_per_cycle", 0.3}},
                {{"from", "B"}, {"to", "A"}, {"rate_per_year", 0.2}}}}}}}},
          {"uncertainty", uncertainty}};
}

// `validate` and `run` (with --one-way where it matters) both exit 2 naming `path`; the folder then
// holds only the scenario.
void expect_refused(const json& scenario, const std::string& path, const std::string& found) {
  testing::TempDir dir;
  testing::write_file(dir / "s.json", scenario.dump());
  const auto v = run_command(civicsim() + " validate " + (dir / "s.json").string());
  EXPECT_EQ(v.exit_code, 2) << v.output;
  EXPECT_NE(v.output.find(path), std::string::npos) << v.output;
  EXPECT_NE(v.output.find(found), std::string::npos) << v.output;
  const auto r = run_command(civicsim() + " run " + (dir / "s.json").string() +
                             " --one-way --quiet --out " + (dir / "r.h5").string());
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find(path), std::string::npos) << r.output;
  std::vector<std::string> names;
  for (const auto& e : fs::recursive_directory_iterator(dir.path()))
    names.push_back(e.path().lexically_relative(dir.path()).string());
  EXPECT_EQ(names, std::vector<std::string>{"s.json"});
}

TEST(ExitTwo, OneWayHighOutsideTheRangeIsRefusedBeforeAnythingIsWritten) {
  const char* const p = "/processes/m/transitions/0/probability_per_cycle";
  expect_refused(cohort({{"one_way", {{p, {{"low", 0.1}, {"high", 1.5}}}}}}),
                 "/uncertainty/one_way//processes/m/transitions/0/probability_per_cycle/high",
                 "1.5");
}

// A variant whose number is in range but breaks a rule the run checks when it compiles the
// processes (probabilities out of a state summing above 1) is refused too, naming the variant.
TEST(ExitTwo, OneWayVariantThatDoesNotCompileIsRefusedBeforeAnythingIsWritten) {
  const char* const p = "/processes/m/transitions/0/probability_per_cycle";
  json scenario = cohort({{"one_way", {{p, {{"low", 0.1}, {"high", 0.6}}}}}});
  scenario["processes"]["m"]["states"] = {"A", "B", "C"};
  scenario["processes"]["m"]["transitions"].push_back(
      {{"from", "A"}, {"to", "C"}, {"probability_per_cycle", 0.5}});
  expect_refused(scenario, "/processes/m/transitions/0",
                 std::string("(in the one-way variant with ") + p + " at its high value 0.6)");
}

TEST(ExitTwo, PsaDistributionsThatCanDrawOutsideTheRangeAreRefused) {
  const char* const p = "/processes/m/transitions/0/probability_per_cycle";
  const char* const rate = "/processes/m/transitions/1/rate_per_year";
  const std::string at = std::string("/uncertainty/parameters/") + p;
  expect_refused(
      cohort({{"psa_draws", 2},
              {"parameters", {{p, {{"distribution", "normal"}, {"parameters", {0.3, 0.01}}}}}}}),
      at + "/distribution", "a normal distribution");
  expect_refused(
      cohort({{"psa_draws", 2},
              {"parameters", {{p, {{"distribution", "gamma"}, {"parameters", {2, 0.1}}}}}}}),
      at + "/distribution", "a gamma distribution");
  expect_refused(
      cohort({{"psa_draws", 2},
              {"parameters", {{p, {{"distribution", "uniform"}, {"parameters", {0.5, 1.2}}}}}}}),
      at + "/parameters", "a uniform distribution over [0.5, 1.2]");
  expect_refused(
      cohort({{"psa_draws", 2},
              {"parameters", {{p, {{"distribution", "table"}, {"draws", {0.2, 1.3}}}}}}}),
      at + "/draws/1", "1.3");
  expect_refused(cohort({{"psa_draws", 2},
                         {"parameters",
                          {{rate, {{"distribution", "uniform"}, {"parameters", {-0.1, 0.3}}}}}}}),
                 std::string("/uncertainty/parameters/") + rate + "/parameters", "[-0.1, 0.3]");
}

// Every draw in range, but draw 1 makes the probabilities out of state A sum above 1: refused
// before any replication runs, naming the draw.
TEST(ExitTwo, PsaDrawThatBreaksARuleIsRefusedBeforeAnythingIsWritten) {
  const char* const p = "/processes/m/transitions/0/probability_per_cycle";
  json scenario =
      cohort({{"psa_draws", 2},
              {"parameters", {{p, {{"distribution", "table"}, {"draws", {0.2, 0.7}}}}}}});
  scenario["processes"]["m"]["states"] = {"A", "B", "C"};
  scenario["processes"]["m"]["transitions"].push_back(
      {{"from", "A"}, {"to", "C"}, {"probability_per_cycle", 0.5}});
  expect_refused(scenario, "/processes/m/transitions/0",
                 "found a sum of 1.2 (transitions 0, 2) (in parameter draw 1)");
}

TEST(ExitTwo, PsaDistributionsWithinTheRangeRun) {
  testing::TempDir dir;
  const char* const p = "/processes/m/transitions/0/probability_per_cycle";
  const char* const rate = "/processes/m/transitions/1/rate_per_year";
  testing::write_file(dir / "s.json",
                      cohort({{"psa_draws", 2},
                              {"parameters",
                               {{p, {{"distribution", "beta"}, {"parameters", {3, 7}}}},
                                {rate, {{"distribution", "gamma"}, {"parameters", {2, 0.1}}}}}}})
                          .dump());
  const auto v = run_command(civicsim() + " validate " + (dir / "s.json").string());
  EXPECT_EQ(v.exit_code, 0) << v.output;
  const auto r = run_command(civicsim() + " run " + (dir / "s.json").string() + " --quiet --out " +
                             (dir / "r.h5").string());
  EXPECT_EQ(r.exit_code, 0) << r.output;
}

}  // namespace
}  // namespace civicsim
