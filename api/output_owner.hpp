// A run never writes over another scenario's result. Before any work, every file a run would
// replace (its result file, the one-way variants' files, their checkpoints) that already exists is
// read back: it must be a civicsim result of the same scenario (the scenario name it records),
// which the run may overwrite (a rerun). A result of another scenario, or a file that is not a
// civicsim result at all, is refused with an InputError (exit 2) naming the file and both scenarios.
#pragma once

#include <filesystem>
#include <string>

namespace civicsim {

enum class ExistingFile {
  kResult,      // a result file: refused unless it is this scenario's
  kCheckpoint,  // a checkpoint: refused when it is another scenario's; one that cannot be read is
                // left to restore_checkpoint, which sets it aside (api/checkpoint.hpp)
};

// Throws InputError when `file` exists and may not be written by a run of scenario `scenario_name`.
void check_output_owner(const std::filesystem::path& file, const std::string& scenario_name,
                        ExistingFile kind);

}  // namespace civicsim
