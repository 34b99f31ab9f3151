// What the two HDF5 reader harnesses share: reading one fuzz input's bytes as a result file.
#pragma once

#include <string_view>

#include "engine/core/input_error.hpp"
#include "outputs/hdf5_reader.hpp"
#include "tests/fuzz/fuzz_support.hpp"

namespace civicsim::fuzz {

// Writes `bytes` as a result file and reads it with margins; InputError is the documented refusal,
// anything else escapes to libFuzzer as a failure.
inline void read_result_input(std::string_view bytes) {
  const auto file = write_file("result.h5", bytes);
  ReadOptions options;
  options.margins = true;
  try {
    read_results(file, options);
  } catch (const InputError&) {
  }
}

}  // namespace civicsim::fuzz
