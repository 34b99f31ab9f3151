// Bad process, service and intervention definitions, as a user meets them: `civicsim run` prints each problem with the file,
// the JSON path, what was expected and what was found, exits with status 2 and writes nothing.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "tests/test_support.hpp"

namespace civicsim {
namespace {

using testing::run_command;

// A small valid cohort scenario that each case extends.
constexpr const char* kBase = R"({"name": "bad", "horizon_years": 2, "step_months": 12,
 "population": {"source": "cohort", "cohort": {"size": 10, "states": {"m": "H"}}},
 "processes": {"m": {"states": ["H", "S", "D"], "transitions": [
   {"from": "H", "to": "S", "probability_per_cycle": 0.1}, {"from": "S", "to": "D", "rate_per_year": 0.2}]}}})";

// Runs `patch` (extending the base) and returns civicsim's output; expects exit 2 and no result
// file.
std::string run_bad(const std::string& patch) {
  testing::TempDir dir;
  testing::write_file(dir / "base.json", kBase);
  testing::write_file(dir / "bad.json", R"({"extends": "base.json", )" + patch + "}");
  const auto out = dir / "never.h5";
  const auto r =
      run_command("cd " + dir.path().string() + " && " + testing::civicsim_binary().string() +
                  " run bad.json --quiet --out " + out.string());
  EXPECT_EQ(r.exit_code, 2) << r.output;
  // `validate` finds the same errors without running.
  const auto v = run_command("cd " + dir.path().string() + " && " +
                             testing::civicsim_binary().string() + " validate bad.json");
  EXPECT_EQ(v.exit_code, 2) << v.output;
  EXPECT_EQ(v.output, r.output);
  EXPECT_FALSE(std::filesystem::exists(out));
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir.path()), {}),
            2);  // the two inputs
  return r.output;
}

std::string one_error(const std::string& message) {
  return "civicsim: 1 error in the input:\n  error: " + message + "\n";
}

TEST(ProcessErrors, GoodBaseRuns) {
  testing::TempDir dir;
  testing::write_file(dir / "base.json", kBase);
  const auto r =
      run_command(testing::civicsim_binary().string() + " run " + (dir / "base.json").string() +
                  " --quiet --out " + (dir / "ok.h5").string());
  EXPECT_EQ(r.exit_code, 0) << r.output;
}

// Death states (issue #17 item 10) are absorbing, have no cost and utility 0.
TEST(ProcessErrors, ADeathStateWithAMoveOutCostOrUtility) {
  EXPECT_EQ(run_bad(R"("processes": {"m": {"death_states": ["S"]}})"),
            one_error("base.json: /processes/m/transitions/1/from: expected a state other than a "
                      "death state (death states are absorbing: no transition out), found \"S\", "
                      "a death state"));
  EXPECT_EQ(run_bad(R"("processes": {"m": {"death_states": ["D"], "utility": {"D": 0.5}}})"),
            one_error("bad.json: /processes/m/utility/D: expected 0 or nothing (the utility of a "
                      "death state is 0), found 0.5"));
  EXPECT_EQ(run_bad(R"("processes": {"m": {"death_states": ["X"]}})"),
            one_error("bad.json: /processes/m/death_states/0: expected one of the states of m: H, "
                      "S, D, found 'X'"));
}

// Ages stop at 110 (110 and over): a comparison only an older age could decide is an error.
TEST(ProcessErrors, AnAgeBeyondWhereAgesStop) {
  EXPECT_EQ(
      run_bad(R"("processes": {"m": {"transitions": [{"from": "H", "to": "S",
                 "probability_per_cycle": 0.1, "if": "sex == 'female' && age >= 112"}]}})"),
      one_error("bad.json: /processes/m/transitions/0/if: expected a comparison of age that its "
                "values decide: age stops at 110, which stands for 110 and over, found 'age >= "
                "112' in 'sex == 'female' && age >= 112'"));
}

