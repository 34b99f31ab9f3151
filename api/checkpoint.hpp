// Resumable runs: completed replications are kept beside the result file in <out>.partial.h5 (an
// ordinary civicsim result file holding the replications done so far). A later run picks them up
// and carries on only when the file is the same run: same engine version, scenario, data files and
// command-line overrides (the input fingerprint, engine/sim/run_inputs.hpp), seed and clock; since
// replications are deterministic, the final file is then the same as an uninterrupted run's.
//
// Any other file found there (another run of the same scenario, one whose inputs changed since, a
// damaged one) is never mixed in and never deleted: it is renamed
// <out>.partial.h5.stale-YYYYMMDDTHHMMSSZ and the run starts afresh, saying why. Another scenario's
// file there is refused before the run starts (output_owner.hpp).
#pragma once

#include <filesystem>
#include <string>

#include "engine/core/results.hpp"

namespace civicsim {

std::filesystem::path checkpoint_path(const std::filesystem::path& out);

struct Restored {
  int replications = 0;   // copied into the results
  std::string set_aside;  // why a checkpoint was not used and where it went; empty if none was
};

// Copies the replications of a checkpoint of this run (same identity, engine version and input
// fingerprint as `meta`) into `results`. A checkpoint of anything else is set aside (see above) and
// `results` left alone. Throws std::runtime_error when such a file cannot be renamed.
Restored restore_checkpoint(const std::filesystem::path& checkpoint, const RunIdentity& identity,
                            const RunMeta& meta, RunResults& results);

// Writes replications [0, done) of `results` as the checkpoint.
void save_checkpoint(const std::filesystem::path& checkpoint, const RunResults& results, int done,
                     RunIdentity identity, const RunMeta& meta);

}  // namespace civicsim
