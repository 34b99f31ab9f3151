// The optimised kernel against the model's reference step, bit for bit: whole runs with every
// process stepped by reference_sweep (engine/model/step.hpp) and by the optimised kernel forced to
// each instruction set it has (CIVICSIM_KERNEL's paths, engine/core/kernel_path.hpp) must give
// identical result series: the same doubles, not nearly the same. Paths this CPU lacks are skipped,
// and say so.
//
// Cases: the LCR baseline (persons and households, rest states, events asking services) at 2% over
// two years; the combined option with its programmes moved into those two years (interventions,
// services moving persons, household attributes); every shipped reference model (cohorts: the
// branch-free path, time-dependent and deferred processes); a cohort whose transitions and events
// depend on the cycle (the branch-free path with each step's thresholds); and a deferred household
// process without events.
#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <vector>

#include "engine/core/kernel_path.hpp"
#include "engine/kernel/sweep.hpp"
#include "engine/sim/phase.hpp"
#include "tests/process/process_test_support.hpp"

namespace civicsim {
namespace {

using nlohmann::json;

// Restores the path in force when it goes.
class KernelPathGuard {
 public:
  KernelPathGuard() : saved_(kernel_path()) {}
  ~KernelPathGuard() { set_kernel_path(saved_); }
  KernelPathGuard(const KernelPathGuard&) = delete;
  KernelPathGuard& operator=(const KernelPathGuard&) = delete;

