// Running a scenario (run_scenario.hpp): resolving it, building its population, checking its
// variants and draws, then each run (the one-way variants, then the main run) into memory or into
// a result file with its checkpoint.
#include "api/run_scenario.hpp"

#include <omp.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <stdexcept>

#include "api/checkpoint.hpp"
#include "api/memory_check.hpp"
#include "api/output_owner.hpp"
#include "api/system_info.hpp"
#include "api/variants.hpp"
#include "civicsim/version.hpp"
#include "engine/core/output_target.hpp"
#include "engine/population/synthesis.hpp"
#include "engine/scenario/scenario_loader.hpp"
#include "engine/scenario/schema.hpp"
#include "engine/sim/demography_rates.hpp"
#include "engine/sim/run_inputs.hpp"
#include "engine/sim/simulation.hpp"
#include "outputs/hdf5_reader.hpp"
#include "outputs/hdf5_writer.hpp"

namespace civicsim {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

// A run with more replications to come keeps the finished ones in its checkpoint at most this
// often: a checkpoint rewrites every finished replication, so one per replication of a
// many-replication run of short replications would cost more than the run.
constexpr double kCheckpointSeconds = 20.0;

// Replications of a probabilistic sensitivity analysis run side by side this many at a time
// (Simulation::draws_in_parallel): enough to keep every thread busy, few enough to report them soon.
constexpr int kParallelDrawBatch = 64;

// OpenMP's default thread count, set for one call and restored after it.
class ThreadCount {
 public:
  explicit ThreadCount(int threads) : before_(omp_get_max_threads()), set_(threads > 0) {
    if (set_) omp_set_num_threads(threads);
  }
  ~ThreadCount() {
    if (set_) omp_set_num_threads(before_);
  }
  ThreadCount(const ThreadCount&) = delete;
  ThreadCount& operator=(const ThreadCount&) = delete;

