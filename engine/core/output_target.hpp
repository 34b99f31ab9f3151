// Safe output files: every file civicsim writes goes through here (results, checkpoints, CSV, JSON,
// HTML, the evaluation HDF5), so the guarantees below hold for every command.
//
// 1. Targets are checked first. A file target that exists and is not a regular file (a device such
//    as /dev/null, a FIFO, a socket, a folder, or a symbolic link to one of those) or a folder
//    target that exists and is not a folder is refused with an InputError naming the path, what was
//    expected and what was found, and is left untouched. Commands call the check_* functions
//    before any work; the write primitives check again just before they rename.
// 2. A file appears under its final name complete or not at all. It is written as
//    `NAME.tmp-PID` beside the target, every write, close and fsync is checked, and only then is
//    it renamed over the target (so an older file, such as a checkpoint, stays valid until the new
//    one is whole). Any failure throws WriteError (file, step, the operating system's reason) and
//    removes the temporary.
// 3. No temporaries outlive their process. Each TemporaryFile is entered in a fixed-size table that
//    the SIGTERM/SIGINT/SIGHUP handler (install_signal_cleanup) walks with unlink() alone before
//    _exit(128 + signal). A temporary left by SIGKILL or a crash is removed by the next write of
//    the same target: `NAME.tmp-PID` whose PID is not a running process, and the `NAME.tmp` of
//    older versions. A temporary of a running process is never touched, so two concurrent runs to
//    one target each finish with a complete file (the last rename wins).
//
// Plain POSIX, no HDF5: the engine's CSV export uses it too; HDF5 writers create their file at
// TemporaryFile::path() and commit it like any other.
#pragma once

#include <filesystem>
#include <initializer_list>
#include <stdexcept>
#include <string>
#include <string_view>

namespace civicsim {

// A failure while writing an output (disk full, permission, I/O error): exit status 1.
class WriteError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Throw InputError unless `file` is absent or a regular file (symbolic links followed).
void check_file_target(const std::filesystem::path& file);
// Throw InputError unless `folder` is absent or a folder (symbolic links followed).
void check_folder_target(const std::filesystem::path& folder);

// Installs the SIGTERM, SIGINT and SIGHUP handler that removes every registered temporary and
// exits with 128 + the signal. A signal ignored at start (nohup) stays ignored.
void install_signal_cleanup();

// Removes what earlier processes left of writes to `target`: `NAME.tmp-PID` files whose PID is no
// running process, and `NAME.tmp`. Best effort: what cannot be listed or removed stays.
void remove_stale_temporaries(const std::filesystem::path& target);

// The temporary name of one write of `target`. Constructing it checks the target, creates its
// folder, removes stale temporaries of the target and registers the name for removal on a signal;
// the caller then creates and fills the file at path() and calls commit(). Destroying it without
// a commit removes the temporary.
class TemporaryFile {
 public:
  // `what` names the kind of file in messages ("results file"); messages read "cannot write
  // [what ]TARGET: step: reason".
  explicit TemporaryFile(std::filesystem::path target, std::string what = "");
  ~TemporaryFile();
  TemporaryFile(const TemporaryFile&) = delete;
  TemporaryFile& operator=(const TemporaryFile&) = delete;

  const std::filesystem::path& path() const { return temp_; }
  const std::filesystem::path& target() const { return target_; }

  // Syncs the temporary to disk, checks the target again and renames the temporary over it, then
  // syncs the folder (best effort: the file is complete under its name either way).
  void commit();

  // Throws WriteError "cannot write [what ]TARGET: step[: strerror(err)]" (err 0: no reason).
  [[noreturn]] void fail(const std::string& step, int err = 0) const;

 private:
  std::filesystem::path target_;
  std::filesystem::path temp_;
  std::string what_;
  int slot_ = -1;
  bool committed_ = false;
};

// Writes `bytes` to `target` through a TemporaryFile, checking every write, the close and the sync.
void write_file_atomically(const std::filesystem::path& target, std::string_view bytes,
                           const std::string& what = "");
// The same for a file made of `parts` one after another (no copy joins them).
void write_file_atomically(const std::filesystem::path& target,
                           std::initializer_list<std::string_view> parts,
                           const std::string& what = "");

}  // namespace civicsim
