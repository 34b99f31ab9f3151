// Fuzzes the scenario loader (load_scenario) with "extends": one input is up to three files, cut at
// lines of five '#'; the first is loaded as a.json and the others sit beside it as b.json and c.json
// for its "extends" to name. A valid scenario or an InputError are the only acceptable outcomes.
#include <cstdint>
#include <string>

#include "engine/core/input_error.hpp"
#include "engine/scenario/scenario_loader.hpp"
#include "tests/fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using civicsim::fuzz::write_file;
  const auto files = civicsim::fuzz::split_input(data, size, 3);
  const char* names[] = {"a.json", "b.json", "c.json"};
  for (size_t i = 0; i < 3; ++i) {
    if (i < files.size()) {
      write_file(names[i], files[i]);
    } else {
      std::error_code ec;
      std::filesystem::remove(civicsim::fuzz::scratch_dir() / names[i], ec);
    }
  }
  try {
    civicsim::load_scenario(civicsim::fuzz::scratch_dir() / "a.json");
  } catch (const civicsim::InputError&) {
  }
  return 0;
}
