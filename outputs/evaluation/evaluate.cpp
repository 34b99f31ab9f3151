#include "outputs/evaluation/evaluate.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <ctime>

#include "engine/core/input_error.hpp"
#include "engine/evaluation/economics.hpp"
#include "engine/scenario/json_input.hpp"
#include "outputs/evaluation/arm_document.hpp"
#include "outputs/evaluation/disclosure.hpp"
#include "outputs/evaluation/labels.hpp"
#include "outputs/evaluation/one_way_sensitivity.hpp"
#include "outputs/evaluation/option_appraisal.hpp"
#include "outputs/evaluation/option_flows.hpp"
#include "outputs/evaluation/uncertainty_text.hpp"

namespace civicsim::evaluation {
namespace {

using nlohmann::json;

struct Discounting {
  std::string name;  // "nice", "green_book" or "custom"
  DiscountRates rates;
  CycleConvention convention;
};

// The command line's choice, else the baseline scenario's appraisal/discounting, else the NICE
// reference case with the half-cycle correction at elapsed time (README.md says why).
Discounting discounting_of(const EvaluationSettings& s, const DeclaredDiscounting& d,
                           const std::string& file) {
  Discounting out;
  out.name = s.discounting.value_or(d.rates.value_or("nice"));
  if (out.name == "nice") {
    out.rates = DiscountRates::nice();
  } else if (out.name == "custom") {
    out.rates = DiscountRates::constant(s.cost_rate.value_or(d.cost_rate.value_or(0.035)),
                                        s.health_rate.value_or(d.health_rate.value_or(0.035)));
  } else {
    out.rates = DiscountRates::green_book();
  }
  CycleConvention& c = out.convention;
  try {
    c.state_rewards = s.state_rewards ? state_rewards_from(*s.state_rewards)
                                      : d.state_rewards.value_or(c.state_rewards);
    c.discount_time = s.discount_time ? discount_time_from(*s.discount_time)
                                      : d.discount_time.value_or(c.discount_time);
  } catch (const std::invalid_argument& e) {
    throw InputError({file, "/appraisal/discounting", "a known convention", e.what()});
  }
  c.cycle_zero = s.cycle_zero.value_or(d.cycle_zero.value_or(false));
  return out;
}

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
  const bool hidden =
      suppress && (is_small_count(base, threshold) || is_small_count(opt, threshold) ||
                   is_small_count(row["mean"].get<double>(), threshold));
  if (hidden) row = {{"mean", nullptr}, {"low", nullptr}, {"high", nullptr}};
  row["outcome"] = x.name;
  row["unit"] = x.unit;
  row["baseline"] = hidden ? json(nullptr) : json(base);
  row["suppressed"] = hidden;
  return row;
}

// The headline metrics a tornado shows, of one appraisal of mean flows.

// The headline metrics a tornado shows, of one appraisal of mean flows.
json tornado_metrics(const GreenBookAppraisal& a, const std::vector<double>& thresholds) {
  json m = {{"npsv", a.npsv},
            {"npv_fiscal", a.npv_fiscal},
            {"npv", a.npv_fiscal},
            {"net_cost", a.net_cost},
            {"qalys_gained", a.qalys_gained}};
  for (size_t k = 0; k < thresholds.size(); ++k)
    m[threshold_key("nmb", thresholds[k])] = a.nmb[k].nmb;
  return m;
}

// One row per varied number: its range, and each metric at the base value and at both ends.
json one_way_document(const std::vector<OneWayResult>& results, const GreenBookAppraisal& base,
                      const std::vector<double>& thresholds) {
  json rows = json::array();
  const json at_base = tornado_metrics(base, thresholds);
  for (const OneWayResult& r : results) {
    const json low = tornado_metrics(r.at_low, thresholds),
               high = tornado_metrics(r.at_high, thresholds);
    json metrics = json::object();
    for (const auto& [key, value] : at_base.items())
      metrics[key] = {{"base", value}, {"low", low[key]}, {"high", high[key]}};
    rows.push_back({{"parameter", r.parameter.pointer},
                    {"label", r.parameter.label},
                    {"base_value", r.parameter.base},
                    {"value_low", r.parameter.low},
                    {"value_high", r.parameter.high},
                    {"metrics", metrics}});
  }
  return rows;
}

// The natural-unit outcomes: totals for everyone and by group, and differences over time.
void add_outcomes(json& o, const OptionFlows& f, bool suppress, int threshold) {
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
      if (suppress && is_small_count(point["mean"].get<double>(), threshold))
        point = {{"mean", nullptr}, {"low", nullptr}, {"high", nullptr}};
      point["outcome"] = x.name;
      point["date"] = x.time[t];
      o["over_time"].push_back(point);
    }
  }
}

