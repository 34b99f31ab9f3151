// The data directory: <prefix>/share/civicsim/data beside an installed program, else the source
// tree's data/ (compiled in), which holds the LCR data in a build tree.
#include "engine/core/data_dir.hpp"

#include <gtest/gtest.h>

#include "tests/test_support.hpp"

namespace civicsim {
namespace {

namespace fs = std::filesystem;

TEST(DataDir, BesideAnInstalledProgramElseTheSourceTree) {
  testing::TempDir dir;
  const fs::path exe = dir / "bin" / "civicsim";
  testing::write_file(exe, "");
  EXPECT_EQ(data_dir_for(exe, "/src/data"), fs::path("/src/data"));
  fs::create_directories(dir / "share" / "civicsim" / "data");
  EXPECT_EQ(data_dir_for(exe, "/src/data"), dir / "share" / "civicsim" / "data");
  EXPECT_EQ(data_dir_for("", "/src/data"), fs::path("/src/data"));
  // This test program is not installed: the source tree's data.
  EXPECT_TRUE(fs::exists(default_data_dir() / "lcr" / "observed_targets.csv"))
      << default_data_dir();
}

// Another project's program linking an installed civicsim: the source tree while it exists, then the
// installed data.
TEST(DataDir, AProgramLinkingTheInstalledLibraryFindsTheInstalledData) {
  testing::TempDir dir;
  const fs::path exe = dir / "elsewhere" / "bin" / "model", source = dir / "src" / "data";
  const fs::path installed = dir / "prefix" / "share" / "civicsim" / "data";
  fs::create_directories(source);
  EXPECT_EQ(data_dir_for(exe, source, installed), source);
  fs::remove_all(source);
  EXPECT_EQ(data_dir_for(exe, source, installed), installed);
}

}  // namespace
}  // namespace civicsim
