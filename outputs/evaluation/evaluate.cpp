#include "outputs/evaluation/evaluate.hpp"

#include <chrono>
#include <cmath>
#include <ctime>

#include "engine/evaluation/economics.hpp"
#include "engine/scenario/json_input.hpp"
#include "outputs/evaluation/disclosure.hpp"
#include "outputs/evaluation/one_way_sensitivity.hpp"
#include "outputs/evaluation/option_flows.hpp"

namespace civicsim::evaluation {
namespace {

using nlohmann::json;

json number_or_null(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }

// {"mean", "low", "high"} of the finite values (null where there are none).
json interval(const std::vector<double>& values) {
  std::vector<double> finite;
  for (double v : values)
    if (std::isfinite(v)) finite.push_back(v);
  if (finite.empty()) return {{"mean", nullptr}, {"low", nullptr}, {"high", nullptr}};
  const Summary s = summarize(finite);
  return {{"mean", s.mean}, {"low", s.lower}, {"high", s.upper}};
}

// "more costly, more effective" -> "more_costly_more_effective": tokens for tables and the report.
std::string token(const char* words) {
  std::string out;
  for (const char* c = words; *c; ++c) {
    if (*c == ',') continue;
    out += *c == ' ' ? '_' : *c;
  }
  return out;
}

std::string threshold_key(double t) { return "nmb_" + std::to_string(static_cast<long long>(t)); }

DiscountRates rates_of(const EvaluationSettings& s) {
  if (s.discounting == "nice") return DiscountRates::nice();
  if (s.discounting == "custom") return DiscountRates::constant(s.cost_rate, s.health_rate);
  return DiscountRates::green_book();
}

// Headline metrics of one group: intervals over replications, ICER and payback from the means.
json headline(const OptionFlows& f, size_t g, const DiscountRates& rates,
              const std::vector<double>& thresholds, std::vector<Appraisal>* per_replication) {
  std::vector<Appraisal> a;
  for (int r = 0; r < f.replications; ++r) a.push_back(appraise(appraisal_input(f, g, r), rates, thresholds));
  const Appraisal mean = appraise(appraisal_input(f, g, -1), rates, thresholds);
  const auto over = [&](auto get) {
    std::vector<double> v;
    for (const Appraisal& x : a) v.push_back(get(x));
    return v;
  };
  json h;
  h["intervention_cost"] = interval(over([](const Appraisal& x) { return x.pv_intervention_costs; }));
  h["savings_total"] = interval(over([](const Appraisal& x) { return x.pv_savings; }));
  for (int p = 0; p < kPayerCount; ++p)
    h[std::string("savings_") + kPayerNames[p]] =
        interval(over([&](const Appraisal& x) { return x.pv_savings_by_payer[p].second; }));
  h["net_cost"] = interval(over([](const Appraisal& x) { return x.delta_cost; }));
  h["npv"] = interval(over([](const Appraisal& x) { return x.npv; }));
  h["bcr"] = interval(over([](const Appraisal& x) { return x.bcr; }));
  h["roi"] = interval(over([](const Appraisal& x) { return x.roi; }));
  h["p_roi_positive"] = {
      {"mean", probability_positive(over([](const Appraisal& x) { return x.roi; }))},
      {"low", nullptr}, {"high", nullptr}};
  h["qalys_gained"] = interval(over([](const Appraisal& x) { return x.delta_qalys; }));
  // The ICER of the means (a ratio of intervals would mislead); its uncertainty is the CE plane.
  h["icer"] = {{"mean", number_or_null(mean.icer.icer)}, {"low", nullptr}, {"high", nullptr}};
  h["icer_status"] = token(to_string(mean.icer.status));
  for (size_t k = 0; k < thresholds.size(); ++k)
    h[threshold_key(thresholds[k])] = interval(over([&](const Appraisal& x) { return x.nmb[k].nmb; }));
  h["payback_year"] = {{"mean", mean.payback_year ? json(f.first_year + *mean.payback_year) : json(nullptr)},
                       {"low", nullptr}, {"high", nullptr}};
  if (per_replication) *per_replication = std::move(a);
  return h;
}

bool small(double v, int threshold) { return std::abs(v) < threshold; }

// The change in outcome x over the horizon in group g: an interval over replications, with the
// baseline's mean total; suppressed (nulls) under disclosure control when a total or the difference
// is small.
json outcome_total(const OutcomeSeries& x, size_t g, bool suppress, int threshold) {
  const std::vector<double>& b = x.baseline_total[g];
  const std::vector<double>& o = x.option_total[g];
  std::vector<double> diff;
  double base = 0.0, opt = 0.0;
  for (size_t r = 0; r < o.size(); ++r) {
    diff.push_back(o[r] - b[r]);
    base += b[r] / static_cast<double>(o.size());
    opt += o[r] / static_cast<double>(o.size());
  }
  json row = interval(diff);
  const bool hidden = suppress && (small(base, threshold) || small(opt, threshold) ||
                                   small(row["mean"].get<double>(), threshold));
  if (hidden) row = {{"mean", nullptr}, {"low", nullptr}, {"high", nullptr}};
  row["outcome"] = x.name;
  row["unit"] = x.unit;
  row["baseline"] = hidden ? json(nullptr) : json(base);
  row["suppressed"] = hidden;
  return row;
}

// The headline metrics a tornado shows, of one appraisal of mean flows.
json tornado_metrics(const Appraisal& a, const std::vector<double>& thresholds) {
  json m = {{"npv", a.npv}, {"net_cost", a.delta_cost}, {"qalys_gained", a.delta_qalys}};
  for (size_t k = 0; k < thresholds.size(); ++k) m[threshold_key(thresholds[k])] = a.nmb[k].nmb;
  return m;
}

// One row per varied number: its range, and each metric at the base value and at both ends.
json one_way_document(const std::vector<OneWayResult>& results, const Appraisal& base,
                      const std::vector<double>& thresholds) {
  json rows = json::array();
  const json at_base = tornado_metrics(base, thresholds);
  for (const OneWayResult& r : results) {
    const json low = tornado_metrics(r.at_low, thresholds), high = tornado_metrics(r.at_high, thresholds);
    json metrics = json::object();
    for (const auto& [key, value] : at_base.items())
      metrics[key] = {{"base", value}, {"low", low[key]}, {"high", high[key]}};
    rows.push_back({{"parameter", r.parameter.pointer}, {"label", r.parameter.label},
                    {"base_value", r.parameter.base}, {"value_low", r.parameter.low},
                    {"value_high", r.parameter.high}, {"metrics", metrics}});
  }
  return rows;
}

json option_document(const Run& option, const OptionFlows& f, const DiscountRates& rates,
                     const std::vector<double>& thresholds, bool suppress, int threshold,
                     const std::vector<OneWayResult>& one_way) {
  json o = {{"name", option.name}, {"description", option.description},
            {"assumptions", option.assumptions}, {"file", option.file}};
  std::vector<Appraisal> draws;
  o["headline"] = headline(f, 0, rates, thresholds, &draws);
  o["ce_draws"] = json::array();
  for (size_t r = 0; r < draws.size(); ++r)
    o["ce_draws"].push_back({{"replication", r}, {"d_cost", draws[r].delta_cost},
                             {"d_qaly", draws[r].delta_qalys}});
  o["by_year"] = json::array();
  const AppraisalInput mean = appraisal_input(f, 0, -1);
  o["one_way"] = one_way_document(one_way, appraise(mean, rates, thresholds), thresholds);
  std::vector<double> by_payer_cost(static_cast<size_t>(f.years) * kPayerCount, 0.0);
  for (int r = 0; r < f.replications; ++r)
    for (int y = 0; y < f.years; ++y)
      for (int p = 0; p < kPayerCount; ++p)
        by_payer_cost[static_cast<size_t>(y * kPayerCount + p)] +=
            f.cost(f.intervention_cost, r, 0, y, p) / f.replications;
  for (int y = 0; y < f.years; ++y)
    for (int p = 0; p < kPayerCount; ++p)
      o["by_year"].push_back(
          {{"year", f.first_year + y}, {"payer", kPayerNames[p]},
           {"intervention_cost", by_payer_cost[static_cast<size_t>(y * kPayerCount + p)]},
           {"saving", -mean.cost_differences[static_cast<size_t>(p)].cost_difference[static_cast<size_t>(y)]}});
  o["outcomes"] = json::array();
  o["over_time"] = json::array();
  o["outcomes_by_group"] = json::array();
  for (const OutcomeSeries& x : f.outcomes) {
    json row = outcome_total(x, 0, suppress, threshold);
    const bool hidden = row["suppressed"].get<bool>();
    o["outcomes"].push_back(row);
    for (size_t g = 1; g < f.groups.size(); ++g) {
      if (!x.split[g]) continue;
      json by = outcome_total(x, g, suppress, threshold);
      by["dimension"] = f.groups[g].dimension;
      by["group"] = f.groups[g].label;
      o["outcomes_by_group"].push_back(std::move(by));
    }
    if (hidden || row["mean"].get<double>() == 0.0) continue;
    for (size_t t = 0; t < x.time.size(); ++t) {
      std::vector<double> at;
      for (const auto& d : x.difference_over_time) at.push_back(d[t]);
      json point = interval(at);
      if (suppress && small(point["mean"].get<double>(), threshold))
        point = {{"mean", nullptr}, {"low", nullptr}, {"high", nullptr}};
      point["outcome"] = x.name;
      point["date"] = x.time[t];
      o["over_time"].push_back(point);
    }
  }
  o["equity"] = json::array();
  for (size_t g = 1; g < f.groups.size(); ++g) {
    const json h = headline(f, g, rates, thresholds, nullptr);
    json row = {{"dimension", f.groups[g].dimension}, {"group", f.groups[g].label},
                {"net_cost", h["net_cost"]}, {"qalys_gained", h["qalys_gained"]},
                {"intervention_cost", h["intervention_cost"]}, {"savings_total", h["savings_total"]}};
    for (double t : thresholds) row[threshold_key(t)] = h[threshold_key(t)];
    o["equity"].push_back(row);
  }
  return o;
}

// What the intervals cover: Monte Carlo variation, and parameter uncertainty when the runs drew
// their parameters (probabilistic sensitivity analysis, engine/scenario/uncertainty.hpp).
std::string uncertainty_note(const Run& baseline) {
  const json scenario = parse_stored_json(baseline.data.meta.scenario_json);
  const json* u = scenario.is_object() && scenario.contains("uncertainty") ? &scenario["uncertainty"] : nullptr;
  const size_t parameters = u && u->contains("parameters") ? u->at("parameters").size() : 0;
  const std::string base = "Intervals: 2.5th and 97.5th percentiles over the paired replications";
  if (parameters == 0 || !u->contains("psa_draws"))
    return base + ": Monte Carlo variation only (no parameter was given a distribution).";
  return base + ", each with its own draw of " + std::to_string(parameters) +
         " uncertain parameters (probabilistic sensitivity analysis): Monte Carlo and parameter "
         "uncertainty together.";
}

// What the money is in, for a reader.
std::string price_basis_text(const PairedRuns& runs, std::optional<int> moved_to) {
  const PriceBasis& basis = runs.baseline.prices;
  if (!basis.year)
    return "Each cost is in the price year of its source: the scenario sets no price year "
           "(prices/year), so no inflation is applied and costs from different years are not on "
           "one price basis.";
  const std::string year = std::to_string(moved_to ? *moved_to : *basis.year);
  std::string text = "All money is in " + year + " prices: each cost was converted from the price "
                     "year of its source to " + std::to_string(*basis.year);
  if (moved_to && *moved_to != *basis.year) text += ", then to " + year + ",";
  return text + " with " + basis.deflator_source + ".";
}

std::string today() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", std::gmtime(&now));
  return buf;
}

}  // namespace

