// Small RAII helpers over the HDF5 C API, shared by the result-file writer and reader.
//
// HDF5 hands out integer ids that must each be released with the close function of their kind
// (H5Fclose, H5Dclose, ...); a Handle pairs the id with its closer so early returns and exceptions
// never leak ids or keep a file open. QuietHdf5Errors stops the library printing its error stack to
// stderr while we turn failures into our own exceptions, and hdf5_error_detail() recovers the
// library's most specific message for those exceptions.
#pragma once

#include <hdf5.h>

#include <string>
#include <string_view>

namespace civicsim::hdf5 {

class Handle {
 public:
  using Closer = herr_t (*)(hid_t);

  Handle() = default;
  Handle(hid_t id, Closer closer) : id_(id), closer_(closer) {}
  ~Handle() { close(); }
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  Handle(Handle&& other) noexcept : id_(other.id_), closer_(other.closer_) { other.id_ = -1; }
  Handle& operator=(Handle&& other) noexcept {
    if (this != &other) {
      close();
      id_ = other.id_;
      closer_ = other.closer_;
      other.id_ = -1;
    }
    return *this;
  }

  hid_t get() const { return id_; }
  bool valid() const { return id_ >= 0; }
  // Releases the id now; returns the closer's status so callers can check that a file close
  // (which flushes) succeeded. Closing an invalid handle is a successful no-op.
  herr_t close() {
    herr_t status = 0;
    if (id_ >= 0 && closer_ != nullptr) status = closer_(id_);
    id_ = -1;
    return status;
  }

 private:
  hid_t id_ = -1;
  Closer closer_ = nullptr;
};

// While alive, HDF5 prints nothing on errors; the previous handler is restored afterwards.
class QuietHdf5Errors {
 public:
  QuietHdf5Errors();
  ~QuietHdf5Errors();
  QuietHdf5Errors(const QuietHdf5Errors&) = delete;
  QuietHdf5Errors& operator=(const QuietHdf5Errors&) = delete;

 private:
  H5E_auto2_t old_func_ = nullptr;
  void* old_data_ = nullptr;
};

// The innermost message on the current HDF5 error stack (the most specific one, often carrying the
// operating system's reason), or "" when the stack is empty.
std::string hdf5_error_detail();

// A variable-length, null-terminated UTF-8 string type, for both file and memory.
Handle utf8_string_type();

// A new file built in memory: HDF5's core driver without a backing store, so the library itself
// never writes to disk. Pass access() to H5Fcreate (after adding any other file-access settings),
// close the file, then take bytes(): exactly what HDF5 would have written to disk, for
// write_file_atomically (engine/core/output_target.hpp) to write with every call checked.
//
// Why HDF5 must not write: when a full disk makes H5Fclose fail, HDF5 1.10 frees the file but
// leaves its id registered, and the library's shutdown at exit closes it again and crashes
// (SIGSEGV in H5F__close_cb from H5_term_library; HDFFV-11052, fixed in HDF5 1.14.1). A file in
// memory cannot fail to close for want of disk space. H5Fget_file_image is no way out either: in
// HDF5 1.10 its image of a superblock-v2 file does not open (stale superblock checksum). So the
// driver's buffer is taken over when the file closes (file-image callbacks) and cut at the
// end-of-file address the closing superblock records.
class InMemoryFile {
 public:
  InMemoryFile();
  ~InMemoryFile();
  InMemoryFile(const InMemoryFile&) = delete;
  InMemoryFile& operator=(const InMemoryFile&) = delete;

  bool valid() const { return fapl_.valid(); }
  hid_t access() const { return fapl_.get(); }
  // The name to create the file under: one that cannot exist on disk (below /dev/null), since
  // HDF5 first opens an existing file of the given name to see whether it is already open.
  static std::string name_for(const std::string& file);
  // The closed file's bytes; throws std::runtime_error if no file was closed or its superblock
  // is not a version 2 or 3 one with 8-byte addresses (the only kind civicsim writes: HDF5 1.8
  // format or later).
  std::string_view bytes() const;

  struct Buffer {
    void* data = nullptr;  // the driver's current buffer
    size_t size = 0;
    void* closed = nullptr;  // taken over when the file closed
    size_t closed_size = 0;
  };

 private:
  Buffer buffer_;
  Handle fapl_;
};

}  // namespace civicsim::hdf5
