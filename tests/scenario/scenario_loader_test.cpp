// Tests of loading scenario files: defaults, "extends", overrides, path resolution, and the exact
// message of every kind of bad input.
#include "engine/scenario/scenario_loader.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "engine/core/input_error.hpp"
#include "tests/test_support.hpp"

namespace civicsim {
namespace {

using nlohmann::json;
using testing::TempDir;
using testing::write_file;

// A valid data_dir line for files written to temporary folders.
std::string data_dir_json() { return "\"data_dir\": \"" + testing::lcr_data_dir().string() + "\""; }

// Every message of the InputError that loading `file` throws (empty if it loads).
std::vector<std::string> load_errors(const std::filesystem::path& file,
                                     const json& overrides = json::object()) {
  try {
    load_scenario(file, overrides);
  } catch (const InputError& e) {
    std::vector<std::string> out;
    for (const auto& d : e.diagnostics()) out.push_back(d.to_string());
    return out;
  }
  return {};
}

using Messages = std::vector<std::string>;

TEST(ScenarioLoader, FillsDefaults) {
  TempDir dir;
  write_file(dir / "s.json", "{\"population\": {" + data_dir_json() + "}}");
  const Scenario s = load_scenario(dir / "s.json");
  EXPECT_EQ(s.name, "unnamed");
  EXPECT_EQ(s.description, "");
  EXPECT_EQ(s.start, YearMonth::of(2019, 7));
  EXPECT_EQ(s.horizon_years, 10);
  EXPECT_EQ(s.step_months, 1);
  EXPECT_EQ(s.seed, 20260401u);
  EXPECT_EQ(s.replications, 1);
  EXPECT_EQ(s.population.source, PopulationSource::kLcrSynthetic);
  EXPECT_EQ(s.population.data_dir, testing::lcr_data_dir());
  EXPECT_TRUE(s.population.households_csv.empty());
  EXPECT_DOUBLE_EQ(s.population.scale, 1.0);
  EXPECT_TRUE(s.demography.births);
  EXPECT_TRUE(s.demography.deaths);
  EXPECT_TRUE(s.demography.mortality_deprivation_gradient);
  EXPECT_EQ(s.outputs.file, "results/scenario.h5");
  EXPECT_EQ(s.file, dir / "s.json");
  EXPECT_EQ(s.steps(), 120);
  const json resolved = json::parse(s.resolved_json);
  EXPECT_EQ(resolved["outputs"]["file"], "results/scenario.h5");
  EXPECT_EQ(resolved["demography"]["births"], true);
  EXPECT_EQ(resolved["seed"], 20260401);
}

TEST(ScenarioLoader, LoadsTheBuiltInScenarios) {
  const Scenario baseline = load_scenario(testing::source_dir() / "scenarios/lcr/baseline.json");
  EXPECT_EQ(baseline.name, "lcr_baseline");
  EXPECT_EQ(baseline.population.data_dir, testing::lcr_data_dir().lexically_normal());
  EXPECT_EQ(baseline.outputs.file, "results/lcr_baseline.h5");
  EXPECT_EQ(baseline.seed, 20260401u);
  EXPECT_FALSE(baseline.assumptions.empty());

  const Scenario quick = load_scenario(testing::source_dir() / "scenarios/lcr/quick.json");
  EXPECT_EQ(quick.name, "lcr_quick");
  EXPECT_DOUBLE_EQ(quick.population.scale, 0.05);
  EXPECT_EQ(quick.horizon_years, 2);
  EXPECT_EQ(quick.step_months, 1);
  EXPECT_EQ(quick.population.data_dir, baseline.population.data_dir);
  EXPECT_EQ(quick.outputs.file, "results/lcr_quick.h5");
  EXPECT_EQ(quick.assumptions, baseline.assumptions);
  EXPECT_EQ(json::parse(quick.resolved_json).count("extends"), 0u);
}

TEST(ScenarioLoader, ExtendsChainOfThreeMergesWithChildWinning) {
  TempDir dir;
  write_file(dir / "c.json",
             "{\"seed\": 1, \"start\": \"2020-01\", \"population\": {\"scale\": 0.2, " +
                 data_dir_json() + "}, \"demography\": {\"births\": false}}");
  write_file(dir / "b.json",
             R"({"extends": "c.json", "seed": 2, "demography": {"deaths": false}, "name": "b"})");
  write_file(dir / "a.json", R"({"extends": "b.json", "name": "a", "population": {"scale": 0.3}})");
  const Scenario s = load_scenario(dir / "a.json");
  EXPECT_EQ(s.name, "a");
  EXPECT_EQ(s.seed, 2u);
  EXPECT_EQ(s.start, YearMonth::of(2020, 1));
  EXPECT_DOUBLE_EQ(s.population.scale, 0.3);
  EXPECT_EQ(s.population.data_dir, testing::lcr_data_dir());
  EXPECT_FALSE(s.demography.births);
  EXPECT_FALSE(s.demography.deaths);
  EXPECT_TRUE(s.demography.mortality_deprivation_gradient);
}

// A file that inherits outputs.file through extends is written to results/<its stem>.h5, so an
// option never takes its base's result file; a file stating its own, or none stated anywhere
// (the schema's default), keeps it.
TEST(ScenarioLoader, AFileInheritingItsOutputFileIsNamedAfterItself) {
  TempDir dir;
  write_file(dir / "base.json", "{\"population\": {" + data_dir_json() +
                                    "}, \"outputs\": {\"file\": \"out/base.h5\"}}");
  write_file(dir / "option.json", R"({"extends": "base.json", "name": "option"})");
  write_file(dir / "own.json", R"({"extends": "base.json", "outputs": {"file": "out/own.h5"}})");
  write_file(dir / "plain.json", "{\"population\": {" + data_dir_json() + "}}");
  const Scenario option = load_scenario(dir / "option.json");
  EXPECT_EQ(option.outputs.file, "results/option.h5");
  EXPECT_TRUE(option.outputs.named_after_scenario_file);
  EXPECT_EQ(json::parse(option.resolved_json)["outputs"]["file"], "results/option.h5");
  for (const auto& [file, expected] :
       {std::pair{"base.json", "out/base.h5"}, std::pair{"own.json", "out/own.h5"},
        std::pair{"plain.json", "results/scenario.h5"}}) {
    const Scenario s = load_scenario(dir / file);
    EXPECT_EQ(s.outputs.file, expected) << file;
    EXPECT_FALSE(s.outputs.named_after_scenario_file) << file;
  }
}

// Two options that extend one baseline, merged by a combined file: the shared base is read once
// (where it first appears), so it does not reset what the first option set.
TEST(ScenarioLoader, ExtendsListMergesInOrderReadingASharedBaseOnce) {
  TempDir dir;
  write_file(dir / "base.json",
             "{\"name\": \"base\", \"seed\": 1, \"horizon_years\": 5, "
             "\"population\": {" +
                 data_dir_json() + "}}");
  write_file(dir / "a.json", R"({"extends": "base.json", "name": "a", "seed": 2})");
  write_file(dir / "b.json", R"({"extends": "base.json", "name": "b", "horizon_years": 7})");
  write_file(dir / "ab.json", R"({"extends": ["a.json", "b.json"], "description": "both"})");
  const Scenario s = load_scenario(dir / "ab.json");
  EXPECT_EQ(s.name, "b");  // the later base wins
  EXPECT_EQ(s.seed, 2u);   // a's value, not reset by base.json read again under b
  EXPECT_EQ(s.horizon_years, 7);
  EXPECT_EQ(s.description, "both");
  write_file(dir / "bad.json", R"({"extends": ["a.json", 3]})");
  EXPECT_EQ(
      load_errors(dir / "bad.json"),
      Messages{(dir / "bad.json").string() + ": /extends/1: expected a path, found a number 3"});
}

TEST(ScenarioLoader, MergeReplacesArraysWholeAndMergesObjects) {
  json base = json::parse(R"({"a": {"x": 1, "y": [1, 2, 3]}, "b": [4], "c": {"d": 1}})");
  merge_scenario_json(base, json::parse(R"({"a": {"y": [9]}, "b": {"k": 1}, "c": 5})"));
  EXPECT_EQ(base, json::parse(R"({"a": {"x": 1, "y": [9]}, "b": {"k": 1}, "c": 5})"));
}

TEST(ScenarioLoader, ResolvesRelativePathsAgainstTheDeclaringFile) {
  TempDir dir;
  std::filesystem::create_directories(dir / "data");
  write_file(dir / "extract/h.csv", "uid\n");
  write_file(dir / "extract/p.csv", "uid\n");
  write_file(dir / "bases/base.json",
             R"({"population": {"data_dir": "../data", "source": "linked"}})");
  write_file(dir / "runs/child.json",
             R"({"extends": "../bases/base.json",
                 "population": {"households_csv": "../extract/h.csv", "persons_csv": "../extract/p.csv"},
                 "outputs": {"file": "out/child.h5"}})");
  const Scenario s = load_scenario(dir / "runs/child.json");
  EXPECT_EQ(s.population.source, PopulationSource::kLinked);
  EXPECT_EQ(s.population.data_dir, dir / "data");
  EXPECT_EQ(s.population.households_csv, dir / "extract/h.csv");
  EXPECT_EQ(s.population.persons_csv, dir / "extract/p.csv");
  EXPECT_EQ(s.outputs.file, "out/child.h5");  // relative to the working directory, kept as written
  EXPECT_EQ(json::parse(s.resolved_json)["population"]["data_dir"], (dir / "data").string());
}

// A document given in code loads as the file it is taken to be, which need not exist: its bases
// and relative paths are found from that file's folder, and its diagnostics name it.
TEST(ScenarioLoader, ADocumentLoadsAsTheFileItIsTakenToBe) {
  TempDir dir;
  std::filesystem::create_directories(dir / "data");
  write_file(dir / "bases/base.json", R"({"seed": 3, "population": {"data_dir": "../data"}})");
  const json doc = json::parse(R"({"extends": "../bases/base.json", "name": "from_code"})");
  const Scenario s = load_scenario_document(doc, dir / "runs/child.json", {{"seed", 8}});
  EXPECT_FALSE(std::filesystem::exists(dir / "runs/child.json"));
  EXPECT_EQ(s.name, "from_code");
  EXPECT_EQ(s.seed, 8u);
  EXPECT_EQ(s.population.data_dir, dir / "data");
  EXPECT_EQ(s.file, dir / "runs/child.json");
  try {
    load_scenario_document(
        json::parse("{\"horizon_years\": \"ten\", \"population\": {" + data_dir_json() + "}}"),
        dir / "x.json");
    ADD_FAILURE() << "a bad document loaded";
  } catch (const InputError& e) {
    ASSERT_EQ(e.diagnostics().size(), 1u);
    EXPECT_EQ(e.diagnostics()[0].file, (dir / "x.json").string());
    EXPECT_EQ(e.diagnostics()[0].location, "/horizon_years");
  }
}

TEST(ScenarioLoader, AppliesOverridesLast) {
  TempDir dir;
  write_file(dir / "s.json",
             "{\"seed\": 3, \"population\": {\"scale\": 0.5, " + data_dir_json() + "}}");
  const Scenario s =
      load_scenario(dir / "s.json", json::parse(R"({"seed": 7, "population": {"scale": 0.1}})"));
  EXPECT_EQ(s.seed, 7u);
  EXPECT_DOUBLE_EQ(s.population.scale, 0.1);
  EXPECT_EQ(json::parse(s.resolved_json)["seed"], 7);
}

TEST(ScenarioLoader, ReportsBadOverridesAsCommandLine) {
  TempDir dir;
  write_file(dir / "s.json", "{\"population\": {" + data_dir_json() + "}}");
  EXPECT_EQ(load_errors(dir / "s.json", json::parse(R"({"seed": -3, "population": {"scale": 0}})")),
            (Messages{
                "command line: /population/scale: expected a number in [0.0001, 100], found 0",
                "command line: /seed: expected an integer in [0, 9007199254740992], found -3",
            }));
}

TEST(ScenarioLoader, ReportsAMissingFile) {
  TempDir dir;
  const std::string f = (dir / "none.json").string();
  EXPECT_EQ(load_errors(f), Messages{f + ": expected a scenario file, found no such file"});
}

TEST(ScenarioLoader, ReportsMalformedJsonWithLineAndColumn) {
  TempDir dir;
  const std::string f = (dir / "s.json").string();
  write_file(f, "{\n  \"name\": \"x\",\n  \"seed\": ,\n}\n");
  EXPECT_EQ(load_errors(f),
            Messages{f + ": line 3, column 11: expected valid JSON, found syntax error "
                         "while parsing value - unexpected ','; expected '[', '{', or "
                         "a literal"});
}

TEST(ScenarioLoader, ReportsEachKindOfBadValue) {
  TempDir dir;
  const std::string f = (dir / "s.json").string();
  const auto errors_for = [&](const std::string& fields) {
    write_file(f, "{" + fields + (fields.empty() ? "" : ", ") + "\"outputs\": {}}");
    return load_errors(f, json::parse("{\"population\": {" + data_dir_json() + "}}"));
  };
  EXPECT_EQ(
      errors_for(R"("horizon_years": "ten")"),
      Messages{f + ": /horizon_years: expected an integer in [1, 100], found a string \"ten\""});
  EXPECT_EQ(errors_for(R"("horizon_years": 101)"),
            Messages{f + ": /horizon_years: expected an integer in [1, 100], found 101"});
  EXPECT_EQ(errors_for(R"("step_months": 5)"),
            Messages{f + ": /step_months: expected one of: 1, 2, 3, 4, 6, 12, found 5"});
  EXPECT_EQ(errors_for(R"("start": "2019-13")"),
            Messages{f + ": /start: expected a date YYYY-MM, found '2019-13'"});
  EXPECT_EQ(
      errors_for(R"("population": {"source": "lcr"})"),
      Messages{
          f + ": /population/source: expected one of: lcr_synthetic, linked, cohort, found 'lcr'"});
  EXPECT_EQ(errors_for(R"("population": {"scale": -1})"),
            Messages{f + ": /population/scale: expected a number in [0.0001, 100], found -1"});
  EXPECT_EQ(errors_for(R"("demography": {"births": 1})"),
            Messages{f + ": /demography/births: expected true or false, found a number 1"});
  EXPECT_EQ(
      errors_for(R"("colour": "red")"),
      Messages{f + ": /colour: expected one of the keys: name, label, description, "
                   "assumptions, not_counted, extends, start, horizon_years, step_months, seed, "
                   "replications, population, demography, processes, services, "
                   "interventions, rewards, uncertainty, prices, payers, cost_categories, "
                   "appraisal, outputs, found unknown key 'colour'"});
  EXPECT_EQ(
      errors_for(R"("population": {"sclae": 2})"),
      Messages{
          f +
          ": /population/sclae: expected one of the keys: source, data_dir, "
          "households_csv, persons_csv, scale, cohort, damp_readings, found unknown key 'sclae'"});
}

TEST(ScenarioLoader, ReportsAMissingDataFolder) {
  TempDir dir;
  const std::string f = (dir / "s.json").string();
  write_file(f, R"({"population": {"data_dir": "nowhere"}})");
  EXPECT_EQ(load_errors(f), Messages{f +
                                     ": /population/data_dir: expected a folder with the LCR data "
                                     "files, found no such folder '" +
                                     (dir / "nowhere").string() + "'"});
}

TEST(ScenarioLoader, LinkedNeedsBothCsvFiles) {
  TempDir dir;
  const std::string f = (dir / "s.json").string();
  write_file(f, "{\"population\": {\"source\": \"linked\", " + data_dir_json() + "}}");
  EXPECT_EQ(
      load_errors(f),
      (Messages{f + ": /population/households_csv: expected a path to the households CSV file "
                    "(required when /population/source is linked), found nothing",
                f + ": /population/persons_csv: expected a path to the persons CSV file "
                    "(required when /population/source is linked), found nothing"}));
  write_file(f,
             "{\"population\": {\"source\": \"linked\", \"households_csv\": \"h.csv\", "
             "\"persons_csv\": \"p.csv\", " +
                 data_dir_json() + "}}");
  write_file(dir / "p.csv", "uid\n");
  EXPECT_EQ(load_errors(f), Messages{f +
                                     ": /population/households_csv: expected an existing CSV file, "
                                     "found no such file '" +
                                     (dir / "h.csv").string() + "'"});
}

TEST(ScenarioLoader, ReportsAllErrorsAtOnce) {
  TempDir dir;
  const std::string f = (dir / "s.json").string();
  write_file(f, R"({"seed": -1, "horizon_years": 0, "start": "July",
                    "population": {"scale": "big", "data_dir": "missing"}, "foo": 1})");
  EXPECT_EQ(
      load_errors(f),
      (Messages{
          f + ": /foo: expected one of the keys: name, label, description, assumptions, "
              "not_counted, extends, start, horizon_years, step_months, seed, replications, "
              "population, "
              "demography, processes, services, interventions, rewards, uncertainty, prices, "
              "payers, cost_categories, appraisal, outputs, found unknown key 'foo'",
          f + ": /horizon_years: expected an integer in [1, 100], found 0",
          f + ": /population/scale: expected a number in [0.0001, 100], found a string \"big\"",
          f + ": /seed: expected an integer in [0, 9007199254740992], found -1",
          f + ": /start: expected a date YYYY-MM, found 'July'",
          f +
              ": /population/data_dir: expected a folder with the LCR data files, found no "
              "such folder '" +
              (dir / "missing").string() + "'",
      }));
}

