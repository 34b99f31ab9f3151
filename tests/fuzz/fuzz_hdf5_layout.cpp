// Fuzzes the HDF5 result reader past the seal: each input is sealed (outputs/result_seal.hpp) before
// it is written, so HDF5 and the reader's own layout checks see every mutation. libhdf5 1.10.8 has
// faults of its own on such files, which a sealed file written by civicsim never holds; fuzz.sh runs
// this harness in fork mode and triage.py fails the run only on faults outside libhdf5.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "outputs/result_seal.hpp"
#include "tests/fuzz/read_result_input.hpp"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  setenv("CIVICSIM_MEMORY_LIMIT_BYTES", "1073741824", /*overwrite=*/0);  // as fuzz_hdf5_reader
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string bytes(reinterpret_cast<const char*>(data), size);
  bytes += civicsim::result_seal(bytes);
  civicsim::fuzz::read_result_input(bytes);
  return 0;
}
