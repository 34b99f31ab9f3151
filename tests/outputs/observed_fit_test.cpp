// The validation table: model values of stocks and flows against observed figures computed by hand
// on a small result set, the verdict against the combined uncertainty, and the exact message of
// each bad input (targets CSV, a series or label the results lack, a period outside the run).
#include "outputs/observed_fit.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "engine/core/input_error.hpp"
#include "tests/test_support.hpp"

namespace civicsim {
namespace {

using testing::TempDir;
using testing::write_file;

// Two replications, time points 2025-01..2025-03 (two steps); a stock "kids" by council and a flow
// "entries" by council.
RunResults small_results() {
  RunResults r;
  r.dimensions = {{"council", {"A", "B"}}};
  r.time = {"2025-01", "2025-02", "2025-03"};
  r.series = {{"kids", "persons", "", SeriesKind::kStock, {"council"}},
              {"entries", "persons", "", SeriesKind::kFlow, {"council"}}};
  r.replications = 2;
  r.values = {{{100, 300, 110, 300, 120, 300}, {100, 300, 130, 300, 140, 300}},
              {{4, 1, 6, 1}, {8, 1, 10, 1}}};
  return r;
}

ObservedTarget target(std::string num, std::string den, std::string period, double observed,
                      double count = -1) {
  ObservedTarget t;
  t.measure = "m";
  t.area = "A";
  t.numerator = std::move(num);
  t.denominator = std::move(den);
  t.period = std::move(period);
  t.per = 1000;
  t.observed = observed;
  t.observed_count = count;
  return t;
}

TEST(ObservedFit, FlowOverTheMeanOfItsPeriodsEnds) {
  // Replication 1: (4 + 6) / mean(100, 120) = 10/110; replication 2: 18 / mean(100, 140) = 18/120.
  const auto rows = compare_with_observed(
      small_results(), "f.h5",
      {target("entries[council=A]", "kids[council=A]", "2025-01..2025-03", 100)});
  ASSERT_EQ(rows.size(), 1u);
  const double r1 = 10.0 / 110 * 1000, r2 = 18.0 / 120 * 1000, mean = (r1 + r2) / 2;
  const double sd = std::abs(r1 - r2) / std::sqrt(2.0);
  EXPECT_DOUBLE_EQ(rows[0].model_mean, mean);
  EXPECT_NEAR(rows[0].model_high - rows[0].model_low, 2 * 1.96 * sd, 1e-9);
  EXPECT_NEAR(rows[0].z, (mean - 100) / sd, 1e-9);
  EXPECT_EQ(rows[0].within, std::abs(rows[0].z) <= 1.96);
}

TEST(ObservedFit, StockAtATimePointWithTheObservedCountsError) {
  // kids of both councils at 2025-02: 410 and 430, per 1000 of nothing (no denominator).
  auto t = target("kids", "", "2025-02", 400, 400);
  t.per = 1;
  const auto rows = compare_with_observed(small_results(), "f.h5", {t});
  EXPECT_DOUBLE_EQ(rows[0].model_mean, 420);
  const double sd_model = 20 / std::sqrt(2.0), sd_obs = 400 / std::sqrt(400.0);
  EXPECT_NEAR(rows[0].z, 20 / std::hypot(sd_model, sd_obs), 1e-9);
  EXPECT_TRUE(rows[0].within);
  const std::string md = fit_table_markdown(rows, "f.h5", 2);
  EXPECT_NE(md.find("| m | A | 2025-02 | 400.0 | 420.0 |"), std::string::npos) << md;
  EXPECT_NE(md.find("0 of 1 figures missed"), std::string::npos);
}

std::vector<std::string> messages(const std::function<void()>& f) {
  try {
    f();
  } catch (const InputError& e) {
    std::vector<std::string> out;
    for (const auto& d : e.diagnostics()) out.push_back(d.to_string());
    return out;
  }
  return {};
}

TEST(ObservedFit, NamesWhatTheResultsLack) {
  const auto r = small_results();
  EXPECT_EQ(
      messages([&] { compare_with_observed(r, "f.h5", {target("deaths", "", "2025-01", 1)}); }),
      std::vector<std::string>{"f.h5: /results/deaths: expected the series deaths (needed by m A), "
                               "found no such series"});
  EXPECT_EQ(
      messages(
          [&] { compare_with_observed(r, "f.h5", {target("kids[council=C]", "", "2025-01", 1)}); }),
      std::vector<std::string>{
          "f.h5: /dimensions/council: expected a label 'C' (needed by m A), found labels A, B"});
  EXPECT_EQ(
      messages([&] { compare_with_observed(r, "f.h5", {target("kids", "", "2030-01", 1)}); }),
      std::vector<std::string>{
          "f.h5: /time: expected time points 2030-01 (needed by m A), found 2025-01 to 2025-03"});
  EXPECT_EQ(
      messages([&] { compare_with_observed(r, "f.h5", {target("entries", "", "2025-01", 1)}); }),
      std::vector<std::string>{"f.h5: /results/entries: expected a stock series for the period "
                               "2025-01 of m A, found a flow"});
}

TEST(ObservedFit, ReportsBadTargetCellsByLineAndColumn) {
  TempDir dir;
  write_file(dir / "t.csv",
             "measure,area,period,observed,observed_count,numerator,denominator,per,source\n"
             "m,A,2025,x,,kids[council,,1,s\n");
  const auto got = messages([&] { read_observed_targets(dir / "t.csv"); });
  const std::string f = (dir / "t.csv").string();
  EXPECT_EQ(got,
            (std::vector<std::string>{
                f + ": line 2, column observed: expected a number, found 'x'",
                f + ": line 2, column period: expected YYYY-MM or YYYY-MM..YYYY-MM, found '2025'",
                f + ": line 2, column numerator: expected series or series[dim=label|label;...], "
                    "found 'kids[council'"}));
}

TEST(ObservedFit, TheShippedTargetsRead) {
  const auto targets =
      read_observed_targets(testing::source_dir() / "data/lcr/observed_targets.csv");
  EXPECT_EQ(targets.size(), 40u);
}

}  // namespace
}  // namespace civicsim
