// A result file's seal: 32 bytes after the HDF5 data that say how long the data is and what its
// content hash is, so that a damaged or changed result file is refused before HDF5 reads it.
//
// Why: libhdf5 1.10 trusts the bytes it reads. A result file damaged on disk or in transfer (a
// flipped byte in a global heap, a truncated B-tree) can crash the library itself (29 of 1,000
// byte-mutated result files crashed `civicsim info` inside libhdf5, most in H5HG_read), and no
// check in civicsim's own code can stop that once HDF5 has the file. So the reader checks the seal
// first and hands HDF5 only the sealed bytes it has already read into memory (never the file again,
// which might have changed since). A file that was never sealed, was cut short, or was edited after
// it was written is refused with an InputError naming it.
//
// HDF5 ignores bytes past the end-of-file address in its superblock, so h5py, R, h5dump and h5diff
// read a sealed file as before. Layout of the 32 bytes: the 16-byte magic "civicsim-seal-v1", then
// the data's length and its FNV-1a 64 hash (engine/core/content_hash.hpp), each as 8 bytes
// little-endian. The hash detects damage, not forgery: a file crafted to crash libhdf5 and then
// sealed is outside what this protects.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace civicsim {

inline constexpr size_t kSealBytes = 32;

// The 32-byte seal of `data` (the whole HDF5 file image).
std::string result_seal(std::string_view data);

// The HDF5 data of `bytes` (a whole result file's content) if it ends with a seal that matches
// it; otherwise throws InputError naming `file` and what is wrong.
std::string_view sealed_data(const std::filesystem::path& file, std::string_view bytes);

// Seals a result file in place after a tool edited it with HDF5 (which drops bytes past its
// end-of-file address when it closes the file): appends the seal of its content unless it ends
// with a valid one already. For tools and tests that change result files on purpose.
void reseal_result_file(const std::filesystem::path& file);

}  // namespace civicsim
