#include "cli/checkpoint.hpp"

#include "engine/core/input_error.hpp"
#include "outputs/hdf5_reader.hpp"
#include "outputs/hdf5_writer.hpp"

namespace civicsim::cli {
namespace {
// Same run: everything that determines the results must agree.
bool same_run(const ResultFile& saved, const RunIdentity& id, const RunMeta& meta,
              const RunResults& results) {
  const RunIdentity& s = saved.identity;
  return saved.meta.engine_version == meta.engine_version &&
         saved.meta.scenario_json == meta.scenario_json && s.scenario_name == id.scenario_name &&
         s.population_fingerprint == id.population_fingerprint && s.seed == id.seed &&
         s.start == id.start && s.step_months == id.step_months && s.steps == id.steps &&
         s.replications < id.replications && saved.results.series.size() == results.series.size() &&
         saved.results.time == results.time;
}
}  // namespace

std::filesystem::path checkpoint_path(const std::filesystem::path& out) {
  return std::filesystem::path(out.string() + ".partial.h5");
}

int restore_checkpoint(const std::filesystem::path& checkpoint, const RunIdentity& identity,
                       const RunMeta& meta, RunResults& results) {
  if (!std::filesystem::exists(checkpoint)) return 0;
  ResultFile saved;
  try {
    saved = read_results(checkpoint);
  } catch (const InputError&) {
    return 0;  // unreadable: start afresh; the checkpoint is replaced after the first replication
  }
  if (!same_run(saved, identity, meta, results)) return 0;
  const int done = saved.identity.replications;
  for (size_t s = 0; s < results.series.size(); ++s) {
    const size_t k = saved.results.series_index(results.series[s].name);
    for (int r = 0; r < done; ++r)
      results.values[s][static_cast<size_t>(r)] = saved.results.values[k][static_cast<size_t>(r)];
  }
  return done;
}

void save_checkpoint(const std::filesystem::path& checkpoint, const RunResults& results, int done,
                     RunIdentity identity, const RunMeta& meta) {
  RunResults partial = results;
  partial.replications = done;
  for (auto& series : partial.values) series.resize(static_cast<size_t>(done));
  identity.replications = done;
  write_results(checkpoint, partial, identity, meta);
}

}  // namespace civicsim::cli
