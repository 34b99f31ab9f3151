// Checkpoints: saving, checking that one belongs to this run, restoring or setting it aside.
#include "api/checkpoint.hpp"

#include <ctime>
#include <exception>
#include <stdexcept>
#include <vector>

#include "engine/core/input_error.hpp"
#include "engine/sim/run_inputs.hpp"
#include "outputs/hdf5_reader.hpp"
#include "outputs/hdf5_writer.hpp"

namespace civicsim {
namespace {

namespace fs = std::filesystem;

std::string join(const std::vector<std::string>& items) {
  std::string s;
  for (const std::string& i : items) s += (s.empty() ? "" : ", ") + i;
  return s;
}

// Why `saved` is not a checkpoint of this run, or "" when it is: another run first, then what
// changed in the inputs of this one (named input by input), then anything inconsistent.
std::string mismatch(const ResultFile& saved, const RunIdentity& id, const RunMeta& meta,
                     const RunResults& results) {
  const RunIdentity& s = saved.identity;
  if (s.scenario_name != id.scenario_name || s.seed != id.seed || s.start != id.start ||
      s.step_months != id.step_months || s.steps != id.steps)
    return "it is another run (scenario '" + s.scenario_name + "', seed " + std::to_string(s.seed) +
           ", " + std::to_string(s.steps) + " steps from " + s.start + ")";
  if (saved.meta.input_fingerprint.empty())
    return "it records no input fingerprint (written by an earlier civicsim or another program)";
  if (saved.meta.input_fingerprint != meta.input_fingerprint) {
    const auto before = RunInputs::parse(saved.meta.inputs);
    const auto now = RunInputs::parse(meta.inputs);
    std::vector<std::string> changed;
    if (before && now) changed = changed_inputs(*before, *now);
    return "the run's inputs changed since it was written" +
           (changed.empty() ? std::string() : ": " + join(changed));
  }
  if (saved.meta.engine_version != meta.engine_version)
    return "it was written by civicsim " + saved.meta.engine_version;
  if (s.population_fingerprint != id.population_fingerprint)
    return "its starting population differs (fingerprint " + s.population_fingerprint + ")";
  if (s.replications >= id.replications)
    return "it holds " + std::to_string(s.replications) + " replications, this run has " +
           std::to_string(id.replications);
  if (saved.results.time != results.time) return "its time points differ";
  if (saved.results.series.size() != results.series.size())
    return "it holds " + std::to_string(saved.results.series.size()) + " series, this run " +
           std::to_string(results.series.size());
  for (size_t s_index = 0; s_index < results.series.size(); ++s_index) {
    const SeriesDecl& want = results.series[s_index];
    const auto& decls = saved.results.series;
    size_t k = 0;
    while (k < decls.size() && decls[k].name != want.name) ++k;
    if (k == decls.size()) return "it has no series " + want.name;
    if (saved.results.shape(k) != results.shape(s_index))
      return "its series " + want.name + " has another shape";
  }
  return "";
}

// <checkpoint>.stale-YYYYMMDDTHHMMSSZ, with -2, -3, ... when that name is taken.
fs::path stale_name(const fs::path& checkpoint) {
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", &utc);
  const std::string base = checkpoint.string() + ".stale-" + stamp;
  fs::path name = base;
  std::error_code ec;
  for (int n = 2; fs::exists(fs::symlink_status(name, ec)); ++n)
    name = base + "-" + std::to_string(n);
  return name;
}

std::string set_aside(const fs::path& checkpoint, const std::string& why) {
  const fs::path stale = stale_name(checkpoint);
  std::error_code ec;
  fs::rename(checkpoint, stale, ec);
  if (ec)
    throw std::runtime_error("cannot set aside " + checkpoint.string() + " (" + why + ") as " +
                             stale.string() + ": " + ec.message());
  return checkpoint.string() + " was not resumed: " + why + "; set aside as " + stale.string() +
         ", starting afresh";
}

}  // namespace

std::filesystem::path checkpoint_path(const std::filesystem::path& out) {
  return std::filesystem::path(out.string() + ".partial.h5");
}

Restored restore_checkpoint(const fs::path& checkpoint, const RunIdentity& identity,
                            const RunMeta& meta, RunResults& results) {
  std::error_code ec;
  if (!fs::exists(fs::symlink_status(checkpoint, ec))) return {};
  ResultFile saved;
  try {
    saved = read_results(checkpoint);
  } catch (const InputError& e) {
    const auto& d = e.diagnostics();
    return {0, set_aside(checkpoint,
                         "it cannot be read (" +
                             (d.empty() ? std::string(e.what()) : d.front().to_string()) + ")")};
  } catch (const std::exception& e) {  // e.g. sizes so damaged that reading runs out of memory
    return {0, set_aside(checkpoint, std::string("it cannot be read (") + e.what() + ")")};
  }
  if (const std::string why = mismatch(saved, identity, meta, results); !why.empty())
    return {0, set_aside(checkpoint, why)};
  const int done = saved.identity.replications;
  for (size_t s = 0; s < results.series.size(); ++s) {
    size_t k = 0;
    while (saved.results.series[k].name != results.series[s].name) ++k;  // present: checked above
    for (int r = 0; r < done; ++r)
      results.values[s][static_cast<size_t>(r)] = saved.results.values[k][static_cast<size_t>(r)];
  }
  return {done, ""};
}

void save_checkpoint(const std::filesystem::path& checkpoint, const RunResults& results, int done,
                     RunIdentity identity, const RunMeta& meta) {
  RunResults partial = results;
  partial.replications = done;
  for (auto& series : partial.values) series.resize(static_cast<size_t>(done));
  identity.replications = done;
  write_results(checkpoint, partial, identity, meta);
}

}  // namespace civicsim
