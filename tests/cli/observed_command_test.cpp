// `civicsim observed` finds its default targets (the observed LCR figures) wherever it is run
// from: the default is resolved against the data directory, not the working directory.
#include <gtest/gtest.h>

#include "tests/test_support.hpp"

namespace civicsim {
namespace {

using testing::run_command;

TEST(ObservedCommand, DefaultTargetsAreFoundFromAnyWorkingDirectory) {
  testing::TempDir dir;
  const std::string binary = testing::civicsim_binary().string();
  // Six years from 2019-07: the run covers the observed years (to 2025-04).
  testing::write_file(dir / "six.json",
                      "{\"extends\": \"" +
                          (testing::source_dir() / "scenarios/lcr/quick.json").string() +
                          "\", \"horizon_years\": 6}");
  const auto run = run_command(binary + " run " + (dir / "six.json").string() +
                               " --scale 0.01 --quiet --out " + (dir / "r.h5").string());
  ASSERT_EQ(run.exit_code, 0) << run.output;
  const auto r = run_command("cd " + dir.path().string() + " && " + binary + " observed r.h5");
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("| "), std::string::npos) << r.output;  // the Markdown table
}

}  // namespace
}  // namespace civicsim
