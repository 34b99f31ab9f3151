// civicsim's entry point for running a scenario from code: load the scenario (a file, a document
// or a Scenario already loaded) with overrides addressed by JSON path, build its population, load
// the demography rates, simulate every replication and return the results, optionally writing them
// to one HDF5 result file as `civicsim run` does (the command is argument parsing and printing
// around this call). docs/library.md shows it in use.
//
// Writing a file keeps every guarantee of `civicsim run`: output targets are checked before any
// work (a FIFO, a device, another scenario's result are refused), a run that cannot fit in memory
// is refused before it allocates, finished replications are kept in a checkpoint beside the file
// and a rerun resumes from it (api/checkpoint.hpp), one-way variants already written by an
// interrupted run with the same inputs are not run again, and every file appears complete or not
// at all (engine/core/output_target.hpp). Every one-way variant and parameter draw is compiled
// before anything is written. A run in memory writes nothing and needs no file target.
//
// Results are a function of the resolved scenario alone: the same request gives the same results
// bit for bit, for any thread count, in memory or in a file (outside /meta).
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "engine/core/input_error.hpp"
#include "engine/core/results.hpp"
#include "engine/population/population.hpp"
#include "engine/scenario/scenario.hpp"

namespace civicsim {

// A scenario file's content given in code: loaded as if it were the content of `file`, which need
// not exist (its folder resolves relative paths and "extends"; its name labels diagnostics).
struct ScenarioDocument {
  nlohmann::json json;
  std::filesystem::path file = "scenario.json";
};

// What to run: a scenario file (loaded with its bases), a document, or a Scenario already loaded
// (load_scenario; it keeps its resolved document, to which overrides are applied).
using ScenarioSource = std::variant<std::filesystem::path, ScenarioDocument, Scenario>;

// Called after replication `replication` of the main run is in `results` (values[s][replication]
// of every series s; the replications before it are there too). Replications restored from a
// checkpoint are reported first, so each replication is reported once, in order.
using ReplicationCallback = std::function<void(int replication, const RunResults& results)>;

// Stages of a run as they happen (each member optional): the main run ("simulating") and, with
// one-way variants, each variant before it ("one-way K/N").
struct RunProgress {
  std::function<void(const std::string& stage)> begin;  // before the stage compiles
  std::function<void(long done, long total)> step;      // after every step: steps done, in all
  std::function<void()> end;  // its replications are done (before its file is written)
};

struct RunRequest {
  ScenarioSource scenario;
  // Changes to the scenario, as a partial scenario document merged over it as the scenario
  // loader merges a layer: objects key by key, any other value (an array too) replacing the
  // scenario's whole; e.g. {"processes": {"asthma": {"utility": {"uncontrolled": 0.9}}}}. Checked
  // against the scenario schema: a bad value is an InputError naming its JSON path (labelled
  // "command line", as `civicsim run --seed` is). Relative paths are relative to the working
  // directory.
  nlohmann::json overrides = nlohmann::json::object();
  std::optional<uint64_t> seed;     // /seed
  std::optional<double> scale;      // /population/scale
  std::optional<int> replications;  // /replications
  int threads = 0;  // OpenMP threads for this call (0: OpenMP's default); restored afterwards
  // The result file (written atomically, with checkpoints); empty: results in memory only.
  std::filesystem::path out;
  bool out_from_scenario = false;  // with `out` empty: write the scenario's outputs.file
  bool one_way = false;            // also run the scenario's one-way variants (uncertainty/one_way)
  ReplicationCallback on_replication;  // main run only
  RunProgress progress;
  // Messages about files found on the way (a checkpoint resumed or set aside, a variant written).
  // Empty: written to stderr as "civicsim: MESSAGE". `quiet` keeps all but those that must be
  // said (a file was renamed).
  std::function<void(const std::string& message)> notice;
  bool quiet = false;
  std::string command_line;  // recorded in /meta/command_line
};

struct RunTimings {
  double population_build_s = 0;  // building the population and loading its demography rates
  double simulation_s = 0;        // the main run: compiling it and its replications (RunMeta's)
  double write_s = 0;             // writing its result file (0 in memory)
  double wall_s = 0;              // the whole call
};

// A one-way variant (engine/scenario/one_way.hpp): `parameter` at its low or high value.
struct OneWayRun {
  OneWayParameter parameter;
  bool high = false;
  std::filesystem::path file;  // its result file; empty in memory
  bool reused = false;         // the file held it already (an interrupted run's, same inputs)
  RunResults results;          // in memory only (a file run's variants are in their files)
};

struct RunOutcome {
  Scenario scenario;      // as resolved: the overrides applied
  Population population;  // the starting population
  RunResults results;
  RunIdentity identity;
  RunMeta meta;  // as written to /meta (a run in memory fills it the same way)
  RunTimings timings;
  std::filesystem::path file;      // the result file written; empty in memory
  int resumed = 0;                 // replications restored from a checkpoint
  std::vector<OneWayRun> one_way;  // with RunRequest::one_way: low then high of each parameter
};

// Runs the request. Throws InputError for bad input (the scenario, an override, data files, an
// output target, a run that cannot fit in memory), each diagnostic naming the file and JSON path;
// WriteError or std::runtime_error when writing fails.
RunOutcome run_scenario(const RunRequest& request);

// The overrides of a seed and a population scale ({"seed": 7, "population": {"scale": 0.1}}).
nlohmann::json seed_scale_overrides(std::optional<uint64_t> seed, std::optional<double> scale);
// Refuses a --scale given for a population it does not apply to (a cohort, a linked extract):
// InputError naming /population/scale of the scenario.
void check_scale_applies(const Scenario& scenario, double scale);

}  // namespace civicsim
