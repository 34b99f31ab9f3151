// Reads a civicsim HDF5 result file back into memory, exactly as it was written.
//
// This is the inverse of write_results (hdf5_writer.hpp): values, labels, series declarations, the
// run identity and the run metadata all round-trip unchanged. It is an input boundary, so anything
// that is not a complete civicsim result file becomes an InputError whose diagnostics name the file,
// the HDF5 path inside it, what was expected and what was found.
#pragma once

#include <filesystem>
#include <functional>
#include <string>

#include "engine/core/results.hpp"

namespace civicsim {

struct ResultFile {
  RunResults results;
  RunIdentity identity;
  RunMeta meta;
  RunResults margins;  // /margins (result_margins.hpp), when asked for and present
};

struct ReadOptions {
  // The series of /results to read (absent: all).
  std::function<bool(const std::string& series)> series;
  bool margins = false;  // also read /margins
  // The margins to read, when margins is true (absent: all).
  std::function<bool(const std::string& series)> margin_series;
};

// Throws InputError for a missing file, a file that is not HDF5, or an HDF5 file that is not a
// (complete, consistent) civicsim result file of a format version this build understands.
ResultFile read_results(const std::filesystem::path& file, const ReadOptions& options = {});

// The name of the scenario that wrote a civicsim result file of any format version (its root
// attribute scenario_name), reading no series: e.g. to decide whether a run may replace the file.
// Throws InputError for a file that is not a sealed civicsim result file.
std::string read_result_scenario_name(const std::filesystem::path& file);

}  // namespace civicsim
