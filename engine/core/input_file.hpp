// Opening input files: civicsim reads regular files only, of a bounded size.
//
// A FIFO blocks its reader until a writer comes, which may be never; a device such as /dev/zero
// never ends; a folder has no content. Every reader of user files (scenarios and their bases, CSV
// tables, linked-data extracts, observed targets, HDF5 result files) asks here first, so each of
// these is refused at once with an InputError naming the file. Symbolic links are followed: what
// counts is the file they lead to. The check is made on the opened file itself (opened without
// blocking), so a file swapped for a FIFO between a check and the read is refused too.
#pragma once

#include <cstdint>
#include <filesystem>
#include <limits>
#include <string>

namespace civicsim {

// Throws InputError {path, "", expected, found} unless `path` names a regular file (after symbolic
// links) that can be opened for reading and holds at most `max_bytes` bytes. `expected` says what
// the file should be, e.g. "a readable CSV file".
void check_input_file(const std::filesystem::path& path, const std::string& expected,
                      uint64_t max_bytes = std::numeric_limits<uint64_t>::max());

// The whole content of `path`, checked as check_input_file does; a file that grows past
// `max_bytes` while it is read is refused too.
std::string read_input_file(const std::filesystem::path& path, const std::string& expected,
                            uint64_t max_bytes);

}  // namespace civicsim
