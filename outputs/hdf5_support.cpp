// RAII helpers over the HDF5 C API; see hdf5_support.hpp.
#include "outputs/hdf5_support.hpp"

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <stdexcept>

namespace civicsim::hdf5 {

QuietHdf5Errors::QuietHdf5Errors() {
  H5Eget_auto2(H5E_DEFAULT, &old_func_, &old_data_);
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
}

QuietHdf5Errors::~QuietHdf5Errors() { H5Eset_auto2(H5E_DEFAULT, old_func_, old_data_); }

namespace {
// Called for each stack entry from the API call inwards; the last one seen is the innermost.
herr_t keep_innermost(unsigned /*n*/, const H5E_error2_t* err, void* client_data) {
  auto* out = static_cast<std::string*>(client_data);
  if (err->desc != nullptr) *out = err->desc;
  return 0;
}
}  // namespace

std::string hdf5_error_detail() {
  std::string detail;
  H5Ewalk2(H5E_DEFAULT, H5E_WALK_DOWNWARD, keep_innermost, &detail);
  return detail;
}

Handle utf8_string_type() {
  Handle type(H5Tcopy(H5T_C_S1), H5Tclose);
  if (!type.valid() || H5Tset_size(type.get(), H5T_VARIABLE) < 0 ||
      H5Tset_cset(type.get(), H5T_CSET_UTF8) < 0 || H5Tset_strpad(type.get(), H5T_STR_NULLTERM) < 0)
    throw std::runtime_error("HDF5: cannot create a UTF-8 string type: " + hdf5_error_detail());
  return type;
}

namespace {
// File-image callbacks of InMemoryFile: ordinary malloc/realloc, tracking the size, except that
// the buffer freed when the file closes is kept.
using Buffer = InMemoryFile::Buffer;
void* image_malloc(size_t size, H5FD_file_image_op_t, void* udata) {
  auto* b = static_cast<Buffer*>(udata);
  b->data = std::malloc(size);
  b->size = b->data ? size : 0;
  return b->data;
}
void* image_memcpy(void* dest, const void* src, size_t size, H5FD_file_image_op_t, void*) {
  return std::memcpy(dest, src, size);
}
void* image_realloc(void* ptr, size_t size, H5FD_file_image_op_t, void* udata) {
  auto* b = static_cast<Buffer*>(udata);
  void* grown = std::realloc(ptr, size);
  if (grown != nullptr) {
    b->data = grown;
    b->size = size;
  }
  return grown;
}
herr_t image_free(void* ptr, H5FD_file_image_op_t op, void* udata) {
  auto* b = static_cast<Buffer*>(udata);
  if (op == H5FD_FILE_IMAGE_OP_FILE_CLOSE && ptr != nullptr && ptr == b->data) {
    std::free(b->closed);
    b->closed = ptr;
    b->closed_size = b->size;
  } else {
    std::free(ptr);
  }
  if (ptr == b->data) b->data = nullptr;
  return 0;
}
void* udata_copy(void* udata) { return udata; }  // every copy of the properties shares the buffer
herr_t udata_free(void*) { return 0; }

uint64_t little_endian_u64(const unsigned char* p) {
  uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = (v << 8) | p[i];
  return v;
}
}  // namespace

InMemoryFile::InMemoryFile() {
  constexpr size_t kGrowBy = size_t{1} << 20;  // the buffer grows 1 MiB at a time
  fapl_ = Handle(H5Pcreate(H5P_FILE_ACCESS), H5Pclose);
  H5FD_file_image_callbacks_t callbacks = {image_malloc, image_memcpy, image_realloc, image_free,
                                           udata_copy,   udata_free,   &buffer_};
  if (fapl_.valid() && (H5Pset_fapl_core(fapl_.get(), kGrowBy, /*backing_store=*/0) < 0 ||
                        H5Pset_file_image_callbacks(fapl_.get(), &callbacks) < 0))
    fapl_.close();
}

InMemoryFile::~InMemoryFile() {
  fapl_.close();
  std::free(buffer_.closed);
}

std::string InMemoryFile::name_for(const std::string& file) { return "/dev/null/" + file; }

std::string_view InMemoryFile::bytes() const {
  // Superblock version 2 or 3 at address 0: signature (8 bytes), version, size of offsets, size
  // of lengths, flags, then base address, extension address, end-of-file address (offsets).
  static constexpr unsigned char kSignature[8] = {0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};
  const auto* p = static_cast<const unsigned char*>(buffer_.closed);
  if (p == nullptr || buffer_.closed_size < 48)
    throw std::runtime_error("HDF5: no closed in-memory file to take");
  if (std::memcmp(p, kSignature, 8) != 0 || (p[8] != 2 && p[8] != 3) || p[9] != 8 ||
      little_endian_u64(p + 12) != 0)
    throw std::runtime_error(
        "HDF5: the in-memory file's superblock is not version 2 or 3 with "
        "8-byte addresses at 0");
  const uint64_t eof = little_endian_u64(p + 28);
  if (eof < 48 || eof > buffer_.closed_size)
    throw std::runtime_error("HDF5: the in-memory file's end-of-file address " +
                             std::to_string(eof) + " lies outside its " +
                             std::to_string(buffer_.closed_size) + " bytes");
  return {static_cast<const char*>(buffer_.closed), static_cast<size_t>(eof)};
}

}  // namespace civicsim::hdf5
