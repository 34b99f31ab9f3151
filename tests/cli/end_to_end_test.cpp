// End to end: the civicsim program as a user runs it. A small LCR run at 1, 2, 3 and 8 threads gives
// result files identical outside /meta; bad input exits with status 2 and writes nothing.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "outputs/hdf5_reader.hpp"
#include "tests/test_support.hpp"

namespace civicsim {
namespace {

using testing::run_command;

std::string civicsim() { return testing::civicsim_binary().string(); }
std::string quick_scenario() {
  return (testing::source_dir() / "scenarios/lcr/quick.json").string();
}

TEST(EndToEnd, QuickLcrRunIsIdenticalForAnyThreadCount) {
  testing::TempDir dir;
  std::vector<std::filesystem::path> files;
  for (int threads : {1, 2, 3, 8}) {
    const auto out = dir / ("run" + std::to_string(threads) + ".h5");
    const auto r = run_command(civicsim() + " run " + quick_scenario() + " --quiet --threads " +
                               std::to_string(threads) + " --out " + out.string());
    ASSERT_EQ(r.exit_code, 0) << r.output;
    files.push_back(out);
  }
  const ResultFile first = read_results(files[0]);
  EXPECT_EQ(first.meta.threads, 1);
  EXPECT_GT(first.identity.initial_persons, 50000u);  // scale 0.05 of ~1.56 million
  for (size_t i = 1; i < files.size(); ++i) {
    const ResultFile other = read_results(files[i]);
    EXPECT_EQ(other.results.values, first.results.values) << files[i];
    EXPECT_EQ(other.identity.population_fingerprint, first.identity.population_fingerprint);
    if (std::system("command -v h5diff >/dev/null 2>&1") == 0) {
      const auto diff =
          run_command("h5diff --exclude-path /meta " + files[0].string() + " " + files[i].string());
      EXPECT_EQ(diff.exit_code, 0) << diff.output;
    }
  }
  // No temporary files are left beside the results.
  for (const auto& entry : std::filesystem::directory_iterator(dir.path()))
    EXPECT_EQ(entry.path().extension(), ".h5") << entry.path();
  const auto info = run_command(civicsim() + " info " + files[0].string());
  EXPECT_EQ(info.exit_code, 0) << info.output;
  EXPECT_NE(info.output.find("lcr_quick"), std::string::npos) << info.output;
}

TEST(EndToEnd, SeedAndScaleOverridesApply) {
  testing::TempDir dir;
  const auto a = dir / "a.h5", b = dir / "b.h5";
  ASSERT_EQ(run_command(civicsim() + " run " + quick_scenario() +
                        " --quiet --scale 0.01 --seed 7 --out " + a.string())
                .exit_code,
            0);
  ASSERT_EQ(run_command(civicsim() + " run " + quick_scenario() +
                        " --quiet --scale 0.01 --seed 8 --out " + b.string())
                .exit_code,
            0);
  const ResultFile ra = read_results(a), rb = read_results(b);
  EXPECT_EQ(ra.identity.seed, 7u);
  EXPECT_LT(ra.identity.initial_persons, 20000u);
  EXPECT_NE(ra.identity.population_fingerprint, rb.identity.population_fingerprint);
}

// --replications overrides the scenario's, and is checked as the scenario's own value is.
TEST(EndToEnd, ReplicationsOverrideAppliesAndIsChecked) {
  testing::TempDir dir;
  const auto out = dir / "two.h5";
  const auto r = run_command(civicsim() + " run " + quick_scenario() +
                             " --quiet --scale 0.01 --replications 2 --out " + out.string());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(read_results(out).identity.replications, 2);
  const auto bad = dir / "never.h5";
  const auto refused = run_command(civicsim() + " run " + quick_scenario() +
                                   " --quiet --scale 0.01 --replications 0 --out " + bad.string());
  EXPECT_EQ(refused.exit_code, 2) << refused.output;
  EXPECT_NE(refused.output.find("/replications"), std::string::npos) << refused.output;
  EXPECT_NE(refused.output.find("command line"), std::string::npos) << refused.output;
  EXPECT_FALSE(std::filesystem::exists(bad));
}

TEST(EndToEnd, InvalidScenarioExitsWithTwoAndWritesNothing) {
  testing::TempDir dir;
  testing::write_file(dir / "bad.json", "{\"extends\": \"" + quick_scenario() +
                                            "\", \"horizon_years\": -3, \"colour\": 1}");
  const auto out = dir / "never.h5";
  const auto r = run_command(civicsim() + " run " + (dir / "bad.json").string() +
                             " --quiet --out " + out.string());
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("/horizon_years"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("colour"), std::string::npos) << r.output;
  EXPECT_FALSE(std::filesystem::exists(out));
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir.path()), {}),
            1);  // only bad.json

  const auto v = run_command(civicsim() + " validate " + (dir / "bad.json").string());
  EXPECT_EQ(v.exit_code, 2);
  const auto ok = run_command(civicsim() + " validate " + quick_scenario());
  EXPECT_EQ(ok.exit_code, 0) << ok.output;
  const auto missing = run_command(civicsim() + " run " + (dir / "nope.json").string());
  EXPECT_EQ(missing.exit_code, 2) << missing.output;
  const auto usage = run_command(civicsim() + " run");
  EXPECT_EQ(usage.exit_code, 2) << usage.output;
  const auto info = run_command(civicsim() + " info " + (dir / "bad.json").string());
  EXPECT_EQ(info.exit_code, 2) << info.output;
}

