#include "outputs/evaluation/arm_results.hpp"

#include <algorithm>
#include <optional>
#include <set>

#include "engine/core/input_error.hpp"

namespace civicsim::evaluation {
namespace {

std::optional<size_t> find_series(const RunResults& r, const std::string& name) {
  for (size_t s = 0; s < r.series.size(); ++s)
    if (r.series[s].name == name) return s;
  return std::nullopt;
}

// The sum over every cell of margin s at time point t of replication rep (0 when absent).
double cell_sum(const RunResults& m, std::optional<size_t> s, size_t rep, size_t t) {
  if (!s) return 0.0;
  const size_t cells = m.cells(*s);
  if (t >= m.time_points(*s)) return 0.0;
  const std::vector<double>& v = m.values[*s][rep];
  double x = 0.0;
  for (size_t c = 0; c < cells; ++c) x += v[t * cells + c];
  return x;
}

// The weights of the points at a step's start and end in its costs and qalys flows
// (rewards.state_timing, engine/sim/accrual.cpp).
std::pair<double, double> state_timing_weights(const nlohmann::json& scenario) {
  std::string t = "start_of_step";
  if (scenario.is_object() && scenario.contains("rewards") && scenario["rewards"].is_object())
    t = scenario["rewards"].value("state_timing", t);
  if (t == "end_of_step") return {0.0, 1.0};
  if (t == "half_step") return {0.5, 0.5};
  return {1.0, 0.0};
}

// The process whose death_states mark the dead (issue #17 item 10), and those states.
std::optional<std::pair<std::string, std::set<std::string>>> death_states(
    const nlohmann::json& scenario) {
  if (!scenario.is_object() || !scenario.contains("processes") ||
      !scenario["processes"].is_object())
    return std::nullopt;
  for (const auto& [name, p] : scenario["processes"].items()) {
    if (!p.is_object() || !p.contains("death_states") || !p["death_states"].is_array()) continue;
    std::set<std::string> states;
    for (const auto& s : p["death_states"])
      if (s.is_string()) states.insert(s.get<std::string>());
    if (!states.empty()) return std::make_pair(name, states);
  }
  return std::nullopt;
}

// Slots with their discount factors under one schedule.
struct Weighted {
  std::vector<std::vector<std::pair<double, double>>> points;  // [t]: (weight, factor)
  std::vector<double> flows;                                   // [c]: factor
};

Weighted weighted(const CycleConvention& c, const CycleGrid& g, const RateSchedule& schedule) {
  Weighted w;
  for (const auto& slots : point_slots(c, g.cycles, g.years_per_cycle)) {
    w.points.emplace_back();
    for (const Slot& s : slots)
      w.points.back().emplace_back(s.weight, discount_factor_at(schedule, s.time));
  }
  for (const Slot& s : flow_slots(c, g.cycles, g.years_per_cycle))
    w.flows.push_back(discount_factor_at(schedule, s.time));
  return w;
}

void add_totals(ArmMeasure& out, const Weighted& w, const std::vector<double>& points,
                const std::vector<double>& flows) {
  double u = 0.0, d = 0.0;
  for (size_t t = 0; t < w.points.size(); ++t)
    for (const auto& [weight, factor] : w.points[t]) {
      u += weight * points[t];
      d += weight * points[t] * factor;
    }
  for (size_t k = 0; k < flows.size(); ++k) {
    u += flows[k];
    d += flows[k] * w.flows[k];
  }
  out.undiscounted.push_back(u);
  out.discounted.push_back(d);
}

}  // namespace

CycleGrid cycle_grid(const Run& run, const AppraisalWindow& window) {
  const RunIdentity& id = run.data.identity;
  const YearMonth start = *YearMonth::parse(id.start);
  const int offset = window.start.months - start.months;
  const int period = window.years * 12;
  if (offset < 0 || offset % id.step_months != 0 || period % id.step_months != 0 ||
      (offset + period) / id.step_months > id.steps)
    throw InputError(
        {run.file, "/appraisal",
         "an appraisal period of whole steps (" + std::to_string(id.step_months) +
             " months) within the run's " + std::to_string(id.steps) + " steps from " + id.start,
         window.start.to_string() + " for " + std::to_string(window.years) + " years"});
  return {static_cast<size_t>(offset / id.step_months), period / id.step_months,
          id.step_months / 12.0};
}

ArmResults arm_results(const Run& run, const AppraisalWindow& window,
                       const CycleConvention& convention, const DiscountRates& rates) {
  const CycleGrid g = cycle_grid(run, window);
  try {
    check_convention(convention, g.cycles, g.years_per_cycle);
  } catch (const std::invalid_argument& e) {
    throw InputError({run.file, "/appraisal/discounting",
                      "a cycle convention that applies to " + std::to_string(g.cycles) + " cycles",
                      e.what()});
  }
  const RunResults& m = run.data.margins;
  const auto state_costs = find_series(m, "state_costs"),
             state_qalys = find_series(m, "state_qalys");
  const auto costs = find_series(m, "costs"), qalys = find_series(m, "qalys");
  const auto iv_costs = find_series(m, "intervention_costs"),
             iv_fixed = find_series(m, "intervention_fixed_costs");
  const auto population = find_series(m, "population");
  const auto dead = death_states(run.scenario);
  std::optional<size_t> alive_process;
  std::vector<bool> alive_state;
  if (dead) {
    alive_process = find_series(m, dead->first + ".occupancy");
    if (alive_process)
      for (const std::string& s : m.dimension(m.series[*alive_process].dims.front()).labels)
        alive_state.push_back(!dead->second.count(s));
  }
  const auto [a, b] = state_timing_weights(run.scenario);
  const double money = run.price_factor / run.sampling_fraction;
  const double scale = 1.0 / run.sampling_fraction;
  const Weighted wc = weighted(convention, g, rates.cost),
                 wh = weighted(convention, g, rates.health);

  ArmResults out;
  out.state_rewards_separate = state_costs && state_qalys;
  const auto T = static_cast<size_t>(g.cycles);
  const auto point = [&](size_t t) { return g.first_step + t; };
  const auto alive = [&](size_t rep, size_t t) -> std::optional<double> {
    if (alive_process) {
      const size_t s = *alive_process, cells = m.cells(s);
      const size_t per_state = cells / alive_state.size();
      const std::vector<double>& v = m.values[s][rep];
      double x = 0.0;
      for (size_t c = 0; c < cells; ++c)
        if (alive_state[c / per_state]) x += v[point(t) * cells + c];
      return x;
    }
    if (population) return cell_sum(m, population, rep, point(t));
    return std::nullopt;
  };
  for (size_t rep = 0; rep < static_cast<size_t>(run.data.identity.replications); ++rep) {
    std::vector<double> cost_points(T + 1, 0.0), qaly_points(T + 1, 0.0), ly_points(T + 1, 0.0);
    std::vector<double> cost_flows(T, 0.0), qaly_flows(T, 0.0);
    bool have_alive = true;
    for (size_t t = 0; t <= T; ++t) {
      cost_points[t] = cell_sum(m, state_costs, rep, point(t)) * money;
      qaly_points[t] = cell_sum(m, state_qalys, rep, point(t)) * scale;
      const auto n = alive(rep, t);
      have_alive = have_alive && n.has_value();
      ly_points[t] = n.value_or(0.0) * g.years_per_cycle * scale;
    }
    for (size_t c = 0; c < T; ++c) {
      // A step's costs and qalys flows hold its state rewards by rewards.state_timing; take them
      // out (the convention places state rewards itself) and keep events, services, losses.
      const double sc = a * cell_sum(m, state_costs, rep, point(c)) +
                        b * cell_sum(m, state_costs, rep, point(c + 1));
      const double sq = a * cell_sum(m, state_qalys, rep, point(c)) +
                        b * cell_sum(m, state_qalys, rep, point(c + 1));
      cost_flows[c] =
          (cell_sum(m, costs, rep, point(c)) - sc + cell_sum(m, iv_costs, rep, point(c)) +
           cell_sum(m, iv_fixed, rep, point(c))) *
          money;
      qaly_flows[c] = (cell_sum(m, qalys, rep, point(c)) - sq) * scale;
    }
    add_totals(out.costs, wc, cost_points, cost_flows);
    add_totals(out.qalys, wh, qaly_points, qaly_flows);
    if (have_alive) add_totals(out.life_years, wh, ly_points, {});
    const double persons = population
                               ? cell_sum(m, population, rep, point(0)) * scale
                               : static_cast<double>(run.data.identity.initial_persons) * scale;
    out.persons.push_back(persons);
  }

  // The trace: every process's occupancy at each point of the period, mean over replications.
  const double reps = static_cast<double>(std::max(run.data.identity.replications, 1));
  for (size_t s = 0; s < m.series.size(); ++s) {
    const SeriesDecl& decl = m.series[s];
    const std::string suffix = ".occupancy";
    if (decl.name.size() <= suffix.size() ||
        decl.name.compare(decl.name.size() - suffix.size(), suffix.size(), suffix) != 0)
      continue;
    const std::string process = decl.name.substr(0, decl.name.size() - suffix.size());
    const std::vector<std::string>& states = m.dimension(decl.dims.front()).labels;
    const size_t cells = m.cells(s), per_state = cells / states.size();
    for (size_t t = 0; t <= T; ++t) {
      std::vector<double> count(states.size(), 0.0);
      for (size_t rep = 0; rep < m.values[s].size(); ++rep)
        for (size_t c = 0; c < cells; ++c)
          count[c / per_state] += m.values[s][rep][point(t) * cells + c] * scale / reps;
      double all = 0.0;
      for (double x : count) all += x;
      for (size_t k = 0; k < states.size(); ++k)
        out.trace.push_back({process, states[k], static_cast<int>(t), m.time[point(t)], count[k],
                             all > 0.0 ? count[k] / all : 0.0});
    }
  }
  return out;
}

}  // namespace civicsim::evaluation
