// The evaluation of paired result files against a worked example computed by hand: two years of
// monthly flows, one option that costs GBP 600 in its first year and saves the NHS GBP 10 a month
// while adding 0.01 QALYs a month, in one council and one IMD quintile; and the exact messages for
// files that cannot be paired, and suppression of small counts for linked-data populations.
#include "outputs/evaluation/evaluate.hpp"

#include <gtest/gtest.h>
#include <hdf5.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <optional>
#include <vector>

#include "engine/core/input_error.hpp"
#include "engine/evaluation/gdp_deflator.hpp"
#include "engine/scenario/one_way.hpp"
#include "engine/scenario/process_spec.hpp"
#include "outputs/evaluation/evaluation_tables.hpp"
#include "outputs/evaluation/uncertainty_text.hpp"
#include "outputs/hdf5_writer.hpp"
#include "tests/test_support.hpp"

namespace civicsim {
namespace {

using nlohmann::json;
using testing::TempDir;

constexpr int kSteps = 24, kReps = 2;

// costs: payer (every payer of the engine) x cost_category(1) x council(2) x imd_quintile(2); qalys: council x quintile;
// intervention series for the option only; for natural units, events by council x quintile, an
// occupancy by state x council x quintile and a service's requests by council.
RunResults results(bool option, bool costs_by_council = true, double option_cost = 90,
                   double baseline_cost = 100) {
  RunResults r;
  r.dimensions = {{"payer", std::vector<std::string>(kPayerNames.begin(), kPayerNames.end())},
                  {"cost_category", {"care"}},
                  {"council", {"A", "B"}},
                  {"imd_quintile", {"1", "2"}},
                  {"intervention", {"fix"}},
                  {"m.state", {"well", "sick"}}};
  for (int t = 0; t <= kSteps; ++t) {
    char label[8];
    std::snprintf(label, sizeof label, "%04d-%02d", 2020 + t / 12, t % 12 + 1);
    r.time.push_back(label);
  }
  const std::vector<std::string> cost_dims =
      costs_by_council
          ? std::vector<std::string>{"payer", "cost_category", "council", "imd_quintile"}
          : std::vector<std::string>{"payer", "cost_category"};
  r.series.push_back({"costs", "GBP", "", SeriesKind::kFlow, cost_dims, false});
  r.series.push_back({"qalys", "QALY", "", SeriesKind::kFlow, {"council", "imd_quintile"}, false});
  r.series.push_back(
      {"m.events.attack", "events", "", SeriesKind::kFlow, {"council", "imd_quintile"}, true});
  r.series.push_back({"m.occupancy",
                      "persons",
                      "",
                      SeriesKind::kStock,
                      {"m.state", "council", "imd_quintile"},
                      true});
  r.series.push_back({"svc.requested", "requests", "", SeriesKind::kFlow, {"council"}, true});
  if (option) {
    r.series.push_back({"intervention_costs",
                        "GBP",
                        "",
                        SeriesKind::kFlow,
                        {"intervention", "payer", "council", "imd_quintile"},
                        false});
    r.series.push_back({"intervention_fixed_costs",
                        "GBP",
                        "",
                        SeriesKind::kFlow,
                        {"intervention", "payer"},
                        false});
    r.series.push_back(
        {"fix.received", "households", "", SeriesKind::kFlow, {"council", "imd_quintile"}, true});
  }
  r.replications = kReps;
  r.values.resize(r.series.size());
  for (int rep = 0; rep < kReps; ++rep) {
    std::vector<double> costs, qalys, attacks, occupancy, requests, icost, fixed, received;
    // Sick: 10 persons in council A, quintile 1 (6 with the option), 4 in B, quintile 2 (both).
    for (int t = 0; t <= kSteps; ++t)
      for (int state = 0; state < 2; ++state)
        for (int c = 0; c < 2; ++c)
          for (int q = 0; q < 2; ++q)
            occupancy.push_back(state == 0         ? 100
                                : c == 0 && q == 0 ? (option ? 6 : 10)
                                : c == 1 && q == 1 ? 4
                                                   : 0);
    for (int t = 0; t < kSteps; ++t) {
      for (int p = 0; p < kPayerCount; ++p)
        for (int cell = 0; cell < (costs_by_council ? 4 : 1); ++cell)  // council x quintile
          costs.push_back(p == 0 && cell == 0 ? (option ? option_cost : baseline_cost) : 0);
      for (int c = 0; c < 2; ++c)
        for (int q = 0; q < 2; ++q)  // in B, quintile 2, the same 0.3 QALYs summed in another order
          qalys.push_back(c == 0 && q == 0   ? (option ? 1.01 : 1.0)
                          : c == 1 && q == 1 ? (option ? 0.3 : 0.1 + 0.2)
                                             : 0.0);
      // Attacks: 5 a month in A, quintile 1 (3 with the option); 2 in B, quintile 2 (both).
      for (int c = 0; c < 2; ++c)
        for (int q = 0; q < 2; ++q)
          attacks.push_back(c == 0 && q == 0 ? (option ? 3 : 5) : c == 1 && q == 1 ? 2 : 0);
      requests.push_back(option ? 2 : 1);  // A asks once more a month with the option
      requests.push_back(1);
      for (int p = 0; p < kPayerCount; ++p)  // p 2: housing
        for (int c = 0; c < 2; ++c)
          for (int q = 0; q < 2; ++q)
            icost.push_back(p == 2 && c == 0 && q == 0 && t == 0 ? 500 : 0);
      for (int p = 0; p < kPayerCount; ++p) fixed.push_back(p == 2 && t < 12 ? 100.0 / 12 : 0);
      for (int cq = 0; cq < 4; ++cq)
        received.push_back(cq == 0 && t == 0 ? 1 : 0);  // the home fixed
    }
    r.values[0].push_back(costs);
    r.values[1].push_back(qalys);
    r.values[2].push_back(attacks);
    r.values[3].push_back(occupancy);
    r.values[4].push_back(requests);
    if (option) {
      r.values[5].push_back(icost);
      r.values[6].push_back(fixed);
      r.values[7].push_back(received);
    }
  }
  return r;
}

RunIdentity identity(const std::string& name, uint64_t seed = 7,
                     const char* source = "lcr_synthetic") {
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

RunMeta meta(const std::string& name, const json& extra = json::object()) {
  RunMeta m;
  json doc = {{"name", name}, {"description", name + " described"}, {"assumptions", "none"}};
  doc.update(extra);
  m.scenario_json = doc.dump();
  return m;
}

struct Files {
  TempDir dir;
  std::filesystem::path base = dir / "base.h5", option = dir / "option.h5";
  explicit Files(const char* source = "lcr_synthetic", uint64_t option_seed = 7) {
    write_results(base, results(false), identity("base", 7, source), meta("base"));
    write_results(option, results(true), identity("fix_homes", option_seed, source),
                  meta("fix_homes"));
  }
};

// The worked examples count each month's flows in its appraisal year, discounted by whole years
// (start_of_cycle, year): what evaluate did before its cycle conventions (arm_results_test.cpp
// tests the others).
evaluation::EvaluationSettings by_whole_years(evaluation::EvaluationSettings s) {
  s.discounting = "custom";
  s.cost_rate = 0.035;
  s.health_rate = 0.015;
  if (!s.state_rewards) s.state_rewards = "start_of_cycle";
  if (!s.discount_time) s.discount_time = "year";
  return s;
}

json evaluate(const Files& f, evaluation::EvaluationSettings s = {}) {
  s = by_whole_years(s);
  s.generated = "2026-12-02";
  return evaluation::evaluation_document(evaluation::read_paired_runs(f.base, {f.option}), s);
}

// The messages of the errors of pairing the files (none when they pair).
std::vector<std::string> pairing_errors(const std::filesystem::path& base,
                                        const std::vector<std::filesystem::path>& options,
                                        std::optional<int> price_year = std::nullopt) {
  try {
    evaluation::read_paired_runs(base, options, price_year);
  } catch (const InputError& e) {
    std::vector<std::string> out;
    for (const Diagnostic& d : e.diagnostics()) out.push_back(d.to_string());
    return out;
  }
  return {};
}

// By hand, with the defaults (care: a fiscal, non-cashable saving of confidence grade 3, so 10% is
// taken off; QALYs at GBP 70,000, grade 3, 10% off; the intervention has no optimism-bias category):
// savings 10 a month = 120 a year, gross PV S = 120 + 120/1.035 = 235.942, kept 0.9 S = 212.348;
// costs 500 + 100 = 600 in year 0; QALYs 0.12 a year, Q = 0.12 + 0.12/1.015 = 0.238227.
// NPV (fiscal) = 0.9 S - 600; NPSV = 0.9 S + 0.9 x 70,000 Q - 600; net cost = 600 - 0.9 S;
// cumulative fiscal -492, -387.65: no payback within the period.
TEST(Evaluate, HeadlineMatchesTheWorkedExample) {
  const Files f;
  const json doc = evaluate(f);
  ASSERT_EQ(doc["options"].size(), 1u);
  const json& h = doc["options"][0]["headline"];
  const double s = 120 + 120 / 1.035, q = 0.12 + 0.12 / 1.015;
  const auto mean = [&](const char* key) { return h[key]["mean"].get<double>(); };
  EXPECT_NEAR(mean("pv_intervention_cost"), 600, 1e-9);
  EXPECT_NEAR(mean("pv_optimism_bias"), 0, 1e-12);
  EXPECT_NEAR(mean("pv_induced_costs"), 0, 1e-12);
  EXPECT_NEAR(mean("pv_costs"), 600, 1e-9);
  EXPECT_NEAR(mean("pv_fiscal"), 0.9 * s, 1e-9);
  EXPECT_NEAR(mean("pv_economic"), 0, 1e-12);
  EXPECT_NEAR(mean("pv_social"), 0.9 * 70000 * q, 1e-7);
  EXPECT_NEAR(mean("pv_cashable"), 0, 1e-12);
  EXPECT_NEAR(mean("pv_non_cashable"), 0.9 * s, 1e-9);
  EXPECT_NEAR(mean("pv_benefit_optimism_bias"), 0.1 * s + 0.1 * 70000 * q, 1e-7);
  EXPECT_NEAR(mean("pv_benefits"), 0.9 * s + 0.9 * 70000 * q, 1e-7);
  EXPECT_NEAR(mean("npsv"), 0.9 * s + 0.9 * 70000 * q - 600, 1e-7);
  EXPECT_NEAR(mean("npv_fiscal"), 0.9 * s - 600, 1e-9);
  EXPECT_NEAR(mean("bcr"), (0.9 * s + 0.9 * 70000 * q) / 600, 1e-9);
  EXPECT_NEAR(mean("bcr_fiscal"), 0.9 * s / 600, 1e-12);
  EXPECT_NEAR(mean("roi"), 0.9 * s / 600 - 1, 1e-12);
  EXPECT_NEAR(mean("net_cost"), 600 - 0.9 * s, 1e-9);
  EXPECT_NEAR(mean("qalys_gained"), q, 1e-12);
  EXPECT_NEAR(mean("icer"), (600 - 0.9 * s) / q, 1e-6);
  EXPECT_EQ(h["icer_status"], "more_costly_more_effective");
  EXPECT_NEAR(mean("nmb_20000"), 20000 * q - (600 - 0.9 * s), 1e-6);
  EXPECT_TRUE(h["payback_year"]["mean"].is_null());
  EXPECT_EQ(h["p_roi_positive"]["mean"], 0.0);
  EXPECT_EQ(h["p_npsv_positive"]["mean"], 1.0);
  // The earlier names, kept: the same values.
  EXPECT_EQ(h["intervention_cost"], h["pv_costs"]);
  EXPECT_EQ(h["npv"], h["npv_fiscal"]);
  EXPECT_NEAR(mean("savings_total"), 0.9 * s, 1e-9);
  EXPECT_NEAR(mean("savings_nhs"), 0.9 * s, 1e-9);
  EXPECT_NEAR(mean("savings_housing"), 0, 1e-12);
  // Two replications, fewer than the 10 a range needs: no range, no acceptability curve.
  EXPECT_TRUE(h["npv"]["low"].is_null());
  EXPECT_TRUE(h["npv"]["high"].is_null());
  EXPECT_TRUE(doc["ceac"].empty());
  EXPECT_FALSE(doc["settings"]["ranges"]["shown"].get<bool>());
  EXPECT_EQ(
      doc["settings"]["ranges"]["text"],
      "No range is shown: 2 replications (at least 10 are needed for a range to mean "
      "anything), so every figure is a mean and there is no acceptability curve. With enough "
      "replications the ranges would include Monte Carlo variation only (the play of chance in "
      "the simulation), not the uncertainty of the model's parameters, none of which was given "
      "a distribution.");
  // Identical replications: no Monte Carlo error between them.
  EXPECT_EQ(doc["options"][0]["mc_error"]["method"], "replications");
  EXPECT_EQ(doc["options"][0]["mc_error"]["npsv_se"], 0.0);
  // The accounting lines sum to the headline, side by side.
  double costs = 0, benefits = 0;
  for (const json& line : doc["options"][0]["accounting"])
    (line["side"] == "cost" ? costs : benefits) += line["pv"]["mean"].get<double>();
  EXPECT_NEAR(costs, mean("pv_costs"), 1e-9);
  EXPECT_NEAR(benefits, mean("pv_benefits"), 1e-7);
}

TEST(Evaluate, RangesAndTheAcceptabilityCurveFromTheMinimumOn) {
  const Files f;
  evaluation::EvaluationSettings s;
  s.min_replications = 2;
  const json doc = evaluate(f, s);
  const json& h = doc["options"][0]["headline"];
  EXPECT_DOUBLE_EQ(h["npv"]["low"].get<double>(),
                   h["npv"]["high"].get<double>());  // identical runs
  EXPECT_FALSE(doc["ceac"].empty());
  EXPECT_TRUE(doc["settings"]["ranges"]["shown"].get<bool>());
  EXPECT_EQ(doc["settings"]["ranges"]["includes"], "monte_carlo");
  EXPECT_EQ(doc["settings"]["ranges"]["text"],
            "Ranges are the 2.5th to 97.5th percentiles over 2 replications, paired by seed; they "
            "include Monte Carlo variation only (the play of chance in the simulation), not the "
            "uncertainty of the model's parameters, none of which was given a distribution.");
  // The scenario's own minimum, when the command line gives none.
  write_results(f.base, results(false), identity("base"),
                meta("base", {{"appraisal", {{"min_replications_for_ranges", 2}}}}));
  write_results(f.option, results(true), identity("fix_homes"),
                meta("fix_homes", {{"appraisal", {{"min_replications_for_ranges", 2}}}}));
  EXPECT_TRUE(evaluate(f)["settings"]["ranges"]["shown"].get<bool>());
}

TEST(Evaluate, ByYearEquityOutcomesReachAndFrontier) {
  const Files f;
  const json doc = evaluate(f);
  const json& o = doc["options"][0];
  EXPECT_EQ(doc["settings"]["appraisal"]["year_labels"],
            json({"2020-01 to 2020-12", "2021-01 to 2021-12"}));
  EXPECT_FALSE(doc["settings"]["appraisal"]["financial_years"].get<bool>());
  EXPECT_TRUE(doc["settings"]["appraisal"]["warm_up_from"].is_null());
  // Year one, housing: 500 one-off + 100 programme; the NHS saves 120 in each year, 108 after 10%.
  for (const json& row : o["by_year"]) {
    const bool first = row["year"] == "2020-01 to 2020-12";
    const std::string payer = row["payer"];
    EXPECT_NEAR(row["intervention_cost"].get<double>(), payer == "housing" && first ? 600 : 0,
                1e-9);
    EXPECT_NEAR(row["cost"].get<double>(), payer == "housing" && first ? 600 : 0, 1e-9);
    EXPECT_NEAR(row["saving"].get<double>(), payer == "nhs" ? 120 : 0, 1e-9);
    EXPECT_NEAR(row["benefit_non_cashable"].get<double>(), payer == "nhs" ? 108 : 0, 1e-9);
    EXPECT_EQ(row["benefit_cashable"].get<double>(), 0.0);
  }
  ASSERT_EQ(o["payback"].size(), 2u);
  EXPECT_NEAR(o["payback"][0]["cumulative_net_fiscal"].get<double>(), 108 - 600, 1e-9);
  // Council A carries the unit costs (500) but not the programme cost (100, no group can be charged).
  // B gains nothing: the rounding between 0.3 and 0.1 + 0.2 is no difference.
  for (const json& e : o["equity"]) {
    const bool a = e["group"] == "A" || e["group"] == "1";
    EXPECT_NEAR(e["intervention_cost"]["mean"].get<double>(), a ? 500 : 0, 1e-9) << e["group"];
    if (a)
      EXPECT_NEAR(e["qalys_gained"]["mean"].get<double>(), 0.12 + 0.12 / 1.015, 1e-12);
    else
      EXPECT_EQ(e["qalys_gained"]["mean"].get<double>(), 0.0) << e["group"];
  }
  // Attacks: 5 a month in A, quintile 1, in the baseline, 3 with the option: 48 fewer over two
  // years, all of them there. Sick: 10 -> 6 persons there, over 24 monthly steps 20 -> 12
  // person-years. Requests: one more a month in A, 24 in all; a service has no quintile.
  ASSERT_EQ(o["outcomes"].size(), 4u);
  const auto total = [&](const std::string& outcome) {
    for (const json& x : o["outcomes"])
      if (x["outcome"] == outcome) return x["mean"].get<double>();
    ADD_FAILURE() << "no outcome " << outcome;
    return 0.0;
  };
  EXPECT_DOUBLE_EQ(total("m.events.attack"), -48);
  EXPECT_NEAR(total("m.years_in.sick"), -8, 1e-12);
  EXPECT_DOUBLE_EQ(total("m.years_in.well"), 0);
  EXPECT_DOUBLE_EQ(total("svc.requested"), 24);
  std::map<std::string, double> by_group;  // outcome/dimension/group -> mean
  for (const json& x : o["outcomes_by_group"])
    by_group[x["outcome"].get<std::string>() + "/" + x["dimension"].get<std::string>() + "/" +
             x["group"].get<std::string>()] = x["mean"].get<double>();
  EXPECT_EQ(by_group.size(),
            3u * 4 + 2);  // three outcomes by council and quintile, requests by council
  EXPECT_DOUBLE_EQ(by_group["m.events.attack/council/A"], -48);
  EXPECT_DOUBLE_EQ(by_group["m.events.attack/council/B"], 0);
  EXPECT_DOUBLE_EQ(by_group["m.events.attack/imd_quintile/1"], -48);
  EXPECT_NEAR(by_group["m.years_in.sick/imd_quintile/1"], -8, 1e-12);
  EXPECT_DOUBLE_EQ(by_group["m.years_in.sick/imd_quintile/2"], 0);
  EXPECT_DOUBLE_EQ(by_group["svc.requested/council/A"], 24);
  EXPECT_EQ(by_group.count("svc.requested/imd_quintile/1"), 0u);
  for (const json& x : o["outcomes_by_group"]) {
    if (x["outcome"] == "m.years_in.sick" && x["group"] == "B") {
      EXPECT_NEAR(x["baseline"].get<double>(), 24 * 4 / 12.0, 1e-12);
    }
  }
  // Cost per outcome: net cost 600 - 0.9 S per attack avoided (48) and per sick person-year (8).
  const double net_cost = 600 - 0.9 * (120 + 120 / 1.035);
  ASSERT_EQ(o["cost_per_outcome"].size(), 2u);
  EXPECT_EQ(o["cost_per_outcome"][0]["outcome"], "m.events.attack");
  EXPECT_DOUBLE_EQ(o["cost_per_outcome"][0]["avoided"]["mean"].get<double>(), 48);
  EXPECT_NEAR(o["cost_per_outcome"][0]["net_cost_per_avoided"].get<double>(), net_cost / 48, 1e-9);
  EXPECT_NEAR(o["cost_per_outcome"][1]["net_cost_per_avoided"].get<double>(), net_cost / 8, 1e-9);
  // Reach: one home, in A; 600 for everyone (with the programme), 500 in A; none in B.
  // Break-even (everyone): U = 1 home in year 0, C = 500: price = NPV + 500 = 0.9 S - 100.
  ASSERT_EQ(o["reach"].size(), 3u);  // everyone and the two councils
  const json& all = o["reach"][0];
  EXPECT_EQ(all["dimension"], "all");
  EXPECT_EQ(all["group"], "All councils");
  EXPECT_EQ(all["unit_label"], "households reached");
  EXPECT_EQ(all["units"]["mean"], 1.0);
  EXPECT_NEAR(all["cost"]["mean"].get<double>(), 600, 1e-9);
  EXPECT_NEAR(all["cost_per_unit"]["mean"].get<double>(), 600, 1e-9);
  EXPECT_NEAR(all["break_even_price"]["npv_fiscal"].get<double>(), 0.9 * (120 + 120 / 1.035) - 100,
              1e-9);
  EXPECT_EQ(o["reach"][1]["group"], "A");
  EXPECT_NEAR(o["reach"][1]["cost"]["mean"].get<double>(), 500, 1e-9);
  EXPECT_EQ(o["reach"][2]["units"]["mean"], 0.0);
  EXPECT_TRUE(o["reach"][2]["cost_per_unit"]["mean"].is_null());
  EXPECT_TRUE(o["reach"][2]["break_even_price"]["npsv"].is_null());
  // Differences over time: attacks, sick person-years and requests change at every step.
  EXPECT_EQ(o["over_time"].size(), 3u * kSteps);
  ASSERT_EQ(doc["frontier"].size(), 2u);
  EXPECT_EQ(doc["frontier"][1]["status"], "on_frontier");
  EXPECT_EQ(doc["frontier"][1]["icer_label"], "Against Base");
  EXPECT_EQ(doc["frontier"][0]["status"], "on_frontier");  // the baseline
  // Labels: readable fallbacks where the scenarios declare none.
  EXPECT_EQ(doc["labels"]["scenarios"]["fix_homes"], "Fix homes");
  EXPECT_EQ(doc["labels"]["outcomes"]["m.events.attack"], "M: attack");
  EXPECT_EQ(doc["labels"]["outcomes"]["svc.requested"], "Svc: requests");
  EXPECT_EQ(doc["labels"]["payers"]["nhs"], "NHS");
  // The tables hold the document: one headline row per metric, one row per outcome and group.
  const auto tables = evaluation::evaluation_tables(doc);
  EXPECT_EQ(tables[0].name, "headline");
  // Less the status string, plus the Monte Carlo error: of NPSV (two or more replications) or of
  // each main count (one replication).
  const json& mc = o.at("mc_error");
  const size_t mc_rows =
      (mc.at("npsv_se").is_null() ? 0u : 1u) + mc.value("counts", json::array()).size();
  EXPECT_EQ(mc_rows, 1u);
  EXPECT_EQ(tables[0].rows.size(), o["headline"].size() - 1 + mc_rows);
  const auto table = [&](const std::string& name) {
    const auto t =
        std::find_if(tables.begin(), tables.end(), [&](const auto& x) { return x.name == name; });
    EXPECT_NE(t, tables.end()) << name;
    return *t;
  };
  EXPECT_EQ(table("outcomes_by_group").rows.size(), o["outcomes_by_group"].size());
  EXPECT_EQ(table("accounting").rows.size(), o["accounting"].size());
  EXPECT_EQ(table("payback").rows.size(), 2u);
  EXPECT_EQ(table("cost_per_outcome").rows.size(), 2u);
  EXPECT_EQ(table("reach").rows.size(), 3u * (3 + 2 + 3));  // units, cost, per unit; 5 prices
  for (const auto& t : tables) {
    EXPECT_EQ(t.columns.back(), "sampling_fraction") << t.name;
    for (const auto& row : t.rows) EXPECT_EQ(row.back(), 1.0) << t.name;
  }
}

// Labels declared in the scenarios are shown instead of identifiers.
TEST(Evaluate, LabelsFromTheScenarios) {
  const Files f;
  const json declared = {
      {"label", "Repair damp homes"},
      {"processes",
       {{"m",
         {{"label", "Asthma"},
          {"state_labels", {{"sick", "Uncontrolled asthma"}}},
          {"events", {{{"name", "attack"}, {"label", "Asthma attacks"}}}}}}}},
      {"services", {{"svc", {{"label", "Early help"}}}}},
      {"payers", {{"nhs", {{"label", "The NHS"}}}}},
      {"cost_categories", {{"care", {{"label", "Care"}}}}},
      {"interventions", {{"fix", {{"label", "Damp repairs"}, {"unit_label", "homes treated"}}}}}};
  write_results(f.option, results(true), identity("fix_homes"), meta("fix_homes", declared));
  const json doc = evaluate(f);
  const json& l = doc["labels"];
  EXPECT_EQ(l["scenarios"]["fix_homes"], "Repair damp homes");
  EXPECT_EQ(l["scenarios"]["base"], "Base");
  EXPECT_EQ(l["outcomes"]["m.events.attack"], "Asthma attacks");
  EXPECT_EQ(l["outcomes"]["m.years_in.sick"], "Years in uncontrolled asthma");
  EXPECT_EQ(l["outcomes"]["m.years_in.well"], "Asthma: years in well");
  EXPECT_EQ(l["outcomes"]["svc.requested"], "Early help: requests");
  EXPECT_EQ(l["payers"]["nhs"], "The NHS");
  EXPECT_EQ(l["cost_categories"]["care"], "Care");
  EXPECT_EQ(l["interventions"]["fix"], "Damp repairs");
  EXPECT_EQ(doc["options"][0]["label"], "Repair damp homes");
  EXPECT_EQ(doc["options"][0]["reach"][0]["unit_label"], "homes treated");
}

TEST(Evaluate, SuppressesSmallCountsForLinkedData) {
  const Files f("linked");
  const json doc = evaluate(f);
  EXPECT_EQ(doc["disclosure"]["threshold"], 10);
  const json& x = doc["options"][0]["outcomes"][0];  // 48 fewer of 168 attacks: shown
  EXPECT_FALSE(x["suppressed"].get<bool>());
  // By group: A 48 fewer of 120, B none fewer of 48; a difference of 0 discloses no one, so all
  // are shown.
  for (const json& g : doc["options"][0]["outcomes_by_group"]) {
    if (g["outcome"] == "m.events.attack") {
      EXPECT_FALSE(g["suppressed"].get<bool>()) << g["group"];
      EXPECT_EQ(g["mean"].get<double>(), g["group"] == "A" || g["group"] == "1" ? -48 : 0)
          << g["group"];
    }
  }
  // The option reaches 1 home: every money figure holds its price, so all of them go, for everyone
  // and in every group, and so does the count (B's zero homes stay: they disclose no one).
  for (const json& e : doc["options"][0]["equity"])
    EXPECT_TRUE(e["net_cost"]["mean"].is_null()) << e["group"];
  EXPECT_TRUE(doc["options"][0]["headline"]["intervention_cost"]["mean"].is_null());
  EXPECT_TRUE(doc["options"][0]["headline"]["suppressed"].get<bool>());
  for (const json& r : doc["options"][0]["reach"]) {
    EXPECT_TRUE(r["cost"]["mean"].is_null()) << r["group"];
    if (r["group"] == "B") {
      EXPECT_EQ(r["units"]["mean"], 0.0);
    } else {
      EXPECT_TRUE(r["units"]["mean"].is_null()) << r["group"];
    }
  }
  // Each arm's own results are there for linked records too, under the same control: the
  // option's money holds its one home's price, so its arm's costs, QALYs and life-years go; no
  // count shown in the trace is small.
  ASSERT_FALSE(doc["arms"].empty());
  ASSERT_FALSE(doc["trace"].empty());
  ASSERT_EQ(doc["incremental"].size(), 2u);
  for (const json& a : doc["arms"]) {
    if (a["arm"] == doc["options"][0]["name"]) {
      EXPECT_TRUE(a["per_person"]["mean"].is_null());
    }
  }
  for (const json& t : doc["trace"]) {
    if (!t["count"].is_null()) {
      EXPECT_TRUE(t["count"].get<double>() == 0.0 || t["count"].get<double>() >= 10) << t.dump();
    }
  }
  for (const json& r : doc["incremental"]) EXPECT_TRUE(r["icer"].is_null());
  evaluation::EvaluationSettings s;
  s.disclosure_threshold = 50;  // now the difference (48) is below it
  const json hidden = evaluate(f, s)["options"][0]["outcomes"][0];
  EXPECT_TRUE(hidden["suppressed"].get<bool>());
  EXPECT_TRUE(hidden["mean"].is_null());
  EXPECT_TRUE(evaluate(Files())["disclosure"]["threshold"].is_null());
}

TEST(Evaluate, RefusesFilesThatCannotBePaired) {
  const Files f("lcr_synthetic", 8);
  EXPECT_EQ(pairing_errors(f.base, {f.option}),
            std::vector<std::string>{f.option.string() + ": /seed: expected 7 as in the baseline " +
                                     f.base.string() + ", found 8"});
  EXPECT_THROW(evaluation::read_paired_runs(f.dir / "missing.h5", {f.option}), InputError);
  // Costs that cannot be split by council and quintile (margins of files before the split).
  const auto flat = f.dir / "flat.h5";
  write_results(flat, results(true, false), identity("flat"), meta("flat"));
  try {
    evaluation::evaluation_document(evaluation::read_paired_runs(f.base, {flat}), {});
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_EQ(e.diagnostics()[0].to_string(),
              flat.string() +
                  ": /margins/costs: expected margins by council and IMD quintile "
                  "(written by civicsim since outcomes are split by group: re-run the scenario), "
                  "found dimensions of costs without them");
  }
  EXPECT_THROW(evaluation::read_paired_runs(f.base, {}), InputError);
}

// The option saves the NHS `saving` a month (10 at base); one-way from 0 to 20, the option's alone.
const json kSavingRange = {
    {"interventions", {{"fix", {{"saving", 10}}}}},
    {"uncertainty",
     {{"one_way",
       {{"/interventions/fix/saving", {{"low", 0}, {"high", 20}, {"label", "Saving a month"}}}}}}}};

void write_option_with_variants(const Files& f, const json& scenario) {
  const RunMeta main = meta("fix_homes", scenario);
  write_results(f.option, results(true), identity("fix_homes"), main);
  const json doc = json::parse(main.scenario_json);
  for (const OneWayParameter& p : bind_one_way(doc))
    for (const bool high : {false, true}) {
      RunMeta variant = main;
      variant.scenario_json = one_way_variant(doc, p, high).dump();
      write_results(one_way_file(f.option, p, high),
                    results(true, true, 100 - (high ? p.high : p.low)), identity("fix_homes"),
                    variant);
    }
}

// By hand, against the worked example: NPV (fiscal) = 0.9 PV(savings) - 600 with PV of 12 s a year
// over two years = 12 s (1 + 1/1.035): s = 0 -> -600; s = 10 -> -387.652; s = 20 -> -175.304.
TEST(Evaluate, OneWaySensitivityOfTheOptionsOwnNumber) {
  const Files f;
  write_option_with_variants(f, kSavingRange);
  const json doc = evaluate(f);
  const json& rows = doc["options"][0]["one_way"];
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0]["label"], "Saving a month");
  EXPECT_EQ(rows[0]["base_value"], 10);
  EXPECT_EQ(rows[0]["value_low"], 0);
  EXPECT_EQ(rows[0]["value_high"], 20);
  const json& npv = rows[0]["metrics"]["npv_fiscal"];
  const double pv = 0.9 * 12 * (1 + 1 / 1.035);  // 10% off a grade-3 saving
  EXPECT_NEAR(npv["base"].get<double>(), 10 * pv - 600, 1e-9);
  EXPECT_NEAR(npv["low"].get<double>(), -600, 1e-9);
  EXPECT_NEAR(npv["high"].get<double>(), 20 * pv - 600, 1e-9);
  EXPECT_EQ(rows[0]["metrics"]["npv"], npv);
  // NPSV moves with the saving alone (the QALYs are the same at both ends).
  const json& npsv = rows[0]["metrics"]["npsv"];
  EXPECT_NEAR(npsv["high"].get<double>() - npsv["low"].get<double>(), 20 * pv, 1e-9);
  EXPECT_NEAR(rows[0]["metrics"]["qalys_gained"]["low"].get<double>(), 0.12 + 0.12 / 1.015, 1e-12);
  const auto tables = evaluation::evaluation_tables(doc);
  const auto table =
      std::find_if(tables.begin(), tables.end(), [](const auto& t) { return t.name == "one_way"; });
  ASSERT_NE(table, tables.end());
  EXPECT_EQ(table->rows.size(), rows[0]["metrics"].size());  // one row per metric
}

// A number both arms have (the monthly cost of care, 100 at base) varies in both: the option's run
// at the low value pairs with the baseline's at the low value, so the option still saves 10 a month
// at either end (paired with the baseline's main run it would seem to save 60 at the low end).
TEST(Evaluate, OneWaySensitivityPairsANumberOfBothArms) {
  const Files f;
  const json care = {
      {"processes", {{"m", {{"cost", 100}}}}},
      {"uncertainty", {{"one_way", {{"/processes/m/cost", {{"low", 50}, {"high", 150}}}}}}}};
  write_results(f.base, results(false), identity("base"), meta("base", care));
  write_results(f.option, results(true), identity("fix_homes"), meta("fix_homes", care));
  const json base_doc = json::parse(meta("base", care).scenario_json);
  const json option_doc = json::parse(meta("fix_homes", care).scenario_json);
  const OneWayParameter p = bind_one_way(base_doc)[0];
  for (const bool high : {false, true}) {
    const double cost = high ? p.high : p.low;
    RunMeta b = meta("base", care), o = meta("fix_homes", care);
    b.scenario_json = one_way_variant(base_doc, p, high).dump();
    o.scenario_json = one_way_variant(option_doc, p, high).dump();
    write_results(one_way_file(f.base, p, high), results(false, true, 90, cost), identity("base"),
                  b);
    write_results(one_way_file(f.option, p, high), results(true, true, cost - 10),
                  identity("fix_homes"), o);
  }
  const json doc = evaluate(f);
  ASSERT_EQ(doc["options"][0]["one_way"].size(), 1u);
  const json& npv = doc["options"][0]["one_way"][0]["metrics"]["npv"];
  EXPECT_NEAR(npv["low"].get<double>(), npv["base"].get<double>(), 1e-9);
  EXPECT_NEAR(npv["high"].get<double>(), npv["base"].get<double>(), 1e-9);
  // The option may not give the number another range than the baseline's.
  json wider = care;
  wider["uncertainty"]["one_way"]["/processes/m/cost"]["high"] = 200;
  write_results(f.option, results(true), identity("fix_homes"), meta("fix_homes", wider));
  try {
    evaluate(f);
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_EQ(e.diagnostics()[0].to_string(),
              f.option.string() +
                  ": /uncertainty/one_way/processes/m/cost: expected the range the "
                  "baseline gives it, 50.0 to 150.0, found 50.0 to 200.0");
  }
}

TEST(Evaluate, OneWaySensitivityRefusesMissingAndUnpairedRuns) {
  const Files f;
  write_option_with_variants(f, kSavingRange);
  const OneWayParameter p =
      bind_one_way(json::parse(meta("fix_homes", kSavingRange).scenario_json))[0];
  std::filesystem::remove(one_way_file(f.option, p, true));
  try {
    evaluate(f);
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_EQ(
        e.diagnostics()[0].to_string(),
        one_way_file(f.option, p, true).string() + ": /: expected the run of " + f.option.string() +
            " with /interventions/fix/saving at its high value (civicsim run writes it beside " +
            f.option.string() + "; run the scenario again to finish it), found no such file");
  }
  // A variant written from another version of the scenario is stale.
  write_option_with_variants(f, kSavingRange);
  write_results(one_way_file(f.option, p, false), results(true), identity("fix_homes"),
                meta("fix_homes", kSavingRange));
  try {
    evaluate(f);
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_EQ(e.diagnostics()[0].to_string(),
              one_way_file(f.option, p, false).string() +
                  ": /meta/scenario_json: expected the scenario of " + f.option.string() +
                  " with /interventions/fix/saving at 0.0 (run it again with --one-way), "
                  "found a different scenario (a run of an earlier version)");
  }
  // A number the baseline has too must vary in both arms.
  write_results(f.base, results(false), identity("base"),
                meta("base", {{"interventions", {{"fix", {{"saving", 10}}}}}}));
  write_option_with_variants(f, kSavingRange);
  try {
    evaluate(f);
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_EQ(
        e.diagnostics()[0].to_string(),
        f.base.string() +
            ": /uncertainty/one_way/interventions/fix/saving: expected a one-way range for "
            "/interventions/fix/saving, which " +
            f.option.string() +
            " varies and the baseline also has "
            "(declare it where both see it, e.g. in the baseline the option extends), found none");
  }
}

// Runs whose scenarios converted costs to `year` prices with the built-in index.
json priced(int year) {
  return {{"prices",
           {{"year", year},
            {"deflator", {{"source", "HMT GDP deflator"}, {"index", gdp_deflator_index()}}}}}};
}

TEST(Evaluate, MovesMoneyToAnotherPriceYearWithTheRunsIndex) {
  const Files f;
  write_results(f.base, results(false), identity("base"), meta("base", priced(2019)));
  write_results(f.option, results(true), identity("fix_homes"), meta("fix_homes", priced(2019)));
  const double npv = 0.9 * (120 + 120 / 1.035) - 600, pv_q = 0.12 + 0.12 / 1.015;
  const json at_2019 = evaluate(f);
  EXPECT_EQ(at_2019["settings"]["price_year"], "2019");
  EXPECT_NEAR(at_2019["options"][0]["headline"]["npv"]["mean"].get<double>(), npv, 1e-9);
  evaluation::EvaluationSettings s;
  s.price_year = 2024;
  const json at_2024 = evaluation::evaluation_document(
      evaluation::read_paired_runs(f.base, {f.option}, 2024), by_whole_years(s));
  EXPECT_EQ(at_2024["settings"]["price_year"], "2024");
  EXPECT_EQ(at_2024["settings"]["price_basis"],
            "All money is in 2024 prices: each cost was converted from the price year of its "
            "source to 2019, then to 2024, with HMT GDP deflator.");
  const json& h = at_2024["options"][0]["headline"];
  EXPECT_NEAR(h["npv"]["mean"].get<double>(), npv * 100 / 81.1085, 1e-9);
  EXPECT_NEAR(h["intervention_cost"]["mean"].get<double>(), 600 * 100 / 81.1085, 1e-9);
  EXPECT_NEAR(h["pv_social"]["mean"].get<double>(), 0.9 * 70000 * pv_q,
              1e-7);                                                  // the QALY value is as stated
  EXPECT_NEAR(h["qalys_gained"]["mean"].get<double>(), pv_q, 1e-12);  // health has no price
  for (const json& row : at_2024["options"][0]["by_year"]) {
    if (row["payer"] == "nhs") {
      EXPECT_NEAR(row["saving"].get<double>(), 120 * 100 / 81.1085, 1e-9);
    }
  }
}

TEST(Evaluate, RefusesRunsOnDifferentPriceBases) {
  const Files f;
  write_results(f.base, results(false), identity("base"), meta("base", priced(2019)));
  write_results(f.option, results(true), identity("fix_homes"), meta("fix_homes", priced(2024)));
  EXPECT_EQ(pairing_errors(f.base, {f.option}),
            std::vector<std::string>{f.option.string() +
                                     ": /meta/scenario_json/prices/year: expected 2019 as in the "
                                     "baseline " +
                                     f.base.string() + ", found 2024"});
  // Runs without a price year cannot be moved to one.
  const Files unpriced;
  EXPECT_EQ(pairing_errors(unpriced.base, {unpriced.option}, 2024),
            std::vector<std::string>{
                unpriced.base.string() +
                ": /meta/scenario_json/prices/year: expected the price "
                "year its costs were converted to (set prices/year in the scenario and run it "
                "again), so that --price-year 2024 can move them, found none: each cost is in the "
                "price year of its source"});
  // A year the index does not have.
  write_results(f.option, results(true), identity("fix_homes"), meta("fix_homes", priced(2019)));
  EXPECT_EQ(pairing_errors(f.base, {f.option}, 2031),
            std::vector<std::string>{f.base.string() +
                                     ": /meta/scenario_json/prices/deflator/index: expected an "
                                     "index value for 2031 (the index covers 1990 to 2024), found "
                                     "none"});
}

// In the CSV tables numbers stay numbers (-3.5 is written as -3.5) and text a spreadsheet would run
// as a formula gets a leading quote, even text that looks like a number.
TEST(EvaluationTables, CsvNeutralisesFormulaTextButNotNumbers) {
  TempDir dir;
  const evaluation::Table t{
      "t",
      {"name", "value"},
      {{json("-3.5"), json(-3.5)}, {json("=1+2"), json(nullptr)}, {json("ok"), json(2)}}};
  evaluation::write_csv(t, dir / "t.csv");
  std::ifstream in(dir / "t.csv", std::ios::binary);
  const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  EXPECT_EQ(text, "name,value\n\"'-3.5\",-3.5\n\"'=1+2\",\nok,2\n");
}

// Both arms with the same extra scenario fields.
void write_pair(const Files& f, const json& extra) {
  write_results(f.base, results(false), identity("base"), meta("base", extra));
  write_results(f.option, results(true), identity("fix_homes"), meta("fix_homes", extra));
}

// A quarter sample (population.scale 0.25): every total is the sample's divided by 0.25, exactly
// (a power of two, so no rounding), and the document says so.
TEST(Evaluate, ScalesASampleToTheWholePopulation) {
  const Files f;
  evaluation::EvaluationSettings s;
  s.min_replications = 2;
  const json whole = evaluate(f, s);
  write_pair(f, {{"population", {{"scale", 0.25}}}});
  const json sample = evaluate(f, s);
  const json& w = whole["options"][0];
  const json& q = sample["options"][0];
  for (const char* metric : {"pv_costs", "pv_benefits", "npsv", "npv_fiscal", "net_cost",
                             "qalys_gained", "nmb_20000", "savings_nhs"})
    for (const char* end : {"mean", "low", "high"})
      EXPECT_EQ(q["headline"][metric][end].get<double>(),
                w["headline"][metric][end].get<double>() * 4)
          << metric;
  EXPECT_EQ(q["headline"]["bcr"], w["headline"]["bcr"]);  // a ratio does not scale
  EXPECT_EQ(q["headline"]["icer"], w["headline"]["icer"]);
  for (size_t k = 0; k < w["outcomes"].size(); ++k)
    EXPECT_EQ(q["outcomes"][k]["mean"].get<double>(), w["outcomes"][k]["mean"].get<double>() * 4);
  EXPECT_EQ(q["reach"][0]["units"]["mean"], 4.0);
  EXPECT_EQ(q["reach"][0]["cost"]["mean"].get<double>(), 2400);
  EXPECT_EQ(q["reach"][0]["cost_per_unit"]["mean"].get<double>(), 600);  // per unit: the same
  for (size_t k = 0; k < w["by_year"].size(); ++k)
    EXPECT_EQ(q["by_year"][k]["saving"].get<double>(), w["by_year"][k]["saving"].get<double>() * 4);
  const json& sampling = sample["settings"]["sampling"];
  EXPECT_EQ(sampling["fraction"], 0.25);
  EXPECT_EQ(sampling["scale_up"], 4.0);
  EXPECT_EQ(
      sampling["text"],
      "A 25% sample of the population was simulated (one person in 4.00); every total (money, "
      "QALYs, counts, units reached) is scaled up 4.00 times to the whole population. A sample "
      "adds Monte Carlo error: a scaled-up count of 1,000 carries a Monte Carlo standard error "
      "of about 63.2 (6.32%): the square root of the count divided by the fraction; each "
      "option's is stated with its results.");
  EXPECT_EQ(whole["settings"]["sampling"]["fraction"], 1.0);
  // The tables and the HDF5 file carry the fraction.
  for (const auto& t : evaluation::evaluation_tables(sample))
    for (const auto& row : t.rows) EXPECT_EQ(row.back(), 0.25) << t.name;
  const auto file = f.dir / "evaluation.h5";
  evaluation::write_h5(evaluation::evaluation_tables(sample), sample, file);
  const hid_t h5 = H5Fopen(file.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  ASSERT_GE(h5, 0);
  double fraction = 0;
  long long replications = 0;
  const hid_t a1 = H5Aopen(h5, "sampling_fraction", H5P_DEFAULT);
  H5Aread(a1, H5T_NATIVE_DOUBLE, &fraction);
  H5Aclose(a1);
  const hid_t a2 = H5Aopen(h5, "replications", H5P_DEFAULT);
  H5Aread(a2, H5T_NATIVE_LLONG, &replications);
  H5Aclose(a2);
  EXPECT_GT(H5Aexists(h5, "appraisal_start"), 0);
  H5Fclose(h5);
  EXPECT_EQ(fraction, 0.25);
  EXPECT_EQ(replications, kReps);
  // Arms sampled differently cannot be paired.
  write_results(f.option, results(true), identity("fix_homes"), meta("fix_homes"));
  EXPECT_EQ(pairing_errors(f.base, {f.option}),
            std::vector<std::string>{f.option.string() +
                                     ": /meta/scenario_json/population/scale: expected "
                                     "0.25 as in the baseline " +
                                     f.base.string() + ", found 1.0"});
}

// A financial year from April 2020 after three months of warm-up (the runs start in January):
// April to March is steps 3 to 14. Counted: the NHS saving, 10 a month (120, 108 after 10%); the
// programme cost of April to December (9 x 100/12 = 75); not the home fixed in January (warm-up).
// QALYs 0.12; attacks 2 fewer a month (24); sick persons 4 fewer over 12 months (4 person-years).
TEST(Evaluate, CountsFinancialYearsFromTheAppraisalStart) {
  const Files f;
  write_pair(f, {{"appraisal", {{"start", "2020-04"}, {"years", 1}}}});
  const json doc = evaluate(f);
  const json& a = doc["settings"]["appraisal"];
  EXPECT_EQ(a["start"], "2020-04");
  EXPECT_EQ(a["years"], 1);
  EXPECT_TRUE(a["financial_years"].get<bool>());
  EXPECT_EQ(a["year_labels"], json({"2020-21"}));
  EXPECT_EQ(a["warm_up_from"], "2020-01");
  const json& o = doc["options"][0];
  const json& h = o["headline"];
  EXPECT_NEAR(h["pv_costs"]["mean"].get<double>(), 75, 1e-9);
  EXPECT_NEAR(h["pv_fiscal"]["mean"].get<double>(), 108, 1e-9);
  EXPECT_NEAR(h["npv_fiscal"]["mean"].get<double>(), 33, 1e-9);
  EXPECT_NEAR(h["qalys_gained"]["mean"].get<double>(), 0.12, 1e-12);
  EXPECT_EQ(h["payback_year"]["mean"], "2020-21");
  ASSERT_EQ(o["by_year"].size(), static_cast<size_t>(kPayerCount));  // one year, every payer
  EXPECT_EQ(o["by_year"][0]["year"], "2020-21");
  EXPECT_EQ(o["payback"][0]["year"], "2020-21");
  EXPECT_NEAR(o["payback"][0]["cumulative_net_fiscal"].get<double>(), 33, 1e-9);
  for (const json& x : o["outcomes"]) {
    if (x["outcome"] == "m.events.attack") {
      EXPECT_DOUBLE_EQ(x["mean"].get<double>(), -24);
    }
    if (x["outcome"] == "m.years_in.sick") {
      EXPECT_NEAR(x["mean"].get<double>(), -4, 1e-12);
    }
  }
  EXPECT_EQ(o["over_time"].front()["date"], "2020-04");
  EXPECT_EQ(o["reach"][0]["units"]["mean"], 0.0);  // the home was fixed in the warm-up
  EXPECT_NEAR(o["reach"][0]["cost"]["mean"].get<double>(), 75, 1e-9);
  // Not April: 12-month years labelled by their months.
  write_pair(f, {{"appraisal", {{"start", "2020-07"}}}});
  EXPECT_EQ(evaluate(f)["settings"]["appraisal"]["year_labels"], json({"2020-07 to 2021-06"}));
  // A window the runs do not cover.
  for (const auto& [appraisal, message] :
       {std::pair<json, std::string>{
            {{"start", "2020-04"}, {"years", 2}},
            "/appraisal/years: expected a whole number from 1 to 1, found 2"},
        {{{"start", "2019-12"}},
         "/appraisal/start: expected a month YYYY-MM from the run's start 2020-01 to its last "
         "month "
         "2021-12, found \"2019-12\""}}) {
    write_pair(f, {{"appraisal", appraisal}});
    try {
      evaluate(f);
      ADD_FAILURE() << "no error for " << appraisal;
    } catch (const InputError& e) {
      EXPECT_EQ(e.diagnostics()[0].to_string(), f.base.string() + ": " + message);
    }
  }
}

TEST(Evaluate, AnOptionMayNotChangeTheAppraisal) {
  const Files f;
  write_results(f.base, results(false), identity("base"),
                meta("base", {{"appraisal", {{"qaly_value", 70000}}}}));
  write_results(f.option, results(true), identity("fix_homes"),
                meta("fix_homes", {{"appraisal", {{"qaly_value", 20000}, {"years", 1}}}}));
  EXPECT_EQ(pairing_errors(f.base, {f.option}),
            (std::vector<std::string>{
                f.option.string() +
                    ": /meta/scenario_json/appraisal/qaly_value: expected 70000 as in "
                    "the baseline " +
                    f.base.string() +
                    " (the appraisal settings are the baseline's: an "
                    "option may not change them), found 20000",
                f.option.string() +
                    ": /meta/scenario_json/appraisal/years: expected absent as in the "
                    "baseline " +
                    f.base.string() +
                    " (the appraisal settings are the baseline's: an "
                    "option may not change them), found 1"}));
}

// A baseline resolved before payers had sectors (none in its scenario) is evaluated with the
// defaults, so an option that states the defaults pairs with it, and one that changes them does not.
TEST(Evaluate, PayerSectorsOfAnOlderBaselineAreTheDefaults) {
  const Files f;
  const json defaults = {
      {"appraisal", {{"payer_sectors", evaluate(f)["settings"]["payer_sectors"]}}}};
  write_results(f.option, results(true), identity("fix_homes"), meta("fix_homes", defaults));
  EXPECT_TRUE(pairing_errors(f.base, {f.option}).empty());
  write_results(f.option, results(true), identity("fix_homes"),
                meta("fix_homes", {{"appraisal", {{"payer_sectors", {{"housing", "private"}}}}}}));
  EXPECT_EQ(pairing_errors(f.base, {f.option}),
            std::vector<std::string>{
                f.option.string() +
                ": /meta/scenario_json/appraisal/payer_sectors/housing: expected \"public\" as in "
                "the baseline " +
                f.base.string() +
                " (the appraisal settings are the baseline's: an option may not change them), "
                "found \"private\""});
}

// Optimism bias on the option's costs: its category's Green Book uplift, or its own override.
TEST(Evaluate, OptimismBiasByCategoryOrOverride) {
  const Files f;
  write_results(
      f.option, results(true), identity("fix_homes"),
      meta("fix_homes",
           {{"interventions", {{"fix", {{"cost", {{"category", "equipment_development"}}}}}}}}));
  const json uplifted = evaluate(f);
  const json& h = uplifted["options"][0]["headline"];
  EXPECT_NEAR(h["pv_intervention_cost"]["mean"].get<double>(), 600, 1e-9);
  EXPECT_NEAR(h["pv_optimism_bias"]["mean"].get<double>(), 1200, 1e-9);  // 200%
  EXPECT_NEAR(h["pv_costs"]["mean"].get<double>(), 1800, 1e-9);
  write_results(
      f.option, results(true), identity("fix_homes"),
      meta("fix_homes",
           {{"interventions",
             {{"fix",
               {{"cost", {{"category", "equipment_development"}, {"optimism_bias", 0.24}}}}}}}}));
  const json doc = evaluate(f);
  EXPECT_NEAR(doc["options"][0]["headline"]["pv_costs"]["mean"].get<double>(), 744, 1e-9);
  EXPECT_NEAR(doc["options"][0]["reach"][0]["cost"]["mean"].get<double>(), 744, 1e-9);
  for (const json& line : doc["options"][0]["accounting"])
    if (line["kind"] == "optimism_bias") {
      EXPECT_EQ(line["optimism_bias"], 0.24);
    }
  write_results(
      f.option, results(true), identity("fix_homes"),
      meta("fix_homes", {{"interventions", {{"fix", {{"cost", {{"category", "bridges"}}}}}}}}));
  try {
    evaluate(f);
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_EQ(
        e.diagnostics()[0].to_string(),
        f.option.string() +
            ": /interventions/fix/cost/category: expected one of the "
            "optimism-bias categories of appraisal/optimism_bias/costs (equipment_development, "
            "non_standard_buildings, non_standard_civil_engineering, outsourcing, "
            "standard_buildings, standard_civil_engineering), found \"bridges\"");
  }
}

// A cost category declared cashable, economic, grade 1: nothing taken off; counted as economic.
TEST(Evaluate, CostCategoriesDeclareHowASavingCounts) {
  const Files f;
  write_pair(f,
             {{"cost_categories",
               {{"care", {{"cashable", true}, {"value", "economic"}, {"confidence_grade", 1}}}}}});
  const json doc = evaluate(f);
  const json& h = doc["options"][0]["headline"];
  const double s = 120 + 120 / 1.035;
  EXPECT_NEAR(h["pv_economic"]["mean"].get<double>(), s, 1e-9);
  EXPECT_NEAR(h["pv_cashable"]["mean"].get<double>(), s, 1e-9);
  EXPECT_EQ(h["pv_fiscal"]["mean"].get<double>(), 0.0);
  EXPECT_NEAR(h["npv_fiscal"]["mean"].get<double>(), -600, 1e-9);
  EXPECT_NEAR(h["net_cost"]["mean"].get<double>(), 600 - s, 1e-9);
}

// Payers' sectors (appraisal/payer_sectors). By default landlords and owners are private and the
// rest public. With housing declared private, its 600 counts in the NPSV but not in NPV fiscal,
// which is then the NHS's saving alone (0.9 S); no public cost: no BCR, fiscal BCR or ROI, and
// the public purse is ahead from the first year. A bad declaration names the file and the path.
TEST(Evaluate, PayerSectorsDecideWhatThePublicPurseCounts) {
  const Files f;
  const json all_public = evaluate(f);
  EXPECT_EQ(all_public["settings"]["payer_sectors"],
            json::parse(R"({"nhs": "public", "council_childrens_services": "public",
                            "housing": "public", "social_landlord": "private",
                            "private_landlord": "private", "owner_occupier": "private",
                            "other": "public"})"));
  write_pair(f, {{"appraisal", {{"payer_sectors", {{"housing", "private"}}}}}});
  const json doc = evaluate(f);
  EXPECT_EQ(doc["settings"]["payer_sectors"]["housing"], "private");
  EXPECT_EQ(doc["settings"]["payer_sectors"]["nhs"], "public");
  const json& h = doc["options"][0]["headline"];
  const json& was = all_public["options"][0]["headline"];
  const auto mean = [&](const char* key) { return h[key]["mean"].get<double>(); };
  const double s = 120 + 120 / 1.035, q = 0.12 + 0.12 / 1.015;
  EXPECT_NEAR(mean("pv_costs"), 600, 1e-9);
  EXPECT_NEAR(mean("pv_costs_private"), 600, 1e-9);
  EXPECT_EQ(mean("pv_costs_public"), 0.0);
  EXPECT_EQ(h["npsv"], was["npsv"]);  // every payer's, either way
  EXPECT_EQ(h["net_cost"], was["net_cost"]);
  EXPECT_NEAR(mean("npv_fiscal"), 0.9 * s, 1e-9);
  EXPECT_NEAR(was["npv_fiscal"]["mean"].get<double>(), 0.9 * s - 600, 1e-9);
  EXPECT_TRUE(h["bcr"]["mean"].is_null());
  EXPECT_TRUE(h["bcr_fiscal"]["mean"].is_null());
  EXPECT_TRUE(h["roi"]["mean"].is_null());
  EXPECT_NEAR(mean("bcr_all_costs"), (0.9 * s + 0.9 * 70000 * q) / 600, 1e-9);
  EXPECT_EQ(was["bcr_all_costs"], was["bcr"]);
  EXPECT_EQ(h["payback_year"]["mean"], "2020-01 to 2020-12");
  const json& o = doc["options"][0];
  EXPECT_NEAR(o["payback"][0]["cumulative_net_fiscal"].get<double>(), 108, 1e-9);
  for (const json& line : o["accounting"])
    EXPECT_EQ(line["sector"], line["payer"] == "housing" ? json("private")
                              : line["payer"] == "nhs"   ? json("public")
                                                         : json(nullptr))
        << line;
  for (const json& row : o["by_year"])
    EXPECT_EQ(row["sector"], row["payer"] == "housing" || row["payer"] == "social_landlord" ||
                                     row["payer"] == "private_landlord" ||
                                     row["payer"] == "owner_occupier"
                                 ? "private"
                                 : "public");
  // The CSV tables carry the sector beside the payer.
  for (const auto& t : evaluation::evaluation_tables(doc))
    if (t.name == "accounting" || t.name == "by_year") {
      const auto at = std::find(t.columns.begin(), t.columns.end(), "sector");
      ASSERT_NE(at, t.columns.end()) << t.name;
      EXPECT_EQ(*(at - 1), "payer");
      const auto c = static_cast<size_t>(at - t.columns.begin());
      for (const auto& row : t.rows) {
        if (row[c - 1] == "housing") {
          EXPECT_EQ(row[c], "private") << t.name;
        }
      }
    }
  for (const auto& [sectors, message] :
       {std::pair<json, std::string>{{{"council", "public"}},
                                     "/appraisal/payer_sectors/council: expected one of the "
                                     "payers: nhs, council_childrens_services, housing, "
                                     "social_landlord, private_landlord, owner_occupier, other, "
                                     "found \"council\""},
        {{{"housing", "mixed"}},
         "/appraisal/payer_sectors/housing: expected \"public\" or \"private\", found \"mixed\""},
        {json::array({"housing"}),
         "/appraisal/payer_sectors: expected an object of sectors by payer, found "
         "[\"housing\"]"}}) {
    write_pair(f, {{"appraisal", {{"payer_sectors", sectors}}}});
    try {
      evaluate(f);
      ADD_FAILURE() << "no error for " << sectors;
    } catch (const InputError& e) {
      EXPECT_EQ(e.diagnostics()[0].to_string(), f.base.string() + ": " + message);
    }
  }
}

// One replication: no standard error from replications; a Poisson approximation of the counts,
// sqrt(option + baseline in the sample) scaled up: a half sample with 6 and 10 events -> 8.
TEST(Evaluate, PoissonErrorForOneReplication) {
  evaluation::OptionFlows f;
  f.sampling_fraction = 0.5;
  evaluation::OutcomeSeries x;
  x.name = "m.events.attack";
  x.unit = "events";
  x.option_total = {{12}};
  x.baseline_total = {{20}};
  f.outcomes.push_back(x);
  const json e = evaluation::mc_error_document({5.0}, f, {{"m.events.attack", "Asthma attacks"}});
  EXPECT_EQ(e["method"], "poisson");
  EXPECT_TRUE(e["npsv_se"].is_null());
  EXPECT_EQ(e["counts"][0]["se"], 8.0);
  EXPECT_EQ(
      e["text"],
      "One replication: its Monte Carlo error cannot be measured from replications. A Poisson "
      "approximation for the main counts (an upper bound: paired runs share random numbers): "
      "Asthma attacks -8.00 (standard error 8.00).");
  // The headline table carries it beside the figures it qualifies.
  const json doc = {{"options",
                     {{{"name", "fix"},
                       {"headline", json::object()},
                       {"mc_error", e},
                       {"by_year", json::array()},
                       {"equity", json::array()},
                       {"outcomes", json::array()},
                       {"outcomes_by_group", json::array()},
                       {"over_time", json::array()},
                       {"one_way", json::array()},
                       {"ce_draws", json::array()}}}},
                    {"frontier", json::array()},
                    {"ceac", json::array()}};
  const evaluation::Table headline = evaluation::evaluation_tables(doc).front();
  ASSERT_EQ(headline.rows.size(), 1u);
  EXPECT_EQ(headline.rows[0][1], "monte_carlo_se_m.events.attack");
  EXPECT_EQ(headline.rows[0][2], 8.0);
}

// `civicsim evaluate --min-replications 2` shows ranges for two replications; without it, none.
TEST(EvaluateCommand, MinReplicationsOverridesTheDefault) {
  const Files f;
  const auto headline_npv = [&](const std::string& extra) {
    const std::filesystem::path out = f.dir / ("ev" + std::to_string(extra.size()));
    const auto r =
        testing::run_command(testing::civicsim_binary().string() + " evaluate " + f.base.string() +
                             " " + f.option.string() + " --quiet --out " + out.string() +
                             " --discounting green_book --state-rewards start_of_cycle "
                             "--discount-time year" +
                             extra);
    EXPECT_EQ(r.exit_code, 0) << r.output;
    std::ifstream in(out / "headline.csv");
    std::string line;
    while (std::getline(in, line))
      if (line.rfind("fix_homes,npv_fiscal,", 0) == 0) return line;
    return std::string("no npv_fiscal row");
  };
  // option, metric, mean, low, high, sampling_fraction
  const double npv = 0.9 * (120 + 120 / 1.035) - 600;
  char mean[40];
  std::snprintf(mean, sizeof mean, "%.10g", npv);
  EXPECT_EQ(headline_npv(""), std::string("fix_homes,npv_fiscal,") + mean + ",,,1");
  EXPECT_EQ(headline_npv(" --min-replications 2"),
            std::string("fix_homes,npv_fiscal,") + mean + "," + mean + "," + mean + ",1");
}

}  // namespace
}  // namespace civicsim
