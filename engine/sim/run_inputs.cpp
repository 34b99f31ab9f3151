// Finding, hashing and comparing a run's inputs; see run_inputs.hpp.
#include "engine/sim/run_inputs.hpp"

#include <algorithm>
#include <map>

#include "engine/core/content_hash.hpp"
#include "engine/population/lcr_data.hpp"
#include "engine/scenario/scenario_schema.hpp"
#include "engine/sim/demography_rates.hpp"

namespace civicsim {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr const char* kMissing = "missing";
constexpr const char* kSeparator = "  ";

// The files of data_dir the engine reads for the scenario's population source.
std::vector<std::string> data_dir_files(PopulationSource source) {
  if (source == PopulationSource::kCohort) return {};  // a cohort reads nothing
  std::vector<std::string> files =
      source == PopulationSource::kLinked ? lcr_area_files() : lcr_data_files();
  for (const std::string& f : demography_files())
    if (std::find(files.begin(), files.end(), f) == files.end()) files.push_back(f);
  return files;
}

// A folder named by a path field: its regular files, by name.
std::vector<fs::path> folder_files(const fs::path& folder) {
  std::vector<fs::path> files;
  std::error_code ec;
  for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec))
    if (it->is_regular_file(ec)) files.push_back(it->path());
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace

std::string RunInputs::fingerprint() const {
  uint64_t h = kFnvOffsetBasis;
  for (const std::string& line : lines()) h = fnv1a64(line + "\n", h);
  return hash_hex(h);
}

std::vector<std::string> RunInputs::lines() const {
  std::vector<std::string> out;
  for (const InputHash& i : inputs) out.push_back(i.hash + kSeparator + i.name);
  return out;
}

std::optional<RunInputs> RunInputs::parse(const std::vector<std::string>& lines) {
  RunInputs out;
  for (const std::string& line : lines) {
    const size_t at = line.find(kSeparator);
    if (at == std::string::npos || at == 0) return std::nullopt;
    out.inputs.push_back({line.substr(at + 2), line.substr(0, at)});
  }
  return out;
}

std::vector<fs::path> scenario_input_files(const Scenario& scenario) {
  std::vector<fs::path> files;
  auto add = [&files](const fs::path& f) {
    if (std::find(files.begin(), files.end(), f) == files.end()) files.push_back(f);
  };
  for (const std::string& name : data_dir_files(scenario.population.source))
    add(scenario.population.data_dir / name);
  schema::for_each_path(
      scenario_schema(), json::parse(scenario.resolved_json),
      [&](const std::string& pointer, const schema::Node& node, const std::string& value) {
        // Working-directory paths are where results go; data_dir's files are listed above.
        if (node.path_base != schema::PathBase::kDeclaringFile || pointer == "/population/data_dir")
          return;
        std::error_code ec;
        if (fs::is_directory(value, ec)) {
          for (const fs::path& f : folder_files(value)) add(f);
        } else {
          add(value);
        }
      });
  return files;
}

std::vector<InputHash> hash_files(const std::vector<fs::path>& files) {
  std::vector<InputHash> out;
  for (const fs::path& f : files) {
    const std::optional<uint64_t> h = hash_file(f);
    out.push_back({f.string(), h ? hash_hex(*h) : kMissing});
  }
  return out;
}

RunInputs run_inputs(const Scenario& scenario, const std::vector<InputHash>& files,
                     const json& overrides, const std::string& engine_version) {
  // Where the results go does not change them.
  json doc = json::parse(scenario.resolved_json);
  doc.erase("outputs");
  RunInputs r;
  r.inputs.push_back({"engine version", hash_hex(fnv1a64(engine_version))});
  r.inputs.push_back({"scenario (resolved)", hash_hex(fnv1a64(doc.dump()))});
  r.inputs.push_back({"command line", hash_hex(fnv1a64(overrides.dump()))});
  r.inputs.insert(r.inputs.end(), files.begin(), files.end());
  return r;
}

std::vector<std::string> changed_inputs(const RunInputs& before, const RunInputs& now) {
  std::map<std::string, std::string> old;
  for (const InputHash& i : before.inputs) old[i.name] = i.hash;
  std::vector<std::string> out;
  for (const InputHash& i : now.inputs) {
    const auto it = old.find(i.name);
    if (it == old.end()) {
      out.push_back(i.name + " (not read before)");
    } else {
      if (it->second != i.hash) out.push_back(i.name + " changed");
      old.erase(it);
    }
  }
  for (const InputHash& i : before.inputs)
    if (old.count(i.name)) out.push_back(i.name + " (no longer read)");
  return out;
}

}  // namespace civicsim
