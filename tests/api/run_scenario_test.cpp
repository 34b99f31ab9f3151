// civicsim::run_scenario (api/run_scenario.hpp), the entry point for running a scenario from code:
// its results in memory are the `civicsim run` file's bit for bit; overrides by JSON path change
// the run as they say (a bad one is an InputError at its path); the per-replication callback sees
// every replication once, in order, with the results returned, a resumed run's too; a file, a
// document and a loaded Scenario are the same run.
#include "api/run_scenario.hpp"

#include <gtest/gtest.h>
#include <omp.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "api/checkpoint.hpp"
#include "engine/scenario/scenario_loader.hpp"
#include "outputs/hdf5_reader.hpp"
#include "tests/test_support.hpp"

namespace civicsim {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// A small Sick-Sicker cohort (scenarios/reference/krijkamp2018_simple, smaller): 3 replications
// of 12 annual cycles, with a one-way range on the H -> S1 probability.
json cohort_doc() {
  return json::parse(R"({
    "name": "api_cohort", "horizon_years": 12, "step_months": 12, "seed": 4, "replications": 3,
    "population": {"source": "cohort", "cohort": {"size": 3000, "age": 25, "states": {"m": "H"}}},
    "processes": {"m": {
      "states": ["H", "S1", "S2", "D"],
      "transitions": [
        {"from": "H", "to": "S1", "probability_per_cycle": 0.15},
        {"from": "H", "to": "D", "probability_per_cycle": 0.005},
        {"from": "S1", "to": "H", "probability_per_cycle": 0.5},
        {"from": "S1", "to": "S2", "probability_per_cycle": 0.105},
        {"from": "S2", "to": "D", "rate_per_year": 0.05}],
      "cost_per_year": {"H": {"nhs": 2000}, "S1": {"nhs": 4000}, "S2": {"nhs": 15000}},
      "utility": {"H": 1, "S1": 0.75, "S2": 0.5, "D": 0}}},
    "uncertainty": {"one_way": {
      "/processes/m/transitions/0/probability_per_cycle": {"low": 0.1, "high": 0.2}}}
  })");
}

// Persons in state `state` of process m at time point t, replication r.
double occupancy(const RunResults& results, const std::string& state, size_t t, size_t r = 0) {
  const size_t s = results.series_index("m.occupancy"), cells = results.cells(s);
  const auto& states = results.dimension("m.state").labels;
  const size_t k =
      static_cast<size_t>(std::find(states.begin(), states.end(), state) - states.begin());
  const size_t per_state = cells / states.size();
  double sum = 0;
  for (size_t c = 0; c < per_state; ++c) sum += results.values[s][r][t * cells + k * per_state + c];
  return sum;
}

void expect_same_results(const RunResults& a, const RunResults& b) {
  EXPECT_EQ(a.time, b.time);
  EXPECT_EQ(a.replications, b.replications);
  ASSERT_EQ(a.series.size(), b.series.size());
  for (size_t s = 0; s < a.series.size(); ++s) {
    EXPECT_EQ(a.series[s].name, b.series[s].name);
    EXPECT_EQ(a.shape(s), b.shape(s)) << a.series[s].name;
  }
  EXPECT_EQ(a.dimensions.size(), b.dimensions.size());
  EXPECT_EQ(a.values, b.values);  // every double, bit for bit (no NaN in results)
}

RunOutcome run_file(const fs::path& file, json overrides = json::object()) {
  RunRequest request;
  request.scenario = file;
  request.overrides = std::move(overrides);
  return run_scenario(request);
}

