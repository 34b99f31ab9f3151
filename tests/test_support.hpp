// Shared helpers for the test suite: where the sources and data are, temporary folders, and running
// the civicsim program as a user would.
#pragma once

#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>

namespace civicsim::testing {

std::filesystem::path source_dir();
std::filesystem::path lcr_data_dir();
std::filesystem::path civicsim_binary();

// A fresh folder under /tmp, removed when the object goes.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

void write_file(const std::filesystem::path& p, const std::string& text);

struct CommandResult {
  int exit_code = 0;
  std::string output;  // stdout and stderr together
};
// Runs a shell command, capturing its output and exit status.
CommandResult run_command(const std::string& command);

}  // namespace civicsim::testing
