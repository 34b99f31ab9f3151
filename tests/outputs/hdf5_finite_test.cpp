// Issue #14: non-finite values can be neither written nor read, and a result file is read only
// when it is a regular file whose declared datasets fit in memory.
#include <gtest/gtest.h>
#include <hdf5.h>
#include <sys/stat.h>

#include <cmath>
#include <cstdlib>
#include <limits>
#include <string>

#include "engine/core/input_error.hpp"
#include "engine/core/memory_room.hpp"
#include "outputs/hdf5_reader.hpp"
#include "outputs/hdf5_writer.hpp"
#include "outputs/result_seal.hpp"
#include "tests/test_support.hpp"

namespace civicsim {
namespace {

namespace fs = std::filesystem;

// One float series by council, 2 replications, 3 time points (a stock): margins are written too.
RunResults tiny_results() {
  RunResults r;
  r.dimensions = {{"council", {"Halton", "Knowsley"}}};
  r.time = {"2024-01", "2024-02", "2024-03"};
  r.series = {{"costs", "GBP", "Costs.", SeriesKind::kStock, {"council"}, false}};
  r.replications = 2;
  r.values = {{{1, 2, 3, 4, 5, 6}, {7, 8, 9, 10, 11, 12}}};
  return r;
}

RunIdentity tiny_identity() {
  RunIdentity id;
  id.scenario_name = "t";
  id.population_source = "lcr_synthetic";
  id.population_fingerprint = "0";
  id.start = "2024-01";
  id.steps = 2;
  id.replications = 2;
  return id;
}

// Overwrites element `index` of replication 1 of dataset `path` in `file` with `value`, as an
// edited or damaged file would hold it.
void poke(const fs::path& file, const char* path, size_t index, double value) {
  const hid_t f = H5Fopen(file.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
  ASSERT_GE(f, 0);
  const hid_t ds = H5Dopen2(f, path, H5P_DEFAULT);
  ASSERT_GE(ds, 0);
  const hid_t space = H5Dget_space(ds);
  // [replication][time][council]: element `index` of replication 1.
  const hsize_t start[3] = {1, index / 2, index % 2}, count[3] = {1, 1, 1};
  ASSERT_GE(H5Sselect_hyperslab(space, H5S_SELECT_SET, start, nullptr, count, nullptr), 0);
  const hsize_t one = 1;
  const hid_t mem = H5Screate_simple(1, &one, nullptr);
  ASSERT_GE(H5Dwrite(ds, H5T_NATIVE_DOUBLE, mem, space, H5P_DEFAULT, &value), 0);
  H5Sclose(mem);
  H5Sclose(space);
  H5Dclose(ds);
  H5Fclose(f);
  reseal_result_file(file);  // an edited file, sealed again (outputs/result_seal.hpp)
}

std::string read_error(const fs::path& file, bool margins = false) {
  try {
    read_results(file, {{}, margins, {}});
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

TEST(Hdf5Finite, WriterRefusesNonFiniteValuesNamingTheSeries) {
  testing::TempDir dir;
  RunResults r = tiny_results();
  r.values[0][1][4] = std::numeric_limits<double>::infinity();
  try {
    write_results(dir / "out.h5", r, tiny_identity(), RunMeta{});
    FAIL() << "expected an error";
  } catch (const std::runtime_error& e) {
    EXPECT_EQ(std::string(e.what()),
              "cannot write results file " + (dir / "out.h5").string() +
                  ": series \"costs\" replication 1 holds an infinite value at time point 2, cell "
                  "0: a number in the scenario is too large, or an expression divides by zero");
  }
  r.values[0][1][4] = std::nan("");
  EXPECT_THROW(write_results(dir / "out.h5", r, tiny_identity(), RunMeta{}), std::runtime_error);
  EXPECT_FALSE(fs::exists(dir / "out.h5"));
}

TEST(Hdf5Finite, ReaderRefusesNonFiniteValuesInResultsAndMargins) {
  testing::TempDir dir;
  write_results(dir / "ok.h5", tiny_results(), tiny_identity(), RunMeta{});
  EXPECT_EQ(read_error(dir / "ok.h5", true), "");
  fs::copy_file(dir / "ok.h5", dir / "results.h5");
  poke(dir / "results.h5", "/results/costs", 3, -std::numeric_limits<double>::infinity());
  EXPECT_EQ(read_error(dir / "results.h5"),
            (dir / "results.h5").string() +
                ": /results/costs: expected finite values, found an infinite value at replication "
                "1, element 3");
  // An infinite margin in both arms was read as no effect at all by the evaluation.
  fs::copy_file(dir / "ok.h5", dir / "margins.h5");
  poke(dir / "margins.h5", "/margins/costs", 0, std::nan(""));
  EXPECT_EQ(read_error(dir / "margins.h5"), "");  // margins not asked for
  EXPECT_EQ(read_error(dir / "margins.h5", true),
            (dir / "margins.h5").string() +
                ": /margins/costs: expected finite values, found NaN at replication 1, element 0");
}

TEST(Hdf5Finite, ReaderRefusesSpecialFilesAtOnce) {
  testing::TempDir dir;
  ASSERT_EQ(::mkfifo((dir / "fifo.h5").c_str(), 0600), 0);
  EXPECT_EQ(
      read_error(dir / "fifo.h5"),
      (dir / "fifo.h5").string() +
          ": expected a civicsim result file (HDF5), found a FIFO (named pipe), not a regular "
          "file");
  EXPECT_EQ(read_error("/dev/zero"),
            "/dev/zero: expected a civicsim result file (HDF5), found a character device, not a "
            "regular file");
}

// A small file may declare datasets far larger than the memory there is (compressed, or never
// written): the declared size is checked against the room before anything is allocated. Here the
// councils' labels are replaced by a dataset declaring 100 million labels, none ever written.
TEST(Hdf5Finite, ReaderRefusesDatasetsBeyondTheMemoryRoom) {
  testing::TempDir dir;
  const fs::path file = dir / "ok.h5";
  write_results(file, tiny_results(), tiny_identity(), RunMeta{});
  {
    const hid_t f = H5Fopen(file.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
    ASSERT_GE(f, 0);
    ASSERT_GE(H5Ldelete(f, "/dimensions/council", H5P_DEFAULT), 0);
    const hsize_t n = 100000000, chunk = 1024;
    const hid_t space = H5Screate_simple(1, &n, nullptr);
    const hid_t dcpl = H5Pcreate(H5P_DATASET_CREATE);
    H5Pset_chunk(dcpl, 1, &chunk);
    const hid_t type = H5Tcopy(H5T_C_S1);
    H5Tset_size(type, H5T_VARIABLE);
    const hid_t ds =
        H5Dcreate2(f, "/dimensions/council", type, space, H5P_DEFAULT, dcpl, H5P_DEFAULT);
    ASSERT_GE(ds, 0);
    H5Dclose(ds);
    H5Tclose(type);
    H5Pclose(dcpl);
    H5Sclose(space);
    H5Fclose(f);
    reseal_result_file(file);  // an edited file, sealed again (outputs/result_seal.hpp)
  }
  ASSERT_LT(fs::file_size(file), 500000u);  // read whole within half the room below
  ::setenv(kMemoryLimitVariable, "1000000", 1);
  const std::string error = read_error(file);
  ::unsetenv(kMemoryLimitVariable);
  EXPECT_NE(error.find(": expected data that fits in memory (1 MB available: "
                       "CIVICSIM_MEMORY_LIMIT_BYTES (set in the environment)), found a dataset "
                       "needing "),
            std::string::npos)
      << error;
}

// A file larger than the memory room is refused before it is read (the reader holds it whole).
TEST(Hdf5Finite, ReaderRefusesAFileBeyondTheMemoryRoom) {
  testing::TempDir dir;
  write_results(dir / "ok.h5", tiny_results(), tiny_identity(), RunMeta{});
  ::setenv(kMemoryLimitVariable, "100", 1);
  const std::string error = read_error(dir / "ok.h5");
  ::unsetenv(kMemoryLimitVariable);
  EXPECT_EQ(error.rfind((dir / "ok.h5").string() +
                            ": expected a civicsim result file (HDF5) of at most 50 bytes, found "
                            "a file of ",
                        0),
            0u)
      << error;
}

}  // namespace
}  // namespace civicsim
