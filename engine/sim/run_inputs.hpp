// What determines a run's results, hashed: the resolved scenario, the content of every file the
// run reads, the command-line overrides and the engine version. A saved partial run is resumed only
// when its inputs' fingerprint matches this run's (cli/checkpoint.hpp), so a run never mixes
// replications of two models; result files carry the fingerprint and the per-input hashes in /meta
// for provenance, and the per-input hashes say which input changed.
//
// The files are found from the scenario schema, not listed by hand: every path field of the
// scenario (relative to its declaring file; the output file is relative to the working directory
// and is not an input) names a file, hashed whole, or a folder, whose files are hashed. The
// population's data_dir is the exception: only the files the engine reads from it for the chosen
// source are hashed (engine/population/lcr_data.hpp, engine/sim/demography_rates.hpp), so editing
// documentation or observed targets beside the data does not discard a partial run.
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "engine/scenario/scenario.hpp"

namespace civicsim {

struct InputHash {
  std::string name;  // "engine version", "scenario (resolved)", "command line", or a file's path
  std::string hash;  // 16 hex digits (engine/core/content_hash.hpp), or "missing"
};

struct RunInputs {
  std::vector<InputHash> inputs;

  // One hash of every input's name and hash (16 hex digits).
  std::string fingerprint() const;
  // One line per input, "HASH  NAME" (as sha256sum writes them), for the result file's /meta.
  std::vector<std::string> lines() const;
  // The inverse of lines(); nullopt when a line is not of that form.
  static std::optional<RunInputs> parse(const std::vector<std::string>& lines);
};

// The files `scenario` reads, absolute, in a fixed order (data_dir's first).
std::vector<std::filesystem::path> scenario_input_files(const Scenario& scenario);

// The content hash of each file (the slow part: computed once for a run and its one-way variants).
std::vector<InputHash> hash_files(const std::vector<std::filesystem::path>& files);

// The inputs of a run of `scenario` (a loaded scenario or one of its variants) that reads `files`
// (hash_files of scenario_input_files), with `overrides` from the command line.
RunInputs run_inputs(const Scenario& scenario, const std::vector<InputHash>& files,
                     const nlohmann::json& overrides, const std::string& engine_version);

// What differs between two runs' inputs, one phrase each ("/data/life_table.csv changed"); empty
// when they are the same.
std::vector<std::string> changed_inputs(const RunInputs& before, const RunInputs& now);

}  // namespace civicsim
