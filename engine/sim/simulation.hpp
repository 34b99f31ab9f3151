// A run: the step loop over every replication of a scenario.
//
// The population is built once per run (outside this class) and every replication starts from a copy
// of it; replication r draws from RandomKey::make(seed, r). One short function, step(), lists the
// phases of a step in order. The scenario's processes, services and interventions are compiled when
// the Simulation is made, so a bad definition throws InputError before anything runs.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include "engine/core/results.hpp"
#include "engine/population/population.hpp"
#include "engine/scenario/parameter_draws.hpp"
#include "engine/scenario/scenario.hpp"
#include "engine/sim/action_phase.hpp"
#include "engine/sim/demography.hpp"
#include "engine/sim/demography_rates.hpp"
#include "engine/sim/living.hpp"
#include "engine/sim/phase.hpp"
#include "engine/sim/recorder.hpp"

namespace civicsim {

// Called after every step with (steps done, steps in the whole run).
using ProgressCallback = std::function<void(long, long)>;

class Simulation {
 public:
  Simulation(const Scenario& scenario, const Population& initial, const DemographyRates& rates);
  ~Simulation();

  // Runs every replication and returns the filled results.
  RunResults run(const ProgressCallback& progress = {});

  // Runs replication r into its slot of `results` (declared by make_results()).
  void run_replication(int r, RunResults& results, const ProgressCallback& progress = {});
  // Runs replications [first, last) into their slots; with draws_in_parallel(), several at once,
  // one per thread, reporting progress once per replication, in order, after all have run.
  // Results are the same either way: replication r is a function of (seed, r) alone.
  void run_replications(int first, int last, RunResults& results,
                        const ProgressCallback& progress = {});
  // Whether run_replications runs draws side by side: with a probabilistic sensitivity analysis,
  // more than one thread and a population too small for the kernel to share one replication's
  // persons among the threads (under kParallelDrawPersons), whose per-draw work (compiling the
  // draw, then a few hundred thousand person-steps) one thread does best.
  bool draws_in_parallel() const;
  static constexpr size_t kParallelDrawPersons = 65536;
  RunResults make_results() const;
  // What make_results() declares (dimensions, time labels, series), without values: a run's
  // result arrays can be sized from it before any is allocated.
  const RunResults& declared_results() const { return template_; }
  RunIdentity identity() const;

  // With a probabilistic sensitivity analysis: replication r's scenario, the loaded one with
  // parameter draw r (checked like a loaded scenario; throws InputError when the draw breaks a
  // rule). Checking every draw before any replication runs keeps a bad draw from failing a run
  // part-way. This is the plain path (the resolved document re-parsed, checked and bound), kept
  // as the reference of the one replications take (engine/scenario/parameter_draws.hpp).
  Scenario drawn_scenario(int r) const;

  // With a probabilistic sensitivity analysis: calls check(r, scenario of draw r) for every draw,
  // across threads when draws_in_parallel() (each call on one thread); rethrows the exception of
  // the lowest draw that threw, once every draw is checked.
  void for_each_draw(const std::function<void(int, const Scenario&)>& check) const;

 private:
  struct State {
    Population population;
    RandomKey key;
    DemographyEvents demography_events;
    process::Columns processes;
    services::ActionState actions;
    std::vector<process::EventRequest> requests;
    // The last step's event counts, recorded with its state rewards after the next decisions.
    process::Phase::EventCounts event_counts;
    // The living by stratum (count_living) at the end of the current step, kept up to date.
    std::optional<LivingByStratum> living;
  };
  void step(State& state, int t, Recorder& recorder, std::vector<std::vector<double>>& values);
  // Replication r of a probabilistic sensitivity analysis, its draw's scenario made by `draws`.
  void run_draw(int r, ParameterDraws& draws, RunResults& results,
                const ProgressCallback& progress) const;
  // At least `threads` ParameterDraws, one per thread (each parses the scenario once), in draws_.
  void make_draws(size_t threads) const;

  const Scenario& scenario_;
  const Population& initial_;
  const DemographyRates& rates_;
  DemographyPhase demography_;
  process::Phase processes_;
  services::ActionPhase actions_;
  SeriesIds ids_{};
  RunResults template_;
  // By OpenMP thread number. A Simulation runs one call at a time.
  mutable std::vector<std::unique_ptr<ParameterDraws>> draws_;
};

}  // namespace civicsim
