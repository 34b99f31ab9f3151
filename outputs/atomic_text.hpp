// Writes a text file through a temporary name and a rename, so a reader never sees half of it.
// A thin name for write_file_atomically (engine/core/output_target.hpp), which checks the target,
// every write, the close and the sync, and cleans up temporaries.
#pragma once

#include <filesystem>
#include <string>

namespace civicsim {

// Throws InputError if `file` exists and is not a regular file, WriteError if a write fails (then
// nothing is left under `file` and no temporary remains).
void write_text_atomically(const std::filesystem::path& file, const std::string& text);

}  // namespace civicsim
