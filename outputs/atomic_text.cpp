#include "outputs/atomic_text.hpp"

#include "engine/core/output_target.hpp"

namespace civicsim {

void write_text_atomically(const std::filesystem::path& file, const std::string& text) {
  write_file_atomically(file, text);
}

}  // namespace civicsim