// --scale samples the synthetic population: for a cohort it is refused, not ignored; the summary
// of a cohort run names no scale and counts the persons who entered a death state as deaths.
TEST(ProcessErrors, ScaleIsRefusedForACohortAndDeathStatesAreDeaths) {
  testing::TempDir dir;
  testing::write_file(dir / "base.json", kBase);
  const std::string run = testing::civicsim_binary().string() + " run " +
                          (dir / "base.json").string() + " --out " + (dir / "c.h5").string();
  const auto scaled = run_command(run + " --scale 0.01");
  EXPECT_EQ(scaled.exit_code, 2) << scaled.output;
  EXPECT_EQ(scaled.output,
            one_error("command line: /population/scale: expected no --scale: it samples the "
                      "synthetic LCR population (population.source lcr_synthetic), found --scale "
                      "0.01 with population.source cohort (set population.cohort.size for the "
                      "number of persons)"));
  EXPECT_FALSE(std::filesystem::exists(dir / "c.h5"));
  testing::write_file(dir / "dead.json",
                      R"({"extends": "base.json", "population": {"cohort": {"size": 900}},
                          "processes": {"m": {"death_states": ["D"]}}})");
  const auto r = run_command(testing::civicsim_binary().string() + " run " +
                             (dir / "dead.json").string() + " --out " + (dir / "d.h5").string());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(r.output.find("scale"), std::string::npos) << r.output;
  // 900 persons over two cycles: H -> S 0.1, S -> D at 0.2 a year (about 16 deaths); the deaths
  // are those in D at the end, and the persons at the end the others.
  const size_t at = r.output.find("deaths ");
  ASSERT_NE(at, std::string::npos) << r.output;
  const int deaths = std::stoi(r.output.substr(at + 7));
  const size_t arrow = r.output.find("-> ");
  ASSERT_NE(arrow, std::string::npos) << r.output;
  EXPECT_GT(deaths, 0) << r.output;
  EXPECT_EQ(std::stoi(r.output.substr(arrow + 3)) + deaths, 900) << r.output;
}

TEST(ProcessErrors, UnknownStateInATransition) {
  EXPECT_EQ(
      run_bad(
          R"("processes": {"m": {"transitions": [{"from": "H", "to": "S9", "rate_per_year": 0.1}]}})"),
      one_error(
          "bad.json: /processes/m/transitions/0/to: expected one of the states of m: H, S, D, "
          "found 'S9'"));
}

TEST(ProcessErrors, ProbabilityOutsideZeroOne) {
  EXPECT_EQ(
      run_bad(
          R"("processes": {"m": {"transitions": [{"from": "H", "to": "S", "probability_per_cycle": 1.5}]}})"),
      one_error("bad.json: /processes/m/transitions/0/probability_per_cycle: expected a number in "
                "[0, 1], "
                "found 1.5"));
}

TEST(ProcessErrors, ProbabilitiesOutOfAStateSummingAboveOne) {
  EXPECT_EQ(
      run_bad(
          R"("processes": {"m": {"transitions": [{"from": "H", "to": "S", "probability_per_cycle": 0.7},
                       {"from": "H", "to": "D", "probability_per_cycle": 0.5}]}})"),
      one_error(
          "bad.json: /processes/m/transitions/0: expected probabilities out of state 'H' that sum "
          "to at most 1, found a sum of 1.2 (transitions 0, 1)"));
}

// A table of 1.1 million cells (age x cycle x time in state), compiled by the threads in parallel
// (more than one on any machine with two cores): the first cell whose probabilities sum above 1, in
// the order a serial walk meets them, is the one reported, though the second thread finds it.
TEST(ProcessErrors, TheFirstCellSummingAboveOneIsReportedFromALargeTable) {
  const std::string big =
      R"({"if": "age >= 100 && cycle >= 50 && m.time_in_state >= 0", "rate_ratio": 101})";
  EXPECT_EQ(
      run_bad(
          R"("horizon_years": 100, "processes": {"m": {"rate_conversion": "separate", "transitions": [
                 {"from": "H", "to": "S", "rate_per_year": 0.01, "modifiers": [)" +
          big + R"(]},
                 {"from": "H", "to": "D", "rate_per_year": 0.01, "modifiers": [)" +
          big + "]}]}}"),
      one_error(
          "bad.json: /processes/m/transitions/0: expected probabilities out of state 'H' that "
          "sum to at most 1, found a sum of 1.2715620408569532 (transitions 0, 1) where age "
          "100, cycle 50, m.time_in_state 0"));
}

TEST(ProcessErrors, NegativeRate) {
  EXPECT_EQ(
      run_bad(
          R"("processes": {"m": {"transitions": [{"from": "H", "to": "S", "rate_per_year": -0.1}]}})"),
      one_error("bad.json: /processes/m/transitions/0/rate_per_year: expected a number in "
                "[0, 1000000], found "
                "-0.1"));
}

TEST(ProcessErrors, ProbabilityPerCycleWhereTheStepIsNotTheCycle) {
  EXPECT_EQ(
      run_bad(R"("step_months": 1)"),
      one_error(
          "base.json: /processes/m/transitions/0/probability_per_cycle: expected a rate_per_year, "
          "or step_months equal to the cycle of the probability (cycle_months 12), found a "
          "probability per cycle with step_months 1"));
}

TEST(ProcessErrors, UnknownAttributeInACondition) {
  EXPECT_EQ(
      run_bad(R"("processes": {"m": {"transitions": [{"from": "H", "to": "S", "rate_per_year": 0.1,
                       "if": "colour == 'red'"}]}})"),
      one_error("bad.json: /processes/m/transitions/0/if: expected a known attribute (one of: age, "
                "age_band, sex, area.imd_score, area.air_quality, area.poor_condition_share, "
                "area.no_central_heating_share, area.council, area.imd_quintile, area.imd_decile, "
                "household.tenure, household.type, household.damp, household.poor_condition, "
                "household.no_central_heating, household.overcrowded, cycle, year, financial_year, "
                "years_elapsed, m, m.time_in_state), "
                "found 'colour'"));
}