// With --one-way, a scenario with a one-way sensitivity analysis writes each variant beside the main
// file, with the number at its low or high value and results paired by seed; run again, the
// finished variants are kept, not re-run.
TEST(EndToEnd, OneWayVariantsAreWrittenBesideTheRunAndKept) {
  testing::TempDir dir;
  const nlohmann::json scenario = {
      {"name", "cohort_one_way"},
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
          {"transitions", {{{"from", "A"}, {"to", "B"}, {"rate_per_year", 0.3}}}}}}}},
      {"uncertainty",
       {{"one_way",
         {{"/processes/m/transitions/0/rate_per_year", {{"low", 0.1}, {"high", 0.6}}}}}}}};
  testing::write_file(dir / "s.json", scenario.dump());
  const auto out = dir / "r.h5";
  const std::string run =
      civicsim() + " run " + (dir / "s.json").string() + " --quiet --out " + out.string();
  ASSERT_EQ(run_command(run).exit_code, 0);
  EXPECT_FALSE(std::filesystem::exists(dir / "r.one_way"));  // only when asked for
  ASSERT_EQ(run_command(run + " --one-way").exit_code, 0);
  const auto low = dir / "r.one_way/processes.m.transitions.0.rate_per_year.low.h5";
  const auto high = dir / "r.one_way/processes.m.transitions.0.rate_per_year.high.h5";
  const ResultFile main = read_results(out), at_low = read_results(low),
                   at_high = read_results(high);
  EXPECT_EQ(nlohmann::json::parse(
                at_low.meta.scenario_json)["processes"]["m"]["transitions"][0]["rate_per_year"],
            0.1);
  EXPECT_EQ(at_high.identity.seed, main.identity.seed);
  EXPECT_EQ(at_high.identity.replications, 2);
  const size_t moved = main.results.series_index("m.occupancy");
  const auto sick = [&](const ResultFile& f) {  // in state B at the end of replication 1
    const size_t cells = f.results.cells(moved), per_state = cells / 2;
    double sum = 0;
    for (size_t c = 0; c < per_state; ++c)
      sum += f.results.values[moved][0][2 * cells + per_state + c];
    return sum;
  };
  EXPECT_LT(sick(at_low), sick(main));
  EXPECT_LT(sick(main), sick(at_high));
  const auto written = std::filesystem::last_write_time(low);
  ASSERT_EQ(run_command(run + " --one-way").exit_code, 0);
  EXPECT_EQ(std::filesystem::last_write_time(low), written);
}