TEST(ScenarioLoader, ErrorsInABaseNameTheBase) {
  TempDir dir;
  const std::string base = (dir / "base.json").string();
  const std::string child = (dir / "child.json").string();
  write_file(base, "{\"replications\": 0, \"population\": {" + data_dir_json() + "}}");
  write_file(child, R"({"extends": "base.json", "step_months": 7})");
  EXPECT_EQ(load_errors(child),
            (Messages{child + ": /step_months: expected one of: 1, 2, 3, 4, 6, 12, found 7",
                      base + ": /replications: expected an integer in [1, 10000], found 0"}));
}

TEST(ScenarioLoader, ReportsAMissingBase) {
  TempDir dir;
  const std::string f = (dir / "s.json").string();
  write_file(f, R"({"extends": "nope.json"})");
  EXPECT_EQ(load_errors(f), Messages{f +
                                     ": /extends: expected an existing scenario file, found no "
                                     "such file '" +
                                     (dir / "nope.json").string() + "'"});
}

TEST(ScenarioLoader, ReportsAnExtendsCycle) {
  TempDir dir;
  const std::string a = (dir / "a.json").string();
  const std::string b = (dir / "b.json").string();
  write_file(a, R"({"extends": "b.json"})");
  write_file(b, R"({"extends": "./a.json"})");
  EXPECT_EQ(load_errors(a), Messages{b + ": /extends: expected no cycle in 'extends', found " + a +
                                     " -> " + b + " -> " + a});
  write_file(a, R"({"extends": "a.json"})");
  EXPECT_EQ(load_errors(a),
            Messages{a + ": /extends: expected no cycle in 'extends', found " + a + " -> " + a});
}