TEST(RunScenario, InMemoryResultsAreTheCliFileBitForBit) {
  testing::TempDir dir;
  const fs::path quick = testing::source_dir() / "scenarios/lcr/quick.json";
  const fs::path out = dir / "quick.h5";
  const auto cli =
      testing::run_command(testing::civicsim_binary().string() + " run " + quick.string() +
                           " --quiet --scale 0.01 --seed 5 --threads 2 --out " + out.string());
  ASSERT_EQ(cli.exit_code, 0) << cli.output;
  const ResultFile file = read_results(out);

  RunRequest request;
  request.scenario = quick;
  request.seed = 5;
  request.scale = 0.01;
  request.threads = 1;  // results do not depend on it
  const RunOutcome memory = run_scenario(request);
  expect_same_results(memory.results, file.results);
  EXPECT_EQ(memory.identity.population_fingerprint, file.identity.population_fingerprint);
  EXPECT_EQ(memory.identity.seed, 5u);
  // The same inputs, overrides included: the fingerprint a checkpoint is resumed by.
  EXPECT_EQ(memory.meta.input_fingerprint, file.meta.input_fingerprint);
  EXPECT_EQ(memory.meta.scenario_json, file.meta.scenario_json);
  EXPECT_TRUE(memory.file.empty());
  EXPECT_GT(memory.timings.simulation_s, 0.0);
  EXPECT_EQ(memory.timings.write_s, 0.0);
}

TEST(RunScenario, ReferenceModelFromCodeIsTheCliFileBitForBit) {
  testing::TempDir dir;
  const fs::path scenario =
      testing::source_dir() / "scenarios/reference/krijkamp2018_simple/treatment.json";
  const fs::path cli_out = dir / "cli.h5";
  const auto cli = testing::run_command(testing::civicsim_binary().string() + " run " +
                                        scenario.string() + " --quiet --out " + cli_out.string());
  ASSERT_EQ(cli.exit_code, 0) << cli.output;
  RunRequest request;
  request.scenario = scenario;
  request.out = dir / "api.h5";
  const RunOutcome api = run_scenario(request);
  EXPECT_EQ(api.file, dir / "api.h5");
  EXPECT_GT(api.timings.write_s, 0.0);
  const ResultFile a = read_results(cli_out), b = read_results(api.file);
  expect_same_results(b.results, a.results);
  expect_same_results(api.results, a.results);
  EXPECT_EQ(b.meta.input_fingerprint, a.meta.input_fingerprint);
  EXPECT_FALSE(fs::exists(checkpoint_path(api.file)));
  if (std::system("command -v h5diff >/dev/null 2>&1") == 0) {
    const auto diff = testing::run_command("h5diff --exclude-path /meta " + cli_out.string() + " " +
                                           api.file.string());
    EXPECT_EQ(diff.exit_code, 0) << diff.output;
  }
}

TEST(RunScenario, FileDocumentAndLoadedScenarioAreTheSameRun) {
  testing::TempDir dir;
  testing::write_file(dir / "c.json", cohort_doc().dump());
  const json seed = {{"seed", 9}};
  const RunOutcome from_file = run_file(dir / "c.json", seed);
  RunRequest request;
  request.scenario = ScenarioDocument{cohort_doc(), dir / "c.json"};
  request.overrides = seed;
  const RunOutcome from_document = run_scenario(request);
  request.scenario = load_scenario(dir / "c.json");
  const RunOutcome from_loaded = run_scenario(request);
  expect_same_results(from_document.results, from_file.results);
  expect_same_results(from_loaded.results, from_file.results);
  EXPECT_EQ(from_document.meta.input_fingerprint, from_file.meta.input_fingerprint);
  EXPECT_EQ(from_loaded.scenario.seed, 9u);
  // A Scenario made in code has no resolved document to take overrides or name its inputs.
  request.scenario = Scenario{};
  EXPECT_THROW(run_scenario(request), std::invalid_argument);
}

