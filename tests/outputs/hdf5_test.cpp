// Tests of the HDF5 result files: exact round trip, atomic writing, determinism (h5diff and bytes),
// the reader's diagnostics for files that are not civicsim results, and the `civicsim info` summary.
#include <gtest/gtest.h>
#include <hdf5.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <thread>
#include <vector>

#include "engine/core/input_error.hpp"
#include "outputs/hdf5_reader.hpp"
#include "outputs/hdf5_writer.hpp"
#include "outputs/result_seal.hpp"
#include "outputs/result_summary.hpp"
#include "tests/test_support.hpp"

namespace civicsim {
namespace {

namespace fs = std::filesystem;
using testing::TempDir;

// Two dimensions, a stock int series over both and a flow float series over one, 2 replications,
// 4 time points (3 monthly steps).
RunResults small_results() {
  RunResults r;
  r.dimensions = {{"council", {"Halton", "Knowsley", "Liverpool"}}, {"sex", {"female", "male"}}};
  r.time = {"2024-01", "2024-02", "2024-03", "2024-04"};
  r.series = {
      {"population",
       "persons",
       "People alive at the start of the month.",
       SeriesKind::kStock,
       {"council", "sex"},
       true},
      {"costs_gbp", "GBP", "NHS costs during the step.", SeriesKind::kFlow, {"council"}, false},
  };
  r.replications = 2;
  r.values.resize(2);
  for (int rep = 0; rep < 2; ++rep) {
    std::vector<double> population;
    for (int t = 0; t < 4; ++t)
      for (int c = 0; c < 3; ++c)
        for (int s = 0; s < 2; ++s) population.push_back(1000.0 * (c + 1) + 10 * t + s + 7 * rep);
    r.values[0].push_back(population);
    std::vector<double> costs;
    for (int t = 0; t < 3; ++t)
      for (int c = 0; c < 3; ++c) costs.push_back(1234.5 * (c + 1) + 0.1 * t + rep / 3.0);
    r.values[1].push_back(costs);
  }
  return r;
}

RunIdentity small_identity() {
  RunIdentity id;
  id.scenario_name = "baseline";
  id.population_source = "lcr_synthetic";
  id.population_fingerprint = "9f2c4e1a";
  id.start = "2024-01";
  id.step_months = 1;
  id.steps = 3;
  id.seed = 18446744073709551557ULL;  // near 2^64: the full uint64 range survives
  id.replications = 2;
  id.initial_persons = 1561320;
  id.initial_households = 650112;
  return id;
}

RunMeta small_meta() {
  RunMeta m;
  m.engine_version = "0.1.0";
  m.seed = 18446744073709551557ULL;
  m.scenario_json = R"({"name": "baseline", "note": "caf\u00e9 \u2013 ok"})";
  m.scenario_file = "scenarios/baseline.json";
  m.threads = 8;
  m.wall_time_s = 754.25;
  m.population_build_s = 12.5;
  m.simulation_s = 741.75;
  m.peak_rss_bytes = 3'000'000'000L;
  m.host = "node-17";
  m.timestamp_utc = "2025-03-01T12:00:00Z";
  m.command_line = "civicsim run scenarios/baseline.json -o out/run.h5";
  m.input_fingerprint = "0123456789abcdef";
  m.inputs = {"cbf29ce484222325  engine version", "af63dc4c8601ec8c  /data/lcr/life table.csv"};
  return m;
}

std::vector<std::string> folder_names(const fs::path& folder) {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(folder)) names.push_back(entry.path().filename());
  return names;
}

std::string read_bytes(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// The reader's message for `file`, or "" if it read.
std::string read_error(const fs::path& file) {
  try {
    read_results(file);
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

std::string write_error(const fs::path& file, const RunResults& results) {
  try {
    write_results(file, results, small_identity(), small_meta());
  } catch (const std::runtime_error& e) {
    return e.what();
  }
  return "";
}

TEST(Hdf5RoundTrip, RestoresEverythingExactly) {
  TempDir dir;
  const fs::path file = dir / "nested/deeper/run.h5";  // the folder does not exist yet
  const RunResults in = small_results();
  write_results(file, in, small_identity(), small_meta());
  const ResultFile out = read_results(file);

  const RunResults& r = out.results;
  EXPECT_EQ(r.time, in.time);
  EXPECT_EQ(r.replications, 2);
  ASSERT_EQ(r.dimensions.size(), 2u);
  for (size_t d = 0; d < 2; ++d) {
    EXPECT_EQ(r.dimensions[d].name, in.dimensions[d].name);
    EXPECT_EQ(r.dimensions[d].labels, in.dimensions[d].labels);
  }
  ASSERT_EQ(r.series.size(), 2u);
  for (size_t s = 0; s < 2; ++s) {
    EXPECT_EQ(r.series[s].name, in.series[s].name);  // declaration order, not alphabetical
    EXPECT_EQ(r.series[s].unit, in.series[s].unit);
    EXPECT_EQ(r.series[s].description, in.series[s].description);
    EXPECT_EQ(r.series[s].kind, in.series[s].kind);
    EXPECT_EQ(r.series[s].dims, in.series[s].dims);
    EXPECT_EQ(r.series[s].integer, in.series[s].integer);
  }
  EXPECT_EQ(r.values, in.values);  // bit-exact doubles, including 1/3

  const RunIdentity& id = out.identity;
  const RunIdentity want = small_identity();
  EXPECT_EQ(id.scenario_name, want.scenario_name);
  EXPECT_EQ(id.population_source, want.population_source);
  EXPECT_EQ(id.population_fingerprint, want.population_fingerprint);
  EXPECT_EQ(id.start, want.start);
  EXPECT_EQ(id.step_months, want.step_months);
  EXPECT_EQ(id.steps, want.steps);
  EXPECT_EQ(id.seed, want.seed);
  EXPECT_EQ(id.replications, want.replications);
  EXPECT_EQ(id.initial_persons, want.initial_persons);
  EXPECT_EQ(id.initial_households, want.initial_households);

  const RunMeta& m = out.meta;
  const RunMeta meta = small_meta();
  EXPECT_EQ(m.engine_version, meta.engine_version);
  EXPECT_EQ(m.seed, meta.seed);
  EXPECT_EQ(m.scenario_json, meta.scenario_json);
  EXPECT_EQ(m.scenario_file, meta.scenario_file);
  EXPECT_EQ(m.threads, meta.threads);
  EXPECT_EQ(m.wall_time_s, meta.wall_time_s);
  EXPECT_EQ(m.population_build_s, meta.population_build_s);
  EXPECT_EQ(m.simulation_s, meta.simulation_s);
  EXPECT_EQ(m.peak_rss_bytes, meta.peak_rss_bytes);
  EXPECT_EQ(m.host, meta.host);
  EXPECT_EQ(m.timestamp_utc, meta.timestamp_utc);
  EXPECT_EQ(m.command_line, meta.command_line);
  EXPECT_EQ(m.input_fingerprint, meta.input_fingerprint);
  EXPECT_EQ(m.inputs, meta.inputs);
}

// The margins are each series summed over all dimensions but its first, stored beside it; a reader
// may ask for only some series and the margins.
TEST(Hdf5RoundTrip, MarginsAndSelectiveReading) {
  TempDir dir;
  const fs::path file = dir / "run.h5";
  const RunResults in = small_results();
  write_results(file, in, small_identity(), small_meta());
  const ResultFile out =
      read_results(file, {[](const std::string& s) { return s == "costs_gbp"; }, true, {}});
  ASSERT_EQ(out.results.series.size(), 1u);
  EXPECT_EQ(out.results.series[0].name, "costs_gbp");
  ASSERT_EQ(out.margins.series.size(), 2u);
  EXPECT_EQ(out.margins.series[0].dims, std::vector<std::string>{"council"});
  for (int rep = 0; rep < 2; ++rep)
    for (int t = 0; t < 4; ++t)
      for (int c = 0; c < 3; ++c)  // population by council: female + male
        EXPECT_EQ(out.margins.values[0][rep][t * 3 + c],
                  in.values[0][rep][(t * 3 + c) * 2] + in.values[0][rep][(t * 3 + c) * 2 + 1]);
  EXPECT_EQ(out.margins.values[1], in.values[1]);          // one dimension: its own margin
  EXPECT_TRUE(read_results(file).margins.series.empty());  // not asked for
}

TEST(Hdf5RoundTrip, EmptyFlowSeriesAndDimensionlessSeries) {
  TempDir dir;
  RunResults in = small_results();
  in.time = {"2024-01"};  // zero steps: stocks have one point, flows none
  in.series[1].dims.clear();
  for (auto& rep : in.values[0]) rep.resize(6);
  for (auto& rep : in.values[1]) rep.clear();
  RunIdentity id = small_identity();
  id.steps = 0;
  write_results(dir / "run.h5", in, id, small_meta());
  const ResultFile out = read_results(dir / "run.h5");
  EXPECT_EQ(out.results.values, in.values);
  EXPECT_TRUE(out.results.series[1].dims.empty());
}

TEST(Hdf5Write, LeavesOnlyTheFinalFile) {
  TempDir dir;
  write_results(dir / "run.h5", small_results(), small_identity(), small_meta());
  EXPECT_EQ(folder_names(dir.path()), std::vector<std::string>{"run.h5"});
}

TEST(Hdf5Write, ReplacesAnExistingFile) {
  TempDir dir;
  write_results(dir / "run.h5", small_results(), small_identity(), small_meta());
  RunResults changed = small_results();
  changed.values[0][1][5] = 42;
  write_results(dir / "run.h5", changed, small_identity(), small_meta());
  EXPECT_EQ(read_results(dir / "run.h5").results.values, changed.values);
  EXPECT_EQ(folder_names(dir.path()), std::vector<std::string>{"run.h5"});
}

TEST(Hdf5Write, UnwritableLocationThrowsAndLeavesNoFile) {
  TempDir dir;
  testing::write_file(dir / "plain.txt", "not a folder");
  const fs::path file = dir / "plain.txt/out/run.h5";  // the parent is a regular file
  const std::string message = write_error(file, small_results());
  EXPECT_EQ(message.rfind("cannot write results file " + file.string() + ": cannot create folder " +
                              (dir / "plain.txt/out").string() + ": ",
                          0),
            0u)
      << message;
  EXPECT_EQ(folder_names(dir.path()), std::vector<std::string>{"plain.txt"});
}

// A folder where the file should go is refused before anything is written (a failed rename is
// covered by tests/cli/output_safety_test.cpp's fault injection).
TEST(Hdf5Write, FolderAtTheTargetIsRefusedAndKept) {
  TempDir dir;
  fs::create_directories(dir / "run.h5/inside");
  try {
    write_results(dir / "run.h5", small_results(), small_identity(), small_meta());
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()), (dir / "run.h5").string() +
                                         ": expected a regular file or nothing (an output file is "
                                         "written there), found a folder");
  }
  EXPECT_EQ(folder_names(dir.path()), std::vector<std::string>{"run.h5"});
  EXPECT_TRUE(fs::is_directory(dir / "run.h5/inside"));
}

TEST(Hdf5Write, NonIntegerInIntegerSeriesThrowsAndLeavesNoFile) {
  TempDir dir;
  RunResults bad = small_results();
  bad.values[0][1][3] = 2.5;
  EXPECT_EQ(write_error(dir / "run.h5", bad),
            "cannot write results file " + (dir / "run.h5").string() +
                ": /results/population is an integer series but replication 1, element 3 holds "
                "2.500000");
  EXPECT_TRUE(folder_names(dir.path()).empty());
}

TEST(Hdf5Write, InconsistentResultsThrowBeforeWriting) {
  TempDir dir;
  RunResults bad = small_results();
  bad.values[1][0].pop_back();
  EXPECT_EQ(write_error(dir / "run.h5", bad),
            "cannot write results file " + (dir / "run.h5").string() +
                ": series \"costs_gbp\" replication 0 has 8 values, expected 9 (3 time points x 3 "
                "cells)");
  EXPECT_TRUE(folder_names(dir.path()).empty());
}

TEST(Hdf5Write, SeriesAreChunkedAndCompressedPerReplication) {
  TempDir dir;
  RunResults big = small_results();
  // 1000 points x 200 cells of float64 is 1.6 MB: over the 1 MiB chunk limit, so time is halved.
  big.time.assign(1000, "2024-01");
  big.dimensions.push_back({"cell", std::vector<std::string>(200, "x")});
  big.series[1].dims = {"cell"};
  for (auto& rep : big.values[0]) rep.assign(1000 * 6, 1.0);
  for (auto& rep : big.values[1]) rep.assign(999 * 200, 0.5);
  write_results(dir / "run.h5", big, small_identity(), small_meta());

  auto layout = [&](const char* path) {
    hid_t file = H5Fopen((dir / "run.h5").c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
    hid_t ds = H5Dopen2(file, path, H5P_DEFAULT);
    hid_t dcpl = H5Dget_create_plist(ds);
    std::vector<hsize_t> chunk(static_cast<size_t>(H5Pget_chunk(dcpl, 8, nullptr)));
    H5Pget_chunk(dcpl, static_cast<int>(chunk.size()), chunk.data());
    const int filters = H5Pget_nfilters(dcpl);
    H5Pclose(dcpl);
    H5Dclose(ds);
    H5Fclose(file);
    return std::make_pair(chunk, filters);
  };
  EXPECT_EQ(layout("/results/population"),
            std::make_pair(std::vector<hsize_t>{1, 1000, 3, 2}, 2));  // shuffle + deflate
  EXPECT_EQ(layout("/results/costs_gbp"), std::make_pair(std::vector<hsize_t>{1, 500, 200}, 2));
}

TEST(Hdf5Read, MissingFile) {
  TempDir dir;
  EXPECT_EQ(
      read_error(dir / "none.h5"),
      (dir / "none.h5").string() + ": expected a civicsim result file (HDF5), found no such file");
}

TEST(Hdf5Read, FileThatIsNotHdf5) {
  TempDir dir;
  testing::write_file(dir / "garbage.h5", "year,value\n2024,1\n");
  EXPECT_EQ(read_error(dir / "garbage.h5"),
            (dir / "garbage.h5").string() +
                ": expected a civicsim result file (HDF5), found a file that is not HDF5");
}

TEST(Hdf5Read, TruncatedFile) {
  TempDir dir;
  const fs::path file = dir / "run.h5";
  write_results(file, small_results(), small_identity(), small_meta());
  fs::resize_file(file, fs::file_size(file) / 2);  // as if copied by a transfer that broke off
  const std::string message = read_error(file);
  // The seal (outputs/result_seal.hpp) finds it cut short before HDF5 reads a byte of it.
  EXPECT_EQ(message, file.string() +
                         ": expected a civicsim result file (HDF5), found an HDF5 file with no "
                         "seal at its end (written by an earlier civicsim, which did not seal its "
                         "files, cut short, or rewritten by another program)");
}

TEST(Hdf5Read, Hdf5FileThatIsNotACivicsimResult) {
  TempDir dir;
  const fs::path file = dir / "other.h5";
  hid_t h5 = H5Fcreate(file.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
  hid_t group = H5Gcreate2(h5, "/data", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  H5Gclose(group);
  H5Fclose(h5);
  reseal_result_file(file);  // an edited file, sealed again (outputs/result_seal.hpp)
  EXPECT_EQ(read_error(file), file.string() +
                                  ": /: expected attribute \"format\" = \"civicsim-results\", "
                                  "found no attribute \"format\", so not a civicsim result file");
}

TEST(Hdf5Read, OtherFormatName) {
  TempDir dir;
  const fs::path file = dir / "run.h5";
  write_results(file, small_results(), small_identity(), small_meta());
  hid_t h5 = H5Fopen(file.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
  H5Adelete(h5, "format");
  hid_t type = H5Tcopy(H5T_C_S1);
  H5Tset_size(type, 6);  // fixed-length, as other tools write: the reader accepts both kinds
  hid_t space = H5Screate(H5S_SCALAR);
  hid_t attr = H5Acreate2(h5, "format", type, space, H5P_DEFAULT, H5P_DEFAULT);
  H5Awrite(attr, type, "netcdf");
  H5Aclose(attr);
  H5Sclose(space);
  H5Tclose(type);
  H5Fclose(h5);
  reseal_result_file(file);  // an edited file, sealed again (outputs/result_seal.hpp)
  EXPECT_EQ(read_error(file), file.string() +
                                  ": /: expected attribute \"format\" = \"civicsim-results\", "
                                  "found format = \"netcdf\"");
}

TEST(Hdf5Read, MissingPartsAreAllReported) {
  TempDir dir;
  const fs::path file = dir / "run.h5";
  write_results(file, small_results(), small_identity(), small_meta());
  hid_t h5 = H5Fopen(file.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
  H5Ldelete(h5, "/dimensions/sex", H5P_DEFAULT);
  H5Ldelete(h5, "/meta", H5P_DEFAULT);
  hid_t ds = H5Dopen2(h5, "/results/costs_gbp", H5P_DEFAULT);
  H5Adelete(ds, "unit");
  H5Dclose(ds);
  H5Fclose(h5);
  reseal_result_file(file);  // an edited file, sealed again (outputs/result_seal.hpp)
  const std::string f = file.string();
  EXPECT_EQ(read_error(file),
            f +
                ": /results/population: expected dimension \"sex\" to be listed under "
                "/dimensions, found no such dimension\n" +
                f +
                ": /results/costs_gbp: expected a string attribute \"unit\", found no "
                "attribute \"unit\"\n" +
                f + ": /meta: expected a group, found no group");
}

TEST(Hdf5Read, MissingTimeDataset) {
  TempDir dir;
  const fs::path file = dir / "run.h5";
  write_results(file, small_results(), small_identity(), small_meta());
  hid_t h5 = H5Fopen(file.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
  H5Ldelete(h5, "/time", H5P_DEFAULT);
  H5Fclose(h5);
  reseal_result_file(file);  // an edited file, sealed again (outputs/result_seal.hpp)
  EXPECT_EQ(read_error(file), file.string() +
                                  ": /time: expected a dataset of \"YYYY-MM\" time labels, "
                                  "found no dataset");
}

TEST(Hdf5Diff, IgnoresMetaButSeesValueChanges) {
  if (testing::run_command("command -v h5diff").exit_code != 0) GTEST_SKIP() << "no h5diff";
  TempDir dir;
  RunMeta other = small_meta();
  other.wall_time_s = 1.5;
  other.threads = 1;
  other.host = "laptop";
  other.timestamp_utc = "2031-12-31T23:59:59Z";
  other.scenario_json += " ";
  write_results(dir / "a.h5", small_results(), small_identity(), small_meta());
  write_results(dir / "b.h5", small_results(), small_identity(), other);
  RunResults changed = small_results();
  changed.values[1][1][4] += 0.01;
  write_results(dir / "c.h5", changed, small_identity(), small_meta());

  const std::string a = (dir / "a.h5").string(), b = (dir / "b.h5").string(),
                    c = (dir / "c.h5").string();
  auto same = testing::run_command("h5diff --exclude-path /meta " + a + " " + b);
  EXPECT_EQ(same.exit_code, 0) << same.output;
  EXPECT_EQ(testing::run_command("h5diff " + a + " " + b).exit_code, 1);  // meta does differ
  auto differ = testing::run_command("h5diff --exclude-path /meta " + a + " " + c);
  EXPECT_EQ(differ.exit_code, 1) << differ.output;
}

TEST(Hdf5Determinism, SameInputsGiveIdenticalBytesLater) {
  TempDir dir;
  write_results(dir / "a.h5", small_results(), small_identity(), small_meta());
  // HDF5 timestamps have one-second resolution; any left switched on would now differ.
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  write_results(dir / "b.h5", small_results(), small_identity(), small_meta());
  EXPECT_TRUE(read_bytes(dir / "a.h5") == read_bytes(dir / "b.h5"));
}

TEST(Hdf5Summary, DescribesRunAndSeries) {
  TempDir dir;
  write_results(dir / "run.h5", small_results(), small_identity(), small_meta());
  EXPECT_EQ(describe_results(read_results(dir / "run.h5")),
            "Scenario            baseline\n"
            "Engine version      0.1.0\n"
            "Seed                18446744073709551557\n"
            "Replications        2\n"
            "Start               2024-01\n"
            "End                 2024-04\n"
            "Steps               3 of 1 month\n"
            "Population          lcr_synthetic (fingerprint 9f2c4e1a)\n"
            "Sample              not recorded (no population section in /meta/scenario_json)\n"
            "Initial persons     1,561,320\n"
            "Initial households  650,112\n"
            "Run                 754.2 s (12 min 34 s) wall time on 8 threads, node-17, "
            "2025-03-01T12:00:00Z\n"
            "Inputs              fingerprint 0123456789abcdef over 2 inputs (h5dump -a "
            "/meta/inputs lists them)\n"
            "\n"
            "Series (replication 0, total over all cells: first -> last time point)\n"
            "series      kind   unit     dims                 first -> last\n"
            "population  stock  persons  council(3) x sex(2)  12,003 -> 12,183\n"
            "costs_gbp   flow   GBP      council(3)           7,407.00 -> 7,407.60\n");
}

// The sampling fraction is the resolved scenario's population.scale, said with what it means.
TEST(Hdf5Summary, SaysWhatShareOfThePopulationWasSimulated) {
  TempDir dir;
  RunMeta meta = small_meta();
  meta.scenario_json =
      R"({"name": "baseline", "population": {"source": "lcr_synthetic", "scale": 0.05}})";
  write_results(dir / "run.h5", small_results(), small_identity(), meta);
  const std::string text = describe_results(read_results(dir / "run.h5"));
  EXPECT_NE(
      text.find("\nSample              5% of the population (scale 0.05): totals in this file "
                "are about 1/20 of the whole population's; civicsim evaluate scales them up, "
                "and a scaled-up count of 1,000 carries a Monte Carlo standard error of about 141"),
      std::string::npos)
      << text;
}

}  // namespace
}  // namespace civicsim
