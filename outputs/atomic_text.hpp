// Writes a text file through a temporary name and a rename, so a reader never sees half of it.
#pragma once

#include <filesystem>
#include <string>

namespace civicsim {

void write_text_atomically(const std::filesystem::path& file, const std::string& text);

}  // namespace civicsim