struct OptionContext {
  const FlowTiming& timing;
  const DiscountRates& rates;
  const std::vector<double>& thresholds;
  bool suppress;
  int disclosure_threshold;
};

json option_document(const PairedRuns& runs, const Run& option, const OptionFlows& f,
                     const OptionContext& cx, const json& outcome_labels) {
  json o = {{"name", option.name},
            {"label", option.label.empty() ? readable(option.name) : option.label},
            {"description", option.description},
            {"assumptions", option.assumptions},
            {"not_counted", option.not_counted},
            {"file", option.file}};
  const AccountingSettings settings = accounting_settings(f, cx.thresholds);
  const Classification classes = classify(f, cx.rates);
  std::vector<GroupAppraisal> by_group;
  for (size_t g = 0; g < f.groups.size(); ++g)
    by_group.push_back(appraise_group(f, g, cx.rates, settings, classes));
  const GroupAppraisal& all = by_group[0];
  o["headline"] = headline_document(all, f, cx.thresholds);
  o["accounting"] = accounting_document(all);
  o["by_year"] = by_year_document(all, f);
  o["payback"] = payback_document(all, f);
  o["reach"] = reach_document(f, by_group, cx.rates, settings);
  o["cost_per_outcome"] = cost_per_outcome_document(f, all);
  std::vector<double> npsv;
  for (const GreenBookAppraisal& a : all.draws) npsv.push_back(a.npsv);
  o["mc_error"] = mc_error_document(npsv, f, outcome_labels);
  o["ce_draws"] = json::array();
  for (size_t r = 0; r < all.draws.size(); ++r)
    o["ce_draws"].push_back({{"replication", r},
                             {"d_cost", all.draws[r].net_cost},
                             {"d_qaly", all.draws[r].qalys_gained}});
  o["one_way"] = one_way_document(
      one_way_sensitivity(runs.baseline, option, cx.timing, cx.thresholds, classes), all.mean,
      cx.thresholds);
  add_outcomes(o, f, cx.suppress, cx.disclosure_threshold);
  o["equity"] = json::array();
  for (size_t g = 1; g < f.groups.size(); ++g) {
    const json h = headline_document(by_group[g], f, cx.thresholds);
    json row = {{"dimension", f.groups[g].dimension}, {"group", f.groups[g].label}};
    for (const char* key : {"net_cost", "qalys_gained", "pv_costs", "pv_benefits", "npsv",
                            "npv_fiscal", "intervention_cost", "savings_total"})
      row[key] = h[key];
    for (double t : cx.thresholds) row[threshold_key("nmb", t)] = h[threshold_key("nmb", t)];
    o["equity"].push_back(row);
  }
  return o;
}

// How many numbers the runs gave a distribution (probabilistic sensitivity analysis,
// engine/scenario/uncertainty.hpp); 0 without psa_draws.
size_t drawn_parameters(const Run& baseline) {
  const json& scenario = baseline.scenario;
  const json* u =
      scenario.is_object() && scenario.contains("uncertainty") ? &scenario["uncertainty"] : nullptr;
  if (!u || !u->contains("psa_draws") || !u->contains("parameters")) return 0;
  return u->at("parameters").size();
}

// Every low and high of an interval ({"mean", "low", "high"}) under `j` set to null.
void hide_ranges(json& j) {
  if (j.is_object()) {
    if (j.contains("mean") && j.contains("low") && j.contains("high")) {
      j["low"] = nullptr;
      j["high"] = nullptr;
    }
    for (auto& [key, value] : j.items()) hide_ranges(value);
  } else if (j.is_array()) {
    for (json& v : j) hide_ranges(v);
  }
}

