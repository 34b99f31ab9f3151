// Binding the checked "processes", "rewards" and cohort sections of a scenario to plain structs
// (process_spec.hpp). Runs only on a document that passed validation and the rules, so it reads
// without checking; stratified tables are flattened to labelled cells, whose shape (one label per
// "by" attribute) is checked when processes are compiled against the population's attributes.
#include <string>

#include "engine/core/input_limits.hpp"
#include "engine/expr/compiled.hpp"
#include "engine/scenario/process_schema.hpp"

namespace civicsim {
namespace {

using nlohmann::json;

// A constant expression ("17/1734") where a number is expected: its value (the schema checked it).
double constant_of(const json& v) {
  if (v.is_number()) return v.get<double>();
  static const expr::Catalogue kNoVariables;
  DiagnosticList errors;
  const expr::CompiledExpr e =
      expr::compile_number(v.get<std::string>(), kNoVariables, "", "", errors);
  return e.ok() ? e.evaluate({}) : 0.0;
}

void flatten(const json& v, std::vector<std::string>& keys, StratifiedValue& out) {
  if (!v.is_object()) {
    out.cells.push_back({keys, constant_of(v)});
    return;
  }
  for (const auto& [k, item] : v.items()) {
    keys.push_back(k);
    flatten(item, keys, out);
    keys.pop_back();
  }
}

}  // namespace

StratifiedValue bind_stratified(const json& v, const std::string& at) {
  StratifiedValue out;
  out.json_path = at;
  if (v.is_number()) {
    out.constant = v.get<double>();
    return out;
  }
  if (v.is_string()) {
    out.expression = v.get<std::string>();
    return out;
  }
  out.by = v.at("by").get<std::vector<std::string>>();
  out.carry_forward = v.value("carry_forward", true);
  std::vector<std::string> keys;
  flatten(v.at("values"), keys, out);
  return out;
}

StratifiedValue bind_varying(const json& v, const std::string& at, double lowest, double highest) {
  StratifiedValue out = bind_stratified(v, at);
  out.lowest = lowest;
  out.highest = highest;
  return out;
}

CostSpec bind_varying_cost(const json& c, const std::string& at) {
  CostSpec out;
  for (int k = 0; k < kPayerCount; ++k) {
    const auto payer = static_cast<size_t>(k);
    if (!c.contains(kPayerNames[payer])) continue;
    StratifiedValue v = bind_varying(c.at(kPayerNames[payer]), at + "/" + kPayerNames[payer], 0.0,
                                     limits::kMaxMoneyGbp);
    if (v.varies())
      out.varying[payer] = std::move(v);
    else
      out.amount_gbp[payer] = v.constant;
  }
  out.category = c.value("category", "");
  return out;
}

namespace {

StratifiedValue stratified(const json& v, const std::string& at, double lowest = -1e308,
                           double highest = 1e308) {
  return bind_varying(v, at, lowest, highest);
}

CostSpec cost(const json& c, const std::string& at) { return bind_varying_cost(c, at); }

HazardSpec hazard(const json& h, const std::string& at) {
  HazardSpec out;
  out.json_path = at;
  const std::string d = h.at("distribution");
  out.distribution = d == "weibull"       ? HazardSpec::Distribution::kWeibull
                     : d == "gompertz"    ? HazardSpec::Distribution::kGompertz
                     : d == "loglogistic" ? HazardSpec::Distribution::kLogLogistic
                                          : HazardSpec::Distribution::kExponential;
  const std::string clock = h.value("clock", "time_in_state");
  out.clock = clock == "age"     ? HazardSpec::Clock::kAge
              : clock == "cycle" ? HazardSpec::Clock::kCycle
                                 : HazardSpec::Clock::kTimeInState;
  for (const auto& [name, v] : h.at("parameters").items())
    out.parameters.push_back({name, stratified(v, at + "/parameters/" + name)});
  return out;
}

std::vector<ModifierSpec> modifiers(const json& t, const std::string& at) {
  std::vector<ModifierSpec> out;
  if (!t.contains("modifiers")) return out;
  const json& ms = t.at("modifiers");
  for (size_t i = 0; i < ms.size(); ++i) {
    ModifierSpec m;
    m.json_path = at + "/modifiers/" + std::to_string(i);
    m.condition = ms[i].value("if", "");
    const json& r = ms[i].at("rate_ratio");
    if (r.is_string())
      m.factor_expression = r.get<std::string>();
    else
      m.factor = r.get<double>();
    out.push_back(std::move(m));
  }
  return out;
}

ProcessSpec process(const std::string& name, const json& p) {
  const std::string at = "/processes/" + name;
  ProcessSpec spec;
  spec.name = name;
  spec.description = p.value("description", "");
  spec.entity = p.value("entity", "person") == "household" ? Entity::kHousehold : Entity::kPerson;
  spec.attribute = p.value("attribute", "");
  spec.states = p.at("states").get<std::vector<std::string>>();
  if (p.contains("groups"))
    for (const auto& [g, members] : p.at("groups").items())
      spec.groups.push_back({g, members.get<std::vector<std::string>>()});
  if (p.contains("initial"))
    for (const auto& [state, v] : p.at("initial").items())
      spec.initial.push_back({state, stratified(v, at + "/initial/" + state, 0.0, 1.0)});
  if (p.contains("transitions")) {
    const json& ts = p.at("transitions");
    for (size_t i = 0; i < ts.size(); ++i) {
      const json& t = ts[i];
      TransitionSpec tr;
      tr.json_path = at + "/transitions/" + std::to_string(i);
      tr.from = t.at("from");
      tr.to = t.at("to");
      tr.has_hazard = t.contains("hazard") && !t.at("hazard").empty();  // see hazard_schema()
      tr.per_cycle = t.contains("probability_per_cycle") || tr.has_hazard;
      tr.remainder = !tr.per_cycle && !t.contains("rate_per_year");
      if (tr.has_hazard) {
        tr.hazard = hazard(t.at("hazard"), tr.json_path + "/hazard");
      } else if (!tr.remainder) {
        const char* key = tr.per_cycle ? "probability_per_cycle" : "rate_per_year";
        tr.value = stratified(t.at(key), tr.json_path + "/" + key, 0.0,
                              tr.per_cycle ? 1.0 : limits::kMaxRatePerYear);
      }
      tr.condition = t.value("if", "");
      tr.modifiers = modifiers(t, tr.json_path);
      tr.stage = t.value("stage", 0);
      spec.transitions.push_back(std::move(tr));
    }
  }
  spec.tunnel_states = p.value("tunnel_states", std::vector<std::string>{});
  if (p.contains("events")) {
    const json& es = p.at("events");
    for (size_t i = 0; i < es.size(); ++i) {
      const json& e = es[i];
      EventSpec ev;
      ev.json_path = at + "/events/" + std::to_string(i);
      ev.name = e.at("name");
      ev.in = e.at("in").get<std::vector<std::string>>();
      ev.rate_per_year = stratified(e.at("rate_per_year"), ev.json_path + "/rate_per_year", 0.0,
                                    limits::kMaxRatePerYear);
      ev.condition = e.value("if", "");
      ev.modifiers = modifiers(e, ev.json_path);
      if (e.contains("cost")) ev.cost = cost(e.at("cost"), ev.json_path + "/cost");
      if (e.contains("qaly_loss"))
        ev.qaly_loss = stratified(e.at("qaly_loss"), ev.json_path + "/qaly_loss", 0.0,
                                  limits::kMaxQalyPerEvent);
      ev.service = e.value("service", "");
      ev.priority = e.value("priority", 1);
      spec.events.push_back(std::move(ev));
    }
  }
  if (p.contains("cost_per_year"))
    for (const auto& [state, c] : p.at("cost_per_year").items())
      spec.cost_per_year.push_back({state, cost(c, at + "/cost_per_year/" + state)});
  if (p.contains("utility"))
    for (const auto& [state, u] : p.at("utility").items()) {
      UtilitySpec us;
      us.json_path = at + "/utility/" + state;
      if (u.is_string())
        us.expression = u.get<std::string>();
      else if (u.is_object())
        us.table = stratified(u, us.json_path, -1.0, 1.0);
      else
        us.constant = u.get<double>();
      spec.utility.push_back({state, std::move(us)});
    }
  spec.death_states = p.value("death_states", std::vector<std::string>{});
  for (const std::string& d : spec.death_states)  // the dead have utility 0, declared or not
    if (!p.contains("utility") || !p.at("utility").contains(d))
      spec.utility.push_back({d, UtilitySpec{0.0, "", at + "/death_states", {}}});
  if (p.contains("heterogeneity"))
    for (const auto& [h, v] : p.at("heterogeneity").items()) {
      HeterogeneitySpec hs;
      hs.name = h;
      hs.json_path = at + "/heterogeneity/" + h;
      const std::string d = v.at("distribution");
      hs.distribution = d == "uniform"     ? Distribution::kUniform
                        : d == "normal"    ? Distribution::kNormal
                        : d == "lognormal" ? Distribution::kLognormal
                        : d == "gamma"     ? Distribution::kGamma
                                           : Distribution::kBeta;
      hs.parameters = v.at("parameters").get<std::vector<double>>();
      hs.utility_of = v.value("utility_of", std::vector<std::string>{});
      spec.heterogeneity.push_back(std::move(hs));
    }
  spec.conversion = p.value("rate_conversion", "competing_risks") == "separate"
                        ? RateConversion::kSeparate
                        : RateConversion::kCompetingRisks;
  spec.cycle_months = p.value("cycle_months", 12);
  return spec;
}

}  // namespace

std::vector<ProcessSpec> bind_processes(const json& doc) {
  std::vector<ProcessSpec> out;
  if (!doc.contains("processes")) return out;
  for (const auto& [name, p] : doc.at("processes").items()) out.push_back(process(name, p));
  return out;
}

CohortSettings bind_cohort(const json& c) {
  CohortSettings out;
  out.size = c.value("size", int64_t{0});
  out.age = c.value("age", 0);
  out.sex = c.value("sex", "female") == "male" ? 1 : 0;
  if (c.contains("states"))
    for (const auto& [process, state] : c.at("states").items())
      out.states.push_back({process, state.get<std::string>()});
  return out;
}

RewardSettings bind_rewards(const json& r) {
  RewardSettings out;
  const std::string t = r.value("state_timing", "start_of_step");
  out.state_timing = t == "end_of_step" ? StateRewardTiming::kEndOfStep
                     : t == "half_step" ? StateRewardTiming::kHalfStep
                                        : StateRewardTiming::kStartOfStep;
  return out;
}

}  // namespace civicsim
