// A run's inputs: the files listed are every file the engine reads (a population and its rates
// build from a copy of data_dir holding only them, for the synthetic and the linked source); the
// output file is not an input; a change to any input changes the fingerprint and is named.
#include "engine/sim/run_inputs.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "civicsim/version.hpp"
#include "engine/population/linked_csv.hpp"
#include "engine/population/synthesis.hpp"
#include "engine/scenario/scenario_loader.hpp"
#include "engine/sim/demography_rates.hpp"
#include "tests/test_support.hpp"

namespace civicsim {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

std::string quick() { return (testing::source_dir() / "scenarios/lcr/quick.json").string(); }

// Copies the files of `files` that are in the LCR data folder into `to`.
void copy_listed(const std::vector<fs::path>& files, const fs::path& to) {
  fs::create_directories(to);
  for (const fs::path& f : files)
    if (f.parent_path() == testing::lcr_data_dir()) fs::copy_file(f, to / f.filename());
}

TEST(RunInputs, ListedFilesAreEveryFileTheSyntheticAndLinkedSourcesRead) {
  testing::TempDir dir;
  const Scenario s = load_scenario(quick(), {{"population", {{"scale", 0.01}}}});
  const std::vector<fs::path> files = scenario_input_files(s);
  for (const fs::path& f : files) EXPECT_TRUE(fs::is_regular_file(f)) << f;
  EXPECT_NE(std::find(files.begin(), files.end(),
                      testing::lcr_data_dir() / "eng_ons_live_births_by_age_of_mother_ew_2019.csv"),
            files.end());
  copy_listed(files, dir / "data");
  testing::write_file(dir / "s.json",
                      "{\"extends\": \"" + quick() +
                          "\", \"population\": {\"scale\": 0.01, \"data_dir\": \"data\"}}");
  const Scenario copied = load_scenario(dir / "s.json");
  const Population population = build_population(copied.population, copied.seed, copied.start);
  EXPECT_NO_THROW(load_demography_rates(copied.population.data_dir, population));

  // Linked: the extract's two files and fewer data files; again enough to build.
  write_linked_csv(population, dir / "pop", copied.start);
  testing::write_file(dir / "linked.json",
                      "{\"extends\": \"" + quick() +
                          "\", \"population\": {\"source\": \"linked\", "
                          "\"scale\": 1, \"data_dir\": \"linked_data\", \"households_csv\": "
                          "\"pop/households.csv\", \"persons_csv\": \"pop/persons.csv\"}}");
  const Scenario linked_in_source = load_scenario(
      dir / "linked.json", {{"population", {{"data_dir", testing::lcr_data_dir().string()}}}});
  const std::vector<fs::path> linked_files = scenario_input_files(linked_in_source);
  EXPECT_LT(linked_files.size(), files.size());
  EXPECT_NE(std::find(linked_files.begin(), linked_files.end(), dir / "pop" / "persons.csv"),
            linked_files.end());
  copy_listed(linked_files, dir / "linked_data");
  const Scenario linked = load_scenario(dir / "linked.json");
  const Population read = build_population(linked.population, linked.seed, linked.start);
  EXPECT_NO_THROW(load_demography_rates(linked.population.data_dir, read));
  // Where results go is not an input.
  for (const fs::path& f : linked_files) EXPECT_EQ(f.extension(), ".csv") << f;
}

TEST(RunInputs, AnyChangedInputChangesTheFingerprintAndIsNamed) {
  testing::TempDir dir;
  testing::write_file(dir / "a.csv", "x\n1\n");
  testing::write_file(dir / "b.csv", "y\n2\n");
  const Scenario s = load_scenario(quick());
  const json none = json::object();
  const RunInputs base =
      run_inputs(s, hash_files({dir / "a.csv", dir / "b.csv"}), none, kEngineVersion);
  EXPECT_EQ(base.inputs.size(), 5u);  // engine, scenario, command line, two files
  EXPECT_EQ(base.fingerprint().size(), 16u);
  const auto parsed = RunInputs::parse(base.lines());
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->fingerprint(), base.fingerprint());
  EXPECT_TRUE(changed_inputs(base, *parsed).empty());

  testing::write_file(dir / "b.csv", "y\n3\n");
  const RunInputs edited =
      run_inputs(s, hash_files({dir / "a.csv", dir / "b.csv"}), none, kEngineVersion);
  EXPECT_NE(edited.fingerprint(), base.fingerprint());
  EXPECT_EQ(changed_inputs(base, edited),
            std::vector<std::string>{(dir / "b.csv").string() + " changed"});

  const RunInputs seeded = run_inputs(s, hash_files({dir / "a.csv"}), {{"seed", 7}}, "9.9.9");
  EXPECT_EQ(changed_inputs(base, seeded),
            (std::vector<std::string>{"engine version changed", "command line changed",
                                      (dir / "b.csv").string() + " (no longer read)"}));
  // The output file is not part of what determines the results.
  const Scenario elsewhere = load_scenario(quick(), {{"outputs", {{"file", "elsewhere.h5"}}}});
  EXPECT_EQ(run_inputs(elsewhere, {}, none, kEngineVersion).fingerprint(),
            run_inputs(s, {}, none, kEngineVersion).fingerprint());
  EXPECT_FALSE(RunInputs::parse({"no separator"}));
}

}  // namespace
}  // namespace civicsim