// The appraisal period, for the document's settings.
json appraisal_document(const AppraisalSettings& a) {
  return {{"start", a.window.start.to_string()},
          {"years", a.window.years},
          {"financial_years", a.window.financial_years},
          {"year_labels", a.window.year_labels},
          {"warm_up_from", a.window.warm_up_from ? json(*a.window.warm_up_from) : json(nullptr)}};
}

// Each payer's sector (appraisal/payer_sectors, else the defaults): which money the fiscal figures
// count.
json payer_sectors_document(const AppraisalSettings& a) {
  json out = json::object();
  for (const auto& [payer, sector] : a.payer_sectors) out[payer] = to_string(sector);
  return out;
}

json optimism_bias_document(const AppraisalSettings& a) {
  json grades = json::object();
  for (const auto& [g, v] : a.benefit_optimism_bias) grades[std::to_string(g)] = v;
  return {{"costs", a.cost_optimism_bias},
          {"benefits_by_confidence_grade", grades},
          {"qaly_confidence_grade", a.qaly_confidence_grade}};
}

// What the money is in, for a reader.
std::string price_basis_text(const PairedRuns& runs, std::optional<int> moved_to) {
  const PriceBasis& basis = runs.baseline.prices;
  if (!basis.year)
    return "Each cost is in the price year of its source: the scenario sets no price year "
           "(prices/year), so no inflation is applied and costs from different years are not on "
           "one price basis.";
  const std::string year = std::to_string(moved_to ? *moved_to : *basis.year);
  std::string text = "All money is in " + year +
                     " prices: each cost was converted from the price "
                     "year of its source to " +
                     std::to_string(*basis.year);
  if (moved_to && *moved_to != *basis.year) text += ", then to " + year + ",";
  return text + " with " + basis.deflator_source + ".";
}

std::string today() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", std::gmtime(&now));
  return buf;
}

std::string label_of(const Run& run) { return run.label.empty() ? readable(run.name) : run.label; }

}  // namespace