 private:
  KernelPath saved_;
};

RunResults run_with(KernelPath path, const std::filesystem::path& file, const json& overrides) {
  set_kernel_path(path);
  return testing::run_scenario(file, overrides);
}

// Every value of every series, compared as bits (a NaN equals itself; -0 differs from 0).
void expect_identical(const RunResults& expected, const RunResults& actual,
                      const std::string& what) {
  ASSERT_EQ(expected.series.size(), actual.series.size()) << what;
  for (size_t s = 0; s < expected.series.size(); ++s) {
    ASSERT_EQ(expected.series[s].name, actual.series[s].name) << what;
    const auto& a = expected.values[s];
    const auto& b = actual.values[s];
    ASSERT_EQ(a.size(), b.size()) << what << ": " << expected.series[s].name;
    for (size_t r = 0; r < a.size(); ++r) {
      ASSERT_EQ(a[r].size(), b[r].size()) << what << ": " << expected.series[s].name;
      const bool same = std::memcmp(a[r].data(), b[r].data(), a[r].size() * sizeof(double)) == 0;
      if (same) continue;
      for (size_t k = 0; k < a[r].size(); ++k)
        ASSERT_EQ(a[r][k], b[r][k])
            << what << ": " << expected.series[s].name << " replication " << r << " value " << k;
      FAIL() << what << ": " << expected.series[s].name << " differs in sign of zero or NaN bits";
    }
  }
}

// Runs `file` with the reference step, then with each optimised path this CPU has.
void check_every_path(const std::filesystem::path& file, const json& overrides) {
  KernelPathGuard guard;
  const RunResults reference = run_with(KernelPath::kReference, file, overrides);
  for (KernelPath path :
       {KernelPath::kScalar, KernelPath::kAvx2, KernelPath::kAvx512, KernelPath::kBest}) {
    const std::string name = kernel_path_name(path);
    if (!cpu_runs(path)) {
      std::printf("[  SKIPPED ] %s: this CPU has no %s instructions\n", file.filename().c_str(),
                  name.c_str());
      continue;
    }
    SCOPED_TRACE(file.string() + " with the " + name + " kernel");
    expect_identical(reference, run_with(path, file, overrides), name);
  }
}

std::filesystem::path lcr(const std::string& name) {
  return testing::source_dir() / "scenarios" / "lcr" / name;
}

const json kTwoYearsSmall = {{"population", {{"scale", 0.02}}},
                             {"horizon_years", 2},
                             {"appraisal", {{"start", "2019-07"}, {"years", 2}}}};

TEST(ReferenceStep, LcrBaselineEveryKernelPath) {
  check_every_path(lcr("baseline.json"), kTwoYearsSmall);
}

TEST(ReferenceStep, LcrCombinedOptionEveryKernelPath) {
  json overrides = kTwoYearsSmall;
  for (const InterventionSpec& i : load_scenario(lcr("combined.json")).interventions)
    overrides["interventions"][i.name]["start"] = "2020-04";  // inside the two years
  check_every_path(lcr("combined.json"), overrides);
}

TEST(ReferenceStep, ReferenceModelsEveryKernelPath) {
  const std::filesystem::path root = testing::source_dir() / "scenarios" / "reference";
  size_t models = 0;
  for (const auto& folder : std::filesystem::directory_iterator(root))
    for (const auto& file : std::filesystem::directory_iterator(folder.path())) {
      if (file.path().extension() != ".json") continue;
      // 20,000 persons: every path's blocks, a partial last block, both draw layouts.
      check_every_path(file.path(), {{"population", {{"cohort", {{"size", 20000}}}}}});
      ++models;
    }
  EXPECT_GE(models, 11u);
}

// The model compiled from the scenario in `file`: which kernel path each process takes.
process::Model compiled_model(const std::filesystem::path& file) {
  const Scenario scenario = load_scenario(file);
  const Population population =
      build_population(scenario.population, scenario.seed, scenario.start);
  return process::Phase(scenario, population).model();
}

// 7 states; a treatment effect in the first two cycles on some moves, a rate rising every cycle on
// another, states whose moves do not depend on the cycle, an event more frequent early on, and a
// utility reading the time in state (so the entry steps are kept).
const json kCycleDependentCohort = json::parse(R"({
  "name": "cycle_dependent_cohort", "horizon_years": 8, "step_months": 12, "seed": 11,
  "population": {"source": "cohort", "cohort": {"size": 20000, "age": 40, "states": {"m": "mild"}}},
  "processes": {"m": {
    "states": ["well", "mild", "moderate", "severe", "remission", "dead_disease", "dead_other"],
    "transitions": [
      {"from": "well", "to": "mild", "rate_per_year": 0.05},
      {"from": "well", "to": "dead_other", "rate_per_year": 0.01},
      {"from": "mild", "to": "moderate", "rate_per_year": 0.2,
       "modifiers": [{"if": "cycle < 2", "rate_ratio": 0.5}]},
      {"from": "mild", "to": "remission", "rate_per_year": 0.3,
       "modifiers": [{"if": "cycle < 2", "rate_ratio": 1.5}]},
      {"from": "mild", "to": "dead_other", "rate_per_year": 0.01},
      {"from": "moderate", "to": "severe", "rate_per_year": 0.15,
       "modifiers": [{"rate_ratio": "1 + 0.25 * cycle"}]},
      {"from": "moderate", "to": "mild", "rate_per_year": 0.1},
      {"from": "moderate", "to": "dead_other", "rate_per_year": 0.01},
      {"from": "severe", "to": "dead_disease", "rate_per_year": 0.25,
       "modifiers": [{"if": "cycle < 2", "rate_ratio": 0.7}]},
      {"from": "severe", "to": "dead_other", "rate_per_year": 0.01},
      {"from": "remission", "to": "well", "rate_per_year": 0.5},
      {"from": "remission", "to": "mild", "rate_per_year": 0.1},
      {"from": "remission", "to": "dead_other", "rate_per_year": 0.01}],
    "events": [{"name": "flare", "in": ["moderate", "severe"], "rate_per_year": 0.3,
                "modifiers": [{"if": "cycle < 3", "rate_ratio": 2}], "cost": {"nhs": 500}}],
    "cost_per_year": {"mild": {"nhs": 3000}, "moderate": {"nhs": 8000}, "severe": {"nhs": 20000}},
    "utility": {"well": 1, "mild": "0.9 - 0.01 * m.time_in_state", "moderate": 0.7,
                "severe": 0.45, "remission": 0.9, "dead_disease": 0, "dead_other": 0}}}
})");

TEST(ReferenceStep, CycleDependentCohortEveryKernelPath) {
  testing::TempDir dir;
  const auto file = dir / "cycle_dependent_cohort.json";
  testing::write_file(file, kCycleDependentCohort.dump());
  {  // the case is the branch-free loop's
    const process::Model model = compiled_model(file);
    const process::CompiledProcess& cp = model.processes.at(0);
    EXPECT_TRUE(process::kernel::takes_fast_loop(cp));
    EXPECT_TRUE(cp.tracks_time);
  }
  check_every_path(file, json::object());
}

// A household process without events that a person process reads (so its moves are deferred until
// every process has drawn), over a cohort: the household sweep's one-pass path.
const json kDeferredHouseholdProcess = json::parse(R"({
  "name": "deferred_household_process", "horizon_years": 8, "step_months": 12, "seed": 5,
  "population": {"source": "cohort", "cohort": {"size": 20000, "age": 30, "states": {"m": "H"}}},
  "processes": {
    "family": {"entity": "household", "states": ["ok", "stressed"],
      "transitions": [
        {"from": "ok", "to": "stressed", "rate_per_year": 0.2,
         "modifiers": [{"if": "cycle < 2", "rate_ratio": 2}]},
        {"from": "stressed", "to": "ok", "rate_per_year": 0.5}]},
    "m": {"states": ["H", "S", "D"],
      "transitions": [
        {"from": "H", "to": "S", "rate_per_year": 0.1,
         "modifiers": [{"if": "family == 'stressed'", "rate_ratio": 2}]},
        {"from": "S", "to": "H", "rate_per_year": 0.3},
        {"from": "S", "to": "D", "rate_per_year": 0.05}],
      "utility": {"H": 1, "S": 0.7, "D": 0}}}
})");

