#include "tests/test_support.hpp"

namespace civicsim::testing {

std::filesystem::path source_dir() { return CIVICSIM_SOURCE_DIR; }
std::filesystem::path lcr_data_dir() { return source_dir() / "data" / "lcr"; }
std::filesystem::path civicsim_binary() { return CIVICSIM_BINARY; }

TempDir::TempDir() {
  std::string tmpl = (std::filesystem::temp_directory_path() / "civicsim-test-XXXXXX").string();
  if (!mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
  path_ = tmpl;
}
TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

void write_file(const std::filesystem::path& p, const std::string& text) {
  std::filesystem::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << text;
}

CommandResult run_command(const std::string& command) {
  CommandResult r;
  std::string full = command + " 2>&1";
  FILE* pipe = popen(full.c_str(), "r");
  if (!pipe) throw std::runtime_error("popen failed");
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, pipe)) > 0) r.output.append(buf, n);
  const int status = pclose(pipe);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

}  // namespace civicsim::testing
