// Services and interventions: their declaration, cross-field rules and binding (service_schema.hpp).
#include "engine/scenario/service_schema.hpp"

#include <algorithm>
#include <cstdio>
#include <set>
#include <string>

#include "engine/core/input_limits.hpp"
#include "engine/expr/catalogue.hpp"
#include "engine/scenario/appraisal_schema.hpp"
#include "engine/scenario/element_id.hpp"
#include "engine/scenario/prices.hpp"
#include "engine/scenario/process_schema.hpp"

namespace civicsim {
namespace {

using nlohmann::json;
namespace s = schema;

const std::vector<std::string> kSettableAttributes = {"household.damp", "household.poor_condition",
                                                      "household.no_central_heating",
                                                      "household.overcrowded"};

// What programme costs may depend on: they are billed by step.
const char* const kByCycle =
    "A number, an expression of the cycle (e.g. \"120 + 30 * (cycle >= 2)\") or a table by "
    "cycle ({\"by\": [\"cycle\"], \"values\": {\"0-1\": 120, \"2\": 150}}); read at "
    "the cycle of the step it is billed in.";

// What a unit's own costs may depend on: they are billed for each unit (a person, a household).
const char* const kOfUnit =
    "A number, an expression (e.g. \"100 + 10 * age\", \"120 + 30 * (cycle >= 2)\") or a "
    "table ({\"by\": [\"household.tenure\"], \"values\": {...}}) of what the unit's row "
    "has: a person's attributes, process states, times in state, service statuses, "
    "interventions received and the cycle; a household's (a household intervention, or a "
    "service delivering one) only its own, its area's, household processes' and household "
    "interventions' attributes and the cycle.";

s::Node state_change_schema() {
  return with_id(s::object({
      source_field(),
      {.name = "process", .node = s::string(), .required = true, .description = "Process name."},
      {.name = "to", .node = s::string(), .required = true, .description = "State entered."},
      {.name = "from",
       .node = s::array_of(s::string(), 1),
       .description = "Only persons in these states move (absent: any state)."},
  }));
}

s::Node service_schema() {
  return s::object({
      source_field(),
      {.name = "label",
       .node = s::string(),
       .description = "Name of the service for people, shown in reports (e.g. \"Early help\"; "
                      "absent: the name)."},
      {.name = "description",
       .node = s::string(),
       .default_value = "",
       .description = "What the service is."},
      {.name = "regions",
       .node = s::string_one_of({"council", "lcr"}),
       .default_value = "council",
       .description = "council: one queue and capacity per council; lcr: one for the whole "
                      "population."},
      {.name = "capacity_per_year",
       .node = varying_schema(
           s::number_capped(0, limits::kMaxCapacityPerYear).with_unit("per year"), "capacity"),
       .required = true,
       .description = "Requests the service can serve per year in each queue: a number, by "
                      "council ({\"by\": [\"council\"], \"values\": {...}}), or an "
                      "expression or table of the cycle (\"400 + 100 * (cycle >= 3)\", {\"by\": "
                      "[\"cycle\"], ...}, {\"by\": [\"council\", \"cycle\"], ...}): the "
                      "capacity of each step is read at its cycle. Turned into whole "
                      "slots per step with the fraction carried to the next step; unused slots "
                      "are lost. Stated for the whole population: a sample of it "
                      "(population.scale < 1) gets its share."},
      {.name = "capacity_factor",
       .node = s::number_capped(0, 100).with_unit("ratio"),
       .default_value = 1.0,
       .description = "Multiplies capacity_per_year in every queue: one number for the one-way "
                      "analysis of a service's sufficiency (e.g. 1.5: half as much again)."},
      {.name = "max_wait_months",
       .node = s::integer_in(0, 1200).with_unit("months"),
       .description = "A request not served after waiting this long lapses (absent: requests "
                      "wait for ever). 0: served in the step of the request or lapses."},
      {.name = "cost_per_service",
       .node = varying_payers_schema("per request served", true, kOfUnit),
       .description = "Cost of serving one request, by payer (costs series, category: the "
                      "service's name unless given), read at the row of the request as it is "
                      "served (the person's; the household's for a household intervention's), at "
                      "the cycle of that step."},
      {.name = "on_served",
       .node = s::array_of(state_change_schema()),
       .description = "Moves of the person whose own request (from an event or a person "
                      "intervention) is served."},
      {.name = "on_lapsed",
       .node = s::array_of(state_change_schema()),
       .description = "Moves of the person whose request lapses (waited too long). Conditions "
                      "may also read <service> ('none', 'waiting', 'served', 'lapsed': the status "
                      "of the person's latest request)."},
  });
}

s::Node effect_schema() {
  return with_id(s::object({
      source_field(),
      {.name = "set",
       .node = s::string_one_of(kSettableAttributes),
       .description = "A household attribute to set (with to: 'no' or 'yes'), e.g. damp "
                      "remediation sets household.damp to 'no'."},
      {.name = "process",
       .node = s::string(),
       .description = "With to: the process whose state is changed; with rate_ratio: the process "
                      "whose transitions or events are multiplied."},
      {.name = "to",
       .node = s::string(),
       .description = "New label of `set`, or new state of `process`."},
      {.name = "from",
       .node = s::array_of(s::string(), 1),
       .description = "With process and to: only persons in these states move."},
      {.name = "rate_ratio",
       .node = s::number_capped(0, limits::kMaxRateRatio),
       .description = "Factor on the rates of `transitions` and `events` of `process` for units "
                      "that have received the intervention."},
      {.name = "transitions",
       .node = s::array_of(s::object({
           {.name = "from", .node = s::string(), .required = true, .description = "State left."},
           {.name = "to", .node = s::string(), .required = true, .description = "State entered."},
       })),
       .description = "Transitions (declared in the process) whose rates the ratio multiplies."},
      {.name = "events",
       .node = s::array_of(s::string()),
       .description = "Events of the process whose rates the ratio multiplies."},
      {.name = "full_effect_years",
       .node = s::number_capped(0, limits::kMaxEffectYears).with_unit("years"),
       .description = "The ratio holds in full this long after receipt (absent: for ever)."},
      {.name = "wanes_over_years",
       .node = s::number_capped(0, limits::kMaxEffectYears).with_unit("years"),
       .description = "After full_effect_years the effect falls linearly to none over this "
                      "time (absent or 0: it stops at once, an effect for the first k years)."},
      {.name = "add_capacity",
       .node = s::string(),
       .description = "A service that gets extra capacity while the intervention runs."},
      {.name = "per_year",
       .node = varying_schema(
           s::number_capped(0, limits::kMaxCapacityPerYear).with_unit("per year"), "capacity"),
       .description = "With add_capacity: the extra capacity per year in each queue (like the "
                      "service's capacity_per_year: a number, by council, or of the cycle)."},
  }));
}

s::Node intervention_cost_schema() {
  return s::object({
      source_field(),
      price_year_field(),
      {.name = "per_unit",
       .node = varying_payers_schema("per unit, once, on receipt", false, kOfUnit),
       .description = "One-off cost per unit that receives it, read as the unit is on receipt "
                      "(before the intervention's effects), at the cycle of that step; a budget "
                      "commits each unit's own amount at enrolment."},
      {.name = "per_unit_per_year",
       .node = varying_payers_schema("per unit-year", false, kOfUnit),
       .description = "Recurring cost per living unit that has received it, while it runs; "
                      "step t's amount read as the unit is when billed (rewards.state_timing: at "
                      "the step's start, after the processes, or half each), at the cycle and "
                      "age of time point t."},
      {.name = "fixed",
       .node = varying_payers_schema("once", false, kByCycle),
       .description = "One-off programme cost, in its first step (for the whole population: a "
                      "sample of it, population.scale < 1, bears its share)."},
      {.name = "fixed_per_year",
       .node = varying_payers_schema("per year", false, kByCycle),
       .description = "Programme running cost per year while it runs (whole population; a "
                      "sample bears its share)."},
      {.name = "category",
       .node = optimism_bias_category_schema(),
       .description = "Green Book optimism-bias category of these costs: the evaluation uplifts "
                      "them by /appraisal/optimism_bias/costs/<category> (absent, and no "
                      "optimism_bias: no uplift)."},
      {.name = "optimism_bias",
       .node = s::number_in(0, 10),
       .description = "Uplift on these costs (0.2: +20%) in place of their category's value. "
                      "Declared for the evaluation, which applies it; recorded costs "
                      "(intervention_costs, intervention_fixed_costs) and budgets are base "
                      "estimates.",
       .source = "HM Treasury Green Book (2022), supplementary guidance on optimism bias; "
                 "docs/evidence/PARAMETERS.md section C."},
  });
}

s::Node intervention_schema() {
  return s::object({
      source_field(),
      {.name = "label",
       .node = s::string(),
       .description = "Name of the intervention for people, shown in reports (e.g. \"Damp and "
                      "mould remediation\"; absent: the name)."},
      {.name = "unit_label",
       .node = s::string(),
       .description = "What the units reached are called, a plural noun phrase for the count of "
                      "units that received it (e.g. \"homes treated\", \"families helped\"; "
                      "absent: \"persons\" or \"households\" by unit)."},
      {.name = "description",
       .node = s::string(),
       .default_value = "",
       .description = "What the intervention is."},
      {.name = "start", .node = s::date(), .required = true, .description = "First month it runs."},
      {.name = "end",
       .node = s::date(),
       .description = "First month it no longer runs (absent: to the end of the run). Effects "
                      "already received go on."},
      {.name = "every_months",
       .node = s::integer_in(1, 1200).with_unit("months"),
       .description = "Enrolment rounds at this interval from start (absent: eligible units "
                      "are enrolled every step)."},
      {.name = "once",
       .node = s::boolean(),
       .default_value = true,
       .description = "A unit receives it at most once (false: again in later rounds, which "
                      "restarts its effect)."},
      {.name = "unit",
       .node = s::string_one_of({"person", "household"}),
       .default_value = "person",
       .description = "Who receives it: persons, or households (eligible when any living member "
                      "satisfies `who`)."},
      {.name = "who",
       .node = s::string(),
       .default_value = "",
       .description = "Targeting condition over person, household and area attributes and "
                      "process states (expression language), e.g. \"age < 18 && asthma != "
                      "'none' && household.damp == 'yes' && imd_quintile == 1\". Empty: "
                      "everyone."},
      {.name = "coverage",
       .node = s::number_in(0, 1),
       .default_value = 1,
       .description = "Share of eligible units offered it."},
      {.name = "uptake",
       .node = s::number_in(0, 1),
       .default_value = 1,
       .description = "Share of those offered who take it up."},
      {.name = "through",
       .node = s::string(),
       .description = "Service that delivers it: units taking it up join that service's queue "
                      "and receive it when served (absent: at once)."},
      {.name = "priority",
       .node = s::integer_in(0, 9),
       .default_value = 1,
       .description = "Priority in that queue (0 first)."},
      {.name = "effects",
       .node = s::array_of(effect_schema()),
       .default_value = json::array(),
       .description = "What it does. Each effect is one of: {set, to}; {process, to, from}; "
                      "{rate_ratio, process, transitions, events, full_effect_years, "
                      "wanes_over_years}; {add_capacity, per_year}. Processes may also read "
                      "<name> ('no'/'yes': received) and <name>.time_since (steps since receipt, "
                      "-1 before)."},
      {.name = "cost", .node = intervention_cost_schema(), .description = "Its costs."},
      {.name = "budget_per_year",
       .node = s::number_capped(0, limits::kMaxMoneyGbp).with_unit("GBP"),
       .description = "Cash cap per year of the run on its costs: once a year's budget is "
                      "committed no more units are enrolled that year (absent: no cap). Stated "
                      "for the whole population, at prices/year when that is set; a sample of "
                      "it gets its share."},
  });
}

// ---- rules

struct Ctx {
  const OriginFn& origin;
  DiagnosticList& out;
  const json& doc;
  void add(const std::string& at, std::string expected, std::string found) const {
    out.add(origin(at), at, std::move(expected), std::move(found));
  }
  std::vector<std::string> names(const char* section) const {
    std::vector<std::string> v;
    if (doc.contains(section) && doc.at(section).is_object())
      for (const auto& [k, x] : doc.at(section).items()) v.push_back(k);
    return v;
  }
  // The states of process `p`, or nothing if there is no such process.
  const json* process(const std::string& p) const {
    if (!doc.contains("processes") || !doc.at("processes").is_object()) return nullptr;
    const auto it = doc.at("processes").find(p);
    return it == doc.at("processes").end() || !it->is_object() ? nullptr : &*it;
  }
};

std::string quoted(const json& v) {
  return v.is_string() ? "'" + v.get<std::string>() + "'" : v.dump();
}

std::vector<std::string> strings(const json& p, const char* key) {
  std::vector<std::string> v;
  if (p.contains(key) && p.at(key).is_array())
    for (const auto& x : p.at(key))
      if (x.is_string()) v.push_back(x.get<std::string>());
  return v;
}

bool contains(const std::vector<std::string>& v, const std::string& x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

// `value` names a known service.
void check_service_name(const Ctx& c, const json& value, const std::string& at) {
  if (!value.is_string()) return;
  const auto services = c.names("services");
  if (!contains(services, value.get<std::string>()))
    c.add(at,
          "the name of a service under /services (" +
              (services.empty() ? std::string("none declared") : expr::join_names(services)) + ")",
          quoted(value));
}

// `value` names a process; returns its states (empty if it is not one).
std::vector<std::string> check_process_name(const Ctx& c, const json& value,
                                            const std::string& at) {
  if (!value.is_string()) return {};
  const json* p = c.process(value.get<std::string>());
  if (!p) {
    c.add(at,
          "the name of a process under /processes (" + expr::join_names(c.names("processes")) + ")",
          quoted(value));
    return {};
  }
  return strings(*p, "states");
}

void check_state_in(const Ctx& c, const std::string& process,
                    const std::vector<std::string>& states, const json& value,
                    const std::string& at) {
  if (value.is_string() && !contains(states, value.get<std::string>()))
    c.add(at, "one of the states of " + process + ": " + expr::join_names(states), quoted(value));
}

bool household_process(const Ctx& c, const std::string& name) {
  const json* p = c.process(name);
  return p && p->value("entity", json("person")) == "household";
}

void check_state_change(const Ctx& c, const json& m, const std::string& at) {
  if (!m.is_object() || !m.contains("process")) return;
  const auto states = check_process_name(c, m.at("process"), at + "/process");
  if (states.empty()) return;
  const std::string p = m.at("process").get<std::string>();
  if (household_process(c, p))
    c.add(at + "/process", "a person process (services and interventions move persons)",
          "'" + p + "', a household process");
  if (m.contains("to")) check_state_in(c, p, states, m.at("to"), at + "/to");
  if (m.contains("from") && m.at("from").is_array())
    for (size_t k = 0; k < m.at("from").size(); ++k)
      check_state_in(c, p, states, m.at("from")[k], at + "/from/" + std::to_string(k));
}

void check_rate_effect(const Ctx& c, const json& e, const std::string& at, bool household_unit) {
  if (!e.contains("process")) {
    c.add(at + "/process", "the process whose rates rate_ratio multiplies", "nothing");
    return;
  }
  const auto states = check_process_name(c, e.at("process"), at + "/process");
  if (states.empty()) return;
  const std::string name = e.at("process").get<std::string>();
  const json& p = *c.process(name);
  if (household_process(c, name) && !household_unit)
    c.add(at + "/process",
          "a person process, or unit \"household\" (a household process's rates can only "
          "depend on what households receive)",
          "'" + name + "', a household process");
  const bool any = (e.contains("transitions") && !e.at("transitions").empty()) ||
                   (e.contains("events") && !e.at("events").empty());
  if (!any) c.add(at, "transitions or events for rate_ratio to multiply", "neither");
  if (e.contains("transitions") && e.at("transitions").is_array()) {
    const json& ts = e.at("transitions");
    for (size_t k = 0; k < ts.size(); ++k) {
      const std::string ta = at + "/transitions/" + std::to_string(k);
      if (!ts[k].is_object() || !ts[k].contains("from") || !ts[k].contains("to")) continue;
      bool declared = false;
      if (p.contains("transitions") && p.at("transitions").is_array())
        for (const auto& t : p.at("transitions"))
          declared = declared || (t.is_object() && t.value("from", json()) == ts[k].at("from") &&
                                  t.value("to", json()) == ts[k].at("to"));
      if (!declared)
        c.add(ta, "a transition declared in process " + name,
              "from " + quoted(ts[k].at("from")) + " to " + quoted(ts[k].at("to")));
    }
  }
  if (e.contains("events") && e.at("events").is_array()) {
    std::vector<std::string> events;
    if (p.contains("events") && p.at("events").is_array())
      for (const auto& ev : p.at("events"))
        if (ev.is_object() && ev.contains("name") && ev.at("name").is_string())
          events.push_back(ev.at("name").get<std::string>());
    const json& es = e.at("events");
    for (size_t k = 0; k < es.size(); ++k)
      if (es[k].is_string() && !contains(events, es[k].get<std::string>()))
        c.add(at + "/events/" + std::to_string(k),
              "an event of process " + name + " (" + expr::join_names(events) + ")", quoted(es[k]));
  }
}

void check_effect(const Ctx& c, const json& e, const std::string& at, bool household_unit) {
  if (!e.is_object()) return;
  const bool set = e.contains("set"), rate = e.contains("rate_ratio"),
             capacity = e.contains("add_capacity"),
             state = !set && !rate && !capacity && e.contains("process");
  if (static_cast<int>(set) + rate + capacity + state != 1) {
    std::vector<std::string> kinds;
    for (const char* key : {"set", "rate_ratio", "add_capacity"})
      if (e.contains(key)) kinds.push_back(key);
    c.add(at,
          "exactly one kind of effect: {set, to}, {process, to}, {rate_ratio, process, ...} or "
          "{add_capacity, per_year}",
          kinds.empty() ? "none of them" : "several: " + expr::join_names(kinds));
    return;
  }
  if (set) {
    if (!e.contains("to") || !e.at("to").is_string() || (e.at("to") != "no" && e.at("to") != "yes"))
      c.add(at + "/to", "'no' or 'yes'", e.contains("to") ? quoted(e.at("to")) : "nothing");
  } else if (state) {
    if (household_unit)
      c.add(at, "a person intervention (a household intervention cannot move a person's state)",
            "a state change in a household intervention");
    if (!e.contains("to")) c.add(at + "/to", "the state entered", "nothing");
    check_state_change(c, e, at);
  } else if (rate) {
    check_rate_effect(c, e, at, household_unit);
  } else {
    check_service_name(c, e.at("add_capacity"), at + "/add_capacity");
    if (!e.contains("per_year")) c.add(at + "/per_year", "the capacity added per year", "nothing");
  }
}

void check_intervention(const Ctx& c, const std::string& name, const json& i) {
  const std::string at = "/interventions/" + name;
  if (!expr::is_valid_attribute_name(name) || name.find('.') != std::string::npos)
    c.add(at, "an intervention name made of letters, digits and _ (not starting with a digit)",
          "'" + name + "'");
  if (c.process(name) || contains(c.names("services"), name))
    c.add(at, "a name not used by a process or a service", "'" + name + "'");
  if (!i.is_object()) return;
  const json* start = valid_scenario_value(c.doc, at + "/start");
  const json* end = valid_scenario_value(c.doc, at + "/end");
  if (start && end && end->get<std::string>() <= start->get<std::string>())
    c.add(at + "/end", "a month after start (" + start->get<std::string>() + ")", quoted(*end));
  if (i.contains("through")) check_service_name(c, i.at("through"), at + "/through");
  const bool household = i.value("unit", json("person")) == "household";
  if (i.contains("effects") && i.at("effects").is_array())
    for (size_t k = 0; k < i.at("effects").size(); ++k)
      check_effect(c, i.at("effects")[k], at + "/effects/" + std::to_string(k), household);
}

void check_service(const Ctx& c, const std::string& name, const json& sv) {
  const std::string at = "/services/" + name;
  if (!expr::is_valid_attribute_name(name) || name.find('.') != std::string::npos)
    c.add(at, "a service name made of letters, digits and _ (not starting with a digit)",
          "'" + name + "'");
  if (c.process(name)) c.add(at, "a name not used by a process", "'" + name + "'");
  if (!sv.is_object()) return;
  for (const char* key : {"on_served", "on_lapsed"})
    if (sv.contains(key) && sv.at(key).is_array())
      for (size_t k = 0; k < sv.at(key).size(); ++k)
        check_state_change(c, sv.at(key)[k], at + "/" + key + "/" + std::to_string(k));
}

// ---- binding

StateChangeSpec state_change(const json& m, const std::string& at) {
  return {m.at("process"), m.at("to"), m.value("from", std::vector<std::string>{}), at};
}

CostSpec payers(const json& cost, const char* key, const std::string& at) {
  return cost.contains(key) ? bind_varying_cost(cost.at(key), at + "/" + key) : CostSpec{};
}

// A capacity per year: never negative, at most the cap on capacities.
StratifiedValue capacity(const json& v, const std::string& at) {
  return bind_varying(v, at, 0.0, limits::kMaxCapacityPerYear);
}

EffectSpec effect(const json& e, const std::string& at) {
  EffectSpec out;
  out.json_path = at;
  if (e.contains("set")) {
    out.kind = EffectSpec::Kind::kSetAttribute;
    out.attribute = e.at("set");
    out.label = e.at("to");
  } else if (e.contains("rate_ratio")) {
    out.kind = EffectSpec::Kind::kRateRatio;
    RateEffectSpec& r = out.rates;
    r.json_path = at;
    r.process = e.at("process");
    r.rate_ratio = e.at("rate_ratio");
    if (e.contains("transitions"))
      for (const auto& t : e.at("transitions")) r.transitions.push_back({t.at("from"), t.at("to")});
    r.events = e.value("events", std::vector<std::string>{});
    if (e.contains("full_effect_years")) r.full_effect_years = e.at("full_effect_years");
    r.wanes_over_years = e.value("wanes_over_years", 0.0);
  } else if (e.contains("add_capacity")) {
    out.kind = EffectSpec::Kind::kAddCapacity;
    out.service = e.at("add_capacity");
    out.capacity_per_year = capacity(e.at("per_year"), at + "/per_year");
  } else {
    out.kind = EffectSpec::Kind::kSetState;
    out.state = state_change(e, at);
  }
  return out;
}

}  // namespace

s::Node services_schema() { return s::map_of(service_schema()); }
s::Node interventions_schema() { return s::map_of(intervention_schema()); }

void check_service_rules(const json& doc, const OriginFn& origin, DiagnosticList& out) {
  const Ctx c{origin, out, doc};
  if (doc.contains("services") && doc.at("services").is_object())
    for (const auto& [name, sv] : doc.at("services").items()) check_service(c, name, sv);
  if (doc.contains("interventions") && doc.at("interventions").is_object())
    for (const auto& [name, i] : doc.at("interventions").items()) check_intervention(c, name, i);
  if (doc.contains("processes") && doc.at("processes").is_object())
    for (const auto& [name, p] : doc.at("processes").items()) {
      if (!p.is_object() || !p.contains("events") || !p.at("events").is_array()) continue;
      for (size_t k = 0; k < p.at("events").size(); ++k) {
        const json& e = p.at("events")[k];
        if (e.is_object() && e.contains("service"))
          check_service_name(c, e.at("service"),
                             "/processes/" + name + "/events/" + std::to_string(k) + "/service");
      }
    }
}

namespace {
// Multiplies a capacity (a number, an expression, or a table's values), leaving keys and sources.
void scale_numbers(json& value, double factor) {
  if (factor == 1.0) return;
  if (value.is_number()) {
    value = value.get<double>() * factor;
  } else if (value.is_string()) {
    char text[32];
    std::snprintf(text, sizeof text, "%.17g", factor);
    value = "(" + value.get<std::string>() + ") * " + text;
  } else if (value.is_object()) {
    for (auto& [key, v] : value.items())
      if (key != "by" && key != "source") scale_numbers(v, factor);
  }
}
}  // namespace

std::vector<ServiceSpec> bind_services(const json& doc) {
  std::vector<ServiceSpec> out;
  if (!doc.contains("services")) return out;
  for (const auto& [name, sv] : doc.at("services").items()) {
    ServiceSpec s;
    s.name = name;
    s.json_path = "/services/" + name;
    s.description = sv.value("description", "");
    s.per_council = sv.value("regions", "council") == "council";
    // capacity_factor scales the capacity (its numbers, or its expression) before it is bound.
    json capacity_json = sv.at("capacity_per_year");
    scale_numbers(capacity_json, sv.value("capacity_factor", 1.0));
    s.capacity_per_year = capacity(capacity_json, s.json_path + "/capacity_per_year");
    s.max_wait_months = sv.value("max_wait_months", -1);
    if (sv.contains("cost_per_service"))
      s.cost_per_service =
          bind_varying_cost(sv.at("cost_per_service"), s.json_path + "/cost_per_service");
    for (const char* key : {"on_served", "on_lapsed"}) {
      auto& moves = std::string(key) == "on_served" ? s.on_served : s.on_lapsed;
      if (sv.contains(key))
        for (size_t k = 0; k < sv.at(key).size(); ++k)
          moves.push_back(
              state_change(sv.at(key)[k], s.json_path + "/" + key + "/" + std::to_string(k)));
    }
    out.push_back(std::move(s));
  }
  return out;
}

std::vector<InterventionSpec> bind_interventions(const json& doc) {
  std::vector<InterventionSpec> out;
  if (!doc.contains("interventions")) return out;
  for (const auto& [name, i] : doc.at("interventions").items()) {
    InterventionSpec v;
    v.name = name;
    v.json_path = "/interventions/" + name;
    v.description = i.value("description", "");
    v.start = *YearMonth::parse(i.at("start").get<std::string>());
    v.has_end = i.contains("end");
    if (v.has_end) v.end = *YearMonth::parse(i.at("end").get<std::string>());
    v.every_months = i.value("every_months", 0);
    v.once = i.value("once", true);
    v.unit = i.value("unit", "person") == "household" ? InterventionUnit::kHousehold
                                                      : InterventionUnit::kPerson;
    v.who = i.value("who", "");
    v.coverage = i.value("coverage", 1.0);
    v.uptake = i.value("uptake", 1.0);
    v.through = i.value("through", "");
    v.priority = i.value("priority", 1);
    const json& effects = i.at("effects");
    for (size_t k = 0; k < effects.size(); ++k)
      v.effects.push_back(effect(effects[k], v.json_path + "/effects/" + std::to_string(k)));
    if (i.contains("cost")) {
      const json& c = i.at("cost");
      const std::string at = v.json_path + "/cost";
      v.cost.per_unit = payers(c, "per_unit", at);
      v.cost.per_unit_per_year = payers(c, "per_unit_per_year", at);
      v.cost.fixed = payers(c, "fixed", at);
      v.cost.fixed_per_year = payers(c, "fixed_per_year", at);
    }
    v.budget_per_year = i.value("budget_per_year", -1.0);
    out.push_back(std::move(v));
  }
  return out;
}

}  // namespace civicsim
