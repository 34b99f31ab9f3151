// The result file's seal: a damaged, cut or edited result file is refused before HDF5 reads it
// (libhdf5 1.10 itself crashes on some damaged files, so the reader's own checks come too late).
#include "outputs/result_seal.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "engine/core/input_error.hpp"
#include "outputs/hdf5_reader.hpp"
#include "outputs/hdf5_writer.hpp"
#include "tests/test_support.hpp"

namespace civicsim {
namespace {

namespace fs = std::filesystem;

RunResults small() {
  RunResults r;
  r.dimensions = {{"council", {"Halton", "Knowsley"}}};
  r.time = {"2024-01", "2024-02"};
  r.series = {{"costs", "GBP", "Costs.", SeriesKind::kFlow, {"council"}, false}};
  r.replications = 1;
  r.values = {{{1, 2}}};
  return r;
}

RunIdentity small_identity() {
  RunIdentity id;
  id.scenario_name = "t";
  id.population_source = "lcr_synthetic";
  id.population_fingerprint = "0";
  id.start = "2024-01";
  id.step_months = 1;
  id.steps = 1;
  id.replications = 1;
  return id;
}

std::string content(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string read_error(const fs::path& file) {
  try {
    read_results(file);
  } catch (const InputError& e) {
    return e.diagnostics().at(0).to_string();
  }
  return "";
}

TEST(ResultSeal, SealsTheWrittenBytesAndChecksThem) {
  const std::string data = "\x89HDF\r\n\x1a\nsome data";
  const std::string sealed = data + result_seal(data);
  EXPECT_EQ(result_seal(data).size(), kSealBytes);
  EXPECT_EQ(sealed_data("f.h5", sealed), data);
  EXPECT_THROW(sealed_data("f.h5", data), InputError);                  // no seal
  EXPECT_THROW(sealed_data("f.h5", sealed.substr(1)), InputError);      // cut at the start
  EXPECT_THROW(sealed_data("f.h5", "x" + sealed), InputError);          // extended
  EXPECT_THROW(sealed_data("f.h5", sealed.substr(0, 20)), InputError);  // cut short
}

// Every single-byte change anywhere in a real result file is refused with the file named, and
// never reaches HDF5 (which, before the seal, crashed on some of them).
TEST(ResultSeal, EveryDamagedByteOfAResultFileIsRefused) {
  testing::TempDir dir;
  const fs::path file = dir / "run.h5";
  write_results(file, small(), small_identity(), RunMeta{});
  ASSERT_NO_THROW(read_results(file));
  const std::string good = content(file);
  const size_t step = std::max<size_t>(1, good.size() / 500);  // about 500 places, seal included
  for (size_t i = 0; i < good.size(); i += step) {
    std::string bad = good;
    bad[i] = static_cast<char>(bad[i] ^ 0x5a);
    testing::write_file(file, bad);
    const std::string error = read_error(file);
    EXPECT_EQ(error.rfind(file.string() + ": expected a civicsim result file (HDF5), found ", 0),
              0u)
        << "byte " << i << ": " << error;
  }
}

TEST(ResultSeal, AFileEditedAfterItWasWrittenIsRefusedUntilResealed) {
  testing::TempDir dir;
  const fs::path file = dir / "run.h5";
  write_results(file, small(), small_identity(), RunMeta{});
  std::string bytes = content(file);
  bytes.insert(bytes.size() - kSealBytes, "edit");
  testing::write_file(file, bytes);
  EXPECT_EQ(read_error(file), file.string() +
                                  ": expected a civicsim result file (HDF5), found an HDF5 file "
                                  "with a seal for " +
                                  std::to_string(bytes.size() - kSealBytes - 4) +
                                  " bytes of data, but " +
                                  std::to_string(bytes.size() - kSealBytes) +
                                  " bytes before it (cut short or extended)");
}

}  // namespace
}  // namespace civicsim
