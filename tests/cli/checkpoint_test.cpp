// Resumable runs: a run that finds a compatible checkpoint carries on from it and ends with the same
// results as an uninterrupted run; a checkpoint of another run is ignored.
#include "api/checkpoint.hpp"

#include <gtest/gtest.h>

#include "outputs/hdf5_reader.hpp"
#include "tests/test_support.hpp"

namespace civicsim {
namespace {

using testing::run_command;

TEST(Checkpoint, ResumedRunEqualsUninterruptedRun) {
  testing::TempDir dir;
  // The uninterrupted run: 3 replications of a small LCR population.
  testing::write_file(dir / "three.json",
                      "{\"extends\": \"" +
                          (testing::source_dir() / "scenarios/lcr/quick.json").string() +
                          "\", \"replications\": 3}");
  const std::string binary = testing::civicsim_binary().string();
  const auto reference = dir / "reference.h5";
  ASSERT_EQ(run_command(binary + " run " + (dir / "three.json").string() +
                        " --scale 0.01 --quiet --out " + reference.string())
                .exit_code,
            0);
  const ResultFile ref = read_results(reference);
  ASSERT_EQ(ref.identity.replications, 3);

  // An interrupted run leaves a checkpoint of its first two replications.
  const auto resumed = dir / "resumed.h5";
  save_checkpoint(checkpoint_path(resumed), ref.results, 2, ref.identity, ref.meta);
  const auto r = run_command(binary + " run " + (dir / "three.json").string() +
                             " --scale 0.01 --out " + resumed.string());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("resuming from"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("2 of 3 replications already done"), std::string::npos) << r.output;
  EXPECT_EQ(read_results(resumed).results.values, ref.results.values);
  EXPECT_FALSE(std::filesystem::exists(checkpoint_path(resumed)));

  // A checkpoint from another seed is not used.
  const auto other = dir / "other.h5";
  RunIdentity wrong = ref.identity;
  wrong.seed += 1;
  save_checkpoint(checkpoint_path(other), ref.results, 2, wrong, ref.meta);
  const auto r2 = run_command(binary + " run " + (dir / "three.json").string() +
                              " --scale 0.01 --out " + other.string());
  ASSERT_EQ(r2.exit_code, 0) << r2.output;
  EXPECT_EQ(r2.output.find("resuming"), std::string::npos) << r2.output;
  EXPECT_EQ(read_results(other).results.values, ref.results.values);
}

}  // namespace
}  // namespace civicsim
