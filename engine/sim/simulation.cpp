#include "engine/sim/simulation.hpp"

#include <nlohmann/json.hpp>

#include "engine/core/backed_memory.hpp"
#include "engine/core/kernel_path.hpp"
#include "engine/population/strata.hpp"
#include "engine/scenario/scenario_loader.hpp"

namespace civicsim {

Simulation::Simulation(const Scenario& scenario, const Population& initial,
                       const DemographyRates& rates)
    : scenario_(scenario),
      initial_(initial),
      rates_(rates),
      demography_(rates, scenario.demography, initial.areas, scenario.step_months),
      processes_(scenario, initial),
      actions_(scenario, initial, processes_) {
  kernel_path();  // a bad CIVICSIM_KERNEL throws here, not inside a parallel region
  template_.dimensions = standard_dimensions(initial);
  for (int t = 0; t <= scenario.steps(); ++t)
    template_.time.push_back(scenario.date_at(t).to_string());
  ids_ = declare_series(template_);
  processes_.declare(template_);  // after the foundation series, whose indices stay as they were
  actions_.declare(template_);
}

RunResults Simulation::make_results() const {
  RunResults results = template_;
  results.replications = scenario_.replications;
  results.values.resize(results.series.size());
  for (size_t s = 0; s < results.series.size(); ++s) {
    results.values[s].resize(static_cast<size_t>(scenario_.replications));
    const size_t n = results.time_points(s) * results.cells(s);
    for (auto& replication : results.values[s]) resize_backed(replication, n, n, 0.0);
  }
  return results;
}

RunIdentity Simulation::identity() const {
  RunIdentity id;
  id.scenario_name = scenario_.name;
  id.population_source = initial_.source;
  id.population_fingerprint = initial_.fingerprint;
  id.start = scenario_.start.to_string();
  id.step_months = scenario_.step_months;
  id.steps = scenario_.steps();
  id.seed = scenario_.seed;
  id.replications = scenario_.replications;
  id.initial_persons = initial_.living_persons();
  id.initial_households = initial_.occupied_households();
  return id;
}

RunResults Simulation::run(const ProgressCallback& progress) {
  RunResults results = make_results();
  for (int r = 0; r < scenario_.replications; ++r) run_replication(r, results, progress);
  return results;
}

void Simulation::run_replication(int r, RunResults& results, const ProgressCallback& progress) {
  if (scenario_.uncertainty.active()) {
    // Probabilistic sensitivity analysis: replication r is the scenario with parameter draw r,
    // checked and compiled afresh.
    Simulation(drawn_scenario(r), initial_, rates_).run_replication(r, results, progress);
    return;
  }
  // Room for twice the persons: births then never move the person columns, nor the process columns
  // sized like them (process/phase.cpp), which would copy them all and touch fresh pages mid-run.
  // Room not used is address space, never touched.
  State state{initial_.with_room(2 * initial_.people.size()),
              RandomKey::make(scenario_.seed, static_cast<uint32_t>(r)),
              {},
              {},
              {},
              {},
              {},
              {}};
  std::vector<std::vector<double>> values(results.series.size());
  for (size_t s = 0; s < values.size(); ++s)
    values[s].swap(results.values[s][static_cast<size_t>(r)]);

  Recorder recorder(initial_, ids_);
  state.living.emplace(state.population, scenario_.start);
  processes_.start(state.population, state.key, state.processes, values);
  state.actions = actions_.start();
  const int steps = scenario_.steps();
  const long total = static_cast<long>(steps) * scenario_.replications;
  for (int t = 0; t < steps; ++t) {
    step(state, t, recorder, values);
    recorder.record_flows(state.population, state.demography_events, scenario_.date_at(t),
                          static_cast<size_t>(t), values);
    if (progress) progress(static_cast<long>(r) * steps + t + 1, total);
  }
  // The last step's rewards and the stocks at the run's end: no decisions follow.
  if (steps > 0)
    processes_.finish_step(state.population, state.processes, steps - 1, state.event_counts,
                           values);
  recorder.record_stocks(state.population, scenario_.date_at(steps), static_cast<size_t>(steps),
                         values, &state.living->counts());
  for (size_t s = 0; s < values.size(); ++s)
    values[s].swap(results.values[s][static_cast<size_t>(r)]);
}

Scenario Simulation::drawn_scenario(int r) const {
  nlohmann::json doc = with_parameter_draw(nlohmann::json::parse(scenario_.resolved_json),
                                           scenario_.uncertainty, scenario_.seed, r);
  doc["uncertainty"]["parameters"] = nlohmann::json::object();  // drawn: no further draws
  doc["uncertainty"]["one_way"] = nlohmann::json::object();     // whose ranges they may give
  return scenario_from_document(
      doc, scenario_.file, scenario_.file.string() + " (parameter draw " + std::to_string(r) + ")");
}

// The phases of one step t (time point t to t + 1), in order:
// 1. decisions at the step's start (time point t): interventions running in step t bill their
//    programme costs and enrol; services serve their queues (the requests events made in step t - 1
//    and interventions' new ones). Received interventions take effect from here, so one that starts
//    at the run's start acts on the first step's transitions. Moves made here are part of the
//    state at time point t (its occupancy, and moves of step t - 1), so time point t's state
//    rewards, and with them step t - 1's costs and QALYs, are recorded after them.
// 2. demography (deaths and births, drawn from the population at the step's start, then applied);
// 3. processes (newborns draw their initial states; every process advances the living; events ask
//    services for help, served at the start of step t + 1);
// 4. recurring intervention costs billed at the step's end (rewards.state_timing end_of_step or
//    half_step); the step's state rewards, costs and QALYs wait for the next step's decisions.
void Simulation::step(State& state, int t, Recorder& recorder,
                      std::vector<std::vector<double>>& values) {
  const YearMonth now = scenario_.date_at(t);
  actions_.step(state.population, state.key, t, state.processes, state.requests, state.actions,
                values);
  if (t == 0)
    processes_.start_rewards(state.population, state.processes, values);
  else
    processes_.finish_step(state.population, state.processes, t - 1, state.event_counts, values);
  // The stocks at t, after the decisions (an intervention that repairs a home changes its damp).
  recorder.record_stocks(state.population, now, static_cast<size_t>(t), values,
                         &state.living->counts());
  const size_t first_newborn = state.population.people.size();
  if (scenario_.demography.births || scenario_.demography.deaths) {
    demography_.draw(state.population, state.key, static_cast<uint32_t>(t), now,
                     state.demography_events);
    DemographyPhase::apply(state.population, state.demography_events);
  }
  // Nobody is born or dies after this in the step: the living at its end.
  state.living->advance(state.population, now, scenario_.date_at(t + 1),
                        state.demography_events.deaths, first_newborn);
  state.event_counts = processes_.step(state.population, state.key, t, state.living->counts(),
                                       state.processes, values, state.requests);
  actions_.finish_step(state.population, t, state.processes, state.actions, values);
}

}  // namespace civicsim