TEST(RunScenario, OverridesByJsonPathChangeTheRun) {
  testing::TempDir dir;
  testing::write_file(dir / "c.json", cohort_doc().dump());
  const RunOutcome base = run_file(dir / "c.json");
  // Its own seed again: the same run; another seed: other draws.
  expect_same_results(run_file(dir / "c.json", {{"seed", 4}}).results, base.results);
  RunRequest request;
  request.scenario = dir / "c.json";
  request.seed = 5;
  const RunOutcome reseeded = run_scenario(request);
  EXPECT_EQ(reseeded.scenario.seed, 5u);
  EXPECT_NE(reseeded.results.values, base.results.values);
  // /processes/m/transitions (an array: replaced whole) with H -> S1 doubled: more sick after a
  // cycle, about 30% of 3000 against 15%.
  json transitions = cohort_doc()["processes"]["m"]["transitions"];
  transitions[0]["probability_per_cycle"] = 0.3;
  const RunOutcome sicker =
      run_file(dir / "c.json", {{"processes", {{"m", {{"transitions", transitions}}}}}});
  EXPECT_NEAR(occupancy(base.results, "S1", 1), 450, 80);
  EXPECT_NEAR(occupancy(sicker.results, "S1", 1), 900, 100);
  // An object merges key by key: only S1's utility changes.
  const RunOutcome utility =
      run_file(dir / "c.json", {{"processes", {{"m", {{"utility", {{"S1", 0.5}}}}}}}});
  EXPECT_EQ(json::parse(utility.scenario.resolved_json)["processes"]["m"]["utility"],
            json::parse(R"({"H": 1, "S1": 0.5, "S2": 0.5, "D": 0})"));
  expect_same_results(run_file(dir / "c.json", {{"replications", 3}}).results, base.results);
  request.seed.reset();
  request.replications = 2;
  EXPECT_EQ(run_scenario(request).results.replications, 2);
}

// The diagnostics' locations of the InputError of running `overrides`, or nothing.
std::vector<std::string> error_locations(const fs::path& file, const json& overrides) {
  try {
    run_file(file, overrides);
  } catch (const InputError& e) {
    std::vector<std::string> at;
    for (const Diagnostic& d : e.diagnostics()) at.push_back(d.location);
    return at;
  }
  return {};
}

TEST(RunScenario, BadOverrideIsAnInputErrorAtItsJsonPath) {
  testing::TempDir dir;
  testing::write_file(dir / "c.json", cohort_doc().dump());
  using V = std::vector<std::string>;
  EXPECT_EQ(error_locations(dir / "c.json", {{"population", {{"scale", "large"}}}}),
            V{"/population/scale"});
  EXPECT_EQ(error_locations(dir / "c.json", {{"horizon_years", -1}}), V{"/horizon_years"});
  EXPECT_EQ(error_locations(dir / "c.json", {{"processes", {{"m", {{"utility", {{"S1", 7}}}}}}}}),
            V{"/processes/m/utility/S1"});
  const V unknown = error_locations(dir / "c.json", {{"populaton", {{"scale", 0.5}}}});
  ASSERT_EQ(unknown.size(), 1u);
  EXPECT_EQ(unknown[0], "/populaton");
  RunRequest request;
  request.scenario = dir / "c.json";
  request.replications = 0;
  try {
    run_scenario(request);
    ADD_FAILURE() << "replications 0 ran";
  } catch (const InputError& e) {
    ASSERT_EQ(e.diagnostics().size(), 1u);
    EXPECT_EQ(e.diagnostics()[0].location, "/replications");
    EXPECT_EQ(e.diagnostics()[0].file, "command line");
  }
}

