// Disclosure control on hand-built evaluation documents in the contract's shape: for each route
// back to a planted small count (money divided by a unit price, the total minus the rest of a line,
// an option minus its baseline, a year's cost, the points over time, a ratio of money to a count)
// the route recovers it before the control and not after, and figures no small count feeds stay.
#include "outputs/evaluation/disclosure.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "outputs/report/report_html.hpp"
#include "tests/test_support.hpp"

namespace civicsim {
namespace {

using nlohmann::json;

constexpr int kThreshold = 10;
constexpr double kUnitCost = 1240;  // GBP 1,000 a home with a 24% optimism-bias uplift

json interval(double v) { return {{"mean", v}, {"low", v}, {"high", v}}; }
json hidden_interval() { return {{"mean", nullptr}, {"low", nullptr}, {"high", nullptr}}; }

// A count row as the evaluation writes it: the difference as an interval and the baseline's total;
// suppressed (nulls) when it has already hidden it.
json count_row(const std::string& outcome, const std::string& dimension, const std::string& group,
               std::optional<double> baseline, std::optional<double> difference) {
  json row = difference ? interval(*difference) : hidden_interval();
  row["outcome"] = outcome;
  row["unit"] = "events";
  if (dimension != "all") {
    row["dimension"] = dimension;
    row["group"] = group;
  }
  row["baseline"] = baseline ? json(*baseline) : json(nullptr);
  row["suppressed"] = !baseline || !difference;
  return row;
}

json equity_row(const std::string& dimension, const std::string& group, double intervention_cost) {
  return {{"dimension", dimension},
          {"group", group},
          {"intervention_cost", interval(intervention_cost)},
          {"net_cost", interval(intervention_cost - 100)},
          {"qalys_gained", interval(0.5)},
          {"savings_total", interval(100)},
          {"nmb_20000", interval(10000 - intervention_cost + 100)}};
}

// A group the option never reached: nothing spent, saved or gained.
json untouched_equity_row(const std::string& dimension, const std::string& group) {
  json row = equity_row(dimension, group, 0);
  for (const char* m :
       {"intervention_cost", "net_cost", "qalys_gained", "savings_total", "nmb_20000"})
    row[m] = interval(0);
  return row;
}

json reach_row(const std::string& dimension, const std::string& group, double units) {
  return {{"intervention", "fix"},
          {"label", "Damp repairs"},
          {"unit_label", "homes treated"},
          {"dimension", dimension},
          {"group", group},
          {"units", interval(units)},
          {"cost", interval(units * kUnitCost)},
          {"cost_per_unit", interval(kUnitCost)},
          {"break_even_price", {{"npv_fiscal", 300.0}, {"npsv", 900.0}}},
          {"suppressed", false}};
}

json headline(double intervention_cost) {
  return {{"intervention_cost", interval(intervention_cost)},
          {"pv_costs", interval(intervention_cost)},
          {"net_cost", interval(intervention_cost - 300)},
          {"qalys_gained", interval(1.5)},
          {"icer", interval((intervention_cost - 300) / 1.5)},
          {"icer_status", "more_costly_more_effective"},
          {"payback_year", {{"mean", "2029-30"}, {"low", nullptr}, {"high", nullptr}}}};
}

json option(const std::string& name) {
  return {{"name", name},
          {"headline", headline(0)},
          {"outcomes", json::array()},
          {"outcomes_by_group", json::array()},
          {"equity", json::array()},
          {"reach", json::array()},
          {"by_year", json::array()},
          {"over_time", json::array()},
          {"payback", json::array()},
          {"cost_per_outcome", json::array()},
          {"ce_draws", json::array()},
          {"one_way", json::array()}};
}

json document(const std::vector<json>& options) {
  return {{"disclosure", {{"threshold", kThreshold}}},
          {"options", options},
          {"frontier", json::array()},
          {"ceac", json::array()}};
}

const json* find(const json& rows, const std::function<bool(const json&)>& match) {
  for (const json& r : rows)
    if (match(r)) return &r;
  return nullptr;
}

const json& group_row(const json& rows, const std::string& group, const std::string& outcome = "") {
  const json* r = find(rows, [&](const json& x) {
    return x.value("group", "") == group && (outcome.empty() || x.value("outcome", "") == outcome);
  });
  EXPECT_NE(r, nullptr) << group << " " << outcome;
  static const json none;
  return r ? *r : none;
}

double mean(const json& row, const char* key) {
  const json& v = row.at(key);
  return v.is_object() ? v.at("mean").get<double>() : v.get<double>();
}
bool is_null(const json& row, const char* key) {
  const json& v = row.at(key);
  return v.is_object() ? v.at("mean").is_null() : v.is_null();
}

// Every number anywhere in the document, divided by the unit cost: none may be the planted count.
bool any_money_gives(const json& v, double count) {
  if (v.is_number()) return std::abs(v.get<double>() / kUnitCost - count) < 1e-9;
  if (v.is_structured())
    for (const json& x : v)
      if (any_money_gives(x, count)) return true;
  return false;
}

// The total minus every shown part of one dimension (none if a part or the total is hidden, or if
// none is hidden: then there is nothing to recover).
std::optional<double> total_minus_rest(const json& total, const char* key, const json& rows,
                                       const std::string& dimension, const std::string& group) {
  if (is_null(total, key)) return std::nullopt;
  double rest = mean(total, key);
  int hidden = 0;
  for (const json& r : rows) {
    if (r.value("dimension", "") != dimension || r.value("group", "") == group ||
        r.value("outcome", "") != total.value("outcome", ""))
      continue;
    if (is_null(r, key))
      ++hidden;
    else
      rest -= mean(r, key);
  }
  return hidden == 0 ? std::optional<double>(rest) : std::nullopt;
}

// Council A receives 2 homes at GBP 1,240 (hidden by the evaluation as a small count of a service's
// requests there); B 20 and C 30; everyone 52.
json money_document() {
  json o = option("repairs");
  o["headline"] = headline(52 * kUnitCost);
  o["outcomes"].push_back(count_row("svc.served", "all", "all", 1000, 52));
  o["outcomes_by_group"] = {count_row("svc.served", "council", "A", std::nullopt, std::nullopt),
                            count_row("svc.served", "council", "B", 400, 20),
                            count_row("svc.served", "council", "C", 590, 30),
                            count_row("svc.served", "imd_quintile", "1", 500, 26),
                            count_row("svc.served", "imd_quintile", "2", 500, 26)};
  o["reach"] = {reach_row("all", "LCR", 52), reach_row("council", "A", 2),
                reach_row("council", "B", 20), reach_row("council", "C", 30)};
  o["equity"] = {
      equity_row("council", "A", 2 * kUnitCost), equity_row("council", "B", 20 * kUnitCost),
      equity_row("council", "C", 30 * kUnitCost), equity_row("imd_quintile", "1", 26 * kUnitCost),
      equity_row("imd_quintile", "2", 26 * kUnitCost)};
  return document({o});
}

TEST(DisclosureControl, MoneyDividedByTheUnitPriceNoLongerGivesAHiddenCount) {
  json doc = money_document();
  ASSERT_TRUE(
      any_money_gives(doc, 2));  // the route works on the document as the evaluation wrote it
  doc["disclosure"]["rule"] = "Counts below 10 are suppressed.";
  evaluation::apply_disclosure_control(doc, kThreshold);
  EXPECT_EQ(doc["disclosure"]["rule"].get<std::string>().rfind(
                "Counts below 10 are suppressed. Every figure from which", 0),
            0u);
  EXPECT_FALSE(any_money_gives(doc, 2));
  const json& o = doc["options"][0];
  const json& a = group_row(o["equity"], "A");
  EXPECT_TRUE(a["suppressed"].get<bool>());
  for (const char* m :
       {"intervention_cost", "net_cost", "qalys_gained", "savings_total", "nmb_20000"})
    EXPECT_TRUE(is_null(a, m)) << m;
  const json& reach_a = group_row(o["reach"], "A");
  EXPECT_TRUE(reach_a["suppressed"].get<bool>());
  for (const char* m : {"units", "cost", "cost_per_unit"}) EXPECT_TRUE(is_null(reach_a, m)) << m;
  EXPECT_TRUE(reach_a["break_even_price"]["npv_fiscal"].is_null());
  // B, the smaller of the rest, goes with it, so that everyone minus C is A and B together.
  EXPECT_TRUE(is_null(group_row(o["equity"], "B"), "intervention_cost"));
  EXPECT_TRUE(is_null(group_row(o["reach"], "B"), "units"));
  EXPECT_FALSE(total_minus_rest(o["headline"], "intervention_cost", o["equity"], "council", "A")
                   .has_value());
  // What no small count feeds stays: C, the quintiles, everyone's figures and B's count of
  // requests.
  EXPECT_EQ(mean(group_row(o["equity"], "C"), "intervention_cost"), 30 * kUnitCost);
  EXPECT_FALSE(group_row(o["equity"], "C").value("suppressed", false));
  EXPECT_EQ(mean(group_row(o["reach"], "C"), "units"), 30);
  EXPECT_EQ(mean(group_row(o["equity"], "1"), "intervention_cost"), 26 * kUnitCost);
  EXPECT_EQ(mean(o["headline"], "intervention_cost"), 52 * kUnitCost);
  EXPECT_EQ(mean(group_row(o["reach"], "LCR"), "units"), 52);
  EXPECT_EQ(o["headline"]["payback_year"]["mean"], "2029-30");
  EXPECT_FALSE(o["headline"].contains("suppressed"));
  EXPECT_EQ(mean(group_row(o["outcomes_by_group"], "C", "svc.served"), "baseline"), 590);
}

// Reach has no IMD quintiles: quintile 1's intervention cost is 2 homes though no count of them is
// shown there; under 10 homes at the dearest unit cost, it goes (and quintile 2 with it).
TEST(DisclosureControl, MoneyOfAGroupWithNoCountShownIsCheckedAgainstTheUnitCost) {
  json doc = money_document();
  json& o = doc["options"][0];
  o["outcomes_by_group"] = {count_row("svc.served", "council", "B", 400, 20)};
  o["reach"] = {reach_row("all", "LCR", 52)};
  o["equity"] = {equity_row("imd_quintile", "1", 2 * kUnitCost),
                 equity_row("imd_quintile", "2", 50 * kUnitCost),
                 untouched_equity_row("imd_quintile", "3"),
                 untouched_equity_row("imd_quintile", "4")};
  ASSERT_TRUE(any_money_gives(o["equity"], 2));
  evaluation::apply_disclosure_control(doc, kThreshold);
  EXPECT_FALSE(any_money_gives(doc, 2));
  EXPECT_TRUE(is_null(group_row(o["equity"], "1"), "intervention_cost"));
  // Its partner is quintile 2, the smallest that had money of its own: quintile 3 had none, and a
  // reader who knows the option never reached it would take the pair's total as quintile 1's.
  EXPECT_TRUE(is_null(group_row(o["equity"], "2"), "intervention_cost"));
  EXPECT_EQ(mean(group_row(o["equity"], "3"), "intervention_cost"), 0);
}

// Attacks in council A: 3 in the baseline (hidden), 50 in B and 60 in C, 113 for everyone; the
// states of a process in B: 4 person-years sick (hidden), 96 well; quintiles 1 (hidden) and 2.
TEST(DisclosureControl, TotalMinusTheRestNoLongerGivesAHiddenCount) {
  json o = option("repairs");
  o["outcomes"] = {count_row("m.events.attack", "all", "all", 113, -20)};
  o["outcomes_by_group"] = {
      count_row("m.events.attack", "council", "A", std::nullopt, std::nullopt),
      count_row("m.events.attack", "council", "B", 50, -12),
      count_row("m.events.attack", "council", "C", 60, -10),
      count_row("m.events.attack", "imd_quintile", "1", std::nullopt, std::nullopt),
      count_row("m.events.attack", "imd_quintile", "2", 100, -18),
      count_row("m.years_in.sick", "council", "B", std::nullopt, std::nullopt),
      count_row("m.years_in.well", "council", "B", 96, 12),
      count_row("m.years_in.gone", "council", "B", 400, 30)};
  json doc = document({o});
  const json& rows = doc["options"][0]["outcomes_by_group"];
  const json& everyone = doc["options"][0]["outcomes"][0];
  ASSERT_EQ(total_minus_rest(everyone, "baseline", rows, "council", "A").value_or(-1), 3);
  evaluation::apply_disclosure_control(doc, kThreshold);
  EXPECT_FALSE(total_minus_rest(everyone, "baseline", rows, "council", "A").has_value());
  EXPECT_FALSE(total_minus_rest(everyone, "mean", rows, "council", "A").has_value());
  // B (50) is the smaller of the shown councils: it goes, C stays.
  EXPECT_TRUE(group_row(rows, "B", "m.events.attack")["baseline"].is_null());
  EXPECT_EQ(group_row(rows, "C", "m.events.attack")["baseline"], 60);
  // Quintile 2 is the only other part: it goes, leaving the total with two parts hidden.
  EXPECT_TRUE(group_row(rows, "2", "m.events.attack")["baseline"].is_null());
  EXPECT_EQ(everyone["baseline"], 113);
  // In B the sick state's person-years are the population's minus the other states': the smaller
  // shown state (well, 96) goes too, the larger (400) stays.
  EXPECT_TRUE(group_row(rows, "B", "m.years_in.well")["baseline"].is_null());
  EXPECT_EQ(group_row(rows, "B", "m.years_in.gone")["baseline"], 400);
}

// Option total = baseline + difference: a row whose option total is 2 (baseline 12, 10 fewer) is
// hidden though neither part is small. And a baseline hidden in one option is hidden in every
// option: D's baseline of 5 is hidden in both and F's (a small difference) in the first; were it
// shown in the second, D = everyone - E - F (second) - G.
TEST(DisclosureControl, OptionMinusBaselineNoLongerGivesAHiddenCount) {
  json first = option("first"), second = option("second");
  first["outcomes"] = {count_row("m.events.attack", "all", "all", 1000, -100),
                       count_row("svc.served", "all", "all", 405, 25)};
  first["outcomes_by_group"] = {count_row("m.events.attack", "council", "A", 12, -10),
                                count_row("m.events.attack", "council", "B", 588, -40),
                                count_row("m.events.attack", "council", "C", 400, -50),
                                count_row("svc.served", "council", "D", std::nullopt, std::nullopt),
                                count_row("svc.served", "council", "E", 100, 15),
                                count_row("svc.served", "council", "F", std::nullopt, std::nullopt),
                                count_row("svc.served", "council", "G", 180, 15)};
  second["outcomes"] = {count_row("svc.served", "all", "all", 405, 60)};
  second["outcomes_by_group"] = {
      count_row("svc.served", "council", "D", std::nullopt, std::nullopt),
      count_row("svc.served", "council", "E", 100, 20),
      count_row("svc.served", "council", "F", 120, 20),
      count_row("svc.served", "council", "G", 180, 20)};
  json doc = document({first, second});
  const json& a = group_row(doc["options"][0]["outcomes_by_group"], "A", "m.events.attack");
  ASSERT_EQ(mean(a, "baseline") + mean(a, "mean"), 2);
  const auto baseline = [&](int option, const std::string& group) {
    return group_row(doc["options"][option]["outcomes_by_group"], group, "svc.served")["baseline"];
  };
  ASSERT_EQ(405 - baseline(0, "E").get<double>() - baseline(1, "F").get<double>() -
                baseline(0, "G").get<double>(),
            5);
  evaluation::apply_disclosure_control(doc, kThreshold);
  EXPECT_TRUE(a["suppressed"].get<bool>());
  EXPECT_TRUE(a["baseline"].is_null());
  EXPECT_TRUE(a["mean"].is_null());
  // D and F may be zeros for all a reader knows, so E (the smallest shown) is hidden as their
  // cover, in both options.
  for (int o : {0, 1})
    for (const char* g : {"D", "E", "F"}) EXPECT_TRUE(baseline(o, g).is_null()) << o << g;
  // What no small count feeds stays: G in both options, B's attacks.
  EXPECT_EQ(baseline(0, "G"), 180);
  EXPECT_EQ(baseline(1, "G"), 180);
  EXPECT_EQ(mean(group_row(doc["options"][1]["outcomes_by_group"], "G", "svc.served"), "mean"), 20);
  EXPECT_EQ(mean(group_row(doc["options"][0]["outcomes_by_group"], "B", "m.events.attack"), "mean"),
            -40);
}

// Everyone's reach is 4 homes: every figure of the option's money is a multiple of it.
TEST(DisclosureControl, SmallReachForEveryoneHidesTheOptionsMoney) {
  json o = option("tiny");
  o["headline"] = headline(4 * kUnitCost);
  o["reach"] = {reach_row("all", "LCR", 4), reach_row("council", "A", 4),
                reach_row("council", "B", 0)};
  o["equity"] = {equity_row("council", "A", 4 * kUnitCost), equity_row("council", "B", 0)};
  o["by_year"] = {{{"year", "2026-27"},
                   {"payer", "housing"},
                   {"intervention_cost", 4 * kUnitCost},
                   {"saving", 50.0}}};
  o["payback"] = {{{"year", "2026-27"}, {"cumulative_net_fiscal", 50 - 4 * kUnitCost}}};
  o["accounting"] = {{{"side", "cost"},
                      {"kind", "intervention"},
                      {"item", "fix"},
                      {"pv", interval(4 * kUnitCost)}}};
  o["ce_draws"] = {{{"replication", 0}, {"d_cost", 4 * kUnitCost - 300}, {"d_qaly", 1.5}}};
  o["cost_per_outcome"] = {{{"outcome", "m.events.attack"},
                            {"avoided", interval(40)},
                            {"net_cost_per_avoided", (4 * kUnitCost - 300) / 40},
                            {"suppressed", false}}};
  o["mc_error"] = {{"npsv_se", 12.0}, {"method", "replications"}, {"text", "GBP 12"}};
  json other = option("big");
  other["headline"] = headline(100 * kUnitCost);
  json doc = document({o, other});
  doc["frontier"] = {
      {{"option", "base"}, {"cost", 0.0}, {"qalys", 0.0}, {"icer", nullptr}},
      {{"option", "tiny"}, {"cost", 4 * kUnitCost - 300}, {"qalys", 1.5}, {"icer", 3100.0}},
      {{"option", "big"}, {"cost", 100 * kUnitCost - 300}, {"qalys", 3.0}, {"icer", 79200.0}}};
  doc["ceac"] = {{{"option", "tiny"}, {"lambda", 5000.0}, {"p", 1.0}}};
  ASSERT_TRUE(any_money_gives(doc, 4));
  evaluation::apply_disclosure_control(doc, kThreshold);
  EXPECT_FALSE(any_money_gives(doc, 4));
  const json& h = doc["options"][0]["headline"];
  EXPECT_TRUE(h["suppressed"].get<bool>());
  EXPECT_TRUE(is_null(h, "qalys_gained"));
  EXPECT_TRUE(h["payback_year"]["mean"].is_null());
  EXPECT_EQ(h["icer_status"], "more_costly_more_effective");  // a quadrant, no number
  EXPECT_TRUE(doc["options"][0]["mc_error"]["npsv_se"].is_null());
  EXPECT_TRUE(doc["options"][0]["by_year"][0]["saving"].is_null());
  EXPECT_EQ(doc["options"][0]["by_year"][0]["year"], "2026-27");
  EXPECT_TRUE(doc["options"][0]["cost_per_outcome"][0]["net_cost_per_avoided"].is_null());
  EXPECT_EQ(mean(doc["options"][0]["cost_per_outcome"][0], "avoided"), 40);  // a count of 40 stays
  // The other option keeps its money, but no ICER along the frontier (big's is against tiny's cost)
  // and no acceptability curve (it steps at tiny's ICER).
  EXPECT_EQ(mean(doc["options"][1]["headline"], "intervention_cost"), 100 * kUnitCost);
  EXPECT_EQ(doc["frontier"][2]["cost"], 100 * kUnitCost - 300);
  EXPECT_TRUE(doc["frontier"][2]["icer"].is_null());
  EXPECT_TRUE(doc["frontier"][1]["cost"].is_null());
  EXPECT_TRUE(doc["ceac"][0]["p"].is_null());
}

// 40 homes in the period, 2 of them in 2027-28: that year's cost / GBP 1,240 is 2.
TEST(DisclosureControl, AYearsCostNoLongerGivesASmallCountOfThatYear) {
  json o = option("repairs");
  o["headline"] = headline(40 * kUnitCost);
  o["reach"] = {reach_row("all", "LCR", 40)};
  for (const auto& [year, homes] :
       {std::pair{"2026-27", 30}, {"2027-28", 2}, {"2028-29", 8}, {"2029-30", 0}})
    for (const char* payer : {"housing", "nhs"})
      o["by_year"].push_back(
          {{"year", year},
           {"payer", payer},
           {"intervention_cost", payer == std::string("housing") ? homes * kUnitCost : 0.0},
           {"saving", 100.0}});
  o["payback"] = {{{"year", "2026-27"}, {"cumulative_net_fiscal", -1000.0}}};
  json doc = document({o});
  ASSERT_TRUE(any_money_gives(doc["options"][0]["by_year"], 2));
  evaluation::apply_disclosure_control(doc, kThreshold);
  const json& rows = doc["options"][0]["by_year"];
  EXPECT_FALSE(any_money_gives(rows, 2));
  EXPECT_FALSE(any_money_gives(rows, 8));  // 2028-29 (8 homes) was small too
  // Two years hidden: the period's cost minus the shown years is their sum, 10 homes.
  EXPECT_EQ(rows[0]["intervention_cost"], 30 * kUnitCost);
  EXPECT_EQ(rows[2]["saving"], 100.0);
  EXPECT_TRUE(doc["options"][0]["payback"][0]["cumulative_net_fiscal"].is_null());
  EXPECT_EQ(mean(doc["options"][0]["headline"], "intervention_cost"), 40 * kUnitCost);
}

// The same with a programme cost of GBP 50,000 a year beside the homes: 2027-28's cost is above the
// check as a whole, but a reader who knows the programme's cost subtracts it and divides by 1,240.
TEST(DisclosureControl, AYearsCostLessItsProgrammeCostNoLongerGivesASmallCount) {
  constexpr double kProgramme = 50000.0;
  json o = option("repairs");
  o["headline"] = headline(40 * kUnitCost + 3 * kProgramme);
  o["reach"] = {reach_row("all", "LCR", 40)};
  for (const auto& [year, homes] : {std::pair{"2026-27", 30}, {"2027-28", 2}, {"2028-29", 20}})
    o["by_year"].push_back({{"year", year},
                            {"payer", "housing"},
                            {"intervention_cost", homes * kUnitCost + kProgramme},
                            {"programme_cost", kProgramme},
                            {"saving", 100.0}});
  json doc = document({o});
  const auto gives_two = [](const json& rows) {
    for (const json& r : rows)
      if (r["intervention_cost"].is_number() &&
          (r["intervention_cost"].get<double>() - kProgramme) / kUnitCost == 2.0)
        return true;
    return false;
  };
  ASSERT_TRUE(gives_two(doc["options"][0]["by_year"]));
  evaluation::apply_disclosure_control(doc, kThreshold);
  const json& rows = doc["options"][0]["by_year"];
  EXPECT_FALSE(gives_two(rows));
  EXPECT_EQ(rows[1]["programme_cost"], kProgramme);  // no count in it: shown
  // A second year is hidden (the period's total minus the rest), the smaller: 2028-29.
  EXPECT_TRUE(rows[2]["intervention_cost"].is_null());
  EXPECT_EQ(rows[0]["intervention_cost"], 30 * kUnitCost + kProgramme);
}

// The points of a difference over time add up to its total; a small point hidden by the evaluation
// needs a shown one hidden as its cover.
TEST(DisclosureControl, PointsOverTimeNoLongerGiveAHiddenPoint) {
  json o = option("repairs");
  o["outcomes"] = {count_row("m.events.attack", "all", "all", 500, -30),
                   count_row("m.events.rare", "all", "all", 5, -3)};
  for (const auto& [date, v] : {std::pair{"2026-04", -15.0}, {"2026-05", -12.0}})
    o["over_time"].push_back(
        {{"outcome", "m.events.attack"}, {"date", date}, {"mean", v}, {"low", v}, {"high", v}});
  o["over_time"].push_back({{"outcome", "m.events.attack"},
                            {"date", "2026-06"},
                            {"mean", nullptr},
                            {"low", nullptr},
                            {"high", nullptr}});  // -3, hidden by the evaluation
  o["over_time"].push_back({{"outcome", "m.events.rare"},
                            {"date", "2026-04"},
                            {"mean", -1.0},
                            {"low", -1.0},
                            {"high", -1.0}});
  json doc = document({o});
  const json& points = doc["options"][0]["over_time"];
  ASSERT_EQ(-30 - points[0]["mean"].get<double>() - points[1]["mean"].get<double>(), -3);
  evaluation::apply_disclosure_control(doc, kThreshold);
  EXPECT_TRUE(points[1]["mean"].is_null());  // -12, the smallest shown, goes with -3
  EXPECT_EQ(points[0]["mean"], -15.0);
  EXPECT_TRUE(points[3]["mean"].is_null());  // a hidden total's points would add up to it
  EXPECT_TRUE(doc["options"][0]["outcomes"][1]["suppressed"].get<bool>());
}

// A 5% sample's counts are scaled up 20 times: 150 homes shown are 7.5 records, below 10.
TEST(DisclosureControl, ScaledUpCountsAreComparedAsRecords) {
  json doc = money_document();
  doc["settings"]["sampling"] = {{"fraction", 0.05}, {"scale_up", 20.0}};
  json& o = doc["options"][0];
  o["reach"] = {reach_row("all", "LCR", 1040), reach_row("council", "A", 150),
                reach_row("council", "B", 200), reach_row("council", "C", 690)};
  o["outcomes_by_group"] = json::array();
  evaluation::apply_disclosure_control(doc, kThreshold);
  EXPECT_TRUE(is_null(group_row(o["reach"], "A"), "units"));  // 7.5 records
  EXPECT_TRUE(is_null(group_row(o["reach"], "B"), "units"));  // 10 records, hidden as A's partner
  EXPECT_EQ(mean(group_row(o["reach"], "C"), "units"), 690);
}

// The report renders a document whose option lost all its money and groups (nulls and "suppressed"
// rows), and shows none of the hidden figures.
// Each arm's own results for linked records: a trace of two arms (process m: H, S, D) and their
// costs. Returns the document and, by (arm, state, cycle), the counts it started with.
json arms_document(const std::vector<std::vector<double>>& soc,
                   const std::vector<std::vector<double>>& treat) {
  json doc = document({option("treat")});
  doc["baseline"] = {{"name", "soc"}};
  doc["trace"] = json::array();
  doc["arms"] = json::array();
  const char* states[] = {"H", "S", "D"};
  for (const auto& [arm, counts] :
       std::vector<std::pair<std::string, std::vector<std::vector<double>>>>{{"soc", soc},
                                                                             {"treat", treat}}) {
    for (size_t s = 0; s < 3; ++s)
      for (size_t t = 0; t < counts[s].size(); ++t)
        doc["trace"].push_back({{"arm", arm},
                                {"process", "m"},
                                {"state", states[s]},
                                {"cycle", t},
                                {"date", "202" + std::to_string(t) + "-01"},
                                {"count", counts[s][t]},
                                {"share", counts[s][t] / 100.0}});
    for (const char* measure : {"costs", "qalys", "life_years"})
      doc["arms"].push_back({{"arm", arm},
                             {"measure", measure},
                             {"discounted", true},
                             {"per_person", interval(2.5)},
                             {"total", interval(250.0)},
                             {"persons", 100}});
  }
  doc["incremental"] = {{{"arm", "soc"},
                         {"cost", 2.0},
                         {"qalys", 2.0},
                         {"status", "on_frontier"},
                         {"compared_with", nullptr},
                         {"incremental_cost", nullptr},
                         {"incremental_qalys", nullptr},
                         {"icer", nullptr},
                         {"dominated_by", json::array()}},
                        {{"arm", "treat"},
                         {"cost", 3.0},
                         {"qalys", 2.5},
                         {"status", "on_frontier"},
                         {"compared_with", "soc"},
                         {"incremental_cost", 1.0},
                         {"incremental_qalys", 0.5},
                         {"icer", 2.0},
                         {"dominated_by", json::array()}}};
  return doc;
}

TEST(DisclosureControl, TheTraceAndEachArmsMoneyNoLongerGiveASmallCount) {
  // soc: 5 and then 8 persons in S (small); treat: 3 and 12 in D. A hundred persons in all.
  json doc =
      arms_document({{100, 90, 80}, {0, 5, 8}, {0, 5, 12}}, {{100, 95, 85}, {0, 2, 3}, {0, 3, 12}});
  evaluation::apply_disclosure_control(doc, kThreshold);
  std::map<std::tuple<std::string, std::string, int>, bool> hidden;
  for (const json& r : doc["trace"]) {
    const bool h = r["count"].is_null();
    hidden[{r["arm"], r["state"], r["cycle"].get<int>()}] = h;
    EXPECT_EQ(h, r["share"].is_null());
    if (!h) {  // every count shown is zero or at least the threshold
      const double c = r["count"].get<double>();
      EXPECT_TRUE(c == 0.0 || c >= kThreshold) << r.dump();
    }
  }
  for (int t = 0; t < 3; ++t)
    for (const char* state : {"H", "S", "D"})  // hidden in one arm, hidden in both
      EXPECT_EQ((hidden[{"soc", state, t}]), (hidden[{"treat", state, t}])) << state << t;
  // No line that adds up (the states at a time point, a state over time) has one hidden member.
  for (const char* arm : {"soc", "treat"}) {
    for (int t = 0; t < 3; ++t) {
      int n = 0;
      for (const char* state : {"H", "S", "D"}) n += hidden[{arm, state, t}] ? 1 : 0;
      EXPECT_NE(n, 1) << arm << " at " << t;
    }
    for (const char* state : {"H", "S", "D"}) {
      int n = 0;
      for (int t = 0; t < 3; ++t) n += hidden[{arm, state, t}] ? 1 : 0;
      EXPECT_NE(n, 1) << arm << " " << state;
    }
  }
  // Both arms had a small count: their costs, QALYs and life-years go, and every ICER.
  for (const json& r : doc["arms"]) {
    EXPECT_TRUE(r["per_person"]["mean"].is_null()) << r.dump();
    EXPECT_TRUE(r["total"]["mean"].is_null()) << r.dump();
    EXPECT_TRUE(r["suppressed"].get<bool>());
  }
  for (const json& r : doc["incremental"]) {
    EXPECT_TRUE(r["icer"].is_null());
    EXPECT_TRUE(r["cost"].is_null());
  }
  // The report shows the hidden figures as suppressed, never as numbers.
  const std::string html = report::render_report_html(doc);
  const size_t arms = html.find("<section id=\"arms\">");
  ASSERT_NE(arms, std::string::npos);
  const std::string section = html.substr(arms, html.find("<section id=\"sources\"") - arms);
  EXPECT_NE(section.find("&lt;10"), std::string::npos);
  EXPECT_EQ(section.find("data-value=\"5\""), std::string::npos);
  EXPECT_EQ(section.find("data-value=\"2.5\""), std::string::npos);
}

TEST(DisclosureControl, ATraceWithoutSmallCountsKeepsEveryArm) {
  json doc = arms_document({{100, 80, 60}, {0, 10, 20}, {0, 10, 20}},
                           {{100, 85, 70}, {0, 15, 20}, {0, 0, 10}});
  const json before = doc;
  evaluation::apply_disclosure_control(doc, kThreshold);
  EXPECT_EQ(doc["trace"], before["trace"]);
  EXPECT_EQ(doc["arms"], before["arms"]);
  EXPECT_EQ(doc["incremental"], before["incremental"]);
}

TEST(DisclosureControl, TheReportRendersASuppressedDocument) {
  std::ifstream in(testing::source_dir() / "tests" / "report" / "sample_evaluation.json");
  json doc = json::parse(in);
  doc["disclosure"]["threshold"] = kThreshold;
  json& o = doc["options"][0];
  const double cost = o["headline"]["intervention_cost"]["mean"].get<double>();
  o["reach"] = {reach_row("all", "LCR", 4)};
  for (json& row : o["outcomes_by_group"])
    row = count_row(row["outcome"], row["dimension"], row["group"], std::nullopt, std::nullopt);
  const std::string cell =
      "data-testid=\"" + report::headline_test_id("pv_costs", o["name"].get<std::string>()) + "\">";
  const std::string before = report::render_report_html(doc);
  ASSERT_NE(before.find(cell), std::string::npos) << cell;
  ASSERT_NE(before.substr(before.find(cell), 200).find(report::format_money(cost)),
            std::string::npos);
  evaluation::apply_disclosure_control(doc, kThreshold);
  EXPECT_TRUE(o["headline"]["intervention_cost"]["mean"].is_null());
  for (const json& e : o["equity"]) EXPECT_TRUE(e["suppressed"].get<bool>()) << e["group"];
  // Every cell of this option's headline that showed the cost now shows it no more (another
  // option's figure may round to the same text, so the option's own cells are checked).
  const std::string html = report::render_report_html(doc);
  for (const char* metric : {"pv_costs", "intervention_cost", "npsv", "npv_fiscal"}) {
    const std::string key =
        "data-testid=\"" + report::headline_test_id(metric, o["name"].get<std::string>()) + "\">";
    for (size_t at = html.find(key); at != std::string::npos; at = html.find(key, at + 1))
      EXPECT_EQ(html.substr(at, html.find("</td>", at) - at).find(report::format_money(cost)),
                std::string::npos)
          << metric;
  }
}

}  // namespace
}  // namespace civicsim
