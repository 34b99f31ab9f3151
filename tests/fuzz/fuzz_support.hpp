// What the libFuzzer harnesses share: a scratch folder per process, splitting one fuzz input into
// several files, and writing them.
//
// The readers under test take file paths, so each input is written to files first. The folder is
// made once per process (under TMPDIR, else /dev/shm, which is memory, else /tmp) and its files are
// overwritten by every input, so a long run writes no more than a few files' worth.
#pragma once

#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

namespace civicsim::fuzz {

// A line of five '#' separates the files packed into one input (README.md).
inline constexpr std::string_view kSeparator = "\n#####\n";

// The folder for this process's files, created on first use and removed at exit.
inline const std::filesystem::path& scratch_dir() {
  struct Dir {
    std::filesystem::path path;
    Dir() {
      const char* tmp = std::getenv("TMPDIR");
      std::filesystem::path root = tmp && *tmp                                 ? tmp
                                   : std::filesystem::is_directory("/dev/shm") ? "/dev/shm"
                                                                               : "/tmp";
      path = root / ("civicsim-fuzz-" + std::to_string(::getpid()));
      std::filesystem::create_directories(path);
    }
    ~Dir() {
      std::error_code ec;
      std::filesystem::remove_all(path, ec);
    }
  };
  static const Dir dir;
  return dir.path;
}

// The input cut at separator lines into at most `parts` pieces (the last keeps any further
// separators); fewer when the input has fewer separators.
inline std::vector<std::string_view> split_input(const uint8_t* data, size_t size, size_t parts) {
  std::string_view rest(reinterpret_cast<const char*>(data), size);
  std::vector<std::string_view> out;
  while (out.size() + 1 < parts) {
    const size_t at = rest.find(kSeparator);
    if (at == std::string_view::npos) break;
    out.push_back(rest.substr(0, at));
    rest.remove_prefix(at + kSeparator.size());
  }
  out.push_back(rest);
  return out;
}

inline std::filesystem::path write_file(const std::string& name, std::string_view text) {
  const std::filesystem::path path = scratch_dir() / name;
  std::ofstream(path, std::ios::binary | std::ios::trunc)
      .write(text.data(), static_cast<std::streamsize>(text.size()));
  return path;
}

}  // namespace civicsim::fuzz
