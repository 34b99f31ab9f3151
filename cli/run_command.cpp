#include "cli/run_command.hpp"

#include <omp.h>

#include <chrono>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "civicsim/version.hpp"
#include "cli/checkpoint.hpp"
#include "cli/format.hpp"
#include "cli/memory_check.hpp"
#include "cli/output_owner.hpp"
#include "cli/progress_bar.hpp"
#include "cli/system_info.hpp"
#include "engine/core/input_error.hpp"
#include "engine/core/output_target.hpp"
#include "engine/population/synthesis.hpp"
#include "engine/scenario/scenario_loader.hpp"
#include "engine/sim/demography_rates.hpp"
#include "engine/sim/run_inputs.hpp"
#include "engine/sim/simulation.hpp"
#include "outputs/hdf5_reader.hpp"
#include "outputs/hdf5_writer.hpp"

namespace civicsim::cli {
namespace {
using Clock = std::chrono::steady_clock;
double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

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
}  // namespace

nlohmann::json command_line_overrides(std::optional<uint64_t> seed, std::optional<double> scale) {
  nlohmann::json overrides = nlohmann::json::object();
  if (seed) overrides["seed"] = *seed;
  if (scale) overrides["population"]["scale"] = *scale;
  return overrides;
}

namespace {

// One-way variant `p` at its low or high value, labelled for diagnostics and file names.
Scenario one_way_scenario(const Scenario& scenario, const nlohmann::json& base,
                          const OneWayParameter& p, bool high) {
  return scenario_from_document(
      one_way_variant(base, p, high), scenario.file,
      scenario.file.string() + " (one-way: " + p.label + (high ? " high" : " low") + ")");
}

// Compiles `variant`; an InputError says which variant or draw it was (`which`).
void check_compiles(const Scenario& variant, const Population& population,
                    const DemographyRates& rates, const std::string& which) {
  try {
    const Simulation compiled(variant, population, rates);
  } catch (const InputError& e) {  // the base scenario compiled: say which variant did not
    std::vector<Diagnostic> found = e.diagnostics();
    for (Diagnostic& d : found) d.found += " (in " + which + ")";
    throw InputError(std::move(found));
  }
}

}  // namespace

void check_variants_and_draws(const Simulation& base, const Scenario& scenario,
                              const Population& population, const DemographyRates& rates,
                              bool one_way) {
  if (one_way) {
    const nlohmann::json doc = nlohmann::json::parse(scenario.resolved_json);
    for (const OneWayParameter& p : scenario.one_way)
      for (const bool high : {false, true})
        check_compiles(one_way_scenario(scenario, doc, p, high), population, rates,
                       "the one-way variant with " + p.pointer + " at its " +
                           (high ? "high" : "low") + " value " +
                           nlohmann::json(high ? p.high : p.low).dump());
  }
  if (scenario.uncertainty.active())
    for (int r = 0; r < scenario.replications; ++r)
      check_compiles(base.drawn_scenario(r), population, rates,
                     "parameter draw " + std::to_string(r));
}

constexpr double kCheckpointSeconds = 20.0;

namespace {

// Every replication of `scenario` into `out`, resuming from its checkpoint; returns the results.
// The file's wall time counts from `started`.
RunResults simulate_to_file(const Scenario& scenario, const Population& population,
                            const DemographyRates& rates, RunMeta meta,
                            const std::filesystem::path& out, const std::string& label, bool quiet,
                            Clock::time_point started) {
  const auto t_sim = Clock::now();
  meta.scenario_json = scenario.resolved_json;
  Simulation simulation(scenario, population, rates);
  // Refused now, not by std::bad_alloc after minutes (memory_check.hpp); for a one-way run, the
  // first variant is refused before anything is written (variants are the main run's size).
  if (auto problem = memory_problem(scenario, estimate_run_memory(scenario, population, simulation)))
    throw InputError(*problem);
  const RunIdentity identity = simulation.identity();
  RunResults results = simulation.make_results();
  const std::filesystem::path checkpoint = checkpoint_path(out);
  const Restored restored = restore_checkpoint(checkpoint, identity, meta, results);
  // Said even when quiet: a file was renamed.
  if (!restored.set_aside.empty())
    std::fprintf(stderr, "civicsim: %s\n", restored.set_aside.c_str());
  const int resumed = restored.replications;
  if (resumed > 0 && !quiet)
    std::fprintf(stderr, "civicsim: resuming from %s: %d of %d replications already done\n",
                 checkpoint.string().c_str(), resumed, scenario.replications);
  ProgressBar bar(label, !quiet);
  auto last_checkpoint = Clock::now();
  for (int r = resumed; r < scenario.replications; ++r) {
    simulation.run_replication(r, results, [&](long done, long total) { bar.update(done, total); });
    // Keep finished replications safe when more are to come, at most every kCheckpointSeconds: a
    // checkpoint rewrites every finished replication, so one per replication of a many-replication
    // run of short replications would cost more than the run.
    if (r + 1 < scenario.replications && seconds_since(last_checkpoint) >= kCheckpointSeconds) {
      save_checkpoint(checkpoint, results, r + 1, identity, meta);
      last_checkpoint = Clock::now();
    }
  }
  bar.finish();
  meta.simulation_s = seconds_since(t_sim);
  meta.wall_time_s = seconds_since(started);
  meta.peak_rss_bytes = peak_rss_bytes();
  meta.timestamp_utc = utc_timestamp();
  write_results(out, results, identity, meta);
  std::filesystem::remove(checkpoint);
  // A killed earlier run's temporary checkpoint, which no checkpoint of this run replaced.
  remove_stale_temporaries(checkpoint);
  return results;
}

// `meta` for a run of `scenario` reading `files`: its inputs and their fingerprint.
RunMeta with_inputs(RunMeta meta, const Scenario& scenario, const std::vector<InputHash>& files,
                    const nlohmann::json& overrides) {
  const RunInputs inputs = run_inputs(scenario, files, overrides, kEngineVersion);
  meta.input_fingerprint = inputs.fingerprint();
  meta.inputs = inputs.lines();
  return meta;
}

// Whether `file` already holds a complete run with exactly these inputs (a one-way variant
// finished before an interrupted run), so it need not run again.
bool already_written(const std::filesystem::path& file, const RunMeta& meta) {
  if (!std::filesystem::exists(file)) return false;
  try {
    const ResultFile done = read_results(file, {[](const std::string&) { return false; }, false, {}});
    return done.meta.input_fingerprint == meta.input_fingerprint;
  } catch (const InputError&) {
    return false;
  }
}

// The one-way sensitivity variants (engine/scenario/one_way.hpp), each into its own file beside
// `out`, before the main file: a complete main file means a complete set.
void run_one_way_variants(const Scenario& scenario, const Population& population,
                          const DemographyRates& rates, const RunMeta& meta,
                          const std::vector<InputHash>& files, const nlohmann::json& overrides,
                          const std::filesystem::path& out, bool quiet) {
  const nlohmann::json base = nlohmann::json::parse(scenario.resolved_json);
  const size_t n = scenario.one_way.size() * 2;
  size_t k = 0;
  for (const OneWayParameter& p : scenario.one_way)
    for (const bool high : {false, true}) {
      ++k;
      const Scenario variant = one_way_scenario(scenario, base, p, high);
      const std::filesystem::path file = one_way_file(out, p, high);
      const RunMeta variant_meta = with_inputs(meta, variant, files, overrides);
      if (already_written(file, variant_meta)) continue;
      const std::string label = "one-way " + std::to_string(k) + "/" + std::to_string(n);
      simulate_to_file(variant, population, rates, variant_meta, file, label, quiet, Clock::now());
      if (!quiet) std::fprintf(stderr, "civicsim: %s: %s = %g -> %s\n", label.c_str(), p.label.c_str(),
                               high ? p.high : p.low, file.string().c_str());
    }
}

// Refuses, before any work, output targets that are something else (a FIFO, a device, a folder
// where a file goes) or another scenario's (output_owner.hpp): the result file, its checkpoint and
// with --one-way the variants' folder and files with their checkpoints.
void check_output_targets(const Scenario& scenario, const std::filesystem::path& out,
                          bool one_way) {
  std::vector<std::filesystem::path> files{out};
  if (one_way && !scenario.one_way.empty()) {
    check_folder_target(one_way_file(out, scenario.one_way.front(), false).parent_path());
    for (const OneWayParameter& p : scenario.one_way)
      for (const bool high : {false, true}) files.push_back(one_way_file(out, p, high));
  }
  for (const auto& file : files) {
    check_file_target(file);
    check_file_target(checkpoint_path(file));
    check_output_owner(file, scenario.name, ExistingFile::kResult);
    check_output_owner(checkpoint_path(file), scenario.name, ExistingFile::kCheckpoint);
  }
}

}  // namespace

int run_scenario_command(const RunOptions& o) {
  const auto t_start = Clock::now();
  const nlohmann::json overrides = command_line_overrides(o.seed, o.scale);
  const Scenario scenario = load_scenario(o.scenario, overrides);
  const std::filesystem::path out = o.out.empty() ? scenario.outputs.file : std::filesystem::path(o.out);
  check_output_targets(scenario, out, o.one_way);
  if (o.threads > 0) omp_set_num_threads(o.threads);

  const auto t_pop = Clock::now();
  if (auto problem = memory_problem(scenario, estimate_population_memory(scenario)))
    throw InputError(*problem);  // before building a population that cannot fit
  const Population population = build_population(scenario.population, scenario.seed, scenario.start);
  const DemographyRates rates = load_demography_rates(scenario.population.data_dir, population);
  const double build_s = seconds_since(t_pop);
  // The variants and draws run after files are written (the variants before the main file): each
  // is compiled now, so none fails after others were written. A plain run compiles nothing extra.
  if ((o.one_way && !scenario.one_way.empty()) || scenario.uncertainty.active()) {
    const Simulation base(scenario, population, rates);
    check_variants_and_draws(base, scenario, population, rates, o.one_way);
  }
  const std::vector<InputHash> files = hash_files(scenario_input_files(scenario));

  RunMeta meta;
  meta.engine_version = kEngineVersion;
  meta.seed = scenario.seed;
  meta.scenario_file = scenario.file.string();
  meta.threads = max_threads();
  meta.population_build_s = build_s;
  meta.host = host_name();
  meta.command_line = o.command_line;

  if (o.one_way)
    run_one_way_variants(scenario, population, rates, meta, files, overrides, out, o.quiet);
  const auto t_sim = Clock::now();
  const RunResults results =
      simulate_to_file(scenario, population, rates, with_inputs(meta, scenario, files, overrides),
                       out, "simulating", o.quiet, t_start);
  const double sim_s = seconds_since(t_sim);
  meta.peak_rss_bytes = peak_rss_bytes();

  const size_t pop = results.series_index("population");
  const size_t steps = static_cast<size_t>(scenario.steps());
  double person_steps = 0;
  for (size_t t = 0; t < steps; ++t) person_steps += total_at(results, pop, t);
  person_steps *= scenario.replications;
  std::printf("civicsim %s: scenario '%s', seed %llu, %d replication%s of %d steps of %d month%s from %s\n",
              kEngineVersion, scenario.name.c_str(), static_cast<unsigned long long>(scenario.seed),
              scenario.replications, scenario.replications == 1 ? "" : "s", scenario.steps(),
              scenario.step_months, scenario.step_months == 1 ? "" : "s", scenario.start.to_string().c_str());
  std::printf("  population  %s persons in %s households (%s, scale %g), built in %.2f s\n",
              with_commas(population.living_persons()).c_str(),
              with_commas(population.occupied_households()).c_str(), population.source.c_str(),
              scenario.population.scale, build_s);
  std::printf("  simulated   %.2f s on %d thread%s: %s person-steps per second\n", sim_s, max_threads(),
              max_threads() == 1 ? "" : "s",
              with_commas(static_cast<uint64_t>(person_steps / std::max(sim_s, 1e-9))).c_str());
  std::printf("  persons     %s at %s -> %s at %s (replication 1); births %s, deaths %s (all replications)\n",
              with_commas(static_cast<uint64_t>(total_at(results, pop, 0))).c_str(),
              results.time.front().c_str(),
              with_commas(static_cast<uint64_t>(total_at(results, pop, steps))).c_str(),
              results.time.back().c_str(),
              with_commas(static_cast<uint64_t>(total_all(results, results.series_index("births")))).c_str(),
              with_commas(static_cast<uint64_t>(total_all(results, results.series_index("deaths")))).c_str());
  std::printf("  wrote       %s (peak memory %.0f MB; 'civicsim info %s' summarises it)\n",
              out.string().c_str(), static_cast<double>(meta.peak_rss_bytes) / 1e6, out.string().c_str());
  if (o.out.empty() && scenario.outputs.named_after_scenario_file)
    std::printf("  named       after the scenario file: %s states no outputs.file of its own (the one "
                "it inherits through extends is its base's result)\n",
                scenario.file.filename().string().c_str());
  if (o.one_way && !scenario.one_way.empty())
    std::printf("  one-way     %zu parameters at their low and high values: %s\n", scenario.one_way.size(),
                one_way_file(out, scenario.one_way.front(), false).parent_path().string().c_str());
  return 0;
}

}  // namespace civicsim::cli
