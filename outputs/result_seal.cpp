// A result file's seal; see result_seal.hpp.
#include "outputs/result_seal.hpp"

#include <cstdint>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "engine/core/content_hash.hpp"
#include "engine/core/input_error.hpp"

namespace civicsim {
namespace {

constexpr std::string_view kMagic = "civicsim-seal-v1";  // 16 bytes
static_assert(kMagic.size() + 16 == kSealBytes);

void put_u64(std::string& out, uint64_t v) {
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}
uint64_t get_u64(std::string_view in) {
  uint64_t v = 0;
  for (int i = 7; i >= 0; --i)
    v = (v << 8) | static_cast<unsigned char>(in[static_cast<size_t>(i)]);
  return v;
}

// The reason `bytes` is not a sealed file, or empty when it is.
std::string seal_problem(std::string_view bytes) {
  static constexpr std::string_view kHdf5Signature = "\x89HDF\r\n\x1a\n";
  if (bytes.substr(0, kHdf5Signature.size()) != kHdf5Signature) return "a file that is not HDF5";
  if (bytes.size() < kSealBytes || bytes.substr(bytes.size() - kSealBytes, kMagic.size()) != kMagic)
    return "an HDF5 file with no seal at its end (written by an earlier civicsim, which did not "
           "seal its files, cut short, or rewritten by another program)";
  const std::string_view seal = bytes.substr(bytes.size() - kSealBytes);
  const uint64_t length = get_u64(seal.substr(16, 8));
  if (length != bytes.size() - kSealBytes)
    return "an HDF5 file with a seal for " + std::to_string(length) + " bytes of data, but " +
           std::to_string(bytes.size() - kSealBytes) + " bytes before it (cut short or extended)";
  if (get_u64(seal.substr(24, 8)) != fnv1a64(bytes.substr(0, length)))
    return "an HDF5 file whose content does not match its seal (damaged or changed after it was "
           "written)";
  return {};
}

}  // namespace

std::string result_seal(std::string_view data) {
  std::string seal(kMagic);
  put_u64(seal, data.size());
  put_u64(seal, fnv1a64(data));
  return seal;
}

std::string_view sealed_data(const std::filesystem::path& file, std::string_view bytes) {
  const std::string problem = seal_problem(bytes);
  if (!problem.empty())
    throw InputError(Diagnostic{file.string(), "", "a civicsim result file (HDF5)", problem});
  return bytes.substr(0, bytes.size() - kSealBytes);
}

void reseal_result_file(const std::filesystem::path& file) {
  std::string bytes;
  {
    std::ifstream in(file, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    if (!in) throw std::runtime_error("cannot read " + file.string() + " to seal it");
    bytes = s.str();
  }
  if (seal_problem(bytes).empty()) return;
  std::ofstream out(file, std::ios::binary | std::ios::app);
  out << result_seal(bytes);
  out.flush();
  if (!out) throw std::runtime_error("cannot seal " + file.string());
}

}  // namespace civicsim