TEST(ProcessErrors, UnknownStateInACondition) {
  EXPECT_EQ(
      run_bad(R"("processes": {"m": {"transitions": [{"from": "H", "to": "S", "rate_per_year": 0.1,
                       "modifiers": [{"if": "m == 'X'", "rate_ratio": 2}]}]}})"),
      one_error(
          "bad.json: /processes/m/transitions/0/modifiers/0/if: expected a label of m (one of: H, "
          "S, D), found 'X'"));
}

TEST(ProcessErrors, ValidateReportsRulesWithoutRunning) {
  testing::TempDir dir;
  testing::write_file(dir / "base.json", kBase);
  testing::write_file(dir / "bad.json", R"({"extends": "base.json", "step_months": 1})");
  const auto r =
      run_command(testing::civicsim_binary().string() + " validate " + (dir / "bad.json").string());
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("/processes/m/transitions/0/probability_per_cycle"), std::string::npos)
      << r.output;
}

TEST(ProcessErrors, HouseholdProcessReadingAPersonsAge) {
  EXPECT_EQ(run_bad(R"("processes": {"h": {"entity": "household", "states": ["a", "b"],
                       "transitions": [{"from": "a", "to": "b", "rate_per_year": 0.1,
                       "if": "age < 18"}]}})"),
            one_error("bad.json: /processes/h/transitions/0: expected attributes of the household, "
                      "its area or household processes (this is a household process), found "
                      "'age', which is a person's"));
}

// ---- services and interventions

constexpr const char* kServices = R"("services": {"gp": {"capacity_per_year": 100}}, )";

TEST(ServiceErrors, EventAsksForAnUnknownService) {
  EXPECT_EQ(run_bad(std::string(kServices) +
                    R"("processes": {"m": {"events": [{"name": "e", "in": ["S"], "rate_per_year": 1,
                       "service": "gpx"}]}})"),
            one_error("bad.json: /processes/m/events/0/service: expected the name of a service "
                      "under /services (gp), found 'gpx'"));
}

TEST(ServiceErrors, NegativeCapacity) {
  EXPECT_EQ(run_bad(R"("services": {"gp": {"capacity_per_year": -5}})"),
            one_error("bad.json: /services/gp/capacity_per_year: expected a number in [0, "
                      "1000000000000], found -5"));
}

TEST(ServiceErrors, CapacityForAnUnknownCouncil) {
  EXPECT_EQ(run_bad(R"("services": {"gp": {"capacity_per_year": {"by": ["council"],
                       "values": {"cohort": 10, "Atlantis": 5}}}})"),
            one_error("bad.json: /services/gp/capacity_per_year/values/Atlantis: expected a "
                      "council of the population (cohort), found 'Atlantis'"));
}

// Programme costs may vary with the cycle and capacities also by council, not with a person's
// attributes (issue #17 item 3); a unit's own costs may (tests/services/unit_amounts_test.cpp).
TEST(ServiceErrors, AmountsThatDependOnMoreThanTheCycle) {
  EXPECT_EQ(run_bad(R"("interventions": {"i": {"start": "2019-07",
                       "cost": {"fixed_per_year": {"nhs": "100 + age"}}}})"),
            one_error("bad.json: /interventions/i/cost/fixed_per_year/nhs: expected an amount "
                      "that depends on the cycle only (programme costs are read by step, not by "
                      "unit), found one that depends on age"));
  EXPECT_EQ(run_bad(R"("interventions": {"i": {"start": "2019-07",
                       "cost": {"fixed": {"nhs": {"by": ["sex"], "values": {"female": 1, "male": 2}}}}}})"),
            one_error("bad.json: /interventions/i/cost/fixed/nhs: expected an amount that "
                      "depends on the cycle only (programme costs are read by step, not by "
                      "unit), found one that depends on sex"));
  EXPECT_EQ(run_bad(R"("services": {"gp": {"capacity_per_year": {"by": ["sex"],
                       "values": {"female": 1, "male": 2}}}})"),
            one_error("bad.json: /services/gp/capacity_per_year: expected a capacity that depends "
                      "on the council and the cycle only, found one that depends on sex"));
}

