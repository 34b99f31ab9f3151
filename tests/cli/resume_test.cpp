// Resuming never mixes models: a partial file (<out>.partial.h5) is resumed only when everything
// that determines the results is unchanged, here a data file the run reads; a partial file that is
// damaged, of another run of the scenario, or of this run but inconsistent, is set aside (renamed,
// named in a message), never fatal and never mixed in.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "api/checkpoint.hpp"
#include "outputs/hdf5_reader.hpp"
#include "tests/test_support.hpp"

namespace civicsim {
namespace {

namespace fs = std::filesystem;
using testing::run_command;

const char* const kLifeTable = "eng_ons_national_life_table_england_2017_2019.csv";

std::string civicsim() { return testing::civicsim_binary().string(); }
std::string quick_scenario() {
  return (testing::source_dir() / "scenarios/lcr/quick.json").string();
}

// The files in `dir` whose names start with `prefix`.
std::vector<fs::path> starting_with(const fs::path& dir, const std::string& prefix) {
  std::vector<fs::path> out;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.path().filename().string().rfind(prefix, 0) == 0) out.push_back(e.path());
  return out;
}

// Triples every mortality rate (mx, capped at 1) of the life table in `data_dir`.
void triple_mortality(const fs::path& data_dir) {
  const fs::path file = data_dir / kLifeTable;
  std::ifstream in(file);
  std::string line, out;
  std::getline(in, line);
  out = line + "\n";  // geography,period,sex,age,mx,qx,lx,dx,ex
  while (std::getline(in, line)) {
    std::vector<std::string> cells;
    std::stringstream ss(line);
    for (std::string cell; std::getline(ss, cell, ',');) cells.push_back(cell);
    cells[4] = std::to_string(std::min(1.0, 3 * std::stod(cells[4])));
    for (size_t i = 0; i < cells.size(); ++i) out += (i ? "," : "") + cells[i];
    out += "\n";
  }
  in.close();
  testing::write_file(file, out);
}

std::string run(const fs::path& scenario, const fs::path& out, int* exit_code) {
  const auto r = run_command(civicsim() + " run " + scenario.string() + " --scale 0.01 --out " +
                             out.string() + " 2>&1");
  *exit_code = r.exit_code;
  return r.output;
}

// An interrupted run of the old model leaves two of three replications; the life table is then
// changed. The rerun must not resume: the partial file is set aside, the message says the life
// table changed, and the result equals a clean run of the new model.
TEST(Resume, ChangedDataFileSetsThePartialAsideAndRunsTheNewModel) {
  testing::TempDir dir;
  fs::copy(testing::lcr_data_dir(), dir / "data", fs::copy_options::recursive);
  testing::write_file(dir / "three.json", "{\"extends\": \"" + quick_scenario() +
                                              "\", \"replications\": 3, \"population\": "
                                              "{\"data_dir\": \"data\"}}");
  int rc = 0;
  const auto old_run = dir / "old.h5";
  ASSERT_EQ((run(dir / "three.json", old_run, &rc), rc), 0);
  const ResultFile old_model = read_results(old_run);

  // Control: with the data unchanged, the same partial file is resumed.
  const auto same = dir / "same.h5";
  save_checkpoint(checkpoint_path(same), old_model.results, 2, old_model.identity, old_model.meta);
  std::string output = run(dir / "three.json", same, &rc);
  ASSERT_EQ(rc, 0) << output;
  EXPECT_NE(output.find("2 of 3 replications already done"), std::string::npos) << output;
  EXPECT_EQ(read_results(same).results.values, old_model.results.values);

  const auto out = dir / "new.h5";
  save_checkpoint(checkpoint_path(out), old_model.results, 2, old_model.identity, old_model.meta);
  triple_mortality(dir / "data");
  output = run(dir / "three.json", out, &rc);
  ASSERT_EQ(rc, 0) << output;
  EXPECT_EQ(output.find("resuming"), std::string::npos) << output;
  EXPECT_NE(output.find(checkpoint_path(out).string() + " was not resumed"), std::string::npos)
      << output;
  EXPECT_NE(output.find((dir / "data" / kLifeTable).string() + " changed"), std::string::npos)
      << output;
  EXPECT_FALSE(fs::exists(checkpoint_path(out)));
  const auto stale = starting_with(dir.path(), "new.h5.partial.h5.stale-");
  ASSERT_EQ(stale.size(), 1u);
  EXPECT_NE(output.find(stale[0].string()), std::string::npos) << output;
  EXPECT_EQ(read_results(stale[0]).identity.replications, 2);  // kept, unchanged

  const auto clean = dir / "clean.h5";
  ASSERT_EQ((run(dir / "three.json", clean, &rc), rc), 0);
  const ResultFile new_model = read_results(clean);
  EXPECT_NE(new_model.results.values, old_model.results.values);  // the change matters
  EXPECT_EQ(read_results(out).results.values, new_model.results.values);
}

// Whatever sits at <out>.partial.h5 that is not this run's checkpoint (garbage, a truncated file,
// another run of the same scenario, this run's file with a series renamed) is named, set aside and
// the run starts over, ending with the same results as a run that found nothing there. (Another
// scenario's file there is refused before the run: tests/cli/output_owner_test.cpp.)
TEST(Resume, DamagedOrForeignPartialIsSetAsideAndTheRunStartsOver) {
  testing::TempDir dir;
  testing::write_file(dir / "two.json",
                      "{\"extends\": \"" + quick_scenario() + "\", \"replications\": 2}");
  testing::write_file(dir / "other.json",
                      "{\"extends\": \"" + quick_scenario() +
                          "\", \"horizon_years\": 1, \"appraisal\": {\"years\": 1}}");
  int rc = 0;
  const auto reference = dir / "reference.h5", foreign = dir / "foreign.h5";
  ASSERT_EQ((run(dir / "two.json", reference, &rc), rc), 0);
  ASSERT_EQ((run(dir / "other.json", foreign, &rc), rc), 0);
  const ResultFile ref = read_results(reference);

  std::string bytes;
  {
    std::ifstream in(reference, std::ios::binary);
    bytes.assign(std::istreambuf_iterator<char>(in), {});
  }
  RunResults renamed = ref.results;
  renamed.series[0].name = "renamed";
  const std::vector<std::pair<std::string, std::function<void(const fs::path&)>>> cases = {
      {"garbage", [](const fs::path& p) { testing::write_file(p, "not a civicsim file\n"); }},
      {"truncated",
       [&](const fs::path& p) { testing::write_file(p, bytes.substr(0, bytes.size() / 2)); }},
      {"foreign", [&](const fs::path& p) { fs::copy_file(foreign, p); }},
      {"renamed",
       [&](const fs::path& p) { save_checkpoint(p, renamed, 1, ref.identity, ref.meta); }},
  };
  for (const auto& [name, make] : cases) {
    const auto out = dir / (name + ".h5");
    const auto partial = checkpoint_path(out);
    make(partial);
    const std::string output = run(dir / "two.json", out, &rc);
    EXPECT_EQ(rc, 0) << name << "\n" << output;
    if (rc != 0) continue;
    EXPECT_NE(output.find(partial.string() + " was not resumed"), std::string::npos) << name << "\n"
                                                                                     << output;
    EXPECT_FALSE(fs::exists(partial)) << name;
    const auto stale = starting_with(dir.path(), name + ".h5.partial.h5.stale-");
    EXPECT_EQ(stale.size(), 1u) << name;
    if (!stale.empty()) {
      EXPECT_NE(output.find(stale[0].string()), std::string::npos) << name << "\n" << output;
    }
    EXPECT_EQ(read_results(out).results.values, ref.results.values) << name;
  }
}

}  // namespace
}  // namespace civicsim