TEST(RunScenario, ReplicationCallbackSeesEachReplicationOnceInOrder) {
  testing::TempDir dir;
  RunRequest request;
  request.scenario = ScenarioDocument{cohort_doc(), dir / "c.json"};
  std::vector<int> seen;
  std::vector<std::vector<std::vector<double>>> values;  // [replication][series]
  request.on_replication = [&](int r, const RunResults& results) {
    seen.push_back(r);
    auto& v = values.emplace_back();
    for (const auto& series : results.values) v.push_back(series[static_cast<size_t>(r)]);
  };
  const RunOutcome outcome = run_scenario(request);
  ASSERT_EQ(seen, (std::vector<int>{0, 1, 2}));
  for (size_t r = 0; r < 3; ++r)
    for (size_t s = 0; s < outcome.results.values.size(); ++s)
      EXPECT_EQ(values[r][s], outcome.results.values[s][r]) << r << " " << s;

  // Into a file resumed from a checkpoint of its first two replications: those are reported
  // first, from the checkpoint, then the third as it runs; the results are the same.
  request.out = dir / "c.h5";
  const RunOutcome written = run_scenario(request);
  const ResultFile file = read_results(written.file);
  save_checkpoint(checkpoint_path(written.file), file.results, 2, file.identity, file.meta);
  seen.clear();
  values.clear();
  std::vector<std::string> notices;
  request.notice = [&](const std::string& message) { notices.push_back(message); };
  const RunOutcome resumed = run_scenario(request);
  EXPECT_EQ(resumed.resumed, 2);
  ASSERT_EQ(seen, (std::vector<int>{0, 1, 2}));
  ASSERT_EQ(notices.size(), 1u);
  EXPECT_NE(notices[0].find("resuming from"), std::string::npos) << notices[0];
  for (size_t r = 0; r < 3; ++r)
    for (size_t s = 0; s < outcome.results.values.size(); ++s)
      EXPECT_EQ(values[r][s], outcome.results.values[s][r]) << r << " " << s;
  expect_same_results(resumed.results, outcome.results);
  expect_same_results(read_results(resumed.file).results, outcome.results);
}

TEST(RunScenario, OneWayVariantsInMemoryAndInFiles) {
  testing::TempDir dir;
  RunRequest request;
  request.scenario = ScenarioDocument{cohort_doc(), dir / "c.json"};
  request.one_way = true;
  request.quiet = true;
  std::vector<std::string> stages;
  request.progress.begin = [&](const std::string& stage) { stages.push_back(stage); };
  const RunOutcome memory = run_scenario(request);
  EXPECT_EQ(stages, (std::vector<std::string>{"one-way 1/2", "one-way 2/2", "simulating"}));
  ASSERT_EQ(memory.one_way.size(), 2u);
  EXPECT_FALSE(memory.one_way[0].high);
  EXPECT_TRUE(memory.one_way[1].high);
  EXPECT_TRUE(memory.one_way[0].file.empty());
  // H -> S1 at 0.1 and 0.2 against 0.15: fewer and more sick after a cycle.
  EXPECT_LT(occupancy(memory.one_way[0].results, "S1", 1), occupancy(memory.results, "S1", 1));
  EXPECT_GT(occupancy(memory.one_way[1].results, "S1", 1), occupancy(memory.results, "S1", 1));

  request.out = dir / "c.h5";
  const RunOutcome written = run_scenario(request);
  ASSERT_EQ(written.one_way.size(), 2u);
  for (const OneWayRun& v : written.one_way) {
    EXPECT_FALSE(v.reused);
    EXPECT_TRUE(v.results.values.empty());  // in its file
  }
  expect_same_results(read_results(written.one_way[1].file).results, memory.one_way[1].results);
  // A rerun finds the variants written with the same inputs and runs only the main scenario.
  stages.clear();
  const RunOutcome rerun = run_scenario(request);
  EXPECT_TRUE(rerun.one_way[0].reused && rerun.one_way[1].reused);
  EXPECT_EQ(stages, std::vector<std::string>{"simulating"});
}

TEST(RunScenario, ThreadsAreSetForTheCallOnly) {
  testing::TempDir dir;
  const int before = omp_get_max_threads();
  RunRequest request;
  request.scenario = ScenarioDocument{cohort_doc(), dir / "c.json"};
  request.threads = before + 1;
  const RunOutcome outcome = run_scenario(request);
  EXPECT_EQ(outcome.meta.threads, before + 1);
  EXPECT_EQ(omp_get_max_threads(), before);
}

}  // namespace
}  // namespace civicsim
