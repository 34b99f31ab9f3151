// The modelling language's fields, declared once; their cross-field rules; their binding.
// Descriptions are written for the analyst who edits scenario files (`civicsim schema` prints
// them).
#include "engine/scenario/process_schema.hpp"

#include <algorithm>
#include <memory>
#include <set>
#include <string>

#include "engine/core/input_limits.hpp"
#include "engine/expr/catalogue.hpp"
#include "engine/scenario/death_states.hpp"
#include "engine/scenario/element_id.hpp"
#include "engine/scenario/prices.hpp"
#include "engine/scenario/tunnel_states.hpp"

namespace civicsim {
namespace {

using nlohmann::json;
namespace s = schema;

}  // namespace

s::Field source_field() {
  return {.name = "source",
          .node = s::string(),
          .description =
              "Where the numbers here come from (a citation, e.g. \"EHS 2023-24 headline: "
              "damp by tenure; docs/evidence/PARAMETERS.md A3\"), kept beside them for "
              "the model documentation; not used by the run."};
}

s::Node stratified_schema(s::Node number, const std::string& what) {
  const s::Node level3 = s::map_of(number);
  const s::Node level2 = s::map_of(s::either(number, level3));
  const s::Node level1 = s::map_of(s::either(number, level2));
  return s::either(
      number,
      s::object({
          source_field(),
          {.name = "by",
           .node = s::array_of(s::string(), 1, 3),
           .required = true,
           .description = "Attributes the " + what +
                          " depends on (1 to 3), e.g. [\"age_band\", \"sex\"]: any attribute of "
                          "the expression catalogue with a label per code (categories such as "
                          "age_band, sex, council, household.tenure, household.damp, a process's "
                          "state) or a whole number (imd_quintile: \"1\" .. \"5\")."},
          {.name = "values",
           .node = level1,
           .required = true,
           .description = "The " + what +
                          " per label of the first attribute, nested one level per further "
                          "attribute: {\"0\": 0.01, \"1-4\": 0.02, ...}. Every label must appear; "
                          "a number above the last level holds for every label beneath it. For a "
                          "whole-number attribute (age, cycle, a time in state) a key is \"k\", "
                          "\"a-b\" (a to b inclusive) or \"a+\" (a and above): {\"55-64\": x, "
                          "\"65-74\": y, \"75+\": z}; keys may not overlap and every value must be "
                          "covered."},
          {.name = "carry_forward",
           .node = s::boolean(),
           .description = "Whether a bare last key of a whole-number attribute holds for every "
                          "value above it (a per-cycle table {\"0\": x, \"1\": y} gives y for "
                          "every cycle from 1 on, whatever horizon_years is). Absent: true; false "
                          "makes values above the last key an error."},
      }));
}

namespace {

s::Node modifiers_schema() {
  return s::array_of(with_id(s::object({
      source_field(),
      {.name = "if",
       .node = s::string(),
       .description = "Condition (expression language, engine/expr/README.md) under which the "
                      "factor applies; absent: always."},
      {.name = "rate_ratio",
       .node = s::either(s::number_capped(0, limits::kMaxRateRatio), s::string()),
       .required = true,
       .description = "Factor on the rate (or on the probability per cycle): a number, or a "
                      "numeric expression such as \"1 + 0.2 * (my_process.time_in_sick + 1)\"."},
  })));
}

}  // namespace

// A number, an expression of the catalogue (a string such as "5034 + 2086.5 * (cycle < 2)") or a
// table: one either of three alternatives (so that PSA and one-way analysis find its number). The
// string alternative comes first so that a string is always read as an expression.
s::Node varying_schema(s::Node number, const std::string& what) {
  s::Node node = stratified_schema(std::move(number), what);
  node.alternatives.insert(node.alternatives.begin(), std::make_shared<const s::Node>(s::string()));
  return node;
}

s::Node payers_schema(const std::string& what, bool with_category) {
  std::vector<s::Field> fields;
  for (const char* payer : kPayerNames)
    fields.push_back({.name = payer,
                      .node = s::number_capped(0, limits::kMaxMoneyGbp).with_unit("GBP"),
                      .description = std::string("Paid by ") + payer + " " + what + "."});
  fields.push_back(source_field());
  if (with_category) {
    fields.push_back(price_year_field());
    fields.push_back({.name = "category",
                      .node = s::string(),
                      .description = "Cost category in the costs series (default: the name of "
                                     "the process or service)."});
  }
  return s::object(std::move(fields));
}

s::Node varying_payers_schema(const std::string& what, bool with_category,
                              const std::string& varies_with) {
  s::Node node = payers_schema(what, with_category);
  for (s::Field& f : node.fields)
    for (const char* payer : kPayerNames)
      if (f.name == payer) {
        f.node = varying_schema(f.node, "amount");
        f.description += " " + varies_with;
      }
  return node;
}

namespace {

// A process's cost: per payer a number, an expression or a table of the catalogue.
s::Node cost_schema(const std::string& what) {
  return varying_payers_schema(what, true,
                               "A number, an expression of the catalogue (e.g. \"5034 + 2086.5 * "
                               "(cycle < 2)\") or a table by attributes.");
}

// No field is required and none has a default: the loader creates every absent object field, so
// a transition without a hazard has an empty one, which means none (the rules require distribution
// and parameters of a hazard that is given).
s::Node hazard_schema() {
  return s::object({
      source_field(),
      {.name = "distribution",
       .node = s::string_one_of({"exponential", "weibull", "gompertz", "loglogistic"}),
       .description = "Cumulative hazard H(t), t in years: exponential {rate}: rate t; weibull "
                      "{scale, shape}: scale t^shape; gompertz {rate, shape}: rate/shape "
                      "(e^(shape t) - 1); loglogistic {scale, shape}: S(t) = 1 / (1 + "
                      "(t/scale)^shape). The probability of the move in a step from t0 to t0 + dt "
                      "is 1 - S(t0 + dt) / S(t0), with S = exp(-H)."},
      {.name = "parameters",
       .node = s::map_of(varying_schema(s::number(), "parameter")),
       .description = "The distribution's parameters by name (rate; scale and shape): numbers, "
                      "expressions or tables of attributes other than the clock (covariates)."},
      {.name = "clock",
       .node = s::string_one_of({"time_in_state", "age", "cycle"}),
       .description = "What t is: time in the transition's from-state (absent: this), age in "
                      "completed years, or time since the run's start (cycle)."},
  });
}

s::Node transition_schema() {
  return with_id(s::object({
      source_field(),
      {.name = "from", .node = s::string(), .required = true, .description = "State left."},
      {.name = "to", .node = s::string(), .required = true, .description = "State entered."},
      {.name = "rate_per_year",
       .node = varying_schema(s::number_capped(0, limits::kMaxRatePerYear).with_unit("per year"),
                              "rate"),
       .description = "Rate of the move (per person-year). Converted to a probability for the "
                      "step: competing rates out of a state are summed, p = 1 - exp(-R dt), and "
                      "split by share (or converted one by one, see rate_conversion)."},
      {.name = "probability_per_cycle",
       .node = varying_schema(s::number_in(0, 1), "probability"),
       .description = "Probability of the move per cycle (cycle_months). Only where step_months "
                      "equals cycle_months; the probabilities out of a state are exclusive and "
                      "must not sum above 1."},
      {.name = "hazard",
       .node = hazard_schema(),
       .description = "Instead of a rate or probability: a named parametric hazard whose "
                      "probability per step is computed for every value of its clock at load."},
      {.name = "if",
       .node = s::string(),
       .description = "The move only happens while this condition holds (e.g. \"age < 18\")."},
      {.name = "modifiers",
       .node = modifiers_schema(),
       .description = "Multiplicative factors on the rate where their conditions hold (person, "
                      "household, area, other processes' states, time in state)."},
      {.name = "stage",
       .node = s::integer_in(0, 9),
       .default_value = 0,
       .description = "Moves out of a state are decided stage by stage: a person who makes no "
                      "stage-0 move may make a stage-1 move, and so on, so later stages are "
                      "conditional on no earlier move (e.g. moves between living states "
                      "conditional on surviving the cycle, as Alarid-Escudero et al. 2023)."},
  }));
}

s::Node event_schema() {
  return with_id(s::object({
      source_field(),
      {.name = "name",
       .node = s::string(),
       .required = true,
       .description = "Event name (an identifier): the series <process>.events.<name>."},
      {.name = "label",
       .node = s::string(),
       .description = "Name of the events for people, shown in reports (e.g. \"Asthma "
                      "attacks\"; absent: the name)."},
      {.name = "in",
       .node = s::array_of(s::string(), 1),
       .required = true,
       .description = "States in which the event can happen; it does not change the state."},
      {.name = "rate_per_year",
       .node = varying_schema(s::number_capped(0, limits::kMaxRatePerYear).with_unit("per year"),
                              "rate"),
       .required = true,
       .description = "Expected events per person-year. Each step a person has at least one event "
                      "with probability 1 - exp(-rate dt) and then a zero-truncated Poisson "
                      "count, so the expected count is exactly rate x dt."},
      {.name = "if", .node = s::string(), .description = "Only while this condition holds."},
      {.name = "modifiers", .node = modifiers_schema(), .description = "Factors on the rate."},
      {.name = "cost",
       .node = cost_schema("per event"),
       .description = "Cost of each event, at the values of the person (household) it "
                      "happens to at the step's start."},
      {.name = "qaly_loss",
       .node = varying_schema(s::number_capped(0, limits::kMaxQalyPerEvent).with_unit("QALY"),
                              "QALY loss"),
       .default_value = 0,
       .description = "QALYs lost per event: a number, or an expression or table of what the "
                      "cost may read (e.g. \"0.01 * min(age, 80) / 80\"), at the values of the "
                      "person (household) it happens to at the step's start."},
      {.name = "service",
       .node = s::string(),
       .description = "Service (under /services) the event sends a request to, unless the person "
                      "already waits for it. What being served, or not, does to the person is "
                      "the service's on_served and on_lapsed, and conditions may read the "
                      "person's status in the service."},
      {.name = "priority",
       .node = s::integer_in(0, 9),
       .default_value = 1,
       .description = "Priority of that request in the service's queue (0 is served first)."},
  }));
}

s::Node heterogeneity_schema() {
  return s::object({
      source_field(),
      {.name = "distribution",
       .node = s::string_one_of({"uniform", "normal", "lognormal", "gamma", "beta"}),
       .required = true,
       .description = "Distribution of the per-person factor, drawn once when the person enters "
                      "(stream <process>.heterogeneity.<name>, so arms sharing a seed draw the "
                      "same factors)."},
      {.name = "parameters",
       .node = s::array_of(s::number(), 2, 2),
       .required = true,
       .description = "uniform: [min, max]; normal: [mean, sd]; lognormal: [meanlog, sdlog]; "
                      "gamma: [shape, scale]; beta: [alpha, beta]."},
      {.name = "utility_of",
       .node = s::array_of(s::string()),
       .default_value = json::array(),
       .description = "States whose utility the factor multiplies."},
  });
}

s::Node process_schema() {
  return s::object({
      source_field(),
      {.name = "entity",
       .node = s::string_one_of({"person", "household"}),
       .default_value = "person",
       .description = "What the state machine is on. A household process moves households: its "
                      "conditions read the household and its area (not persons), and person "
                      "processes read its state as <name> (a family's level of need)."},
      {.name = "attribute",
       .node = s::string_one_of({"household.damp", "household.poor_condition",
                                 "household.no_central_heating", "household.overcrowded"}),
       .description = "Household processes only: the condition attribute this process moves "
                      "(states [\"no\", \"yes\"], starting from the attribute; e.g. homes "
                      "becoming damp and being repaired, by tenure). Conditions keep reading "
                      "the attribute; interventions that set it move the process too."},
      {.name = "label",
       .node = s::string(),
       .description = "Name of the process for people, shown in reports (e.g. \"Childhood "
                      "asthma\"; absent: the name)."},
      {.name = "description",
       .node = s::string(),
       .default_value = "",
       .description = "What the process represents."},
      {.name = "states",
       .node = s::array_of(s::string(), 2, 250),
       .required = true,
       .description = "Names of the states. The first is where persons start unless `initial` "
                      "says otherwise."},
      {.name = "state_labels",
       .node = s::map_of(s::string()),
       .description = "Names of the states for people, by state (e.g. {\"uncontrolled\": "
                      "\"Uncontrolled asthma\"}); states left out are shown by name."},
      {.name = "groups",
       .node = s::map_of(s::array_of(s::string(), 1)),
       .description = "Named groups of states; each gives the variable "
                      "<process>.time_in_<group>: steps spent in the group without leaving it "
                      "(0 outside it)."},
      {.name = "initial",
       .node = s::map_of(varying_schema(s::number_in(0, 1), "probability")),
       .description = "Probability of starting in each state (stratified as wished); the first "
                      "state takes what the others leave. Newborns draw from it at birth."},
      {.name = "transitions",
       .node = s::array_of(transition_schema()),
       .description = "Moves between states."},
      tunnel_states_field(),
      {.name = "events",
       .node = s::array_of(event_schema()),
       .description = "Things that happen in a state without changing it (a GP visit)."},
      {.name = "cost_per_year",
       .node = s::map_of(cost_schema("per person-year in the state")),
       .description = "Cost per person-year spent in each state, by payer."},
      {.name = "utility",
       .node = s::map_of(varying_schema(s::number_in(-1, 1), "utility")),
       .description = "Utility (QALY weight) of each state: a number, a numeric expression "
                      "(e.g. \"0.95 - 0.03 * p.time_in_sick\") or a table by attributes. States "
                      "left out have utility 1; utilities of several processes multiply."},
      {.name = "heterogeneity",
       .node = s::map_of(heterogeneity_schema()),
       .description = "Per-person factors drawn once (e.g. Krijkamp 2018's effect modifier)."},
      {.name = "rate_conversion",
       .node = s::string_one_of({"competing_risks", "separate"}),
       .default_value = "competing_risks",
       .description = "competing_risks: rates out of a state (in one stage) are summed, turned "
                      "into one probability and split by share (exact for constant rates). "
                      "separate: each rate becomes its own probability 1 - exp(-r dt) and the "
                      "probabilities are exclusive (the textbook cohort convention). A stage with "
                      "any probability per cycle is always separate."},
      {.name = "cycle_months",
       .node = s::integer_one_of({1, 2, 3, 4, 6, 12}).with_unit("months"),
       .default_value = 12,
       .description = "The cycle that probabilities per cycle refer to."},
      {.name = "death_states",
       .node = s::array_of(s::string(), 1),
       .description = "States in which a person is dead (e.g. [\"D\"]): absorbing (no "
                      "transition out, no events), utility 0 and no cost; persons there count "
                      "as deaths in the run's summary and are not billed, enrolled or served. "
                      "One process may have them; other person processes then have no costs, "
                      "utilities or events. A person process only."},
  });
}

// ---- rules

std::string join(const std::vector<std::string>& items) { return expr::join_names(items); }

struct Ctx {
  const OriginFn& origin;
  DiagnosticList& out;
  void add(const std::string& at, std::string expected, std::string found) const {
    out.add(origin(at), at, std::move(expected), std::move(found));
  }
};

void check_state(const Ctx& c, const std::string& process, const std::vector<std::string>& states,
                 const json& value, const std::string& at) {
  if (!value.is_string()) return;  // reported by the schema
  const std::string name = value.get<std::string>();
  if (std::find(states.begin(), states.end(), name) == states.end())
    c.add(at, "one of the states of " + process + ": " + join(states), "'" + name + "'");
}

// The parameters a hazard's distribution takes, each present and no other.
void check_hazard(const Ctx& c, const json& h, const std::string& at) {
  for (const char* key : {"distribution", "parameters"})
    if (!h.contains(key))
      c.add(at + "/" + key, std::string("a ") + key + " of the hazard", "nothing");
  if (!h.contains("distribution") || !h.at("distribution").is_string() ||
      !h.contains("parameters") || !h.at("parameters").is_object())
    return;  // reported above or by the schema
  const std::string d = h.at("distribution");
  const std::vector<std::string> wanted = d == "exponential" ? std::vector<std::string>{"rate"}
                                          : d == "gompertz"
                                              ? std::vector<std::string>{"rate", "shape"}
                                              : std::vector<std::string>{"scale", "shape"};
  const json& given = h.at("parameters");
  for (const std::string& w : wanted)
    if (!given.contains(w))
      c.add(at + "/parameters/" + w, "the " + d + " parameter " + w + " (" + join(wanted) + ")",
            "nothing");
  for (const auto& [k, v] : given.items())
    if (std::find(wanted.begin(), wanted.end(), k) == wanted.end())
      c.add(at + "/parameters/" + k, "a parameter of " + d + " (" + join(wanted) + ")",
            "'" + k + "'");
}

void check_process(const Ctx& c, const std::string& name, const json& p, int step_months) {
  const std::string at = "/processes/" + name;
  if (!expr::is_valid_attribute_name(name) || name.find('.') != std::string::npos)
    c.add(at, "a process name made of letters, digits and _ (not starting with a digit)",
          "'" + name + "'");
  if (!p.is_object() || !p.contains("states") || !p.at("states").is_array()) return;
  std::vector<std::string> states;
  for (const auto& st : p.at("states"))
    if (st.is_string()) states.push_back(st.get<std::string>());
  std::set<std::string> seen;
  for (size_t i = 0; i < states.size(); ++i)
    if (!seen.insert(states[i]).second)
      c.add(at + "/states/" + std::to_string(i), "a state name not used before",
            "'" + states[i] + "'");
  const auto keys_are_states = [&](const char* key) {
    if (!p.contains(key) || !p.at(key).is_object()) return;
    for (const auto& [k, v] : p.at(key).items())
      check_state(c, name, states, json(k), at + "/" + key + "/" + k);
  };
  const bool household = p.value("entity", json("person")) == "household";
  if (p.contains("attribute")) {
    if (!household)
      c.add(at + "/attribute",
            "entity \"household\" (only household processes move a household "
            "attribute)",
            "entity \"person\"");
    if (states != std::vector<std::string>{"no", "yes"})
      c.add(at + "/states", "[\"no\", \"yes\"], the labels of " + p.at("attribute").dump(),
            p.at("states").dump());
    if (p.contains("initial"))
      c.add(at + "/initial", "no initial distribution (the process starts from the attribute)",
            "one");
  }
  if (household) {
    for (const char* key : {"utility", "heterogeneity"})
      if (p.contains(key))
        c.add(at + "/" + key,
              std::string("no ") + key +
                  " in a household process (QALYs are "
                  "persons')",
              "one");
    if (p.contains("events") && p.at("events").is_array())
      for (size_t k = 0; k < p.at("events").size(); ++k)
        if (p.at("events")[k].is_object() && p.at("events")[k].contains("service"))
          c.add(at + "/events/" + std::to_string(k) + "/service",
                "no service in a household process's event (services serve persons; an "
                "intervention with unit household can use one)",
                p.at("events")[k].at("service").dump());
  }
  keys_are_states("initial");
  keys_are_states("cost_per_year");
  keys_are_states("utility");
  keys_are_states("state_labels");
  if (p.contains("groups") && p.at("groups").is_object())
    for (const auto& [g, members] : p.at("groups").items()) {
      if (!expr::is_valid_attribute_name(g) || g.find('.') != std::string::npos)
        c.add(at + "/groups/" + g, "a group name made of letters, digits and _", "'" + g + "'");
      if (members.is_array())
        for (size_t i = 0; i < members.size(); ++i)
          check_state(c, name, states, members[i], at + "/groups/" + g + "/" + std::to_string(i));
    }
  const auto cycle_value = p.find("cycle_months");  // an invalid one was reported by the schema
  const int cycle = cycle_value != p.end() &&
                            schema::is_valid(s::integer_one_of({1, 2, 3, 4, 6, 12}), *cycle_value)
                        ? cycle_value->get<int>()
                        : 12;
  if (p.contains("transitions") && p.at("transitions").is_array()) {
    const json& ts = p.at("transitions");
    for (size_t i = 0; i < ts.size(); ++i) {
      const json& t = ts[i];
      const std::string ta = at + "/transitions/" + std::to_string(i);
      if (!t.is_object()) continue;
      if (t.contains("from")) check_state(c, name, states, t.at("from"), ta + "/from");
      if (t.contains("to")) check_state(c, name, states, t.at("to"), ta + "/to");
      if (t.contains("from") && t.contains("to") && t.at("from") == t.at("to"))
        c.add(ta + "/to", "a state other than 'from' (staying is what is left over)",
              t.at("to").dump());
      const bool rate = t.contains("rate_per_year"), prob = t.contains("probability_per_cycle");
      const bool hazard =
          t.contains("hazard") && t.at("hazard").is_object() && !t.at("hazard").empty();
      const int kinds = int{rate} + int{prob} + int{hazard};
      if (kinds > 1 || (kinds == 0 && !is_tunnel_exit(p, t)))  // none: a tunnel's remainder exit
        c.add(ta, "exactly one of rate_per_year, probability_per_cycle or hazard",
              kinds ? "more than one" : "none");
      if (hazard) check_hazard(c, t.at("hazard"), ta + "/hazard");
      if (prob && step_months != cycle)
        c.add(
            ta + "/probability_per_cycle",
            "a rate_per_year, or step_months equal to the cycle of the probability (cycle_months " +
                std::to_string(cycle) + ")",
            "a probability per cycle with step_months " + std::to_string(step_months));
    }
  }
  check_tunnel_states(name, p, states, c.origin, c.out);
  if (p.contains("events") && p.at("events").is_array()) {
    std::set<std::string> events;
    const json& es = p.at("events");
    for (size_t i = 0; i < es.size(); ++i) {
      const std::string ea = at + "/events/" + std::to_string(i);
      if (!es[i].is_object()) continue;
      if (es[i].contains("name") && es[i].at("name").is_string()) {
        const std::string e = es[i].at("name");
        if (!expr::is_valid_attribute_name(e) || e.find('.') != std::string::npos)
          c.add(ea + "/name", "an event name made of letters, digits and _", "'" + e + "'");
        else if (!events.insert(e).second)
          c.add(ea + "/name", "an event name not used before in " + name, "'" + e + "'");
      }
      if (es[i].contains("in") && es[i].at("in").is_array())
        for (size_t k = 0; k < es[i].at("in").size(); ++k)
          check_state(c, name, states, es[i].at("in")[k], ea + "/in/" + std::to_string(k));
    }
  }
  if (p.contains("heterogeneity") && p.at("heterogeneity").is_object())
    for (const auto& [h, spec] : p.at("heterogeneity").items()) {
      const std::string ha = at + "/heterogeneity/" + h;
      if (!spec.is_object()) continue;
      if (spec.contains("utility_of") && spec.at("utility_of").is_array())
        for (size_t k = 0; k < spec.at("utility_of").size(); ++k)
          check_state(c, name, states, spec.at("utility_of")[k],
                      ha + "/utility_of/" + std::to_string(k));
      if (!spec.contains("distribution") || !spec.contains("parameters") ||
          !spec.at("parameters").is_array() || spec.at("parameters").size() != 2 ||
          !spec.at("parameters")[0].is_number() || !spec.at("parameters")[1].is_number())
        continue;
      const std::string d =
          spec.at("distribution").is_string() ? spec.at("distribution").get<std::string>() : "";
      const double a = spec.at("parameters")[0], b = spec.at("parameters")[1];
      const bool ok = d == "uniform"                      ? a < b
                      : d == "normal" || d == "lognormal" ? b > 0
                      : (d == "gamma" || d == "beta")     ? a > 0 && b > 0
                                                          : true;
      if (!ok)
        c.add(ha + "/parameters",
              d == "uniform"                ? "[min, max] with min < max"
              : d == "gamma" || d == "beta" ? "two positive parameters"
                                            : "a positive standard deviation",
              spec.at("parameters").dump());
    }
}

}  // namespace

s::Node processes_schema() { return s::map_of(process_schema()); }

s::Node rewards_schema() {
  return s::object({
      {.name = "state_timing",
       .node = s::string_one_of({"start_of_step", "end_of_step", "half_step"}),
       .default_value = "start_of_step",
       .description = "Which state a step's state costs and QALYs (in the costs and qalys flows) "
                      "come from: the state at the start of the step, at its end, or half of each "
                      "(the half-cycle correction). The series state_costs and state_qalys keep "
                      "the rewards of every time point unweighted, so any other convention "
                      "(counting cycle 0, Simpson's rule) can be applied afterwards."},
  });
}

s::Node cohort_schema() {
  return s::object({
      {.name = "size",
       .node = s::integer_in(1, 100'000'000).with_unit("persons"),
       .description = "Number of identical persons. Required when source is cohort."},
      {.name = "age",
       .node = s::integer_in(0, 110).with_unit("years"),
       .default_value = 0,
       .description = "Age of every person at the start."},
      {.name = "sex",
       .node = s::string_one_of({"female", "male"}),
       .default_value = "female",
       .description = "Sex of every person."},
      {.name = "states",
       .node = s::map_of(s::string()),
       .description = "Starting state per process (process name -> state); processes left out "
                      "use their initial distribution."},
  });
}

void check_process_rules(const json& doc, const OriginFn& origin, DiagnosticList& out) {
  const Ctx c{origin, out};
  const json* step = valid_scenario_value(doc, "/step_months");
  const int step_months = step ? step->get<int>() : 1;
  if (doc.contains("processes") && doc.at("processes").is_object())
    for (const auto& [name, p] : doc.at("processes").items())
      check_process(c, name, p, step_months);
  check_death_states(doc, origin, out);

  const json* source = valid_scenario_value(doc, "/population/source");
  if (!source || *source != "cohort") return;
  const json& cohort = doc.at("population").at("cohort");
  if (!cohort.contains("size"))
    c.add("/population/cohort/size",
          "a number of persons (required when /population/source is cohort)", "nothing");
  if (cohort.contains("states") && cohort.at("states").is_object())
    for (const auto& [process, state] : cohort.at("states").items()) {
      const std::string at = "/population/cohort/states/" + process;
      if (process.find_first_of("/~") != std::string::npos) {
        c.add(at, "the name of a process", "'" + process + "'");
        continue;
      }
      const json::json_pointer states_ptr("/processes/" + process + "/states");
      if (!doc.contains(states_ptr) || !doc.at(states_ptr).is_array()) {
        std::vector<std::string> names;
        if (doc.contains("processes"))
          for (const auto& [n, v] : doc.at("processes").items()) names.push_back(n);
        c.add(at, "the name of a process (" + join(names) + ")", "'" + process + "'");
        continue;
      }
      std::vector<std::string> states;
      for (const auto& st : doc.at(states_ptr))
        if (st.is_string()) states.push_back(st.get<std::string>());
      check_state(c, process, states, state, at);
    }
}

}  // namespace civicsim