 private:
  int before_;
  bool set_;
};

// A message about files found on the way; `always`: said even when quiet (a file was renamed).
void say(const RunRequest& request, const std::string& message, bool always) {
  if (request.quiet && !always) return;
  if (request.notice)
    request.notice(message);
  else
    std::fprintf(stderr, "civicsim: %s\n", message.c_str());
}

// The request's overrides with its seed, scale and replications on top.
json all_overrides(const RunRequest& request) {
  json overrides = request.overrides.is_null() ? json::object() : request.overrides;
  json specific = seed_scale_overrides(request.seed, request.scale);
  if (request.replications) specific["replications"] = *request.replications;
  // Overrides that are no object are the loader's to report.
  if (overrides.is_object()) merge_scenario_json(overrides, specific);
  return overrides;
}

// The scenario of `source` with `overrides` applied.
Scenario resolve_scenario(const ScenarioSource& source, const json& overrides) {
  if (const auto* file = std::get_if<fs::path>(&source)) return load_scenario(*file, overrides);
  if (const auto* doc = std::get_if<ScenarioDocument>(&source))
    return load_scenario_document(doc->json, doc->file, overrides);
  const Scenario& loaded = std::get<Scenario>(source);
  // Its resolved document names the files it reads (the run's inputs) and takes the overrides.
  if (loaded.resolved_json.empty())
    throw std::invalid_argument(
        "run_scenario: a Scenario to run is one loaded by load_scenario (its resolved_json is "
        "empty)");
  if (overrides.is_object() && overrides.empty()) return loaded;
  Scenario s = load_scenario_document(json::parse(loaded.resolved_json), loaded.file, overrides);
  // Its resolved document holds the values of constants written as text: the text is the loaded's.
  for (const auto& [pointer, text] : loaded.constants_as_written)
    if (!overrides.contains(json::json_pointer(pointer)))
      s.constants_as_written.emplace(pointer, text);
  s.outputs.named_after_scenario_file =
      loaded.outputs.named_after_scenario_file && s.outputs.file == loaded.outputs.file;
  return s;
}

fs::path output_file(const RunRequest& request, const Scenario& scenario) {
  if (!request.out.empty()) return request.out;
  return request.out_from_scenario ? scenario.outputs.file : fs::path();
}

// Refuses, before any work, output targets that are something else (a FIFO, a device, a folder
// where a file goes) or another scenario's (output_owner.hpp): the result file, its checkpoint and
// with one-way variants the variants' folder and files with their checkpoints.
void check_output_targets(const Scenario& scenario, const fs::path& out, bool one_way) {
  std::vector<fs::path> files{out};
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

// The scenario's starting population; one that cannot fit is refused before it is built.
Population build(const Scenario& scenario) {
  if (auto problem = memory_problem(scenario, estimate_population_memory(scenario)))
    throw InputError(*problem);
  return build_population(scenario.population, scenario.seed, scenario.start);
}

// The variants and draws run after files are written (the variants before the main file): each
// is compiled now, so none fails after others were written. A plain run compiles nothing extra.
void check_variants(const Scenario& scenario, const Population& population,
                    const DemographyRates& rates, bool one_way) {
  if ((one_way && !scenario.one_way.empty()) || scenario.uncertainty.active()) {
    const Simulation base(scenario, population, rates);
    check_variants_and_draws(base, scenario, population, rates, one_way);
  }
}

RunMeta run_meta(const RunRequest& request, const Scenario& scenario, double build_s) {
  RunMeta meta;
  meta.engine_version = kEngineVersion;
  meta.seed = scenario.seed;
  meta.scenario_file = scenario.file.string();
  meta.threads = max_threads();
  meta.population_build_s = build_s;
  meta.host = host_name();
  meta.command_line = request.command_line;
  return meta;
}

// What every run of one request (its variants and the main run) shares.
struct RunContext {
  const RunRequest& request;
  const Population& population;
  const DemographyRates& rates;
  std::vector<InputHash> files;  // hash_files of the scenario's input files
  const json& overrides;
  RunMeta meta;
};

// `meta` for a run of `scenario` (the main one or a variant): its inputs and their fingerprint.
RunMeta with_inputs(const RunContext& context, const Scenario& scenario) {
  const RunInputs inputs = run_inputs(scenario, context.files, context.overrides, kEngineVersion);
  RunMeta meta = context.meta;
  meta.input_fingerprint = inputs.fingerprint();
  meta.inputs = inputs.lines();
  return meta;
}

// Whether `file` already holds a complete run with exactly these inputs (a one-way variant
// finished before an interrupted run), so it need not run again.
bool already_written(const fs::path& file, const RunMeta& meta) {
  if (!fs::exists(file)) return false;
  try {
    const ResultFile done =
        read_results(file, {[](const std::string&) { return false; }, false, {}});
    return done.meta.input_fingerprint == meta.input_fingerprint;
  } catch (const InputError&) {
    return false;
  }
}

// One run: its results as they fill, and where they go.
struct Run {
  RunResults results;
  RunIdentity identity;
  RunMeta meta;
  fs::path checkpoint;  // empty in memory
  int resumed = 0;
  double write_s = 0;
};

// Copies this run's checkpoint into `run` (or sets another file aside), saying so.
void resume(const RunRequest& request, const Scenario& scenario, Run& run) {
  const Restored restored = restore_checkpoint(run.checkpoint, run.identity, run.meta, run.results);
  if (!restored.set_aside.empty()) say(request, restored.set_aside, /*always=*/true);
  run.resumed = restored.replications;
  if (run.resumed > 0)
    say(request,
        "resuming from " + run.checkpoint.string() + ": " + std::to_string(run.resumed) + " of " +
            std::to_string(scenario.replications) + " replications already done",
        false);
}

// The replications not restored, each reported to `on_replication` (the restored ones first),
// keeping the finished ones in the checkpoint while more are to come.
void run_replications(const RunRequest& request, const Scenario& scenario, Simulation& simulation,
                      const std::string& stage, const ReplicationCallback& on_replication,
                      Run& run) {
  if (on_replication)
    for (int r = 0; r < run.resumed; ++r) on_replication(r, run.results);
  if (request.progress.begin) request.progress.begin(stage);
  auto last_checkpoint = Clock::now();
  // Draws run side by side go in batches, each reported in order once it is done.
  const int batch = simulation.draws_in_parallel() ? kParallelDrawBatch : 1;
  for (int first = run.resumed; first < scenario.replications; first += batch) {
    const int last = std::min(scenario.replications, first + batch);
    simulation.run_replications(first, last, run.results, request.progress.step);
    if (!run.checkpoint.empty() && last < scenario.replications &&
        seconds_since(last_checkpoint) >= kCheckpointSeconds) {
      save_checkpoint(run.checkpoint, run.results, last, run.identity, run.meta);
      last_checkpoint = Clock::now();
    }
    if (on_replication)
      for (int r = first; r < last; ++r) on_replication(r, run.results);
  }
  if (request.progress.end) request.progress.end();
}

// Writes the run to `out` and removes its checkpoint; returns the seconds it took.
double write_run(const fs::path& out, const Run& run) {
  const auto t0 = Clock::now();
  write_results(out, run.results, run.identity, run.meta);
  fs::remove(run.checkpoint);
  // A killed earlier run's temporary checkpoint, which no checkpoint of this run replaced.
  remove_stale_temporaries(run.checkpoint);
  return seconds_since(t0);
}

// Every replication of `scenario` into memory (`out` empty) or into `out`, resuming from its
// checkpoint. The run's wall time counts from `started`.
Run simulate(const RunContext& context, const Scenario& scenario, RunMeta meta, const fs::path& out,
             const std::string& stage, Clock::time_point started,
             const ReplicationCallback& on_replication) {
  const auto t_sim = Clock::now();
  meta.scenario_json = scenario.resolved_json;
  if (!scenario.constants_as_written.empty())
    meta.scenario_constants = json(scenario.constants_as_written).dump(2);
  Simulation simulation(scenario, context.population, context.rates);
  // Refused now, not by std::bad_alloc after minutes (memory_check.hpp); for a one-way run, the
  // first variant is refused before anything is written (variants are the main run's size).
  if (auto problem =
          memory_problem(scenario, estimate_run_memory(scenario, context.population, simulation)))
    throw InputError(*problem);
  Run run{simulation.make_results(), simulation.identity(), std::move(meta), {}, 0, 0};
  if (!out.empty()) {
    run.checkpoint = checkpoint_path(out);
    resume(context.request, scenario, run);
  }
  run_replications(context.request, scenario, simulation, stage, on_replication, run);
  run.meta.simulation_s = seconds_since(t_sim);
  run.meta.wall_time_s = seconds_since(started);
  run.meta.peak_rss_bytes = peak_rss_bytes();
  run.meta.timestamp_utc = utc_timestamp();
  if (!out.empty()) run.write_s = write_run(out, run);
  return run;
}

std::string number_text(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

// The one-way sensitivity variants (engine/scenario/one_way.hpp), each into its own file beside
// `out` (before the main file: a complete main file means a complete set) or into memory.
std::vector<OneWayRun> run_one_way_variants(const RunContext& context, const Scenario& scenario,
                                            const fs::path& out) {
  std::vector<OneWayRun> runs;
  const json base = json::parse(scenario.resolved_json);
  const size_t n = scenario.one_way.size() * 2;
  for (const OneWayParameter& p : scenario.one_way)
    for (const bool high : {false, true}) {
      const std::string stage =
          "one-way " + std::to_string(runs.size() + 1) + "/" + std::to_string(n);
      OneWayRun& variant_run = runs.emplace_back();
      variant_run.parameter = p;
      variant_run.high = high;
      if (!out.empty()) variant_run.file = one_way_file(out, p, high);
      const Scenario variant = one_way_scenario(scenario, base, p, high);
      const RunMeta meta = with_inputs(context, variant);
      if (!out.empty() && already_written(variant_run.file, meta)) {
        variant_run.reused = true;
        continue;
      }
      Run run = simulate(context, variant, meta, variant_run.file, stage, Clock::now(), {});
      if (out.empty()) variant_run.results = std::move(run.results);
      say(context.request,
          stage + ": " + p.label + " = " + number_text(high ? p.high : p.low) +
              (out.empty() ? "" : " -> " + variant_run.file.string()),
          false);
    }
  return runs;
}

}  // namespace

nlohmann::json seed_scale_overrides(std::optional<uint64_t> seed, std::optional<double> scale) {
  json overrides = json::object();
  if (seed) overrides["seed"] = *seed;
  if (scale) overrides["population"]["scale"] = *scale;
  return overrides;
}

void check_scale_applies(const Scenario& scenario, double scale) {
  if (scenario.population.source == PopulationSource::kLcrSynthetic) return;
  const bool cohort = scenario.population.source == PopulationSource::kCohort;
  throw InputError(Diagnostic{
      "command line", "/population/scale",
      "no --scale: it samples the synthetic LCR population (population.source lcr_synthetic)",
      "--scale " + schema::format_number(scale) + " with population.source " +
          (cohort ? "cohort (set population.cohort.size for the number of persons)"
                  : "linked (the extract is simulated as it is)")});
}

RunOutcome run_scenario(const RunRequest& request) {
  const auto t_start = Clock::now();
  const json overrides = all_overrides(request);
  RunOutcome outcome;
  outcome.scenario = resolve_scenario(request.scenario, overrides);
  const Scenario& scenario = outcome.scenario;
  if (request.scale) check_scale_applies(scenario, *request.scale);
  outcome.file = output_file(request, scenario);
  if (!outcome.file.empty()) check_output_targets(scenario, outcome.file, request.one_way);
  const ThreadCount threads(request.threads);

  const auto t_pop = Clock::now();
  outcome.population = build(scenario);
  const DemographyRates rates =
      load_demography_rates(scenario.population.data_dir, outcome.population);
  outcome.timings.population_build_s = seconds_since(t_pop);
  check_variants(scenario, outcome.population, rates, request.one_way);
  const RunContext context{
      request,   outcome.population,
      rates,     hash_files(scenario_input_files(scenario)),
      overrides, run_meta(request, scenario, outcome.timings.population_build_s)};

  if (request.one_way) outcome.one_way = run_one_way_variants(context, scenario, outcome.file);
  Run run = simulate(context, scenario, with_inputs(context, scenario), outcome.file, "simulating",
                     t_start, request.on_replication);
  outcome.results = std::move(run.results);
  outcome.identity = std::move(run.identity);
  outcome.meta = std::move(run.meta);
  outcome.resumed = run.resumed;
  outcome.timings.simulation_s = outcome.meta.simulation_s;
  outcome.timings.write_s = run.write_s;
  outcome.timings.wall_s = seconds_since(t_start);
  return outcome;
}

}  // namespace civicsim
