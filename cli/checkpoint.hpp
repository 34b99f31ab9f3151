// Resumable runs: completed replications are kept beside the result file in <out>.partial.h5 (an
// ordinary civicsim result file holding the replications done so far, written atomically after each
// one). A later run of the same scenario, seed and engine version picks them up and carries on; since
// replications are deterministic, the final file is the same as an uninterrupted run's.
#pragma once

#include <filesystem>

#include "engine/sim/results.hpp"

namespace civicsim::cli {

std::filesystem::path checkpoint_path(const std::filesystem::path& out);

// Copies the replications of a compatible checkpoint into `results` and returns how many there were;
// returns 0 (and leaves `results` alone) if there is none or it belongs to a different run.
int restore_checkpoint(const std::filesystem::path& checkpoint, const RunIdentity& identity,
                       const RunMeta& meta, RunResults& results);

// Writes replications [0, done) of `results` as the checkpoint.
void save_checkpoint(const std::filesystem::path& checkpoint, const RunResults& results, int done,
                     RunIdentity identity, const RunMeta& meta);

}  // namespace civicsim::cli
