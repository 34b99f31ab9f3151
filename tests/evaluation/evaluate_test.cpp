// The evaluation of paired result files against a worked example computed by hand: two years of
// monthly flows, one option that costs GBP 600 in its first year and saves the NHS GBP 10 a month
// while adding 0.01 QALYs a month, in one council and one IMD quintile; and the exact messages for
// files that cannot be paired, and suppression of small counts for linked-data populations.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>

#include "engine/core/input_error.hpp"
#include "outputs/evaluation/evaluate.hpp"
#include "outputs/evaluation/evaluation_tables.hpp"
#include "outputs/hdf5_writer.hpp"
#include "tests/test_support.hpp"

namespace civicsim {
namespace {

using nlohmann::json;
using testing::TempDir;

constexpr int kSteps = 24, kReps = 2;

// costs: payer(4) x cost_category(1) x council(2) x imd_quintile(2); qalys: council x quintile;
// intervention series for the option only; an events series for natural units.
RunResults results(bool option) {
  RunResults r;
  r.dimensions = {{"payer", {"nhs", "council_childrens_services", "housing", "other"}},
                  {"cost_category", {"care"}},
                  {"council", {"A", "B"}},
                  {"imd_quintile", {"1", "2"}},
                  {"intervention", {"fix"}}};
  for (int t = 0; t <= kSteps; ++t) {
    char label[8];
    std::snprintf(label, sizeof label, "%04d-%02d", 2020 + t / 12, t % 12 + 1);
    r.time.push_back(label);
  }
  r.series.push_back({"costs", "GBP", "", SeriesKind::kFlow, {"payer", "cost_category", "council", "imd_quintile"}, false});
  r.series.push_back({"qalys", "QALY", "", SeriesKind::kFlow, {"council", "imd_quintile"}, false});
  r.series.push_back({"m.events.attack", "events", "", SeriesKind::kFlow, {"council"}, true});
  if (option) {
    r.series.push_back({"intervention_costs", "GBP", "", SeriesKind::kFlow, {"intervention", "payer", "council", "imd_quintile"}, false});
    r.series.push_back({"intervention_fixed_costs", "GBP", "", SeriesKind::kFlow, {"intervention", "payer"}, false});
  }
  r.replications = kReps;
  r.values.resize(r.series.size());
  for (int rep = 0; rep < kReps; ++rep) {
    std::vector<double> costs, qalys, attacks, icost, fixed;
    for (int t = 0; t < kSteps; ++t) {
      for (int p = 0; p < 4; ++p)
        for (int c = 0; c < 2; ++c)
          for (int q = 0; q < 2; ++q) costs.push_back(p == 0 && c == 0 && q == 0 ? (option ? 90 : 100) : 0);
      for (int c = 0; c < 2; ++c)
        for (int q = 0; q < 2; ++q) qalys.push_back(c == 0 && q == 0 ? (option ? 1.01 : 1.0) : 0.0);
      attacks.push_back(option ? 3 : 5);
      attacks.push_back(0);
      for (int p = 0; p < 4; ++p)
        for (int c = 0; c < 2; ++c)
          for (int q = 0; q < 2; ++q) icost.push_back(p == 2 && c == 0 && q == 0 && t == 0 ? 500 : 0);
      for (int p = 0; p < 4; ++p) fixed.push_back(p == 2 && t < 12 ? 100.0 / 12 : 0);
    }
    r.values[0].push_back(costs);
    r.values[1].push_back(qalys);
    r.values[2].push_back(attacks);
    if (option) {
      r.values[3].push_back(icost);
      r.values[4].push_back(fixed);
    }
  }
  return r;
}

RunIdentity identity(const std::string& name, uint64_t seed = 7, const char* source = "lcr_synthetic") {
  RunIdentity id;
  id.scenario_name = name;
  id.population_source = source;
  id.population_fingerprint = "abc";
  id.start = "2020-01";
  id.steps = kSteps;
  id.seed = seed;
  id.replications = kReps;
  return id;
}

RunMeta meta(const std::string& name) {
  RunMeta m;
  m.scenario_json = json{{"name", name}, {"description", name + " described"}, {"assumptions", "none"}}.dump();
  return m;
}

struct Files {
  TempDir dir;
  std::filesystem::path base = dir / "base.h5", option = dir / "option.h5";
  explicit Files(const char* source = "lcr_synthetic", uint64_t option_seed = 7) {
    write_results(base, results(false), identity("base", 7, source), meta("base"));
    write_results(option, results(true), identity("fix_homes", option_seed, source), meta("fix_homes"));
  }
};

json evaluate(const Files& f, evaluation::EvaluationSettings s = {}) {
  s.discounting = "custom";
  s.cost_rate = 0.035;
  s.health_rate = 0.015;
  s.generated = "2026-12-02";
  return evaluation::evaluation_document(evaluation::read_paired_runs(f.base, {f.option}), s);
}

// By hand: savings 10 a month = 120 a year, PV = 120 + 120/1.035 = 235.942; intervention costs
// 500 + 100 = 600 in year 0; NPV = 235.942 - 600 = -364.058; BCR = 0.393237; ROI = -0.606763;
// QALYs 0.12 a year, PV = 0.12 + 0.12/1.015 = 0.238227; ICER = 364.058 / 0.238227 = 1528.2;
// cumulative net benefit -480, -364.06: no payback within the horizon.
TEST(Evaluate, HeadlineMatchesTheWorkedExample) {
  const Files f;
  const json doc = evaluate(f);
  ASSERT_EQ(doc["options"].size(), 1u);
  const json& h = doc["options"][0]["headline"];
  const double pv_savings = 120 + 120 / 1.035, pv_q = 0.12 + 0.12 / 1.015;
  EXPECT_NEAR(h["savings_total"]["mean"].get<double>(), pv_savings, 1e-9);
  EXPECT_NEAR(h["savings_nhs"]["mean"].get<double>(), pv_savings, 1e-9);
  EXPECT_NEAR(h["savings_housing"]["mean"].get<double>(), 0, 1e-9);
  EXPECT_NEAR(h["intervention_cost"]["mean"].get<double>(), 600, 1e-9);
  EXPECT_NEAR(h["npv"]["mean"].get<double>(), pv_savings - 600, 1e-9);
  EXPECT_NEAR(h["bcr"]["mean"].get<double>(), pv_savings / 600, 1e-12);
  EXPECT_NEAR(h["roi"]["mean"].get<double>(), pv_savings / 600 - 1, 1e-12);
  EXPECT_NEAR(h["qalys_gained"]["mean"].get<double>(), pv_q, 1e-12);
  EXPECT_NEAR(h["icer"]["mean"].get<double>(), (600 - pv_savings) / pv_q, 1e-6);
  EXPECT_EQ(h["icer_status"], "more_costly_more_effective");
  EXPECT_NEAR(h["nmb_20000"]["mean"].get<double>(), 20000 * pv_q - (600 - pv_savings), 1e-6);
  EXPECT_TRUE(h["payback_year"]["mean"].is_null());
  EXPECT_EQ(h["p_roi_positive"]["mean"], 0.0);
  // Identical replications: the interval is a point.
  EXPECT_DOUBLE_EQ(h["npv"]["low"].get<double>(), h["npv"]["high"].get<double>());
}

TEST(Evaluate, ByYearEquityOutcomesAndFrontier) {
  const Files f;
  const json doc = evaluate(f);
  const json& o = doc["options"][0];
  // Year 2020, housing: 500 one-off + 100 programme; NHS saving 120 in each year.
  for (const json& row : o["by_year"]) {
    const int year = row["year"];
    const std::string payer = row["payer"];
    EXPECT_NEAR(row["intervention_cost"].get<double>(), payer == "housing" && year == 2020 ? 600 : 0, 1e-9);
    EXPECT_NEAR(row["saving"].get<double>(), payer == "nhs" ? 120 : 0, 1e-9);
  }
  // Council A carries the unit costs (500) but not the programme cost (100, no group can be charged).
  for (const json& e : o["equity"]) {
    const bool a = e["group"] == "A" || e["group"] == "1";
    EXPECT_NEAR(e["intervention_cost"]["mean"].get<double>(), a ? 500 : 0, 1e-9) << e["group"];
    EXPECT_NEAR(e["qalys_gained"]["mean"].get<double>(), a ? 0.12 + 0.12 / 1.015 : 0, 1e-12);
  }
  // Attacks: 5 a month in the baseline, 3 with the option: 48 fewer over two years.
  ASSERT_EQ(o["outcomes"].size(), 1u);
  EXPECT_EQ(o["outcomes"][0]["outcome"], "m.events.attack");
  EXPECT_DOUBLE_EQ(o["outcomes"][0]["mean"].get<double>(), -48);
  EXPECT_EQ(o["over_time"].size(), static_cast<size_t>(kSteps));
  ASSERT_EQ(doc["frontier"].size(), 2u);
  EXPECT_EQ(doc["frontier"][1]["status"], "on_frontier");
  EXPECT_EQ(doc["frontier"][0]["status"], "on_frontier");  // the baseline
  // The tables hold the document: one headline row per metric.
  const auto tables = evaluation::evaluation_tables(doc);
  EXPECT_EQ(tables[0].name, "headline");
  EXPECT_EQ(tables[0].rows.size(), o["headline"].size() - 1);  // less the status string
}

TEST(Evaluate, SuppressesSmallCountsForLinkedData) {
  const Files f("linked");
  const json doc = evaluate(f);
  EXPECT_EQ(doc["disclosure"]["threshold"], 10);
  const json& x = doc["options"][0]["outcomes"][0];  // 48 fewer of 120 attacks: shown
  EXPECT_FALSE(x["suppressed"].get<bool>());
  evaluation::EvaluationSettings s;
  s.disclosure_threshold = 50;  // now the difference (48) is below it
  const json hidden = evaluate(f, s)["options"][0]["outcomes"][0];
  EXPECT_TRUE(hidden["suppressed"].get<bool>());
  EXPECT_TRUE(hidden["mean"].is_null());
  EXPECT_TRUE(evaluate(Files())["disclosure"]["threshold"].is_null());
}

TEST(Evaluate, RefusesFilesThatCannotBePaired) {
  const Files f("lcr_synthetic", 8);
  try {
    evaluation::read_paired_runs(f.base, {f.option});
    FAIL() << "no error";
  } catch (const InputError& e) {
    ASSERT_EQ(e.diagnostics().size(), 1u);
    EXPECT_EQ(e.diagnostics()[0].to_string(),
              f.option.string() + ": /seed: expected 7 as in the baseline " + f.base.string() + ", found 8");
  }
  EXPECT_THROW(evaluation::read_paired_runs(f.dir / "missing.h5", {f.option}), InputError);
  EXPECT_THROW(evaluation::read_paired_runs(f.base, {}), InputError);
}

}  // namespace
}  // namespace civicsim