json evaluation_document(const PairedRuns& runs, const EvaluationSettings& settings) {
  const std::optional<int> price_year = evaluated_price_year(runs, settings.price_year);
  const std::vector<double> thresholds =
      settings.thresholds.empty() ? default_thresholds() : settings.thresholds;
  const DiscountRates rates = rates_of(settings);
  const RunIdentity& id = runs.baseline.data.identity;
  const bool suppress = id.population_source == "linked";
  std::string names;
  for (size_t i = 0; i < runs.options.size(); ++i)
    names += (i == 0 ? "" : i + 1 == runs.options.size() ? " or " : ", ") + runs.options[i].name;
  json doc = {
      {"title", "civicsim evaluation: " + names + " against " + runs.baseline.name},
      {"question", settings.question.empty()
                       ? "What would " + names + " cost, who would save, and what would change "
                         "for residents, compared with " + runs.baseline.name + "?"
                       : settings.question},
      {"generated", settings.generated.empty() ? today() : settings.generated},
      {"settings",
       {{"discounting", settings.discounting},
        {"cost_rate", rate_in_year(rates.cost, 0)},
        {"health_rate", rate_in_year(rates.health, 0)},
        {"price_year", price_year ? std::to_string(*price_year) : ""},
        {"price_basis", price_basis_text(runs, settings.price_year)},
        {"thresholds", thresholds},
        {"replications", id.replications},
        {"horizon_years", (id.steps * id.step_months + 11) / 12},
        {"start", id.start}}},
      {"disclosure",
       {{"threshold", suppress ? json(settings.disclosure_threshold) : json(nullptr)},
        {"rule", suppress ? "The population comes from linked individual records: counts below " +
                                std::to_string(settings.disclosure_threshold) +
                                " (and differences built on them) are suppressed."
                          : "The population is synthetic (built from published aggregates): no "
                            "individual's record is shown, so no count is suppressed."}}},
      {"baseline",
       {{"name", runs.baseline.name}, {"description", runs.baseline.description},
        {"assumptions", runs.baseline.assumptions}, {"file", runs.baseline.file}}},
      {"options", json::array()},
      {"frontier", json::array()},
      {"ceac", json::array()},
      {"sources", json::array()}};
  std::vector<CostEffect> points{{runs.baseline.name, 0.0, 0.0}};
  std::vector<OptionDraws> draws;
  for (const Run& option : runs.options) {
    const OptionFlows f = option_flows(runs.baseline, option);
    json o = option_document(option, f, rates, thresholds, suppress, settings.disclosure_threshold,
                             one_way_sensitivity(runs.baseline, option, rates, thresholds));
    OptionDraws d{option.name, {}, {}};
    for (const json& x : o["ce_draws"]) {
      d.delta_cost.push_back(x["d_cost"].get<double>());
      d.delta_qalys.push_back(x["d_qaly"].get<double>());
    }
    points.push_back({option.name, o["headline"]["net_cost"]["mean"].get<double>(),
                      o["headline"]["qalys_gained"]["mean"].get<double>()});
    draws.push_back(std::move(d));
    doc["options"].push_back(std::move(o));
  }
  for (const FrontierEntry& e : efficiency_frontier(points))
    doc["frontier"].push_back({{"option", e.name}, {"cost", e.cost}, {"qalys", e.qalys},
                               {"status", token(to_string(e.status))},
                               {"icer", e.compared_with ? number_or_null(e.icer) : json(nullptr)}});
  const AcceptabilityCurves ceac =
      acceptability_curves(draws, threshold_grid(100000.0, 2500.0), runs.baseline.name);
  for (const AcceptabilityCurve& c : ceac.curves)
    for (size_t k = 0; k < ceac.thresholds.size(); ++k)
      doc["ceac"].push_back({{"option", c.name}, {"lambda", ceac.thresholds[k]},
                             {"p", c.probability_best[k]}});
  doc["sources"] = {
      "Discounting: HM Treasury Green Book (2022) Annex A6, 3.5% costs and 1.5% health for years "
      "0-30, declining after; NICE reference case 3.5% for both (PMG36, 2022).",
      "Thresholds: NICE GBP 20,000-30,000 per QALY (PMG36); Green Book / DHSC social value of a QALY "
      "GBP 70,000 (Green Book 2022).",
      "Every model parameter and its source: the scenario files' source fields and "
      "docs/lcr_models.md.",
      uncertainty_note(runs.baseline)};
  // Last, on the finished document: nothing derived from a suppressed count may stay (disclosure.hpp).
  if (!doc["disclosure"]["threshold"].is_null())
    apply_disclosure_control(doc, doc["disclosure"]["threshold"].get<int>());
  return doc;
}

}  // namespace civicsim::evaluation
