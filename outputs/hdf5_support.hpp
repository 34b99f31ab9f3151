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

}  // namespace civicsim::hdf5
