// The data directory: beside an installed program, else the source tree's (see data_dir.hpp).
// CIVICSIM_SOURCE_DATA_DIR and CIVICSIM_INSTALL_DATA_DIR are defined for this file only
// (engine/CMakeLists.txt).
#include "engine/core/data_dir.hpp"

namespace civicsim {

namespace fs = std::filesystem;

fs::path data_dir_for(const fs::path& executable, const fs::path& source_data_dir,
                      const fs::path& install_data_dir) {
  const fs::path beside = executable.parent_path().parent_path() / "share" / "civicsim" / "data";
  std::error_code ec;
  if (!executable.empty() && fs::is_directory(beside, ec)) return beside.lexically_normal();
  // Another program linking an installed civicsim: the source tree if it is still there, else the
  // installed data.
  if (install_data_dir.empty() || fs::is_directory(source_data_dir, ec)) return source_data_dir;
  return install_data_dir;
}

fs::path default_data_dir() {
  std::error_code ec;
  const fs::path executable = fs::read_symlink("/proc/self/exe", ec);  // Linux: the program's file
  return data_dir_for(ec ? fs::path() : executable, CIVICSIM_SOURCE_DATA_DIR,
                      CIVICSIM_INSTALL_DATA_DIR);
}

}  // namespace civicsim
