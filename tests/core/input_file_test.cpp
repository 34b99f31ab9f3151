// Tests of opening input files (issue #14): only regular files are read, at once and within their
// size limit; FIFOs, devices, sockets and folders are refused without blocking, links followed.
#include "engine/core/input_file.hpp"

#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <string>

#include "engine/core/input_error.hpp"
#include "tests/test_support.hpp"

namespace civicsim {
namespace {

namespace fs = std::filesystem;

// The one diagnostic read_input_file throws for `path`, or "read N bytes".
std::string outcome(const fs::path& path, uint64_t max_bytes = 1000) {
  try {
    return "read " + std::to_string(read_input_file(path, "a test file", max_bytes).size()) +
           " bytes";
  } catch (const InputError& e) {
    EXPECT_EQ(e.diagnostics().size(), 1u);
    return e.diagnostics().at(0).to_string();
  }
}

TEST(InputFile, ReadsARegularFileWhole) {
  testing::TempDir dir;
  testing::write_file(dir / "a.txt", "hello\n");
  EXPECT_EQ(read_input_file(dir / "a.txt", "a test file", 1000), "hello\n");
  testing::write_file(dir / "empty.txt", "");
  EXPECT_EQ(outcome(dir / "empty.txt"), "read 0 bytes");
  fs::create_symlink(dir / "a.txt", dir / "link.txt");
  EXPECT_EQ(outcome(dir / "link.txt"), "read 6 bytes");  // a link is followed
}

TEST(InputFile, MissingFileAndFolder) {
  testing::TempDir dir;
  EXPECT_EQ(outcome(dir / "none"),
            (dir / "none").string() + ": expected a test file, found no such file");
  EXPECT_EQ(outcome(dir.path()), dir.path().string() + ": expected a test file, found a folder");
}

TEST(InputFile, FifoIsRefusedWithoutWaitingForAWriter) {
  testing::TempDir dir;
  ASSERT_EQ(::mkfifo((dir / "fifo").c_str(), 0600), 0);
  EXPECT_EQ(outcome(dir / "fifo"), (dir / "fifo").string() +
                                       ": expected a test file, found a FIFO (named pipe), not a "
                                       "regular file");
  fs::create_symlink(dir / "fifo", dir / "link");  // decided by what the link leads to
  EXPECT_EQ(outcome(dir / "link"), (dir / "link").string() +
                                       ": expected a test file, found a FIFO (named pipe), not a "
                                       "regular file");
  EXPECT_THROW(check_input_file(dir / "fifo", "a test file"), InputError);
}

TEST(InputFile, DevicesAndSocketsAreRefused) {
  EXPECT_EQ(outcome("/dev/zero"),
            "/dev/zero: expected a test file, found a character device, not a regular file");
  EXPECT_EQ(outcome("/dev/null"),
            "/dev/null: expected a test file, found a character device, not a regular file");
  testing::TempDir dir;
  const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
  ASSERT_GE(fd, 0);
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  const std::string name = (dir / "sock").string();
  ASSERT_LT(name.size(), sizeof(address.sun_path));
  name.copy(address.sun_path, name.size());
  ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
  // A socket cannot be opened as a file at all: refused either way, naming the file.
  EXPECT_NE(outcome(dir / "sock").find(name + ": expected a test file, found "), std::string::npos);
  ::close(fd);
}

TEST(InputFile, SizeLimitIsCheckedBeforeReading) {
  testing::TempDir dir;
  testing::write_file(dir / "big.txt", std::string(101, 'x'));
  EXPECT_EQ(outcome(dir / "big.txt", 100),
            (dir / "big.txt").string() +
                ": expected a test file of at most 100 bytes, found a "
                "file of 101 bytes");
  EXPECT_EQ(outcome(dir / "big.txt", 101), "read 101 bytes");
  EXPECT_THROW(check_input_file(dir / "big.txt", "a test file", 100), InputError);
  EXPECT_NO_THROW(check_input_file(dir / "big.txt", "a test file"));
}

}  // namespace
}  // namespace civicsim
