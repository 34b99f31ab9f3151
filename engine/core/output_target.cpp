// Output targets checked, files written atomically and temporaries cleaned up; see
// output_target.hpp.
//
// The signal handler can reach only process-wide state, so the table of temporaries is the one
// deliberate global here. It is a fixed array written without allocation: a slot's state is an
// atomic (lock-free, so safe to read in a handler) set to kReady only once its path is complete,
// and the handler only calls unlink() on ready slots and then _exit(). Slots are taken
// round-robin, so a slot just released is not rewritten at once, while a handler on another
// thread might still be reading it.
#include "engine/core/output_target.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>

#include "engine/core/input_error.hpp"

namespace civicsim {
namespace {

namespace fs = std::filesystem;

constexpr int kSlots = 32;
constexpr size_t kPathBytes = 4096;
enum SlotState : int { kFree = 0, kFilling = 1, kReady = 2 };

struct TempSlot {
  std::atomic<int> state{kFree};
  char path[kPathBytes];
};
static_assert(std::atomic<int>::is_always_lock_free, "signal handlers need lock-free atomics");

struct TempTable {
  TempSlot slots[kSlots];
  std::atomic<unsigned> next{0};
};
TempTable g_temporaries;  // see the file comment: the handler can reach nothing else

int register_temporary(const std::string& path) {
  if (path.size() >= kPathBytes) return -1;
  for (int tries = 0; tries < kSlots; ++tries) {
    const int i = static_cast<int>(g_temporaries.next.fetch_add(1) % kSlots);
    TempSlot& slot = g_temporaries.slots[i];
    int expected = kFree;
    if (!slot.state.compare_exchange_strong(expected, kFilling)) continue;
    std::memcpy(slot.path, path.c_str(), path.size() + 1);
    slot.state.store(kReady, std::memory_order_release);
    return i;
  }
  return -1;
}

void release_temporary(int slot) {
  if (slot >= 0) g_temporaries.slots[slot].state.store(kFree, std::memory_order_release);
}

extern "C" void remove_temporaries_and_exit(int signal_number) {
  for (TempSlot& slot : g_temporaries.slots)
    if (slot.state.load(std::memory_order_acquire) == kReady) ::unlink(slot.path);
  ::_exit(128 + signal_number);
}

std::string kind_of(fs::file_type type) {
  switch (type) {
    case fs::file_type::regular:
      return "a regular file";
    case fs::file_type::directory:
      return "a folder";
    case fs::file_type::character:
      return "a character device";
    case fs::file_type::block:
      return "a block device";
    case fs::file_type::fifo:
      return "a FIFO (named pipe)";
    case fs::file_type::socket:
      return "a socket";
    default:
      return "a special file";
  }
}

// What is at `path`, for messages: "a FIFO (named pipe)", "a symbolic link to a character device".
std::string found_at(const fs::path& path, fs::file_type type) {
  std::error_code ec;
  if (!fs::is_symlink(fs::symlink_status(path, ec))) return kind_of(type);
  const fs::path to = fs::read_symlink(path, ec);
  return "a symbolic link" + (ec ? std::string() : " (to " + to.string() + ")") + " to " +
         kind_of(type);
}

// The type of what `path` names, following links; not_found when there is nothing (or a dangling
// link, which a rename simply replaces) and none when it cannot be told (the write then reports).
fs::file_type type_at(const fs::path& path) {
  std::error_code ec;
  const fs::file_status s = fs::status(path, ec);
  if (ec && s.type() != fs::file_type::not_found) return fs::file_type::none;
  return s.type();
}

std::string os_reason(int err) { return std::strerror(err); }

bool all_digits(std::string_view s) {
  if (s.empty() || s.size() > 10) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

// Whether a temporary named with `pid` may be removed: not ours and no such process.
bool pid_is_gone(long pid) {
  if (pid <= 0 || pid == static_cast<long>(::getpid())) return false;
  return ::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH;
}

}  // namespace

void check_file_target(const fs::path& file) {
  const fs::file_type type = type_at(file);
  if (type == fs::file_type::not_found || type == fs::file_type::none ||
      type == fs::file_type::regular)
    return;
  throw InputError({file.string(), "",
                    "a regular file or nothing (an output file is written there)",
                    found_at(file, type)});
}

void check_folder_target(const fs::path& folder) {
  const fs::file_type type = type_at(folder);
  if (type == fs::file_type::not_found || type == fs::file_type::none ||
      type == fs::file_type::directory)
    return;
  throw InputError({folder.string(), "", "a folder or nothing (output files are written in it)",
                    found_at(folder, type)});
}

void install_signal_cleanup() {
  for (const int signal_number : {SIGTERM, SIGINT, SIGHUP}) {
    struct sigaction old {};
    if (::sigaction(signal_number, nullptr, &old) == 0 && old.sa_handler == SIG_IGN) continue;
    struct sigaction action {};
    action.sa_handler = remove_temporaries_and_exit;
    sigemptyset(&action.sa_mask);
    sigaddset(&action.sa_mask, SIGTERM);  // one handler at a time
    sigaddset(&action.sa_mask, SIGINT);
    sigaddset(&action.sa_mask, SIGHUP);
    ::sigaction(signal_number, &action, nullptr);
  }
}

void remove_stale_temporaries(const fs::path& target) {
  const fs::path folder = target.has_parent_path() ? target.parent_path() : fs::path(".");
  const std::string prefix = target.filename().string() + ".tmp";
  std::error_code ec;
  for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (name.compare(0, prefix.size(), prefix) != 0) continue;
    const std::string_view rest = std::string_view(name).substr(prefix.size());
    const bool stale = rest.empty() || (rest[0] == '-' && all_digits(rest.substr(1)) &&
                                        pid_is_gone(std::stol(std::string(rest.substr(1)))));
    std::error_code ignored;
    if (stale && fs::is_regular_file(fs::symlink_status(it->path(), ignored)))
      fs::remove(it->path(), ignored);
  }
}

TemporaryFile::TemporaryFile(fs::path target, std::string what)
    : target_(std::move(target)), what_(std::move(what)) {
  check_file_target(target_);
  const fs::path folder = target_.has_parent_path() ? target_.parent_path() : fs::path(".");
  std::error_code ec;
  fs::create_directories(folder, ec);
  if (ec) fail("cannot create folder " + folder.string() + ": " + ec.message());
  remove_stale_temporaries(target_);
  temp_ = target_;
  temp_ += ".tmp-" + std::to_string(::getpid());
  slot_ = register_temporary(temp_.string());
  if (slot_ < 0) fail("no room to register the temporary file " + temp_.string());
}

TemporaryFile::~TemporaryFile() {
  if (!committed_) ::unlink(temp_.c_str());
  release_temporary(slot_);
}

void TemporaryFile::fail(const std::string& step, int err) const {
  throw WriteError("cannot write " + (what_.empty() ? "" : what_ + " ") + target_.string() + ": " +
                   step + (err != 0 ? ": " + os_reason(err) : ""));
}

void TemporaryFile::commit() {
  // The data must be on disk before the rename makes it visible, or a crash could leave an empty
  // file under the final name.
  const int fd = ::open(temp_.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) fail("opening " + temp_.string() + " to sync it", errno);
  if (::fsync(fd) != 0) {
    const int err = errno;
    ::close(fd);
    fail("syncing " + temp_.string() + " to disk", err);
  }
  if (::close(fd) != 0) fail("closing " + temp_.string(), errno);
  check_file_target(target_);  // again: something may have appeared there during the work
  if (::rename(temp_.c_str(), target_.c_str()) != 0)
    fail("renaming " + temp_.string() + " into place", errno);
  committed_ = true;
  // Makes the rename itself durable; the file is complete under its name either way.
  const fs::path folder = target_.has_parent_path() ? target_.parent_path() : fs::path(".");
  const int dir = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir >= 0) {
    ::fsync(dir);
    ::close(dir);
  }
}

void write_file_atomically(const fs::path& target, std::string_view bytes,
                           const std::string& what) {
  write_file_atomically(target, {bytes}, what);
}

void write_file_atomically(const fs::path& target, std::initializer_list<std::string_view> parts,
                           const std::string& what) {
  TemporaryFile tmp(target, what);
  const int fd =
      ::open(tmp.path().c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0666);
  if (fd < 0) tmp.fail("creating " + tmp.path().string(), errno);
  for (const std::string_view bytes : parts) {
    size_t done = 0;
    while (done < bytes.size()) {
      const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        const int err = n < 0 ? errno : EIO;
        ::close(fd);
        tmp.fail("writing " + tmp.path().string(), err);
      }
      done += static_cast<size_t>(n);
    }
  }
  if (::close(fd) != 0) tmp.fail("closing " + tmp.path().string(), errno);
  tmp.commit();
}

}  // namespace civicsim
