// The optimised kernel against the model's reference step, bit for bit: whole runs with every
// process stepped by reference_sweep (engine/model/step.hpp) and by the optimised kernel forced to
// each instruction set it has (CIVICSIM_KERNEL's paths, engine/core/kernel_path.hpp) must give
// identical result series: the same doubles, not nearly the same. Paths this CPU lacks are skipped,
// and say so.
//
// Cases: the LCR baseline (persons and households, rest states, events asking services) at 2% over
// two years; the combined option with its programmes moved into those two years (interventions,
// services moving persons, household attributes); and every shipped reference model (cohorts: the
// branch-free path, time-dependent and deferred processes).
#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <vector>

#include "engine/core/kernel_path.hpp"
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
void expect_identical(const RunResults& expected, const RunResults& actual, const std::string& what) {
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
        ASSERT_EQ(a[r][k], b[r][k]) << what << ": " << expected.series[s].name << " replication " << r
                                    << " value " << k;
      FAIL() << what << ": " << expected.series[s].name << " differs in sign of zero or NaN bits";
    }
  }
}

// Runs `file` with the reference step, then with each optimised path this CPU has.
void check_every_path(const std::filesystem::path& file, const json& overrides) {
  KernelPathGuard guard;
  const RunResults reference = run_with(KernelPath::kReference, file, overrides);
  for (KernelPath path : {KernelPath::kScalar, KernelPath::kAvx2, KernelPath::kAvx512, KernelPath::kBest}) {
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

TEST(ReferenceStep, LcrBaselineEveryKernelPath) { check_every_path(lcr("baseline.json"), kTwoYearsSmall); }

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
