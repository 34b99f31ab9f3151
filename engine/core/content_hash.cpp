// FNV-1a 64 over memory and over files read in blocks (see content_hash.hpp for why FNV-1a).
#include "engine/core/content_hash.hpp"

#include <array>
#include <fstream>

namespace civicsim {

uint64_t fnv1a64(std::string_view bytes, uint64_t state) {
  constexpr uint64_t kPrime = 0x00000100000001b3ULL;
  for (const char c : bytes) {
    state ^= static_cast<unsigned char>(c);
    state *= kPrime;
  }
  return state;
}

std::optional<uint64_t> hash_file(const std::filesystem::path& file) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(file, ec)) return std::nullopt;
  std::ifstream in(file, std::ios::binary);
  if (!in) return std::nullopt;
  std::array<char, 1 << 16> block;
  uint64_t state = kFnvOffsetBasis;
  while (in) {
    in.read(block.data(), block.size());
    state = fnv1a64(std::string_view(block.data(), static_cast<size_t>(in.gcount())), state);
  }
  if (in.bad()) return std::nullopt;
  return state;
}

std::string hash_hex(uint64_t hash) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out(16, '0');
  for (int i = 15; i >= 0; --i, hash >>= 4) out[static_cast<size_t>(i)] = kDigits[hash & 0xf];
  return out;
}

}  // namespace civicsim
