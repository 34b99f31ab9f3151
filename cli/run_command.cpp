#include "cli/run_command.hpp"

#include <algorithm>
#include <cstdio>
#include <optional>

#include "api/run_scenario.hpp"
#include "api/system_info.hpp"
#include "civicsim/version.hpp"
#include "cli/format.hpp"
#include "cli/progress_bar.hpp"

namespace civicsim::cli {
namespace {

// Total of a series over all cells at one time point of replication 0.
double total_at(const RunResults& r, size_t s, size_t t) {
  const size_t cells = r.cells(s);
  double sum = 0;
  for (size_t c = 0; c < cells; ++c) sum += r.values[s][0][t * cells + c];
  return sum;
}
double total_all(const RunResults& r, size_t s) {
  double sum = 0;
  for (const auto& rep : r.values[s])
    for (double v : rep) sum += v;
  return sum;
}

// Persons in the death states of the process that has them (engine/scenario/death_states.hpp):
// at time point t of replication 0, and moves into them in all steps of every replication.
struct DeathStates {
  double at_start = 0, at_end = 0, entered = 0;
};
DeathStates death_states(const Scenario& scenario, const RunResults& r) {
  DeathStates out;
  for (const ProcessSpec& p : scenario.processes) {
    if (p.death_states.empty()) continue;
    const size_t S = p.states.size();
    std::vector<uint8_t> dead(S, 0);
    for (size_t s = 0; s < S; ++s)
      dead[s] = std::find(p.death_states.begin(), p.death_states.end(), p.states[s]) !=
                p.death_states.end();
    const size_t occ = r.series_index(p.name + ".occupancy"), cells = r.cells(occ) / S;
    const size_t T = r.time.size() - 1;
    for (size_t s = 0; s < S; ++s)
      for (size_t c = 0; dead[s] && c < cells; ++c) {
        out.at_start += r.values[occ][0][s * cells + c];
        out.at_end += r.values[occ][0][(T * S + s) * cells + c];
      }
    const size_t moves = r.series_index(p.name + ".transitions");
    for (const auto& rep : r.values[moves])
      for (size_t k = 0; k < rep.size(); ++k) {
        const size_t from = k / S % S, to = k % S;
        if (dead[to] && !dead[from]) out.entered += rep[k];
      }
  }
  return out;
}

// What a run says on stdout: the scenario, the population, the speed, the persons and the files.
void print_summary(const RunOptions& o, const RunOutcome& outcome, long peak_rss) {
  const Scenario& scenario = outcome.scenario;
  const RunResults& results = outcome.results;
  const Population& population = outcome.population;
  const std::filesystem::path& out = outcome.file;
  const double build_s = outcome.timings.population_build_s;
  const double sim_s = outcome.timings.simulation_s + outcome.timings.write_s;
  const int threads = outcome.meta.threads;
  const size_t pop = results.series_index("population");
  const size_t steps = static_cast<size_t>(scenario.steps());
  double person_steps = 0;
  for (size_t t = 0; t < steps; ++t) person_steps += total_at(results, pop, t);
  person_steps *= scenario.replications;
  std::printf(
      "civicsim %s: scenario '%s', seed %llu, %d replication%s of %d steps of %d month%s from %s\n",
      kEngineVersion, scenario.name.c_str(), static_cast<unsigned long long>(scenario.seed),
      scenario.replications, scenario.replications == 1 ? "" : "s", scenario.steps(),
      scenario.step_months, scenario.step_months == 1 ? "" : "s",
      scenario.start.to_string().c_str());
  const DeathStates dead = death_states(scenario, results);
  if (scenario.population.source == PopulationSource::kLcrSynthetic)
    std::printf("  population  %s persons in %s households (%s, scale %g), built in %.2f s\n",
                with_commas(population.living_persons()).c_str(),
                with_commas(population.occupied_households()).c_str(), population.source.c_str(),
                scenario.population.scale, build_s);
  else  // population.scale applies to the synthetic population only
    std::printf("  population  %s persons in %s households (%s), built in %.2f s\n",
                with_commas(population.living_persons()).c_str(),
                with_commas(population.occupied_households()).c_str(), population.source.c_str(),
                build_s);
  std::printf("  simulated   %.2f s on %d thread%s: %s person-steps per second\n", sim_s, threads,
              threads == 1 ? "" : "s",
              with_commas(static_cast<uint64_t>(person_steps / std::max(sim_s, 1e-9))).c_str());
  std::printf(
      "  persons     %s at %s -> %s at %s (replication 1); births %s, deaths %s (all "
      "replications)\n",
      with_commas(static_cast<uint64_t>(total_at(results, pop, 0) - dead.at_start)).c_str(),
      results.time.front().c_str(),
      with_commas(static_cast<uint64_t>(total_at(results, pop, steps) - dead.at_end)).c_str(),
      results.time.back().c_str(),
      with_commas(static_cast<uint64_t>(total_all(results, results.series_index("births"))))
          .c_str(),
      with_commas(
          static_cast<uint64_t>(total_all(results, results.series_index("deaths")) + dead.entered))
          .c_str());
  std::printf("  wrote       %s (peak memory %.0f MB; 'civicsim info %s' summarises it)\n",
              out.string().c_str(), static_cast<double>(peak_rss) / 1e6, out.string().c_str());
  if (o.out.empty() && scenario.outputs.named_after_scenario_file)
    std::printf(
        "  named       after the scenario file: %s states no outputs.file of its own (the one "
        "it inherits through extends is its base's result)\n",
        scenario.file.filename().string().c_str());
  if (o.one_way && !scenario.one_way.empty())
    std::printf("  one-way     %zu parameters at their low and high values: %s\n",
                scenario.one_way.size(),
                outcome.one_way.front().file.parent_path().string().c_str());
}

}  // namespace

int run_scenario_command(const RunOptions& o) {
  std::optional<ProgressBar> bar;  // one per stage: the main run, each one-way variant
  RunRequest request;
  request.scenario = std::filesystem::path(o.scenario);
  request.seed = o.seed;
  request.scale = o.scale;
  request.replications = o.replications;
  request.threads = o.threads;
  request.out = o.out;
  request.out_from_scenario = true;
  request.one_way = o.one_way;
  request.quiet = o.quiet;
  request.command_line = o.command_line;
  request.progress.begin = [&](const std::string& stage) { bar.emplace(stage, !o.quiet); };
  request.progress.step = [&](long done, long total) { bar->update(done, total); };
  request.progress.end = [&] { bar->finish(); };
  const RunOutcome outcome = run_scenario(request);
  print_summary(o, outcome, peak_rss_bytes());
  return 0;
}

}  // namespace civicsim::cli
