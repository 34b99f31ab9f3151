// Where civicsim's own data files are (data/lcr/... in the source tree), so that defaults naming
// them do not depend on the folder the program is run from. An installed civicsim
// (<prefix>/bin/civicsim) finds them in <prefix>/share/civicsim/data; a civicsim run from its
// build tree finds the source tree's data/, whose location is compiled in.
#pragma once

#include <filesystem>

namespace civicsim {

// The data directory for this program (see above).
std::filesystem::path default_data_dir();

// The rule itself: <executable's folder>/../share/civicsim/data if it is a folder, else
// `source_data_dir` if it is a folder or `install_data_dir` is empty, else `install_data_dir`
// (a program of another project linking an installed civicsim).
std::filesystem::path data_dir_for(const std::filesystem::path& executable,
                                   const std::filesystem::path& source_data_dir,
                                   const std::filesystem::path& install_data_dir = {});

}  // namespace civicsim
