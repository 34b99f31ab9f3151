// The output-target module: what a target may be, atomic writes that leave nothing behind on
// failure, stale temporaries removed by the next write, and the signal handler's clean-up.
#include "engine/core/output_target.hpp"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>

#include "engine/core/input_error.hpp"
#include "tests/test_support.hpp"

namespace civicsim {
namespace {

namespace fs = std::filesystem;
using testing::TempDir;

std::string read_text(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::vector<std::string> names_in(const fs::path& folder) {
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(folder))
    names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

// The one diagnostic of a refused target, as text ("" if accepted).
template <typename Check>
std::string refusal(Check check, const fs::path& p) {
  try {
    check(p);
  } catch (const InputError& e) {
    EXPECT_EQ(e.diagnostics().size(), 1u);
    return e.diagnostics().at(0).to_string();
  }
  return "";
}

TEST(OutputTarget, FileTargetMustBeAbsentOrARegularFile) {
  TempDir dir;
  testing::write_file(dir / "plain", "x");
  ASSERT_EQ(::mkfifo((dir / "fifo").c_str(), 0600), 0);
  fs::create_directories(dir / "folder");
  fs::create_symlink("/dev/null", dir / "null");
  fs::create_symlink(dir / "plain", dir / "to-plain");
  fs::create_symlink(dir / "nowhere", dir / "dangling");
  const auto check = [](const fs::path& p) { check_file_target(p); };
  EXPECT_EQ(refusal(check, dir / "absent"), "");
  EXPECT_EQ(refusal(check, dir / "plain"), "");
  EXPECT_EQ(refusal(check, dir / "to-plain"), "");
  EXPECT_EQ(refusal(check, dir / "dangling"), "");
  const std::string expected =
      ": expected a regular file or nothing (an output file is written there), found ";
  EXPECT_EQ(refusal(check, dir / "fifo"),
            (dir / "fifo").string() + expected + "a FIFO (named pipe)");
  EXPECT_EQ(refusal(check, dir / "folder"), (dir / "folder").string() + expected + "a folder");
  EXPECT_EQ(
      refusal(check, dir / "null"),
      (dir / "null").string() + expected + "a symbolic link (to /dev/null) to a character device");
  EXPECT_EQ(refusal(check, "/dev/null"), "/dev/null" + expected + "a character device");
}

TEST(OutputTarget, FolderTargetMustBeAbsentOrAFolder) {
  TempDir dir;
  testing::write_file(dir / "plain", "x");
  ASSERT_EQ(::mkfifo((dir / "fifo").c_str(), 0600), 0);
  fs::create_directories(dir / "folder");
  const auto check = [](const fs::path& p) { check_folder_target(p); };
  EXPECT_EQ(refusal(check, dir / "absent"), "");
  EXPECT_EQ(refusal(check, dir / "folder"), "");
  const std::string expected =
      ": expected a folder or nothing (output files are written in it), found ";
  EXPECT_EQ(refusal(check, dir / "plain"), (dir / "plain").string() + expected + "a regular file");
  EXPECT_EQ(refusal(check, dir / "fifo"),
            (dir / "fifo").string() + expected + "a FIFO (named pipe)");
}

TEST(OutputTarget, WritesReplacesAndLeavesOnlyTheFile) {
  TempDir dir;
  write_file_atomically(dir / "sub/a.txt", "first");
  EXPECT_EQ(read_text(dir / "sub/a.txt"), "first");
  write_file_atomically(dir / "sub/a.txt", "second");
  EXPECT_EQ(read_text(dir / "sub/a.txt"), "second");
  write_file_atomically(dir / "sub/empty.txt", "");
  EXPECT_EQ(names_in(dir / "sub"), (std::vector<std::string>{"a.txt", "empty.txt"}));
}

TEST(OutputTarget, RefusedTargetIsLeftAlone) {
  TempDir dir;
  ASSERT_EQ(::mkfifo((dir / "fifo").c_str(), 0600), 0);
  EXPECT_THROW(write_file_atomically(dir / "fifo", "x"), InputError);
  struct stat st {};
  ASSERT_EQ(::lstat((dir / "fifo").c_str(), &st), 0);
  EXPECT_TRUE(S_ISFIFO(st.st_mode));
  EXPECT_EQ(names_in(dir.path()), std::vector<std::string>{"fifo"});
}

// A write that fails keeps the file it would have replaced (as a checkpoint must be kept) and
// says which file, which step and why.
TEST(OutputTarget, FailedWriteKeepsTheOldFileAndNamesTheReason) {
  TempDir dir;
  write_file_atomically(dir / "a.h5", "old");
  const fs::path blocked = dir / ("a.h5.tmp-" + std::to_string(::getpid()));
  fs::create_directories(blocked);  // the temporary name is taken by a folder: open() fails
  try {
    write_file_atomically(dir / "a.h5", "new", "results file");
    FAIL() << "no error";
  } catch (const WriteError& e) {
    EXPECT_EQ(std::string(e.what()), "cannot write results file " + (dir / "a.h5").string() +
                                         ": creating " + blocked.string() + ": Is a directory");
  }
  EXPECT_EQ(read_text(dir / "a.h5"), "old");
  EXPECT_TRUE(fs::is_directory(blocked));
}

TEST(OutputTarget, UncommittedTemporaryIsRemoved) {
  TempDir dir;
  fs::path temp;
  {
    TemporaryFile tmp(dir / "a.txt");
    temp = tmp.path();
    EXPECT_EQ(temp, dir / ("a.txt.tmp-" + std::to_string(::getpid())));
    testing::write_file(temp, "partial");
  }
  EXPECT_FALSE(fs::exists(temp));
  EXPECT_FALSE(fs::exists(dir / "a.txt"));
}

TEST(OutputTarget, StaleTemporariesOfTheTargetAreRemoved) {
  TempDir dir;
  const std::string parent = std::to_string(::getppid());  // a running process
  for (const std::string& name :
       std::vector<std::string>{"a.h5.tmp-99999999", "a.h5.tmp", "a.h5.tmp-" + parent,
                                "a.h5.tmp-x1", "b.h5.tmp-99999999", "a.h5.tmpfile"})
    testing::write_file(dir / name, "left");
  fs::create_directories(dir / "a.h5.tmp-99999998");  // only files are removed
  write_file_atomically(dir / "a.h5", "new");
  EXPECT_EQ(names_in(dir.path()),
            (std::vector<std::string>{"a.h5", "a.h5.tmp-" + parent, "a.h5.tmp-99999998",
                                      "a.h5.tmp-x1", "a.h5.tmpfile", "b.h5.tmp-99999999"}));
}

// The handler removes the temporaries in flight and exits with 128 + the signal.
TEST(OutputTarget, SignalRemovesTemporariesInFlight) {
  TempDir dir;
  const fs::path target = dir / "a.txt";
  const pid_t pid = ::fork();
  if (pid == 0) {
    install_signal_cleanup();
    TemporaryFile tmp(target);
    std::ofstream(tmp.path()) << "partial";
    ::raise(SIGTERM);
    ::_exit(0);  // not reached
  }
  int status = 0;
  ASSERT_EQ(::waitpid(pid, &status, 0), pid);
  EXPECT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 128 + SIGTERM);
  EXPECT_TRUE(names_in(dir.path()).empty());
}

}  // namespace
}  // namespace civicsim