json evaluation_document(const PairedRuns& runs, const EvaluationSettings& settings) {
  const std::optional<int> price_year = evaluated_price_year(runs, settings.price_year);
  const std::vector<double> thresholds =
      settings.thresholds.empty() ? default_thresholds() : settings.thresholds;
  const RunIdentity& id = runs.baseline.data.identity;
  const bool suppress = id.population_source == "linked";
  const AppraisalSettings appraisal =
      read_appraisal(runs.baseline.scenario, id, runs.baseline.file);
  const Discounting discounting =
      discounting_of(settings, appraisal.discounting, runs.baseline.file);
  const DiscountRates& rates = discounting.rates;
  const FlowTiming timing{discounting.convention, rates};
  const CycleGrid grid = cycle_grid(runs.baseline, appraisal.window);
  try {  // before anything is computed: a convention that does not apply is the user's input
    check_convention(discounting.convention, grid.cycles, grid.years_per_cycle);
  } catch (const std::invalid_argument& e) {
    throw InputError({runs.baseline.file, "/appraisal/discounting",
                      "a cycle convention that applies to the appraisal period's " +
                          std::to_string(grid.cycles) + " cycles",
                      e.what()});
  }
  // Each arm's own results (for linked records, disclosure control hides what their small counts
  // would give away: disclosure.hpp).
  std::vector<ArmInput> arms;
  arms.push_back({runs.baseline.name, label_of(runs.baseline),
                  arm_results(runs.baseline, appraisal.window, discounting.convention, rates)});
  for (const Run& option : runs.options)
    arms.push_back({option.name, label_of(option),
                    arm_results(option, appraisal.window, discounting.convention, rates)});
  const int min_replications =
      settings.min_replications.value_or(appraisal.min_replications_for_ranges);
  const size_t parameters = drawn_parameters(runs.baseline);
  const json ranges = ranges_document(id.replications, min_replications, parameters);
  std::string names;
  for (size_t i = 0; i < runs.options.size(); ++i)
    names += (i == 0                         ? ""
              : i + 1 == runs.options.size() ? " or "
                                             : ", ") +
             label_of(runs.options[i]);
  json settings_doc = {{"discounting", discounting.name},
                       {"convention", convention_document(discounting.convention, grid)},
                       {"cost_rate", rate_in_year(rates.cost, 0)},
                       {"health_rate", rate_in_year(rates.health, 0)},
                       {"price_year", price_year ? std::to_string(*price_year) : ""},
                       {"price_basis", price_basis_text(runs, settings.price_year)},
                       {"thresholds", thresholds},
                       {"replications", id.replications},
                       {"horizon_years", appraisal.window.years},
                       {"start", appraisal.window.start.to_string()},
                       {"run_start", id.start},
                       {"appraisal", appraisal_document(appraisal)},
                       {"sampling", sampling_document(runs.baseline.sampling_fraction)},
                       {"qaly_value", appraisal.qaly_value},
                       {"optimism_bias", optimism_bias_document(appraisal)},
                       {"payer_sectors", payer_sectors_document(appraisal)},
                       {"ranges", ranges}};
  json doc = {
      // Up to two options by name; more by number (the question names them all).
      {"title",
       "civicsim evaluation: " +
           (runs.options.size() > 2 ? std::to_string(runs.options.size()) + " options" : names) +
           " against " + label_of(runs.baseline)},
      {"question", settings.question.empty() ? "What would " + names +
                                                   " cost, who would save, and what would change "
                                                   "for residents, compared with " +
                                                   label_of(runs.baseline) + "?"
                                             : settings.question},
      {"generated", settings.generated.empty() ? today() : settings.generated},
      {"settings", settings_doc},
      {"disclosure",
       {{"threshold", suppress ? json(settings.disclosure_threshold) : json(nullptr)},
        {"rule", suppress ? "The population comes from linked individual records: counts below " +
                                std::to_string(settings.disclosure_threshold) +
                                " (and differences built on them) are suppressed."
                          : "The population is synthetic (built from published aggregates): no "
                            "individual's record is shown, so no count is suppressed."}}},
      {"baseline",
       {{"name", runs.baseline.name},
        {"label", label_of(runs.baseline)},
        {"description", runs.baseline.description},
        {"assumptions", runs.baseline.assumptions},
        {"not_counted", runs.baseline.not_counted},
        {"file", runs.baseline.file}}},
      {"options", json::array()},
      {"frontier", json::array()},
      {"ceac", json::array()},
      {"arms", arms_document(arms)},
      {"incremental", incremental_document(arms)},
      {"trace", trace_document(arms)},
      {"sources", json::array()},
      // What the model leaves out (appraisal/not_counted); the report adds what the evaluation does.
      {"not_counted", appraisal.not_counted}};
  if (!ranges["shown"].get<bool>()) hide_ranges(doc["arms"]);
  LabelSources label_sources;
  label_sources.scenarios.push_back(&runs.baseline.scenario);
  label_sources.scenario_labels.push_back({runs.baseline.name, runs.baseline.label});
  std::vector<OptionFlows> flows;
  for (const Run& option : runs.options) {
    label_sources.scenarios.push_back(&option.scenario);
    label_sources.scenario_labels.push_back({option.name, option.label});
    flows.push_back(option_flows(runs.baseline, option, timing));
    for (const OutcomeSeries& x : flows.back().outcomes) label_sources.outcomes.push_back(x.name);
    for (const CostItem& c : flows.back().items)
      label_sources.cost_categories.push_back(c.category);
    for (const InterventionInfo& i : flows.back().interventions)
      label_sources.interventions.push_back(i.name);
  }
  for (const ArmInput& a : arms)
    for (const TraceRow& t : a.results.trace)
      if (std::find(label_sources.states.begin(), label_sources.states.end(),
                    std::pair{t.process, t.state}) == label_sources.states.end())
        label_sources.states.emplace_back(t.process, t.state);
  doc["labels"] = labels_document(label_sources);
  for (double t : thresholds)
    doc["labels"]["metrics"][threshold_key("nmb", t)] =
        "Net monetary benefit at " + money_text(t) + " per QALY";
  const OptionContext cx{timing, rates, thresholds, suppress, settings.disclosure_threshold};
  std::vector<CostEffect> points{{runs.baseline.name, 0.0, 0.0}};
  std::vector<OptionDraws> draws;
  for (size_t i = 0; i < runs.options.size(); ++i) {
    json o = option_document(runs, runs.options[i], flows[i], cx, doc["labels"]["outcomes"]);
    OptionDraws d{runs.options[i].name, {}, {}};
    for (const json& x : o["ce_draws"]) {
      d.delta_cost.push_back(x["d_cost"].get<double>());
      d.delta_qalys.push_back(x["d_qaly"].get<double>());
    }
    points.push_back({runs.options[i].name, o["headline"]["net_cost"]["mean"].get<double>(),
                      o["headline"]["qalys_gained"]["mean"].get<double>()});
    draws.push_back(std::move(d));
    if (!ranges["shown"].get<bool>()) hide_ranges(o);
    doc["options"].push_back(std::move(o));
  }
  const json& scenario_labels = doc["labels"]["scenarios"];
  for (const FrontierEntry& e : efficiency_frontier(points)) {
    json row = {{"option", e.name},
                {"cost", e.cost},
                {"qalys", e.qalys},
                {"status", token(to_string(e.status))},
                {"icer", e.compared_with ? number_or_null(e.icer) : json(nullptr)},
                {"icer_label", nullptr}};
    if (e.compared_with) {
      const std::string& previous = points[*e.compared_with].name;
      row["icer_label"] = "Against " + (scenario_labels.contains(previous)
                                            ? scenario_labels[previous].get<std::string>()
                                            : previous);
    }
    doc["frontier"].push_back(std::move(row));
  }
  if (ranges["shown"].get<bool>()) {
    const AcceptabilityCurves ceac =
        acceptability_curves(draws, threshold_grid(100000.0, 2500.0), runs.baseline.name);
    for (const AcceptabilityCurve& c : ceac.curves)
      for (size_t k = 0; k < ceac.thresholds.size(); ++k)
        doc["ceac"].push_back(
            {{"option", c.name}, {"lambda", ceac.thresholds[k]}, {"p", c.probability_best[k]}});
  }
  doc["sources"] = {
      "Discounting: NICE reference case 3.5% for costs and health (PMG36, 2022), the default; HM "
      "Treasury Green Book (2022) Annex A6, 3.5% costs and 1.5% health for years 0-30, declining "
      "after. Cycle convention (settings.convention): the half-cycle correction by default "
      "(Sonnenberg & Beck, Med Decis Making 1993;13:322-338; Elbasha & Chhatwal, Med Decis Making "
      "2016;36:115-131), each reward discounted at the time it falls.",
      "Thresholds: NICE GBP 20,000-30,000 per QALY (PMG36); Green Book / DHSC social value of a "
      "QALY "
      "GBP 70,000 (Green Book 2022).",
      "Optimism bias on costs: HM Treasury Green Book supplementary guidance (Mott MacDonald "
      "2002), "
      "upper bounds by project type (docs/evidence/PARAMETERS.md).",
      "Optimism bias on benefits by confidence grade (0, 5, 10, 15, 25, 40% for grades 1-6): HMT / "
      "New Economy (2014), Supporting public service transformation: cost benefit analysis "
      "guidance "
      "for local partnerships, as recalled; docs/evidence/PARAMETERS.md marks the table a gap (not "
      "read in the stored pages).",
      "Payers' sectors (settings.payer_sectors): fiscal value is the public sector's budgets, "
      "economic value individuals' and businesses' (HMT / New Economy 2014, Supporting public "
      "service transformation: cost benefit analysis guidance for local partnerships; HM Treasury "
      "Green Book 2022); private registered providers of social housing are private corporations "
      "in the national accounts from 16 November 2017 (ONS). A private payer's costs count in the "
      "net present social value only; NPV to the public purse, the fiscal benefit-cost ratio, the "
      "return on investment and payback count the public sector's costs and savings; the "
      "benefit-cost ratio is benefits net of private costs per pound of public cost.",
      "Every model parameter and its source: the scenario files' source fields and "
      "docs/lcr_models.md.",
      ranges["text"].get<std::string>()};
  // Last, on the finished document: nothing derived from a suppressed count stays (disclosure.hpp).
  if (!doc["disclosure"]["threshold"].is_null())
    apply_disclosure_control(doc, doc["disclosure"]["threshold"].get<int>());
  return doc;
}

}  // namespace civicsim::evaluation
