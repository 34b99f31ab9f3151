// Opens with O_NONBLOCK, so that opening a FIFO returns at once instead of waiting for a writer,
// then decides on fstat of the descriptor, so the file checked is the file read.
#include "engine/core/input_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <utility>

#include "engine/core/input_error.hpp"

namespace civicsim {
namespace {

// An open file descriptor, closed when it goes.
class Descriptor {
 public:
  explicit Descriptor(int fd) : fd_(fd) {}
  ~Descriptor() {
    if (fd_ >= 0) ::close(fd_);
  }
  Descriptor(Descriptor&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  Descriptor(const Descriptor&) = delete;
  Descriptor& operator=(const Descriptor&) = delete;
  Descriptor& operator=(Descriptor&&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

std::string kind_of(mode_t mode) {
  if (S_ISDIR(mode)) return "a folder";
  if (S_ISFIFO(mode)) return "a FIFO (named pipe), not a regular file";
  if (S_ISCHR(mode)) return "a character device, not a regular file";
  if (S_ISBLK(mode)) return "a block device, not a regular file";
  if (S_ISSOCK(mode)) return "a socket, not a regular file";
  return "something that is not a regular file";
}

std::string size_text(uint64_t bytes) {
  constexpr uint64_t kMiB = uint64_t{1} << 20, kGiB = uint64_t{1} << 30;
  if (bytes >= kGiB && bytes % kGiB == 0) return std::to_string(bytes / kGiB) + " GiB";
  if (bytes >= kMiB && bytes % kMiB == 0) return std::to_string(bytes / kMiB) + " MiB";
  return std::to_string(bytes) + " bytes";
}

[[noreturn]] void refuse(const std::filesystem::path& path, const std::string& expected,
                         std::string found) {
  throw InputError(Diagnostic{path.string(), "", expected, std::move(found)});
}

[[noreturn]] void refuse_size(const std::filesystem::path& path, const std::string& expected,
                              uint64_t max_bytes, const std::string& found) {
  refuse(path, expected + " of at most " + size_text(max_bytes), found);
}

std::string errno_text(const char* what) {
  return std::string(what) + " (" + std::strerror(errno) + ")";
}

// `path` opened for reading, once it is known to be a regular file of at most `max_bytes` bytes;
// its size in `size`.
Descriptor open_checked(const std::filesystem::path& path, const std::string& expected,
                        uint64_t max_bytes, uint64_t& size) {
  Descriptor fd(::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC));
  if (fd.get() < 0) {
    if (errno == ENOENT || errno == ENOTDIR) refuse(path, expected, "no such file");
    refuse(path, expected, errno_text("a file that cannot be opened"));
  }
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) refuse(path, expected, errno_text("a file that cannot be read"));
  if (!S_ISREG(st.st_mode)) refuse(path, expected, kind_of(st.st_mode));
  size = static_cast<uint64_t>(st.st_size);
  if (size > max_bytes)
    refuse_size(path, expected, max_bytes, "a file of " + std::to_string(size) + " bytes");
  // Reads block as usual from here on (a regular file never waits; the cleared flag says so).
  const int flags = ::fcntl(fd.get(), F_GETFL);
  if (flags >= 0) ::fcntl(fd.get(), F_SETFL, flags & ~O_NONBLOCK);
  return fd;
}

}  // namespace

void check_input_file(const std::filesystem::path& path, const std::string& expected,
                      uint64_t max_bytes) {
  uint64_t size = 0;
  open_checked(path, expected, max_bytes, size);
}

std::string read_input_file(const std::filesystem::path& path, const std::string& expected,
                            uint64_t max_bytes) {
  uint64_t size = 0;
  const Descriptor fd = open_checked(path, expected, max_bytes, size);
  std::string text;
  text.resize(static_cast<size_t>(size));
  size_t have = 0;
  while (true) {
    if (have == text.size()) {
      // The file may have grown since fstat: read on, a little past the limit to notice it.
      if (have > max_bytes) break;
      text.resize(have + std::min<uint64_t>(size_t{1} << 16, max_bytes - have + 1));
    }
    const ssize_t n = ::read(fd.get(), text.data() + have, text.size() - have);
    if (n < 0) {
      if (errno == EINTR) continue;
      refuse(path, expected, errno_text("a file that cannot be read"));
    }
    if (n == 0) break;
    have += static_cast<size_t>(n);
  }
  if (have > max_bytes)
    refuse_size(path, expected, max_bytes,
                "a file of more than " + std::to_string(max_bytes) + " bytes");
  text.resize(have);
  return text;
}

}  // namespace civicsim