// uncertainty.one_way_replications: the one-way runs have only the first N replications, and
// evaluate pairs them with the first N of the other arm (its own variants, or its main run for an
// option's own number), so a tornado costs fewer runs than the comparison it qualifies.
TEST(EndToEnd, OneWayRunsMayHaveFewerReplications) {
  testing::TempDir dir;
  const nlohmann::json base = {
      {"name", "cohort_base"},
      {"start", "2020-01"},
      {"horizon_years", 3},
      {"step_months", 12},
      {"seed", 5},
      {"replications", 3},
      {"population",
       {{"source", "cohort"}, {"cohort", {{"size", 2000}, {"states", {{"m", "A"}}}}}}},
      {"processes",
       {{"m",
         {{"states", {"A", "B"}},
          {"transitions", {{{"from", "A"}, {"to", "B"}, {"rate_per_year", 0.3}}}},
          {"cost_per_year", {{"B", {{"nhs", 100}}}}}}}}},
      {"uncertainty",
       {{"one_way_replications", 1},
        {"one_way",
         {{"/processes/m/transitions/0/rate_per_year", {{"low", 0.1}, {"high", 0.6}}}}}}}};
  testing::write_file(dir / "base.json", base.dump());
  const nlohmann::json option = {
      {"extends", "base.json"},
      {"name", "cohort_option"},
      {"processes", {{"m", {{"cost_per_year", {{"A", {{"nhs", 5}}}, {"B", {{"nhs", 60}}}}}}}}},
      {"uncertainty",
       {{"one_way", {{"/processes/m/cost_per_year/A/nhs", {{"low", 1}, {"high", 10}}}}}}}};
  testing::write_file(dir / "option.json", option.dump());
  for (const char* arm : {"base", "option"}) {
    const auto r =
        run_command(civicsim() + " run " + (dir / (std::string(arm) + ".json")).string() +
                    " --quiet --one-way --out " + (dir / arm).string() + ".h5");
    ASSERT_EQ(r.exit_code, 0) << r.output;
  }
  EXPECT_EQ(read_results(dir / "option.h5").identity.replications, 3);
  for (const char* variant : {"option.one_way/processes.m.cost_per_year.A.nhs.low.h5",
                              "option.one_way/processes.m.transitions.0.rate_per_year.high.h5",
                              "base.one_way/processes.m.transitions.0.rate_per_year.low.h5"})
    EXPECT_EQ(read_results(dir / variant).identity.replications, 1) << variant;
  const auto e = run_command(civicsim() + " evaluate " + (dir / "base.h5").string() + " " +
                             (dir / "option.h5").string() + " --out " + (dir / "eval").string());
  ASSERT_EQ(e.exit_code, 0) << e.output;
  std::ifstream in(dir / "eval" / "evaluation.json");
  const nlohmann::json doc = nlohmann::json::parse(in);
  const nlohmann::json& rows = doc["options"][0]["one_way"];
  ASSERT_EQ(rows.size(), 2u);
  for (const auto& row : rows) {  // each number moves the option's net present value
    const nlohmann::json& npv = row["metrics"]["npv"];
    EXPECT_NE(npv["low"], npv["high"]) << row["label"];
  }
}

TEST(EndToEnd, SchemaAndHelpPrint) {
  const auto schema = run_command(civicsim() + " schema");
  EXPECT_EQ(schema.exit_code, 0);
  EXPECT_NE(schema.output.find("/population/scale"), std::string::npos) << schema.output;
  for (const char* cmd : {" --help", " run --help", " validate --help", " schema --help",
                          " info --help", " population export --help"}) {
    const auto r = run_command(civicsim() + cmd);
    EXPECT_EQ(r.exit_code, 0) << cmd << "\n" << r.output;
    EXPECT_NE(r.output.find("Usage"), std::string::npos) << cmd;
  }
}

TEST(EndToEnd, PopulationExportRoundTripsThroughLinkedInput) {
  testing::TempDir dir;
  const auto r = run_command(civicsim() + " population export " + quick_scenario() +
                             " --scale 0.01 " + (dir / "pop").string());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  ASSERT_TRUE(std::filesystem::exists(dir / "pop/households.csv"));
  ASSERT_TRUE(std::filesystem::exists(dir / "pop/persons.csv"));
  testing::write_file(dir / "linked.json",
                      "{\"extends\": \"" + quick_scenario() +
                          "\", \"name\": \"linked\", \"population\": "
                          "{\"source\": \"linked\", \"scale\": 1, \"households_csv\": "
                          "\"pop/households.csv\", \"persons_csv\": "
                          "\"pop/persons.csv\"}}");
  const auto out = dir / "linked.h5";
  const auto run = run_command(civicsim() + " run " + (dir / "linked.json").string() +
                               " --quiet --out " + out.string());
  ASSERT_EQ(run.exit_code, 0) << run.output;
  const ResultFile f = read_results(out);
  EXPECT_EQ(f.identity.population_source, "linked");
  EXPECT_GT(f.identity.initial_persons, 10000u);
  // Pseudonymised ids never reach the results.
  const auto dump = run_command("h5dump " + out.string() + " | grep -c 'P0000001' || true");
  EXPECT_EQ(dump.output.substr(0, 1), "0") << dump.output;
}

}  // namespace
}  // namespace civicsim
