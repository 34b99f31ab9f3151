#include "engine/sim/simulation.hpp"

#include <omp.h>

#include <algorithm>
#include <exception>

#include "engine/core/backed_memory.hpp"
#include "engine/core/kernel_path.hpp"
#include "engine/population/strata.hpp"

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

Simulation::~Simulation() = default;

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
  run_replications(0, scenario_.replications, results, progress);
  return results;
}

bool Simulation::draws_in_parallel() const {
  return scenario_.uncertainty.active() && omp_get_max_threads() > 1 &&
         initial_.people.size() < kParallelDrawPersons;
}

namespace {

// Runs body(i) for i in [first, last), one i per thread at a time (each with one OpenMP thread
// for whatever it runs in parallel itself); rethrows the exception of the lowest i that threw.
void across_threads(int first, int last, const std::function<void(int)>& body) {
  const int n = last - first;
  std::vector<std::exception_ptr> errors(static_cast<size_t>(std::max(n, 0)));
#pragma omp parallel
  {
    omp_set_num_threads(1);  // this thread's own regions (the kernel's) run on it alone
#pragma omp for schedule(dynamic, 1)
    for (int i = first; i < last; ++i) {
      try {
        body(i);
      } catch (...) {
        errors[static_cast<size_t>(i - first)] = std::current_exception();
      }
    }
  }
  for (const std::exception_ptr& e : errors)
    if (e) std::rethrow_exception(e);
}

}  // namespace

void Simulation::run_replications(int first, int last, RunResults& results,
                                  const ProgressCallback& progress) {
  if (!draws_in_parallel()) {
    for (int r = first; r < last; ++r) run_replication(r, results, progress);
    return;
  }
  make_draws(static_cast<size_t>(omp_get_max_threads()));
  across_threads(first, last, [&](int r) {
    run_draw(r, *draws_[static_cast<size_t>(omp_get_thread_num())], results, {});
  });
  const long steps = scenario_.steps(), total = steps * scenario_.replications;
  if (progress)
    for (int r = first; r < last; ++r) progress((r + 1) * steps, total);
}

void Simulation::for_each_draw(const std::function<void(int, const Scenario&)>& check) const {
  if (!scenario_.uncertainty.active()) return;
  if (!draws_in_parallel()) {
    ParameterDraws draws(scenario_);
    for (int r = 0; r < scenario_.replications; ++r) check(r, draws.scenario(r));
    return;
  }
  make_draws(static_cast<size_t>(omp_get_max_threads()));
  across_threads(0, scenario_.replications, [&](int r) {
    check(r, draws_[static_cast<size_t>(omp_get_thread_num())]->scenario(r));
  });
}

void Simulation::make_draws(size_t threads) const {
  while (draws_.size() < threads) draws_.push_back(std::make_unique<ParameterDraws>(scenario_));
}

void Simulation::run_draw(int r, ParameterDraws& draws, RunResults& results,
                          const ProgressCallback& progress) const {
  const Scenario drawn = draws.scenario(r);
  Simulation(drawn, initial_, rates_).run_replication(r, results, progress);
}

void Simulation::run_replication(int r, RunResults& results, const ProgressCallback& progress) {
  if (scenario_.uncertainty.active()) {
    // Probabilistic sensitivity analysis: replication r is the scenario with parameter draw r,
    // compiled afresh (its numbers re-bound from the document parsed once).
    make_draws(1);
    run_draw(r, *draws_.front(), results, progress);
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

Scenario Simulation::drawn_scenario(int r) const { return reparsed_draw_scenario(scenario_, r); }

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