TEST(ReferenceStep, DeferredHouseholdProcessEveryKernelPath) {
  testing::TempDir dir;
  const auto file = dir / "deferred_household_process.json";
  testing::write_file(file, kDeferredHouseholdProcess.dump());
  {
    const process::Model model = compiled_model(file);
    const process::CompiledProcess& family = model.processes.at(0);
    EXPECT_TRUE(family.household);
    EXPECT_FALSE(family.in_place);
    EXPECT_TRUE(family.events.empty());
  }
  check_every_path(file, json::object());
}

// Times in a state or group are kept only where some table reads them: "m"'s time in group "sick"
// is read by its own move, its time in state and in "late" are not; "h"'s time in state is read
// by "m".
const json kTimesKeptWhereRead = json::parse(R"({
  "name": "times_kept_where_read", "horizon_years": 8, "step_months": 12, "seed": 23,
  "population": {"source": "cohort", "cohort": {"size": 20000, "age": 40}},
  "processes": {
    "h": {"entity": "household", "states": ["calm", "strained"],
          "transitions": [{"from": "calm", "to": "strained", "rate_per_year": 0.3},
                          {"from": "strained", "to": "calm", "rate_per_year": 0.5}]},
    "m": {"states": ["H", "S1", "S2", "D"],
          "groups": {"sick": ["S1", "S2"], "late": ["S2", "D"]},
          "transitions": [
            {"from": "H", "to": "S1", "rate_per_year": 0.2,
             "modifiers": [{"if": "h.time_in_state >= 2", "rate_ratio": 1.5}]},
            {"from": "S1", "to": "S2", "rate_per_year": 0.3,
             "modifiers": [{"if": "m.time_in_sick >= 2", "rate_ratio": 2}]},
            {"from": "S2", "to": "S1", "rate_per_year": 0.2},
            {"from": "S2", "to": "D", "rate_per_year": 0.1}],
          "utility": {"H": 1, "S1": 0.8, "S2": 0.6, "D": 0}}}
})");

