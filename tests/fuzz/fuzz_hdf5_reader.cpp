// Fuzzes the HDF5 result reader (read_results): the input is written to a file and read back, with
// margins. read_results documents InputError for anything that is not a complete civicsim result
// file; any other outcome (a crash, a sanitizer report, another exception) is a bug. A mutated file
// fails its seal (outputs/result_seal.hpp) before HDF5 sees it; fuzz_hdf5_layout seals each input
// to fuzz what lies behind.
#include <cstdint>
#include <cstdlib>

#include "engine/core/input_error.hpp"
#include "outputs/hdf5_reader.hpp"
#include "tests/fuzz/fuzz_support.hpp"

// The reader refuses datasets beyond the memory this process has (engine/core/memory_room.hpp);
// 1 GiB keeps that refusal well inside libFuzzer's -rss_limit_mb=2048, so it is fuzzed too.
extern "C" int LLVMFuzzerInitialize(int*, char***) {
  setenv("CIVICSIM_MEMORY_LIMIT_BYTES", "1073741824", /*overwrite=*/0);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const auto file = civicsim::fuzz::write_file(
      "result.h5", {reinterpret_cast<const char*>(data), size});
  civicsim::ReadOptions options;
  options.margins = true;
  try {
    civicsim::read_results(file, options);
  } catch (const civicsim::InputError&) {
  }
  return 0;
}
