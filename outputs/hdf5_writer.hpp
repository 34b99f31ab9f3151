// Writes a run's results to one HDF5 file, atomically and deterministically.
//
// The layout (root identity attributes, /time, /dimensions, /results, /meta) is described in
// outputs/README.md. Everything outside /meta is a pure function of the results and the identity,
// so two runs with the same scenario and seed give files that `h5diff --exclude-path /meta` calls
// equal. The file is built in memory and written under `<file>.tmp-<pid>` in the same folder,
// synced and renamed into place (engine/core/output_target.hpp), so a reader never sees a partial
// file under the final name and a file being replaced (a checkpoint) stays whole until its
// successor is.
#pragma once

#include <filesystem>

#include "engine/core/results.hpp"

namespace civicsim {

// Writes `results` to `file`, creating its folder if needed and replacing any existing regular
// file. Throws InputError if `file` exists and is not a regular file (a device, FIFO, folder), and
// std::runtime_error (WriteError for the operating system's failures) naming the file and the step
// that failed (inconsistent results, such as a value count that does not match the declared shape,
// or a non-integer in an integer series, also throw); on failure nothing is left under the final
// name and the temporary file is removed.
void write_results(const std::filesystem::path& file, const RunResults& results,
                   const RunIdentity& identity, const RunMeta& meta);

}  // namespace civicsim
