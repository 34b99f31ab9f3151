// FNV-1a 64 against the published test vectors (Landon Curt Noll's FNV test suite), file hashes
// equal to the hash of the file's bytes, and any one-byte change detected.
#include "engine/core/content_hash.hpp"

#include <gtest/gtest.h>

#include "tests/test_support.hpp"

namespace civicsim {
namespace {

TEST(ContentHash, Fnv1a64TestVectors) {
  EXPECT_EQ(hash_hex(fnv1a64("")), "cbf29ce484222325");
  EXPECT_EQ(hash_hex(fnv1a64("a")), "af63dc4c8601ec8c");
  EXPECT_EQ(hash_hex(fnv1a64("foobar")), "85944171f73967e8");
  EXPECT_EQ(fnv1a64("bar", fnv1a64("foo")), fnv1a64("foobar"));  // continues from a state
}

TEST(ContentHash, FilesHashTheirBytes) {
  testing::TempDir dir;
  std::string text(200000, 'x');  // more than one read block
  testing::write_file(dir / "f.csv", text);
  EXPECT_EQ(hash_file(dir / "f.csv"), fnv1a64(text));
  text[123456] = 'y';
  testing::write_file(dir / "f.csv", text);
  EXPECT_EQ(hash_file(dir / "f.csv"), fnv1a64(text));
  EXPECT_NE(hash_file(dir / "f.csv"), fnv1a64(std::string(200000, 'x')));
  EXPECT_EQ(hash_file(dir / "missing.csv"), std::nullopt);
  EXPECT_EQ(hash_file(dir.path()), std::nullopt);  // a folder
}

}  // namespace
}  // namespace civicsim
