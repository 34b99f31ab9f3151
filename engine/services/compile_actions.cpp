// Compiling services and interventions (see actions.hpp).
#include <algorithm>
#include <nlohmann/json.hpp>

#include "engine/core/random.hpp"
#include "engine/scenario/sampling.hpp"
#include "engine/services/actions.hpp"
#include "engine/services/amounts.hpp"

namespace civicsim::services {

namespace {

size_t index_of(const std::vector<std::string>& names, const std::string& name) {
  return static_cast<size_t>(std::find(names.begin(), names.end(), name) - names.begin());
}

// Capacities, budgets and programme costs are stated for the whole population; a sample of it
// (population.scale < 1) gets its share, so a quick run has the same pressure on its services.
double population_share(const Scenario& sc) { return sampling_fraction(sc.population); }

size_t cycles(const process::Site& site) {
  const expr::Catalogue& c = site.catalogue.catalogue;
  return c.variable(*c.find_variable("cycle")).domain;
}

// Capacity per queue: a constant for every queue, by council (every council once), or an
// expression or table of the cycle and (per council) the council, read at each cycle.
StepCapacity capacity(const StratifiedValue& v, bool per_council, const Population& pop,
                      const process::Site& site) {
  const size_t queues = per_council ? pop.councils.size() : 1;
  const double share = population_share(site.scenario);
  if (!v.varies()) return {{std::vector<double>(queues, v.constant * share)}};
  const StepCapacity none = {{std::vector<double>(queues, 0.0)}};
  std::vector<std::string> councils;
  for (const Council& c : pop.councils) councils.push_back(c.name);
  if (v.by != std::vector<std::string>{"council"}) {
    const auto t = time_table(v, per_council, site);
    if (!t) return none;
    // The catalogue's council codes are the population's councils in order: queue q is code q.
    const size_t cycle = *site.catalogue.catalogue.find_variable("cycle");
    StepCapacity out;
    out.by_cycle.assign(cycles(site), std::vector<double>(queues, 0.0));
    for (size_t c = 0; c < out.by_cycle.size(); ++c)
      for (size_t q = 0; q < queues; ++q) {
        size_t cell = 0;
        for (size_t k = 0; k < t->variables.size(); ++k)
          cell += (t->variables[k] == cycle ? c : q) * t->strides[k];
        out.by_cycle[c][q] = t->values[cell] * share;
      }
    return out;
  }
  if (!per_council) {
    site.add(v.json_path + "/by", "no \"by\" (a service for the whole region has one capacity)",
             nlohmann::json(v.by).dump());
    return none;
  }
  std::vector<double> out(queues, 0.0);
  std::vector<bool> given(queues, false);
  for (const auto& [labels, value] : v.cells) {
    const size_t c = index_of(councils, labels.at(0));
    if (labels.size() != 1 || c == councils.size()) {
      site.add(v.json_path + "/values/" + labels.at(0),
               "a council of the population (" + expr::join_names(councils) + ")",
               "'" + labels.at(0) + "'");
      continue;
    }
    out[c] = value * share;
    given[c] = true;
  }
  for (size_t c = 0; c < queues; ++c)
    if (!given[c])
      site.add(v.json_path + "/values", "a value for every council",
               "none for '" + councils[c] + "'");
  return {{out}};
}

Move move(const StateChangeSpec& m, const Scenario& scenario) {
  Move out;
  out.process =
      static_cast<size_t>(std::find_if(scenario.processes.begin(), scenario.processes.end(),
                                       [&](const ProcessSpec& p) { return p.name == m.process; }) -
                          scenario.processes.begin());
  const ProcessSpec& p = scenario.processes[out.process];
  out.to = static_cast<uint8_t>(index_of(p.states, m.to));
  out.from.assign(p.states.size(), m.from.empty() ? 1 : 0);
  for (const std::string& s : m.from) out.from[index_of(p.states, s)] = 1;
  return out;
}

// What reading a variable for a person costs: its own columns least (0), then its area's (1), then
// its household's (2: a jump to another array).
int read_cost(const process::CodeSource& s) {
  switch (s.kind) {
    case process::CodeKind::kTenure:
    case process::CodeKind::kHouseholdType:
    case process::CodeKind::kCondition:
      return 2;
    case process::CodeKind::kArea:
    case process::CodeKind::kCouncil:
    case process::CodeKind::kImdQuintile:
    case process::CodeKind::kImdDecile:
      return 1;
    default:
      return s.household ? 2 : 0;
  }
}

// The terms of a plan (a mixed-radix index: each term's classes run below the next larger stride)
// that rule rows out on their own, with the classes some eligible cell has.
std::vector<Intervention::WhoFilter> who_filters(const process::IndexPlan& plan,
                                                 const std::vector<uint8_t>& who) {
  std::vector<Intervention::WhoFilter> out;
  for (const process::Term& t : plan.terms) {
    uint32_t above = plan.cells;  // the next larger stride, or all cells
    for (const process::Term& u : plan.terms)
      if (u.stride > t.stride) above = std::min(above, u.stride);
    const uint32_t classes = above / t.stride;
    std::vector<uint8_t> possible(classes, 0);
    for (uint32_t c = 0; c < who.size(); ++c)
      if (who[c]) possible[(c / t.stride) % classes] = 1;
    if (std::find(possible.begin(), possible.end(), 0) == possible.end()) continue;
    process::IndexPlan alone;  // stride 1: its cell is the class itself
    alone.terms = {t};
    alone.terms.front().stride = 1;
    alone.cells = classes;
    out.push_back({std::move(alone), std::move(possible)});
  }
  // Cheapest first: the first filter reads every row, later ones only the rows left.
  const auto cost = [](const Intervention::WhoFilter& f) {
    return read_cost(f.plan.terms.front().source);
  };
  std::stable_sort(out.begin(), out.end(),
                   [&](const auto& a, const auto& b) { return cost(a) < cost(b); });
  return out;
}

// Whether a variable keeps its code through the service and intervention phase of a step: the phase
// sets conditions, states, request statuses and receipts, never ages, sexes, areas, tenures or
// household types.
bool fixed_within_step(const process::CodeSource& s) {
  switch (s.kind) {
    case process::CodeKind::kAge:
    case process::CodeKind::kSex:
    case process::CodeKind::kArea:
    case process::CodeKind::kCouncil:
    case process::CodeKind::kImdQuintile:
    case process::CodeKind::kImdDecile:
    case process::CodeKind::kTenure:
    case process::CodeKind::kHouseholdType:
    case process::CodeKind::kCycle:
      return true;
    default:
      return false;
  }
}

// A filter with its classes merged into fails (0) and passes (1), so equal filters compare equal.
Intervention::WhoFilter pass_or_fail(const Intervention::WhoFilter& f) {
  process::Term t = f.plan.terms.front();
  const size_t codes = t.class_of.empty() ? f.possible.size() : t.class_of.size();
  std::vector<uint16_t> passes(codes);
  for (size_t code = 0; code < codes; ++code)
    passes[code] = f.possible[t.index(static_cast<uint32_t>(code))];
  t.class_of = std::move(passes);
  Intervention::WhoFilter out;
  out.plan.terms = {std::move(t)};
  out.plan.cells = 2;
  out.possible = {0, 1};
  return out;
}

bool same_filter(const Intervention::WhoFilter& a, const Intervention::WhoFilter& b) {
  const process::Term &x = a.plan.terms.front(), &y = b.plan.terms.front();
  return x.source.kind == y.source.kind && x.source.process == y.source.process &&
         x.source.group == y.source.group && x.source.household == y.source.household &&
         x.class_of == y.class_of;
}

// Whether no intervention or service changes a variable within a step's action phase: a fixed one,
// or a process's state or time in it where no intervention or service moves the process (`moved`,
// by process).
bool fixed_in_action_phase(const process::CodeSource& s, const std::vector<uint8_t>& moved) {
  switch (s.kind) {
    case process::CodeKind::kState:
    case process::CodeKind::kTimeInState:
    case process::CodeKind::kTimeInGroup:
      return !moved[s.process];
    default:
      return fixed_within_step(s);
  }
}

// The processes some intervention or service moves within a step: by a move, or by setting the
// condition attribute a process stands for.
std::vector<uint8_t> moved_processes(const Actions& a, const process::Model& model) {
  std::vector<uint8_t> moved(model.processes.size(), 0);
  auto mark = [&](const std::vector<Move>& moves) {
    for (const Move& m : moves) moved[m.process] = 1;
  };
  for (const Service& s : a.services) {
    mark(s.on_served);
    mark(s.on_lapsed);
  }
  for (const Intervention& iv : a.interventions) {
    mark(iv.moves);
    for (const auto& [bit, on] : iv.set_conditions)
      for (size_t q = 0; q < model.processes.size(); ++q)
        if (model.processes[q].attribute_bit == bit) moved[q] = 1;
  }
  return moved;
}

// Moves the leading filters of each intervention scanning persons to out.shared_filters (each
// distinct chain once): the first where its variable is fixed within a step, then those on the
// person's own or area variables fixed within the action phase (a household's are left to each
// intervention: they cost most, and on the few rows left).
void share_leading_filters(Actions& out, const process::Model& model) {
  const std::vector<uint8_t> moved = moved_processes(out, model);
  auto shareable = [&](const Intervention::WhoFilter& f) {
    const process::CodeSource& s = f.plan.terms.front().source;
    return fixed_in_action_phase(s, moved) && read_cost(s) < 2;
  };
  auto& shared = out.shared_filters;
  for (Intervention& iv : out.interventions) {
    if (iv.by_household || iv.who_filters.empty() ||
        !fixed_within_step(iv.who_filters.front().plan.terms.front().source))
      continue;
    std::vector<Intervention::WhoFilter> chain = {pass_or_fail(iv.who_filters.front())};
    size_t k = 1;
    for (; k < iv.who_filters.size() && shareable(iv.who_filters[k]); ++k)
      chain.push_back(pass_or_fail(iv.who_filters[k]));
    const auto it = std::find_if(shared.begin(), shared.end(), [&](const auto& other) {
      return std::equal(chain.begin(), chain.end(), other.begin(), other.end(), same_filter);
    });
    iv.shared_filter = static_cast<int>(it - shared.begin());
    if (it == shared.end()) shared.push_back(std::move(chain));
    iv.who_filters.erase(iv.who_filters.begin(),
                         iv.who_filters.begin() + static_cast<std::ptrdiff_t>(k));
  }
}

// The step of a date: the first step starting on or after it (clamped to [0, steps]).
int step_of(const Scenario& sc, YearMonth date) {
  const int months = date.months - sc.start.months;
  const int step = months <= 0 ? 0 : (months + sc.step_months - 1) / sc.step_months;
  return std::min(step, sc.steps());
}

Intervention intervention(const InterventionSpec& spec, const Population& pop,
                          const process::Site& site, const std::vector<std::string>& services) {
  const Scenario& sc = site.scenario;
  Intervention out;
  out.name = spec.name;
  out.household = spec.unit == InterventionUnit::kHousehold;
  out.stream = stream_id("intervention." + spec.name);
  out.first_step = step_of(sc, spec.start);
  out.end_step = spec.has_end ? step_of(sc, spec.end) : sc.steps();
  if (spec.every_months > 0) {
    if (spec.every_months % sc.step_months != 0)
      site.add(spec.json_path + "/every_months",
               "a whole number of steps (a multiple of step_months " +
                   std::to_string(sc.step_months) + ")",
               std::to_string(spec.every_months));
    out.every_steps = std::max(1, spec.every_months / sc.step_months);
  }
  out.once = spec.once;
  if (auto who = process::condition_table(spec.who, spec.json_path + "/who", site)) {
    out.who_plan = process::make_plan(who->variables, site.catalogue);
    out.who.reserve(who->values.size());
    for (double v : who->values) out.who.push_back(v != 0.0 ? 1 : 0);
    process::compress_plan(out.who_plan, out.who, 1, 1);
    out.who_filters = who_filters(out.who_plan, out.who);
    out.by_household =
        out.household &&
        std::all_of(out.who_plan.terms.begin(), out.who_plan.terms.end(),
                    [](const process::Term& t) { return process::household_readable(t.source); });
  }
  out.coverage_threshold = probability_threshold(spec.coverage);
  out.uptake_threshold = probability_threshold(spec.uptake);
  if (!spec.through.empty()) out.service = static_cast<int>(index_of(services, spec.through));
  out.priority = static_cast<uint8_t>(spec.priority);
  for (const EffectSpec& e : spec.effects) switch (e.kind) {
      case EffectSpec::Kind::kSetAttribute: {
        const uint8_t bit = e.attribute == "household.damp"             ? condition::kDamp
                            : e.attribute == "household.poor_condition" ? condition::kPoorCondition
                            : e.attribute == "household.no_central_heating"
                                ? condition::kNoCentralHeating
                                : condition::kOvercrowded;
        out.set_conditions.push_back({bit, e.label == "yes"});
        break;
      }
      case EffectSpec::Kind::kSetState:
        out.moves.push_back(move(e.state, sc));
        break;
      case EffectSpec::Kind::kAddCapacity: {
        const size_t s = index_of(services, e.service);
        out.add_capacity.push_back(
            {s, capacity(e.capacity_per_year, sc.services[s].per_council, pop, site)});
        break;
      }
      case EffectSpec::Kind::kRateRatio:
        break;  // folded into the process tables
    }
  const double share = population_share(sc);
  const std::string unit = out.household ? "a household intervention's unit is a household" : "";
  out.cost = {unit_amounts(spec.cost.per_unit, unit, site),
              unit_amounts(spec.cost.per_unit_per_year, unit, site),
              step_amounts(spec.cost.fixed, share, site),
              step_amounts(spec.cost.fixed_per_year, share, site)};
  out.programme_only =
      spec.who.empty() && spec.through.empty() && !out.cost.per_unit.any() &&
      !out.cost.per_unit_per_year.any() &&
      std::all_of(spec.effects.begin(), spec.effects.end(),
                  [](const EffectSpec& e) { return e.kind == EffectSpec::Kind::kAddCapacity; });
  out.budget_per_year =
      spec.budget_per_year < 0 ? spec.budget_per_year : spec.budget_per_year * share;
  return out;
}

// Why a service's cost per request is read at households: a household intervention delivered through
// it (its requests are households'), or "" where none is.
std::string households_through(const std::string& service, const Scenario& sc) {
  for (const InterventionSpec& i : sc.interventions)
    if (i.unit == InterventionUnit::kHousehold && i.through == service)
      return "household intervention '" + i.name + "' is delivered through this service";
  return "";
}

}  // namespace

Actions compile_actions(const process::Site& site, const Population& population,
                        const process::Model& model) {
  const Scenario& sc = site.scenario;
  Actions out;
  std::vector<std::string> names;
  for (const ServiceSpec& s : sc.services) names.push_back(s.name);
  for (const ServiceSpec& spec : sc.services) {
    Service s;
    s.name = spec.name;
    s.per_council = spec.per_council;
    s.capacity_per_year = capacity(spec.capacity_per_year, spec.per_council, population, site);
    s.max_wait_steps = spec.max_wait_months < 0
                           ? -1
                           : (spec.max_wait_months + sc.step_months - 1) / sc.step_months;
    s.cost_gbp = unit_amounts(spec.cost_per_service, households_through(spec.name, sc), site);
    s.category = index_of(model.categories, spec.cost_per_service.category.empty()
                                                ? spec.name
                                                : spec.cost_per_service.category);
    for (const auto& m : spec.on_served) s.on_served.push_back(move(m, sc));
    for (const auto& m : spec.on_lapsed) s.on_lapsed.push_back(move(m, sc));
    out.services.push_back(std::move(s));
  }
  for (const InterventionSpec& spec : sc.interventions)
    out.interventions.push_back(intervention(spec, population, site, names));
  share_leading_filters(out, model);
  return out;
}

}  // namespace civicsim::services
