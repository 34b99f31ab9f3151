// A run never writes over another scenario's result (api/output_owner.hpp): an option that
// inherits its base's outputs.file is named after its own scenario file; a result, one-way variant
// or checkpoint of another scenario, or a file that is no civicsim result, is refused with exit 2
// before any work, and left as it was; a scenario's own earlier result is replaced.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <string>

#include "api/checkpoint.hpp"
#include "outputs/hdf5_reader.hpp"
#include "tests/test_support.hpp"

namespace civicsim {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using testing::run_command;

std::string civicsim() { return testing::civicsim_binary().string(); }

std::string read_bytes(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

// A one-year cohort scenario named `name` (fast: a few hundred persons, yearly steps), with a
// one-way analysis of its one rate; `outputs` is its outputs section, if any.
json cohort(const std::string& name, const json& outputs = nullptr) {
  json s = {{"name", name},
            {"start", "2020-01"},
            {"horizon_years", 1},
            {"step_months", 12},
            {"population", {{"source", "cohort"}, {"cohort", {{"size", 300}}}}},
            {"processes",
             {{"m",
               {{"states", {"A", "B"}},
                {"transitions", {{{"from", "A"}, {"to", "B"}, {"rate_per_year", 0.3}}}}}}}},
            {"uncertainty",
             {{"one_way",
               {{"/processes/m/transitions/0/rate_per_year", {{"low", 0.1}, {"high", 0.6}}}}}}}};
  if (!outputs.is_null()) s["outputs"] = outputs;
  return s;
}

testing::CommandResult run_in(const fs::path& dir, const std::string& args) {
  return run_command("cd " + dir.string() + " && " + civicsim() + " run " + args + " 2>&1");
}

TEST(OutputOwner, AnOptionInheritingItsBasesFileIsNamedAfterItsOwnFile) {
  testing::TempDir dir;
  testing::write_file(dir / "base.json", cohort("base", {{"file", "results/base.h5"}}).dump());
  testing::write_file(dir / "option_a.json", R"({"extends": "base.json", "name": "option_a"})");
  const auto base = run_in(dir.path(), "base.json --quiet");
  ASSERT_EQ(base.exit_code, 0) << base.output;
  const std::string base_bytes = read_bytes(dir / "results/base.h5");

  const auto option = run_in(dir.path(), "option_a.json --quiet");
  ASSERT_EQ(option.exit_code, 0) << option.output;
  EXPECT_EQ(read_results(dir / "results/option_a.h5").identity.scenario_name, "option_a");
  EXPECT_EQ(read_bytes(dir / "results/base.h5"), base_bytes);  // the base's result is untouched
  EXPECT_NE(option.output.find("wrote       results/option_a.h5"), std::string::npos)
      << option.output;
  EXPECT_NE(option.output.find("named       after the scenario file: option_a.json states no "
                               "outputs.file of its own"),
            std::string::npos)
      << option.output;
  // The base states its own file: no such note.
  EXPECT_EQ(base.output.find("named       after"), std::string::npos) << base.output;
}

TEST(OutputOwner, AnotherScenariosFilesAreRefusedAndKeptItsOwnReplaced) {
  testing::TempDir dir;
  testing::write_file(dir / "a.json", cohort("scenario_a").dump());
  testing::write_file(dir / "b.json", cohort("scenario_b").dump());
  const fs::path out = dir / "r.h5";
  const std::string a = (dir / "a.json").string() + " --quiet --out " + out.string();
  const std::string b = (dir / "b.json").string() + " --quiet --out " + out.string();
  ASSERT_EQ(run_in(dir.path(), a).exit_code, 0);
  const std::string a_bytes = read_bytes(out);

  const auto refused = run_in(dir.path(), b);
  EXPECT_EQ(refused.exit_code, 2) << refused.output;
  EXPECT_NE(
      refused.output.find(out.string() + ": /: expected no file, or a civicsim result of "
                                         "scenario 'scenario_b' (this run's, which it replaces): "
                                         "a run never writes over another scenario's result"),
      std::string::npos)
      << refused.output;
  EXPECT_NE(refused.output.find("found the result of scenario 'scenario_a'"), std::string::npos)
      << refused.output;
  EXPECT_EQ(read_bytes(out), a_bytes);

  // Its own earlier result: replaced (a rerun with another seed gives another file).
  const auto rerun = run_in(dir.path(), a + " --seed 8");
  EXPECT_EQ(rerun.exit_code, 0) << rerun.output;
  EXPECT_EQ(read_results(out).identity.seed, 8u);

  // A file that is no civicsim result is not replaced either.
  testing::write_file(dir / "notes.h5", "my notes\n");
  const auto notes = run_in(
      dir.path(), (dir / "a.json").string() + " --quiet --out " + (dir / "notes.h5").string());
  EXPECT_EQ(notes.exit_code, 2) << notes.output;
  EXPECT_NE(notes.output.find("found a file that is not a complete civicsim result ("),
            std::string::npos)
      << notes.output;
  EXPECT_EQ(read_bytes(dir / "notes.h5"), "my notes\n");
}

TEST(OutputOwner, AnotherScenariosCheckpointOrOneWayVariantIsRefused) {
  testing::TempDir dir;
  testing::write_file(dir / "a.json", cohort("scenario_a").dump());
  testing::write_file(dir / "b.json", cohort("scenario_b").dump());
  const fs::path of_b = dir / "b.h5";
  ASSERT_EQ(
      run_in(dir.path(), (dir / "b.json").string() + " --quiet --out " + of_b.string()).exit_code,
      0);

  // b's result where a's checkpoint goes.
  const fs::path out = dir / "r.h5";
  fs::copy_file(of_b, checkpoint_path(out));
  const auto checkpoint =
      run_in(dir.path(), (dir / "a.json").string() + " --quiet --out " + out.string());
  EXPECT_EQ(checkpoint.exit_code, 2) << checkpoint.output;
  EXPECT_NE(checkpoint.output.find(checkpoint_path(out).string() +
                                   ": /: expected no file, or a civicsim checkpoint of scenario "
                                   "'scenario_a'"),
            std::string::npos)
      << checkpoint.output;
  EXPECT_NE(checkpoint.output.find("found the checkpoint of scenario 'scenario_b'"),
            std::string::npos)
      << checkpoint.output;
  EXPECT_FALSE(fs::exists(out));
  EXPECT_EQ(read_bytes(checkpoint_path(out)), read_bytes(of_b));
  fs::remove(checkpoint_path(out));

  // b's result where one of a's one-way variants goes: refused with --one-way, before the main run.
  const fs::path variant = dir / "r.one_way/processes.m.transitions.0.rate_per_year.high.h5";
  fs::create_directories(variant.parent_path());
  fs::copy_file(of_b, variant);
  const auto one_way =
      run_in(dir.path(), (dir / "a.json").string() + " --quiet --one-way --out " + out.string());
  EXPECT_EQ(one_way.exit_code, 2) << one_way.output;
  EXPECT_NE(one_way.output.find(variant.string() + ": /: expected no file, or a civicsim result of "
                                                   "scenario 'scenario_a'"),
            std::string::npos)
      << one_way.output;
  EXPECT_FALSE(fs::exists(out));
  EXPECT_FALSE(
      fs::exists(variant.parent_path() / "processes.m.transitions.0.rate_per_year.low.h5"));
  // Without --one-way the variants are not written, so not checked.
  EXPECT_EQ(
      run_in(dir.path(), (dir / "a.json").string() + " --quiet --out " + out.string()).exit_code,
      0);
}

}  // namespace
}  // namespace civicsim
