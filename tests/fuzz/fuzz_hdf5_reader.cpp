// Fuzzes the HDF5 result reader (read_results): the input is written to a file and read back, with
// margins. read_results documents InputError for anything that is not a complete civicsim result
// file; any other outcome (a crash, a sanitizer report, another exception) is a bug. A mutated file
// fails its seal (outputs/result_seal.hpp) before HDF5 sees it; fuzz_hdf5_layout seals each input
// to fuzz what lies behind.
#include <cstdint>
#include <cstdlib>

#include "tests/fuzz/read_result_input.hpp"

// The reader refuses datasets beyond the memory this process has (engine/core/memory_room.hpp);
// 1 GiB keeps that refusal well inside libFuzzer's -rss_limit_mb=2048, so it is fuzzed too.
extern "C" int LLVMFuzzerInitialize(int*, char***) {
  setenv("CIVICSIM_MEMORY_LIMIT_BYTES", "1073741824", /*overwrite=*/0);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  civicsim::fuzz::read_result_input({reinterpret_cast<const char*>(data), size});
  return 0;
}
