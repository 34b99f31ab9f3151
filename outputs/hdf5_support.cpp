// RAII helpers over the HDF5 C API; see hdf5_support.hpp.
#include "outputs/hdf5_support.hpp"

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

}  // namespace civicsim::hdf5