TEST(ReferenceStep, TimesKeptOnlyWhereReadEveryKernelPath) {
  testing::TempDir dir;
  const auto file = dir / "times_kept_where_read.json";
  testing::write_file(file, kTimesKeptWhereRead.dump());
  {
    const process::Model model = compiled_model(file);
    const process::CompiledProcess& h = model.processes.at(0);
    const process::CompiledProcess& m = model.processes.at(1);
    EXPECT_TRUE(h.tracks_time);
    EXPECT_FALSE(m.tracks_time);
    EXPECT_EQ(m.group_names, (std::vector<std::string>{"late", "sick"}));
    EXPECT_EQ(m.tracks_group, (std::vector<uint8_t>{0, 1}));
  }
  check_every_path(file, json::object());
}

// Tunnel states, whose outcome "stay" leads elsewhere: in "a" the tunnel's moves read age (the
// general path, where rows that certainly stay are otherwise set aside), in "b" nothing (the
// branch-free loop); "b"'s tunnel has only its remainder exit; "h" is a household process without
// events (whose households are otherwise settled in one pass) with a tunnel state.
const json kTunnelCohort = json::parse(R"({
  "name": "tunnel_cohort", "horizon_years": 8, "step_months": 12, "seed": 13,
  "population": {"source": "cohort", "cohort": {"size": 20000, "age": 60}},
  "processes": {
    "a": {"states": ["well", "surgery", "post", "dead"], "tunnel_states": ["surgery"],
          "transitions": [
            {"from": "well", "to": "surgery", "probability_per_cycle": 0.2},
            {"from": "surgery", "to": "dead", "probability_per_cycle": 0.05, "if": "age < 63"},
            {"from": "surgery", "to": "dead", "probability_per_cycle": 0.1, "if": "age >= 63"},
            {"from": "surgery", "to": "post"},
            {"from": "post", "to": "surgery", "probability_per_cycle": 0.1},
            {"from": "post", "to": "dead", "probability_per_cycle": 0.05}]},
    "b": {"states": ["x", "y"], "tunnel_states": ["y"],
          "transitions": [{"from": "x", "to": "y", "probability_per_cycle": 0.3},
                          {"from": "y", "to": "x"}]},
    "h": {"entity": "household", "states": ["calm", "crisis", "gone"], "tunnel_states": ["crisis"],
          "transitions": [{"from": "calm", "to": "crisis", "rate_per_year": 0.4,
                           "modifiers": [{"if": "cycle < 3", "rate_ratio": 2}]},
                          {"from": "crisis", "to": "gone", "probability_per_cycle": 0.1,
                           "if": "cycle >= 2"},
                          {"from": "crisis", "to": "calm"}]}}
})");

TEST(ReferenceStep, TunnelStatesEveryKernelPath) {
  testing::TempDir dir;
  const auto file = dir / "tunnel_cohort.json";
  testing::write_file(file, kTunnelCohort.dump());
  {
    const process::Model model = compiled_model(file);
    EXPECT_FALSE(process::kernel::takes_fast_loop(model.processes.at(0)));
    EXPECT_TRUE(process::kernel::takes_fast_loop(model.processes.at(1)));
    EXPECT_TRUE(model.processes.at(2).household);
    EXPECT_TRUE(model.processes.at(2).events.empty());
  }
  check_every_path(file, json::object());
}

