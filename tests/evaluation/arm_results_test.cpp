// Each arm's own results and the headline under every cycle convention, on a three-state cohort
// (H, S, D; 1,000 persons, four annual cycles) whose expected occupancy comes from an Eigen chain
// (tests/verification/markov_exact.hpp): the series are written as a run writes them (state
// rewards at each time point, flows holding them by rewards.state_timing plus event costs and QALY
// losses, intervention costs), read back through `civicsim evaluate`'s document, and every total
// compared with the convention's formula worked out here from the chain.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <map>
#include <string>

#include "outputs/evaluation/evaluate.hpp"
#include "outputs/hdf5_writer.hpp"
#include "outputs/report/report_html.hpp"
#include "tests/test_support.hpp"
#include "tests/verification/markov_exact.hpp"

namespace civicsim {
namespace {

using nlohmann::json;
using testing::TempDir;

constexpr int kCycles = 4;
constexpr double kPersons = 1000.0;
// Per cycle (annual): costs H 100, S 1000, D 0; utilities 1, 0.6, 0. Events: 20 per cycle of
// GBP 50 each (1000) and a QALY loss of 0.5 in all; the treatment costs 300 a person a cycle.
const double kCost[3] = {100.0, 1000.0, 0.0}, kUtility[3] = {1.0, 0.6, 0.0};
constexpr double kEventCost = 1000.0, kEventLoss = 0.5, kTreatment = 300000.0;

Eigen::MatrixXd chain(bool treated) {
  Eigen::MatrixXd P(3, 3);
  if (treated)
    P << 0.85, 0.10, 0.05, 0.0, 0.80, 0.20, 0.0, 0.0, 1.0;
  else
    P << 0.75, 0.20, 0.05, 0.0, 0.70, 0.30, 0.0, 0.0, 1.0;
  Eigen::RowVectorXd start(3);
  start << 1.0, 0.0, 0.0;
  return verification::occupancy(P, start, kCycles) * kPersons;  // rows: time points 0..4
}

double reward(const Eigen::MatrixXd& occ, int t, const double* per_state) {
  double x = 0.0;
  for (int s = 0; s < 3; ++s) x += occ(t, s) * per_state[s];
  return x;
}

// The series of one arm, flows holding state rewards by `timing` (a, b of a step's start and end).
RunResults results(bool treated, double a, double b) {
  const Eigen::MatrixXd occ = chain(treated);
  RunResults r;
  r.dimensions = {{"payer", {"nhs", "council_childrens_services", "housing", "other"}},
                  {"cost_category", {"m"}},
                  {"council", {"cohort"}},
                  {"imd_quintile", {"1"}},
                  {"intervention", {"treat"}},
                  {"m.state", {"H", "S", "D"}}};
  for (int t = 0; t <= kCycles; ++t) r.time.push_back(std::to_string(2020 + t) + "-01");
  const std::vector<std::string> money = {"payer", "cost_category", "council", "imd_quintile"};
  r.series = {
      {"costs", "GBP", "", SeriesKind::kFlow, money, false},
      {"qalys", "QALY", "", SeriesKind::kFlow, {"council", "imd_quintile"}, false},
      {"state_costs", "GBP", "", SeriesKind::kStock, money, false},
      {"state_qalys", "QALY", "", SeriesKind::kStock, {"council", "imd_quintile"}, false},
      // Expected occupancy, not counts: not integer series.
      {"m.occupancy", "persons", "", SeriesKind::kStock,
       std::vector<std::string>{"m.state", "council", "imd_quintile"}, false},
      {"population", "persons", "", SeriesKind::kStock, {"council", "imd_quintile"}, false},
      {"intervention_costs", "GBP", "", SeriesKind::kFlow,
       std::vector<std::string>{"intervention", "payer", "council", "imd_quintile"}, false}};
  r.replications = 1;
  std::vector<double> costs, qalys, sc, sq, occupancy, population, iv;
  const auto nhs = [](double x) { return std::vector<double>{x, 0, 0, 0}; };
  for (int t = 0; t <= kCycles; ++t) {
    for (double x : nhs(reward(occ, t, kCost))) sc.push_back(x);
    sq.push_back(reward(occ, t, kUtility));
    for (int s = 0; s < 3; ++s) occupancy.push_back(occ(t, s));
    population.push_back(kPersons);
  }
  for (int t = 0; t < kCycles; ++t) {
    const double state_cost = a * reward(occ, t, kCost) + b * reward(occ, t + 1, kCost);
    for (double x : nhs(state_cost + kEventCost)) costs.push_back(x);
    qalys.push_back(a * reward(occ, t, kUtility) + b * reward(occ, t + 1, kUtility) - kEventLoss);
    for (double x : nhs(treated ? kTreatment : 0.0)) iv.push_back(x);
  }
  r.values = {{costs}, {qalys}, {sc}, {sq}, {occupancy}, {population}, {iv}};
  return r;
}

RunIdentity identity(const std::string& name) {
  RunIdentity id;
  id.scenario_name = name;
  id.population_source = "cohort";
  id.population_fingerprint = "abc";
  id.start = "2020-01";
  id.step_months = 12;
  id.steps = kCycles;
  id.seed = 3;
  id.replications = 1;
  id.initial_persons = 1000;
  return id;
}

RunMeta meta(const std::string& name, const std::string& timing) {
  RunMeta m;
  m.scenario_json =
      json{{"name", name},
           {"rewards", {{"state_timing", timing}}},
           {"processes", {{"m", {{"death_states", {"D"}}}}}},
           // No correction of benefits, so that net cost is the costs' difference.
           {"appraisal", {{"optimism_bias", {{"benefits_by_confidence_grade", {{"3", 0}}}}}}}}
          .dump();
  return m;
}

struct Files {
  TempDir dir;
  std::filesystem::path base = dir / "soc.h5", option = dir / "treat.h5";
  explicit Files(const std::string& timing = "start_of_step") {
    const double a = timing == "end_of_step" ? 0.0 : timing == "half_step" ? 0.5 : 1.0;
    write_results(base, results(false, a, 1 - a), identity("soc"), meta("soc", timing));
    write_results(option, results(true, a, 1 - a), identity("treat"), meta("treat", timing));
  }
};

json evaluate(const Files& f, evaluation::EvaluationSettings s) {
  s.generated = "2026-12-06";
  return evaluation::evaluation_document(evaluation::read_paired_runs(f.base, {f.option}), s);
}

// Point weights w_t and the flows' time within a cycle for each convention, and the totals.
struct Expected {
  double costs = 0, costs_pv = 0, qalys = 0, qalys_pv = 0, ly = 0, ly_pv = 0;
};

Expected expected(bool treated, const std::vector<double>& w, double flow_at, bool by_cycle_start) {
  const Eigen::MatrixXd occ = chain(treated);
  const double alive[3] = {1.0, 1.0, 0.0};
  Expected e;
  const auto d = [](double years) { return std::pow(1.035, -years); };
  for (int t = 0; t <= kCycles; ++t) {
    // The cycle a point belongs to, for discounting by cycle start: end-of-cycle rewards only.
    const double at = by_cycle_start ? std::max(0, t - 1) : t;
    e.costs += w[t] * reward(occ, t, kCost);
    e.costs_pv += w[t] * reward(occ, t, kCost) * d(at);
    e.qalys += w[t] * reward(occ, t, kUtility);
    e.qalys_pv += w[t] * reward(occ, t, kUtility) * d(at);
    e.ly += w[t] * reward(occ, t, alive);
    e.ly_pv += w[t] * reward(occ, t, alive) * d(at);
  }
  for (int c = 0; c < kCycles; ++c) {
    const double flow = kEventCost + (treated ? kTreatment : 0.0);
    const double at = by_cycle_start ? c : c + flow_at;
    e.costs += flow;
    e.costs_pv += flow * d(at);
    e.qalys -= kEventLoss;
    e.qalys_pv -= kEventLoss * d(at);
  }
  return e;
}

// The arms rows of one arm: measure x discounted -> per-person mean.
std::map<std::string, double> arm(const json& doc, const std::string& name) {
  std::map<std::string, double> out;
  for (const json& r : doc["arms"])
    if (r["arm"] == name)
      out[r["measure"].get<std::string>() + (r["discounted"].get<bool>() ? "_pv" : "")] =
          r["per_person"]["mean"].get<double>();
  return out;
}

void expect_arms(const json& doc, const std::vector<double>& w, double flow_at,
                 bool by_cycle_start = false) {
  for (const bool treated : {false, true}) {
    const Expected e = expected(treated, w, flow_at, by_cycle_start);
    const auto a = arm(doc, treated ? "treat" : "soc");
    SCOPED_TRACE(treated ? "treat" : "soc");
    EXPECT_NEAR(a.at("costs"), e.costs / kPersons, 1e-9);
    EXPECT_NEAR(a.at("costs_pv"), e.costs_pv / kPersons, 1e-9);
    EXPECT_NEAR(a.at("qalys"), e.qalys / kPersons, 1e-12);
    EXPECT_NEAR(a.at("qalys_pv"), e.qalys_pv / kPersons, 1e-12);
    EXPECT_NEAR(a.at("life_years"), e.ly / kPersons, 1e-12);
    EXPECT_NEAR(a.at("life_years_pv"), e.ly_pv / kPersons, 1e-12);
  }
  // The headline is the same convention: incremental cost and QALYs are the arms' differences.
  const Expected s = expected(false, w, flow_at, by_cycle_start),
                 t = expected(true, w, flow_at, by_cycle_start);
  const json& h = doc["options"][0]["headline"];
  EXPECT_NEAR(h["net_cost"]["mean"].get<double>(), t.costs_pv - s.costs_pv, 1e-7);
  EXPECT_NEAR(h["qalys_gained"]["mean"].get<double>(), t.qalys_pv - s.qalys_pv, 1e-10);
  const json& inc = doc["incremental"];
  ASSERT_EQ(inc.size(), 2u);
  EXPECT_EQ(inc[1]["arm"], "treat");
  EXPECT_NEAR(inc[1]["icer"].get<double>(), (t.costs_pv - s.costs_pv) / (t.qalys_pv - s.qalys_pv),
              1e-6);
}

TEST(ArmResults, DefaultIsTheHalfCycleCorrectionAtNiceRates) {
  const Files f;
  const json doc = evaluate(f, {});
  EXPECT_EQ(doc["settings"]["discounting"], "nice");
  EXPECT_EQ(doc["settings"]["cost_rate"], 0.035);
  EXPECT_EQ(doc["settings"]["health_rate"], 0.035);
  EXPECT_EQ(doc["settings"]["convention"]["state_rewards"], "half_cycle");
  EXPECT_EQ(doc["settings"]["convention"]["discount_time"], "elapsed");
  EXPECT_EQ(doc["settings"]["convention"]["cycles"], kCycles);
  expect_arms(doc, {0.5, 1, 1, 1, 0.5}, 0.5);
}

TEST(ArmResults, EachConventionFromTheCommandLine) {
  const Files f;
  evaluation::EvaluationSettings s;
  s.state_rewards = "start_of_cycle";
  expect_arms(evaluate(f, s), {1, 1, 1, 1, 0}, 0.0);
  s.state_rewards = "end_of_cycle";
  expect_arms(evaluate(f, s), {0, 1, 1, 1, 1}, 1.0);
  s.cycle_zero = true;
  expect_arms(evaluate(f, s), {1, 1, 1, 1, 1}, 1.0);
  s.cycle_zero = std::nullopt;
  s.state_rewards = "simpson";
  expect_arms(evaluate(f, s), {1.0 / 3, 4.0 / 3, 2.0 / 3, 4.0 / 3, 1.0 / 3}, 0.5);
}

// Whatever state_timing the run recorded its flows with, the convention decides.
TEST(ArmResults, TheRunsStateTimingDoesNotMatter) {
  for (const char* timing : {"end_of_step", "half_step"}) {
    SCOPED_TRACE(timing);
    const Files f(timing);
    expect_arms(evaluate(f, {}), {0.5, 1, 1, 1, 0.5}, 0.5);
  }
}

// What evaluate did before: end-of-cycle rewards (state_timing end_of_step) discounted from each
// cycle's start, and the state at the last point never later than the last cycle.
TEST(ArmResults, EndOfCycleRewardsByCycleNumberAsBefore) {
  const Files f("end_of_step");
  evaluation::EvaluationSettings s;
  s.state_rewards = "end_of_cycle";
  s.discount_time = "cycle_start";
  expect_arms(evaluate(f, s), {0, 1, 1, 1, 1}, 0.0, true);
}

// The report's cell with this test id: the figure in its data-value and the text it shows.
struct Cell {
  double value = std::nan("");
  std::string text;
};
Cell report_cell(const std::string& html, const std::string& id) {
  const std::string key = "data-testid=\"" + id + "\"";
  const size_t at = html.find(key);
  if (at == std::string::npos) {
    ADD_FAILURE() << "no cell " << id;
    return {};
  }
  Cell c;
  const size_t end = html.find('>', at);
  const size_t v = html.find("data-value=\"", at);
  if (v != std::string::npos && v < end) c.value = std::strtod(html.c_str() + v + 12, nullptr);
  c.text = html.substr(end + 1, html.find("</td>", end) - end - 1);
  return c;
}

void expect_cell(const std::string& html, const std::string& id, double want, bool money,
                 double tolerance) {
  SCOPED_TRACE(id);
  const Cell c = report_cell(html, id);
  EXPECT_NEAR(c.value, want, tolerance);
  const std::string shown =
      money ? report::format_precise_money(want) : report::format_precise(want);
  EXPECT_NE(c.text.find(report::html_escape(shown)), std::string::npos)
      << c.text << " vs " << shown;
}

// The commissioner's report shows each arm's own results, the incremental table and the trace of
// the reference chain with the exact values (half-cycle correction, NICE rates), and the convention.
TEST(ArmResults, TheReportShowsEachArmTheIncrementalTableAndTheTrace) {
  const Files f;
  const json doc = evaluate(f, {});
  const std::string html = report::render_report_html(doc);
  const std::vector<double> w = {0.5, 1, 1, 1, 0.5};
  for (const bool treated : {false, true}) {
    const Expected e = expected(treated, w, 0.5, false);
    const std::string arm = treated ? "treat" : "soc";
    const auto id = [&](const std::string& measure, const char* scope, bool discounted) {
      return report::headline_test_id(
          "arm-" + measure + "-" + scope + "-" + (discounted ? "discounted" : "undiscounted"), arm);
    };
    expect_cell(html, id("costs", "per-person", false), e.costs / kPersons, true, 1e-9);
    expect_cell(html, id("costs", "per-person", true), e.costs_pv / kPersons, true, 1e-9);
    expect_cell(html, id("costs", "total", false), e.costs, true, 1e-6);
    expect_cell(html, id("costs", "total", true), e.costs_pv, true, 1e-6);
    expect_cell(html, id("qalys", "per-person", false), e.qalys / kPersons, false, 1e-12);
    expect_cell(html, id("qalys", "per-person", true), e.qalys_pv / kPersons, false, 1e-12);
    expect_cell(html, id("qalys", "total", true), e.qalys_pv, false, 1e-9);
    expect_cell(html, id("life_years", "per-person", false), e.ly / kPersons, false, 1e-12);
    expect_cell(html, id("life_years", "total", true), e.ly_pv, false, 1e-9);
    // The trace: every state at every time point, from the Eigen chain.
    const Eigen::MatrixXd occ = chain(treated);
    for (int t = 0; t <= kCycles; ++t)
      for (int s = 0; s < 3; ++s) {
        const std::string state = s == 0 ? "H" : s == 1 ? "S" : "D";
        const std::string cell_id =
            report::headline_test_id("trace-m-" + state + "-" + std::to_string(t), arm);
        expect_cell(html, cell_id, occ(t, s), false, 1e-9);
      }
  }
  // The incremental table: soc first (cheaper), then treat against it with the exact ICER.
  const Expected s = expected(false, w, 0.5, false), t = expected(true, w, 0.5, false);
  const double d_cost = (t.costs_pv - s.costs_pv) / kPersons;
  const double d_qalys = (t.qalys_pv - s.qalys_pv) / kPersons;
  expect_cell(html, report::headline_test_id("incremental-cost", "soc"), s.costs_pv / kPersons,
              true, 1e-9);
  expect_cell(html, report::headline_test_id("incremental-dcost", "treat"), d_cost, true, 1e-9);
  expect_cell(html, report::headline_test_id("incremental-dqalys", "treat"), d_qalys, false, 1e-12);
  expect_cell(html, report::headline_test_id("incremental-icer", "treat"), d_cost / d_qalys, true,
              1e-6);
  EXPECT_NE(report_cell(html, report::headline_test_id("incremental-status", "treat"))
                .text.find("On the frontier, against Soc"),
            std::string::npos);
  EXPECT_NE(report_cell(html, report::headline_test_id("incremental-status", "soc"))
                .text.find("the cheapest option"),
            std::string::npos);
  // The convention is printed with the results, as the document states it (capitalised).
  EXPECT_NE(html.find("4 cycles of a year each"), std::string::npos);
  const std::string text = doc["settings"]["convention"]["text"].get<std::string>();
  EXPECT_NE(html.find(report::html_escape(text.substr(1))), std::string::npos) << text;
}

TEST(ArmResults, TheTraceAndTheScenariosConvention) {
  const Files f;
  evaluation::EvaluationSettings s;
  s.discounting = "custom";
  s.cost_rate = 0.05;
  s.health_rate = 0.01;
  const json doc = evaluate(f, s);
  EXPECT_EQ(doc["settings"]["cost_rate"], 0.05);
  const Eigen::MatrixXd occ = chain(true);
  int rows = 0;
  for (const json& r : doc["trace"]) {
    if (r["arm"] != "treat") continue;
    const int t = r["cycle"].get<int>();
    const int state = r["state"] == "H" ? 0 : r["state"] == "S" ? 1 : 2;
    EXPECT_NEAR(r["count"].get<double>(), occ(t, state), 1e-9);
    EXPECT_NEAR(r["share"].get<double>(), occ(t, state) / kPersons, 1e-12);
    ++rows;
  }
  EXPECT_EQ(rows, 3 * (kCycles + 1));
  // Simpson's rule over an odd number of cycles (a three-year appraisal) is refused.
  s.state_rewards = "simpson";
  TempDir dir;
  json three = json::parse(meta("soc", "start_of_step").scenario_json);
  three["appraisal"]["years"] = 3;
  RunMeta m3;
  m3.scenario_json = three.dump();
  write_results(dir / "c.h5", results(false, 1, 0), identity("soc"), m3);
  three["name"] = "treat";
  m3.scenario_json = three.dump();
  write_results(dir / "d.h5", results(true, 1, 0), identity("treat"), m3);
  try {
    evaluation::evaluation_document(evaluation::read_paired_runs(dir / "c.h5", {dir / "d.h5"}), s);
    FAIL() << "expected an error";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("Simpson's 1/3 rule needs an even number of cycles"),
              std::string::npos)
        << e.what();
  }
}

}  // namespace
}  // namespace civicsim