TEST(ServiceErrors, AmountsOutOfRangeInSomeCycle) {
  const std::string out = run_bad(R"("interventions": {"i": {"start": "2019-07",
                       "cost": {"fixed_per_year": {"housing": "100 - 80 * cycle"}}}})");
  EXPECT_NE(out.find("bad.json: /interventions/i/cost/fixed_per_year/housing: expected "),
            std::string::npos)
      << out;
  const std::string cap =
      run_bad(R"("services": {"gp": {"capacity_per_year": "10 - 20 * cycle"}})");
  EXPECT_NE(cap.find("bad.json: /services/gp/capacity_per_year: expected "), std::string::npos)
      << cap;
}

TEST(ServiceErrors, OnServedMovesToAnUnknownState) {
  EXPECT_EQ(run_bad(R"("services": {"gp": {"capacity_per_year": 10,
                       "on_served": [{"process": "m", "to": "Well"}]}})"),
            one_error("bad.json: /services/gp/on_served/0/to: expected one of the states of m: H, "
                      "S, D, found 'Well'"));
}

TEST(InterventionErrors, UnknownStateInWho) {
  EXPECT_EQ(run_bad(R"("interventions": {"i": {"start": "2019-07", "who": "m == 'X'"}})"),
            one_error("bad.json: /interventions/i/who: expected a label of m (one of: H, S, D), "
                      "found 'X'"));
}

TEST(InterventionErrors, UnknownAttributeInWho) {
  const std::string out =
      run_bad(R"("interventions": {"i": {"start": "2019-07", "who": "colour == 'red'"}})");
  EXPECT_NE(out.find("bad.json: /interventions/i/who: expected a known attribute (one of: age, "),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("i, i.time_since), found 'colour'"), std::string::npos) << out;
}

TEST(InterventionErrors, CoverageAboveOne) {
  EXPECT_EQ(
      run_bad(R"("interventions": {"i": {"start": "2019-07", "coverage": 1.5}})"),
      one_error("bad.json: /interventions/i/coverage: expected a number in [0, 1], found 1.5"));
}

TEST(InterventionErrors, StateChangeToAnUnknownState) {
  EXPECT_EQ(run_bad(R"("interventions": {"i": {"start": "2019-07",
                       "effects": [{"process": "m", "to": "Z"}]}})"),
            one_error("bad.json: /interventions/i/effects/0/to: expected one of the states of m: "
                      "H, S, D, found 'Z'"));
}

TEST(InterventionErrors, RateRatioOnATransitionTheProcessDoesNotHave) {
  EXPECT_EQ(run_bad(R"("interventions": {"i": {"start": "2019-07", "effects": [{"rate_ratio": 0.5,
                       "process": "m", "transitions": [{"from": "S", "to": "H"}]}]}})"),
            one_error("bad.json: /interventions/i/effects/0/transitions/0: expected a transition "
                      "declared in process m, found from 'S' to 'H'"));
}

TEST(InterventionErrors, ThroughAnUnknownService) {
  EXPECT_EQ(run_bad(std::string(kServices) +
                    R"("interventions": {"i": {"start": "2019-07", "through": "repairs"}})"),
            one_error("bad.json: /interventions/i/through: expected the name of a service under "
                      "/services (gp), found 'repairs'"));
}

TEST(InterventionErrors, EndBeforeStart) {
  EXPECT_EQ(run_bad(R"("interventions": {"i": {"start": "2020-07", "end": "2020-01"}})"),
            one_error("bad.json: /interventions/i/end: expected a month after start (2020-07), "
                      "found '2020-01'"));
}

TEST(InterventionErrors, EffectOfTwoKinds) {
  EXPECT_EQ(run_bad(R"("interventions": {"i": {"start": "2019-07", "effects": [{"set":
                       "household.damp", "to": "no", "rate_ratio": 2}]}})"),
            one_error("bad.json: /interventions/i/effects/0: expected exactly one kind of effect: "
                      "{set, to}, {process, to}, {rate_ratio, process, ...} or {add_capacity, "
                      "per_year}, found several: set, rate_ratio"));
}

}  // namespace
}  // namespace civicsim