// Events billed per row (a cost of more than the cycle) and a household process's varying costs:
// "fast" takes the branch-free loop, its event in a state that under an eighth of the rows reach
// in the first four years (the sweep's per-row words), more later (whole blocks' words); "aged" the general loop (moves by age), an
// event costing by age and its own state; "home" a household process whose state and event
// costs read its time in state.
const json kBilledCohort = json::parse(R"json({
  "name": "billed_cohort", "horizon_years": 8, "step_months": 12, "seed": 19,
  "population": {"source": "cohort", "cohort": {"size": 20000, "age": 58}},
  "processes": {
    "fast": {"states": ["a", "b"],
      "transitions": [{"from": "a", "to": "b", "rate_per_year": 0.03}],
      "events": [{"name": "visit", "in": ["b"], "rate_per_year": 1.3,
                  "cost": {"nhs": "17.5 * (fast.time_in_state + 1)", "other": 3}}]},
    "aged": {"states": ["x", "y", "z"],
      "transitions": [{"from": "x", "to": "y", "rate_per_year": 0.1, "if": "age >= 61"},
                      {"from": "y", "to": "z", "rate_per_year": 0.2}],
      "events": [{"name": "check", "in": ["x", "y"], "rate_per_year": 0.7,
                  "cost": {"nhs": {"by": ["age", "aged"],
                                   "values": {"0-60": {"x": 10, "y": 30, "z": 0},
                                              "61+": {"x": 12.5, "y": 41, "z": 0}}}}}]},
    "home": {"entity": "household", "states": ["ok", "needs"],
      "transitions": [{"from": "ok", "to": "needs", "rate_per_year": 0.25},
                      {"from": "needs", "to": "ok", "rate_per_year": 0.4}],
      "cost_per_year": {"needs": {"housing": "250 + 25 * home.time_in_state"}},
      "events": [{"name": "repair", "in": ["needs"], "rate_per_year": 0.6,
                  "cost": {"housing": "80 + 8 * home.time_in_state"}}]}}
})json");

TEST(ReferenceStep, BilledEventCostsEveryKernelPath) {
  testing::TempDir dir;
  const auto file = dir / "billed_cohort.json";
  testing::write_file(file, kBilledCohort.dump());
  {
    const process::Model model = compiled_model(file);
    const auto& processes = model.processes;
    ASSERT_EQ(processes.size(), 3u);                               // in name order
    EXPECT_FALSE(process::kernel::takes_fast_loop(processes[0]));  // aged
    EXPECT_TRUE(process::kernel::takes_fast_loop(processes[1]));   // fast
    EXPECT_TRUE(processes[2].household && processes[2].cost_per_person);
    for (const auto& cp : processes) EXPECT_TRUE(cp.events.at(0).billed_per_row) << cp.name;
  }
  check_every_path(file, json::object());
}

// The same on the LCR population (a 2% sample over a year): persons of every age, sex and area, an
// event costing by age, deprivation and a household attribute.
TEST(ReferenceStep, BilledEventCostsOnTheLcrEveryKernelPath) {
  testing::TempDir dir;
  const auto file = dir / "billed_lcr.json";
  const json doc = {
      {"extends", lcr("foundation.json").string()},
      {"name", "billed_lcr"},
      {"horizon_years", 1},
      {"population", {{"scale", 0.02}}},
      {"processes",
       {{"p",
         {{"states", {"well", "ill"}},
          {"transitions",
           {{{"from", "well"}, {"to", "ill"}, {"rate_per_year", 0.05}, {"if", "age >= 40"}}}},
          {"events",
           {{{"name", "visit"},
             {"in", {"ill"}},
             {"rate_per_year", 3},
             {"cost",
              {{"nhs", "40 + 0.5 * age + 6 * imd_quintile"},
               {"housing", "15 * (household.tenure == 'social_rented')"}}}}}}}}}}};
  testing::write_file(file, doc.dump());
  check_every_path(file, json::object());
}

TEST(KernelPath, ForcingAPathTheCpuLacksIsAnError) {
  for (KernelPath path : {KernelPath::kAvx2, KernelPath::kAvx512})
    if (!cpu_runs(path)) {
      EXPECT_THROW(set_kernel_path(path), std::runtime_error);
    }
  KernelPathGuard guard;
  EXPECT_NO_THROW(set_kernel_path(KernelPath::kReference));
  EXPECT_EQ(kernel_path(), KernelPath::kReference);
  EXPECT_EQ(vector_isa(), VectorIsa::kScalar);
}

}  // namespace
}  // namespace civicsim
