// Content hashes of input files and texts: 64-bit FNV-1a, printed as 16 lowercase hex digits.
//
// They tell whether an input changed since a run was saved (engine/sim/run_inputs.hpp), not
// whether someone forged one, so a short, dependency-free, well-specified hash is enough: FNV-1a
// (Fowler, Noll, Vo; IETF draft-eastlake-fnv) is a dozen lines with published test vectors, and
// every step is a bijection of its state for a fixed byte, so changing any single byte of an input
// always changes its hash. At about 1 GB/s it hashes the LCR data (2.4 MB) in milliseconds and a
// full linked extract in well under the time it takes to parse it.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace civicsim {

// FNV-1a 64 of `bytes`, continuing from `state` (the offset basis when starting).
inline constexpr uint64_t kFnvOffsetBasis = 0xcbf29ce484222325ULL;
uint64_t fnv1a64(std::string_view bytes, uint64_t state = kFnvOffsetBasis);

// The hash of a file's content, or nullopt when it cannot be read (missing, a folder, no access).
std::optional<uint64_t> hash_file(const std::filesystem::path& file);

// 16 lowercase hex digits, most significant first.
std::string hash_hex(uint64_t hash);

}  // namespace civicsim