TEST(ScenarioLoader, ValidateScenarioFileThrowsLikeLoad) {
  TempDir dir;
  write_file(dir / "s.json", R"({"population": {"data_dir": "nowhere"}})");
  EXPECT_THROW(validate_scenario_file(dir / "s.json"), InputError);
  EXPECT_NO_THROW(validate_scenario_file(testing::source_dir() / "scenarios/lcr/quick.json"));
}

// A diagnostic inside an intervention whose name holds '~' (not an RFC 6901 escape) once made the
// loader's lookup of the file that states it throw nlohmann's parse_error out of load_scenario
// (found by tests/fuzz/fuzz_scenario). It is an InputError like any other now.
TEST(ScenarioLoader, NamesWithATildeGiveDiagnosticsNotExceptions) {
  TempDir dir;
  const auto f = dir / "s.json";
  write_file(f, "{\"population\": {" + data_dir_json() +
                    "}, \"interventions\": {\"fix~x\": {\"start\": \"2020-04\", \"unit\": "
                    "\"household\", \"who\": \"true\", \"through\": \"nowhere\", \"effects\": "
                    "[{\"set\": \"damp\", \"to\": \"no\"}]}}}");
  const Messages errors = load_errors(f);
  ASSERT_FALSE(errors.empty());
  for (const std::string& e : errors)  // the schema escapes the name (fix~0x), rule checks do not
    EXPECT_EQ(e.rfind(f.string() + ": /interventions/fix~", 0), 0u) << e;
}

// Every scenario shipped (scenarios/ and bench/scenarios/) loads: a change of schema or of a base
// file that breaks one is caught here, not by the user or the benchmark that runs it.
TEST(ScenarioLoader, EveryShippedScenarioLoads) {
  size_t loaded = 0;
  for (const char* folder : {"scenarios", "bench/scenarios"})
    for (const auto& entry :
         std::filesystem::recursive_directory_iterator(testing::source_dir() / folder)) {
      if (entry.path().extension() != ".json") continue;
      SCOPED_TRACE(entry.path().string());
      try {
        load_scenario(entry.path());
        ++loaded;
      } catch (const InputError& e) {
        ADD_FAILURE() << e.what();
      }
    }
  EXPECT_GT(loaded, 15u);
}

}  // namespace
}  // namespace civicsim
