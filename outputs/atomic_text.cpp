#include "outputs/atomic_text.hpp"

#include <fstream>
#include <stdexcept>

namespace civicsim {

void write_text_atomically(const std::filesystem::path& file, const std::string& text) {
  const std::filesystem::path tmp = file.string() + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << text;
    out.flush();
    if (!out) {
      std::filesystem::remove(tmp);
      throw std::runtime_error("cannot write " + file.string());
    }
  }
  std::filesystem::rename(tmp, file);
}

}  // namespace civicsim
