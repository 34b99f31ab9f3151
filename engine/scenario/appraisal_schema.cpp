// The appraisal, payer and cost-category declarations and their rules (appraisal_schema.hpp).
#include "engine/scenario/appraisal_schema.hpp"

#include <algorithm>
#include <array>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "engine/core/input_limits.hpp"
#include "engine/core/year_month.hpp"
#include "engine/expr/catalogue.hpp"
#include "engine/scenario/process_spec.hpp"

namespace civicsim {
namespace {

using nlohmann::json;
namespace s = schema;

constexpr const char* kGreenBookOptimismBias =
    "HM Treasury Green Book supplementary guidance on optimism bias (Mott MacDonald 2002), upper "
    "bounds for capital expenditure; greenbook optimism_bias.csv, docs/evidence/PARAMETERS.md "
    "section C.";
constexpr const char* kConfidenceGradeSource =
    "HMT / New Economy (2014), Supporting public service transformation: cost benefit analysis "
    "guidance for local partnerships (the GMCA model), corrections by confidence grade as "
    "recalled: docs/evidence/PARAMETERS.md section C marks that table a GAP (not readable in the "
    "stored pages); check it against the guidance before relying on it.";

s::Node optimism_bias_costs_schema() {
  std::vector<s::Field> fields;
  for (const auto& [name, bound] : kOptimismBiasCategories)
    fields.push_back({.name = name,
                      .node = s::number_in(0, 10),
                      .default_value = bound,
                      .description = std::string("Uplift on the costs of interventions whose "
                                                 "cost.category is ") +
                                     name + " (a fraction: 0.24 is +24%).",
                      .source = kGreenBookOptimismBias});
  return s::object(std::move(fields));
}

s::Node benefit_optimism_bias_schema() {
  std::vector<s::Field> fields;
  for (size_t g = 0; g < kBenefitOptimismBiasByGrade.size(); ++g)
    fields.push_back({.name = std::to_string(g + 1),
                      .node = s::number_in(0, 1),
                      .default_value = kBenefitOptimismBiasByGrade[g],
                      .description = "Share taken off benefits of confidence grade " +
                                     std::to_string(g + 1) + " (a fraction: 0.1 is -10%).",
                      .source = kConfidenceGradeSource});
  return s::object(std::move(fields));
}

// Why each payer's default sector is what it is (kPayerDefaultSectors), in kPayerNames order.
constexpr std::array<const char*, kPayerCount> kPayerSectorSources = {
    "The NHS is central government (ONS public sector classification).",
    "A council's children's services are local government (ONS public sector classification).",
    "A council's housing services (grants, enforcement, commissioned programmes) are local "
    "government; a council's own homes, in its Housing Revenue Account, are public too, but this "
    "model bills their repairs to social_landlord.",
    "Private registered providers of social housing (housing associations) are private "
    "non-financial corporations in the national accounts from 16 November 2017 (ONS, Statement on "
    "the classification of English housing associations, November 2017, after the Regulation of "
    "Social Housing (Influence of Local Authorities) (England) Regulations 2017; ONS had classed "
    "them public in October 2015). Set \"public\" where the social homes are mostly a council's "
    "own (a Housing Revenue Account).",
    "Private landlords are households and firms: private money (HMT / New Economy 2014: economic "
    "value is value to individuals and businesses).",
    "Owner-occupiers are households: private money (HMT / New Economy 2014).",
    "A cost or saving of no named payer counts against or for the public purse unless the scenario "
    "says otherwise: the prudent reading for a public-sector appraisal (its costs are not left out "
    "of the fiscal figures). A private \"other\" (e.g. a family's lost earnings) should be "
    "declared \"private\" or its cost category \"economic\"."};

s::Node payer_sectors_schema() {
  std::vector<s::Field> fields;
  for (int k = 0; k < kPayerCount; ++k)
    fields.push_back({.name = kPayerNames[k],
                      .node = s::string_one_of({"public", "private"}),
                      .default_value = kPayerDefaultSectors[k],
                      .description = std::string("Whose money the payer ") + kPayerNames[k] +
                                     " spends: public (counted in the fiscal figures) or private "
                                     "(counted in the net present social value only).",
                      .source = kPayerSectorSources[k]});
  return s::object(std::move(fields));
}

s::Node optimism_bias_schema() {
  return s::object({
      {.name = "costs",
       .node = optimism_bias_costs_schema(),
       .description = "Uplift on an intervention's costs by its cost.category (Green Book "
                      "optimism-bias categories; an intervention's cost.optimism_bias overrides "
                      "its category's value)."},
      {.name = "benefits_by_confidence_grade",
       .node = benefit_optimism_bias_schema(),
       .description = "Share taken off each benefit by the confidence grade of its cost "
                      "category (cost_categories/<name>/confidence_grade), keys \"1\" (best "
                      "evidence) to \"6\", as the GMCA cost-benefit model does."},
      {.name = "qaly_confidence_grade",
       .node = s::integer_in(1, 6),
       .default_value = kDefaultConfidenceGrade,
       .description = "Confidence grade of the QALYs gained (their benefit correction).",
       .source = kConfidenceGradeSource},
  });
}

constexpr const char* kNiceReferenceCase =
    "NICE health technology evaluations: the manual (PMG36, 2022), section 4.5: costs and health "
    "effects discounted at 3.5% a year in the reference case.";
constexpr const char* kCycleConventionSource =
    "Half-cycle correction: Sonnenberg FA, Beck JR, Med Decis Making 1993;13:322-338; the "
    "trapezoid rule, Elbasha EH, Chhatwal J, Med Decis Making 2016;36:115-131 (which also give "
    "Simpson's 1/3 rule). NICE's reference case sets the rates, not the within-cycle correction.";

s::Node discounting_schema() {
  return s::object({
      {.name = "rates",
       .node = s::string_one_of({"nice", "green_book", "custom"}),
       .default_value = "nice",
       .description = "Discount rates: nice (3.5% a year for costs and for QALYs and life-years), "
                      "green_book (HM Treasury: 3.5% costs and 1.5% health for years 0-30, "
                      "declining after) or custom (cost_rate and health_rate). civicsim evaluate "
                      "--discounting overrides it.",
       .source = kNiceReferenceCase},
      {.name = "cost_rate",
       .node = s::number_in(0, 1).with_unit("per year"),
       .description = "With rates custom: the discount rate of costs (absent: 0.035)."},
      {.name = "health_rate",
       .node = s::number_in(0, 1).with_unit("per year"),
       .description = "With rates custom: the discount rate of QALYs and life-years (absent: "
                      "0.035)."},
      {.name = "state_rewards",
       .node = s::string_one_of({"start_of_cycle", "end_of_cycle", "half_cycle", "simpson"}),
       .default_value = "half_cycle",
       .description = "Which time points a cycle's state costs, QALYs and life-years come from: "
                      "the state at the cycle's start (points 0..T-1), at its end (1..T), half of "
                      "each (the half-cycle correction: points 0 and T count half) or Simpson's "
                      "1/3 rule (weights 1/3, 4/3, 2/3, ..., 4/3, 1/3; an even number of cycles). "
                      "Events and intervention costs of a cycle fall at its start, end or middle "
                      "likewise.",
       .source = kCycleConventionSource},
      {.name = "cycle_zero",
       .node = s::boolean(),
       .default_value = false,
       .description = "With end_of_cycle: also count the state at time 0 as a cycle's reward, so "
                      "that every time point 0..T counts (Krijkamp et al. 2018, the DARTH "
                      "tutorials)."},
      {.name = "discount_time",
       .node = s::string_one_of({"elapsed", "cycle_start", "year"}),
       .default_value = "elapsed",
       .description = "When a reward is discounted: elapsed (at the time it falls, (1 + r)^-t "
                      "with t in years), cycle_start (by cycle number: everything of a cycle at "
                      "the cycle's start) or year (everything of an appraisal year at the year's "
                      "start, as Green Book annual tables do)."},
      {.name = "source",
       .node = s::string(),
       .description = "Why these choices (the guidance followed), kept with the scenario."},
  });
}

void check_discounting(const json& doc, const OriginFn& origin, DiagnosticList& out) {
  const json* rates = valid_scenario_value(doc, "/appraisal/discounting/rates");
  const bool custom = rates && rates->get<std::string>() == "custom";
  for (const char* key : {"cost_rate", "health_rate"}) {
    const std::string at = std::string("/appraisal/discounting/") + key;
    if (!custom && valid_scenario_value(doc, at))
      out.add(origin(at), at, "no rate unless /appraisal/discounting/rates is custom",
              "a rate with rates " + (rates ? rates->get<std::string>() : std::string("nice")));
  }
  const json* zero = valid_scenario_value(doc, "/appraisal/discounting/cycle_zero");
  const json* rewards = valid_scenario_value(doc, "/appraisal/discounting/state_rewards");
  const std::string r = rewards ? rewards->get<std::string>() : "half_cycle";
  if (zero && zero->get<bool>() && r != "end_of_cycle")
    out.add(origin("/appraisal/discounting/cycle_zero"), "/appraisal/discounting/cycle_zero",
            "cycle_zero only with state_rewards end_of_cycle (" + r +
                " already sets the weight of the state at time 0)",
            "true");
}

// The run's end (first month not simulated), when /start and /horizon_years are valid.
std::optional<YearMonth> run_end(const json& doc) {
  const json* start = valid_scenario_value(doc, "/start");
  const json* horizon = valid_scenario_value(doc, "/horizon_years");
  if (!start || !horizon) return std::nullopt;
  return YearMonth::parse(start->get<std::string>())->plus(horizon->get<int32_t>() * 12);
}

std::string years_text(int32_t n) { return std::to_string(n) + (n == 1 ? " year" : " years"); }

void check_period(const json& doc, const OriginFn& origin, DiagnosticList& out) {
  const std::optional<YearMonth> end = run_end(doc);
  if (!end) return;
  const YearMonth run_start = *YearMonth::parse(doc.at("start").get<std::string>());
  const std::string run = "the run, " + run_start.to_string() + " (/start) to " + end->to_string() +
                          " (/start + /horizon_years " +
                          years_text((end->months - run_start.months) / 12) + ")";
  YearMonth start = run_start;
  if (doc.contains(json::json_pointer("/appraisal/start"))) {
    const json* value = valid_scenario_value(doc, "/appraisal/start");
    if (!value) return;  // reported by the schema
    start = *YearMonth::parse(value->get<std::string>());
    if (start < run_start || start >= *end) {
      out.add(origin("/appraisal/start"), "/appraisal/start", "a month within " + run,
              "'" + start.to_string() + "'");
      return;
    }
  }
  if (doc.contains(json::json_pointer("/appraisal/years"))) {
    const json* value = valid_scenario_value(doc, "/appraisal/years");
    if (!value) return;
    const int32_t years = value->get<int32_t>();  // at most 100 (the schema)
    const int32_t room = (end->months - start.months) / 12;
    if (years <= room) return;
    if (room >= 1)
      out.add(origin("/appraisal/years"), "/appraisal/years",
              "at most " + years_text(room) + " from " + start.to_string() +
                  " (/appraisal/start) within " + run,
              years_text(years) + ", to " + start.plus(years * 12).to_string());
    else  // no whole year fits: the start is what is wrong
      out.add(origin("/appraisal/start"), "/appraisal/start",
              "a month at least " + std::to_string(years * 12) + " months before the end of " +
                  run + " (/appraisal/years " + std::to_string(years) + ")",
              "'" + start.to_string() + "'");
  } else if (start.plus(12) > *end) {  // the default period: every whole year left, at least one
    out.add(origin("/appraisal/start"), "/appraisal/start",
            "a month at least 12 months before the end of " + run +
                " (the appraisal counts whole years)",
            "'" + start.to_string() + "'");
  }
}

// Every name the costs series can have as a category: processes and services (their costs' default
// category) and every category a cost states.
std::set<std::string> cost_category_names(const json& doc) {
  std::set<std::string> names;
  const auto add_category = [&](const json& cost) {
    if (cost.is_object() && cost.contains("category") && cost.at("category").is_string())
      names.insert(cost.at("category").get<std::string>());
  };
  if (doc.contains("processes") && doc.at("processes").is_object())
    for (const auto& [name, p] : doc.at("processes").items()) {
      names.insert(name);
      if (!p.is_object()) continue;
      if (p.contains("cost_per_year") && p.at("cost_per_year").is_object())
        for (const auto& [state, cost] : p.at("cost_per_year").items()) add_category(cost);
      if (p.contains("events") && p.at("events").is_array())
        for (const json& e : p.at("events"))
          if (e.is_object() && e.contains("cost")) add_category(e.at("cost"));
    }
  if (doc.contains("services") && doc.at("services").is_object())
    for (const auto& [name, sv] : doc.at("services").items()) {
      names.insert(name);
      if (sv.is_object() && sv.contains("cost_per_service"))
        add_category(sv.at("cost_per_service"));
    }
  return names;
}

void check_cost_categories(const json& doc, const OriginFn& origin, DiagnosticList& out) {
  if (!doc.contains("cost_categories") || !doc.at("cost_categories").is_object()) return;
  const std::set<std::string> names = cost_category_names(doc);
  for (const auto& [key, value] : doc.at("cost_categories").items()) {
    if (names.count(key)) continue;
    const std::string at = "/cost_categories/" + key;
    out.add(origin(at), at,
            "a cost category of the costs series: a process, a service or a cost's category (" +
                (names.empty()
                     ? std::string("none in this scenario")
                     : expr::join_names(std::vector<std::string>(names.begin(), names.end()))) +
                ")",
            "'" + key + "'");
  }
}

}  // namespace

s::Node optimism_bias_category_schema() {
  std::vector<std::string> names;
  for (const auto& c : kOptimismBiasCategories) names.emplace_back(c.name);
  return s::string_one_of(std::move(names));
}

s::Node appraisal_schema() {
  return s::object({
      {.name = "start",
       .node = s::date(),
       .description = "First month the appraisal counts (absent: the run's start); the months "
                      "before it are the model's warm-up from its data year and are not counted. "
                      "Costs and benefits are discounted to this month. An April start counts "
                      "financial years (April to March)."},
      {.name = "years",
       .node = s::integer_in(1, 100).with_unit("years"),
       .description = "Years of 12 months counted from start (absent: every whole year from "
                      "start to the run's end). start + years must not pass the run's end."},
      {.name = "qaly_value",
       .node = s::number_capped(0, limits::kMaxMoneyGbp).with_unit("GBP per QALY"),
       .default_value = kDefaultQalyValue,
       .description = "Social value of a QALY (the evaluation's social benefit of health gained).",
       .source = "HM Treasury Green Book (2022) / DHSC: GBP 70,000 per QALY; "
                 "docs/evidence/PARAMETERS.md section C."},
      {.name = "optimism_bias",
       .node = optimism_bias_schema(),
       .description = "Optimism bias, applied by the evaluation: an uplift on costs by Green Book "
                      "category and a correction of benefits by confidence grade."},
      {.name = "discounting",
       .node = discounting_schema(),
       .description = "How the evaluation discounts and counts each cycle's rewards (civicsim "
                      "evaluate's flags override each field): the rates, where a cycle's state "
                      "rewards fall and when each reward is discounted. Defaults: the NICE "
                      "reference case with the half-cycle correction, discounted at the time "
                      "each reward falls."},
      {.name = "payer_sectors",
       .node = payer_sectors_schema(),
       .description = "Each payer's sector, public or private (HM Treasury Green Book 2022; HMT / "
                      "New Economy 2014: fiscal value is the public sector's budgets, economic "
                      "value individuals' and businesses'). A private payer's costs count in the "
                      "costs of the net present social value but not in the fiscal figures (NPV "
                      "to the public purse, fiscal BCR, ROI, payback); its savings count as "
                      "economic value whatever its cost category's value, unless social "
                      "(engine/evaluation/README.md)."},
      {.name = "min_replications_for_ranges",
       .node = s::integer_in(1, 10000),
       .default_value = kDefaultMinReplicationsForRanges,
       .description = "Fewer replications than this: the evaluation shows no range and no "
                      "acceptability curve (a range from very few replications misleads)."},
      {.name = "not_counted",
       .node = s::array_of(s::string(), 0, 50),
       .description = "What the model leaves out of the figures (costs not costed, outcomes not "
                      "modelled), one sentence each: the report lists them under \"What is not "
                      "counted\" beside what the evaluation itself leaves out."},
  });
}

s::Node payer_labels_schema() {
  std::vector<s::Field> fields;
  for (int k = 0; k < kPayerCount; ++k)
    fields.push_back({.name = kPayerNames[k],
                      .node = s::object({{.name = "label",
                                          .node = s::string(),
                                          .default_value = kPayerLabels[k],
                                          .description = "Name shown in reports."}}),
                      .description = std::string("The payer ") + kPayerNames[k] + "."});
  return s::object(std::move(fields));
}

s::Node cost_categories_schema() {
  return s::map_of(s::object({
      {.name = "label",
       .node = s::string(),
       .description = "Name shown in reports (absent: the category's identifier)."},
      {.name = "cashable",
       .node = s::boolean(),
       .default_value = false,
       .description = "A saving in this category releases cash (e.g. a placement not bought); "
                      "false: it frees capacity (staff time, beds) that is used for others."},
      {.name = "value",
       .node = s::string_one_of({"fiscal", "economic", "social"}),
       .default_value = "fiscal",
       .description = "Kind of value, as the GMCA cost-benefit model splits benefits: fiscal "
                      "(public budgets), economic (earnings and output), social (wellbeing, "
                      "health)."},
      {.name = "confidence_grade",
       .node = s::integer_in(1, 6),
       .default_value = kDefaultConfidenceGrade,
       .description = "Confidence in the evidence behind the category's costs, 1 (best) to 6: "
                      "selects the benefit correction in "
                      "/appraisal/optimism_bias/benefits_by_confidence_grade.",
       .source = kConfidenceGradeSource},
      {.name = "source",
       .node = s::string(),
       .description = "The reason for these settings and their evidence (e.g. \"placements are "
                      "paid per placement to providers: cashable\"), kept for the report's "
                      "documentation."},
  }));
}

void check_appraisal_rules(const json& doc, const OriginFn& origin, DiagnosticList& out) {
  check_period(doc, origin, out);
  check_discounting(doc, origin, out);
  check_cost_categories(doc, origin, out);
}

}  // namespace civicsim
