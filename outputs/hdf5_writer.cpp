// Writes RunResults to an HDF5 result file; see hdf5_writer.hpp and outputs/README.md for the
// layout.
//
// Three stages: check that the results are consistent (before any file exists), build the layout
// in memory, then write its bytes with write_file_atomically (temporary file, every write checked,
// sync, rename; engine/core/output_target.hpp). Determinism comes from switching off
// HDF5's object timestamps, pinning the file format to the HDF5 1.8 object versions (so a library
// upgrade does not change the bytes, and any HDF5 since 1.8 can read the file) and using explicit
// little-endian file types.
#include "outputs/hdf5_writer.hpp"

#include <algorithm>
#include <cmath>
#include <set>
#include <stdexcept>
#include <string>
#include <system_error>
#include <type_traits>
#include <vector>

#include "engine/core/output_target.hpp"
#include "outputs/hdf5_support.hpp"
#include "outputs/result_layout.hpp"
#include "outputs/result_margins.hpp"
#include "outputs/result_seal.hpp"

namespace civicsim {
namespace {

namespace fs = std::filesystem;
using hdf5::Handle;

// Chunks are at most this big so that a chunk fits HDF5's default 1 MiB chunk cache: readers
// slicing a series then decompress each chunk once.
constexpr hsize_t kMaxChunkBytes = hsize_t{1} << 20;
// HDF5's documented balance of speed and size; shuffle first groups the bytes of similar numbers.
constexpr unsigned kDeflateLevel = 4;

[[noreturn]] void fail(const fs::path& file, const std::string& what) {
  throw std::runtime_error("cannot write results file " + file.string() + ": " + what);
}

// Same, adding the HDF5 library's own reason for the failed call.
[[noreturn]] void fail_hdf5(const fs::path& file, const std::string& what) {
  const std::string detail = hdf5::hdf5_error_detail();
  fail(file, what + (detail.empty() ? "" : " (HDF5: " + detail + ")"));
}

// A name that becomes an HDF5 link name must be a single, non-empty path component.
void check_link_name(const fs::path& file, const std::string& what, const std::string& name) {
  if (name.empty() || name == "." || name.find('/') != std::string::npos)
    fail(file,
         what + " name \"" + name + "\" cannot be used as an HDF5 name (empty, \".\" or has '/')");
}

// Everything that would make the file inconsistent is caught here, before anything is written.
void validate(const fs::path& file, const RunResults& results, const RunIdentity& identity) {
  if (results.replications < 0) fail(file, "negative replication count");
  if (results.replications != identity.replications)
    fail(file, "results hold " + std::to_string(results.replications) +
                   " replications but the run identity says " +
                   std::to_string(identity.replications));
  std::set<std::string> seen;
  for (const auto& d : results.dimensions) {
    check_link_name(file, "dimension", d.name);
    if (!seen.insert(d.name).second) fail(file, "dimension \"" + d.name + "\" is declared twice");
  }
  if (results.values.size() != results.series.size())
    fail(file, std::to_string(results.series.size()) + " series declared but values for " +
                   std::to_string(results.values.size()));
  seen.clear();
  for (size_t s = 0; s < results.series.size(); ++s) {
    const SeriesDecl& decl = results.series[s];
    check_link_name(file, "series", decl.name);
    if (!seen.insert(decl.name).second)
      fail(file, "series \"" + decl.name + "\" is declared twice");
    for (const auto& dim : decl.dims) {
      bool known = false;
      for (const auto& d : results.dimensions) known = known || d.name == dim;
      if (!known)
        fail(file, "series \"" + decl.name + "\" uses undeclared dimension \"" + dim + "\"");
    }
    if (results.values[s].size() != static_cast<size_t>(results.replications))
      fail(file, "series \"" + decl.name + "\" has values for " +
                     std::to_string(results.values[s].size()) + " replications, expected " +
                     std::to_string(results.replications));
    const size_t expected = results.time_points(s) * results.cells(s);
    for (size_t r = 0; r < results.values[s].size(); ++r)
      if (results.values[s][r].size() != expected)
        fail(file, "series \"" + decl.name + "\" replication " + std::to_string(r) + " has " +
                       std::to_string(results.values[s][r].size()) + " values, expected " +
                       std::to_string(expected) + " (" + std::to_string(results.time_points(s)) +
                       " time points x " + std::to_string(results.cells(s)) + " cells)");
    // An infinity or NaN (from a sum that overflowed, or a numeric expression that divides by
    // zero) is no result: refused here, so no file ever holds one (hdf5_reader.cpp refuses them).
    const size_t cells = std::max<size_t>(results.cells(s), 1);
    for (size_t r = 0; r < results.values[s].size(); ++r)
      for (size_t i = 0; i < results.values[s][r].size(); ++i) {
        const double v = results.values[s][r][i];
        if (!std::isfinite(v))
          fail(file, "series \"" + decl.name + "\" replication " + std::to_string(r) + " holds " +
                         (std::isnan(v) ? "NaN" : "an infinite value") + " at time point " +
                         std::to_string(i / cells) + ", cell " + std::to_string(i % cells) +
                         ": a number in the scenario is too large, or an expression divides by "
                         "zero");
      }
  }
}

// Largest chunk shape within kMaxChunkBytes: one replication's whole block if it fits, otherwise the
// block with its largest extents halved in turn (deterministic, so the bytes do not vary).
std::vector<hsize_t> chunk_shape(const std::vector<hsize_t>& dims) {
  std::vector<hsize_t> chunk = dims;
  chunk[0] = 1;
  auto bytes = [&chunk] {
    hsize_t n = sizeof(double);
    for (hsize_t c : chunk) n *= c;
    return n;
  };
  while (bytes() > kMaxChunkBytes) {
    size_t largest = 1;
    for (size_t i = 2; i < chunk.size(); ++i)
      if (chunk[i] > chunk[largest]) largest = i;
    if (chunk[largest] <= 1) break;
    chunk[largest] = (chunk[largest] + 1) / 2;
  }
  return chunk;
}

bool filter_can_encode(H5Z_filter_t filter) {
  if (H5Zfilter_avail(filter) <= 0) return false;
  unsigned config = 0;
  return H5Zget_filter_info(filter, &config) >= 0 && (config & H5Z_FILTER_CONFIG_ENCODE_ENABLED);
}

// Writes the layout into one open file. Every failed call throws, naming the final file (the one
// the user asked for) and the HDF5 path being written.
class LayoutWriter {
 public:
  LayoutWriter(const fs::path& file, hid_t h5file) : file_(file), h5file_(h5file) {}

  void write(const RunResults& results, const RunIdentity& identity, const RunMeta& meta) {
    const hid_t root = h5file_;
    write_string_attr(root, "/", layout::kFormatAttr, layout::kFormatName);
    write_attr(root, "/", layout::kFormatVersionAttr, layout::kFormatVersion);
    write_string_attr(root, "/", "scenario_name", identity.scenario_name);
    write_string_attr(root, "/", "population_source", identity.population_source);
    write_string_attr(root, "/", "population_fingerprint", identity.population_fingerprint);
    write_string_attr(root, "/", "start", identity.start);
    write_attr(root, "/", "step_months", identity.step_months);
    write_attr(root, "/", "steps", identity.steps);
    write_attr(root, "/", "seed", identity.seed);
    write_attr(root, "/", "replications", identity.replications);
    write_attr(root, "/", "initial_persons", identity.initial_persons);
    write_attr(root, "/", "initial_households", identity.initial_households);

    write_string_dataset(root, layout::kTimePath, results.time);
    {
      Handle group = create_group(layout::kDimensionsGroup);
      for (const auto& d : results.dimensions)
        write_string_dataset(group.get(), std::string(layout::kDimensionsGroup) + "/" + d.name,
                             d.labels);
    }
    {
      Handle group = create_group(layout::kResultsGroup);
      for (size_t s = 0; s < results.series.size(); ++s)
        write_series(group.get(), results, s, layout::kResultsGroup);
    }
    {
      const RunResults margins = margins_of(results);
      Handle group = create_group(layout::kMarginsGroup);
      for (size_t s = 0; s < margins.series.size(); ++s)
        write_series(group.get(), margins, s, layout::kMarginsGroup);
    }
    Handle group = create_group(layout::kMetaGroup);
    const hid_t g = group.get();
    const std::string path = layout::kMetaGroup;
    write_string_attr(g, path, "engine_version", meta.engine_version);
    write_attr(g, path, "seed", meta.seed);
    write_string_attr(g, path, "scenario_json", meta.scenario_json);
    if (!meta.scenario_constants.empty())
      write_string_attr(g, path, "scenario_constants", meta.scenario_constants);
    write_string_attr(g, path, "scenario_file", meta.scenario_file);
    write_attr(g, path, "threads", meta.threads);
    write_attr(g, path, "wall_time_s", meta.wall_time_s);
    write_attr(g, path, "population_build_s", meta.population_build_s);
    write_attr(g, path, "simulation_s", meta.simulation_s);
    write_attr(g, path, "peak_rss_bytes", static_cast<int64_t>(meta.peak_rss_bytes));
    write_string_attr(g, path, "host", meta.host);
    write_string_attr(g, path, "timestamp_utc", meta.timestamp_utc);
    write_string_attr(g, path, "command_line", meta.command_line);
    write_string_attr(g, path, "input_fingerprint", meta.input_fingerprint);
    std::vector<const char*> inputs;
    for (const std::string& line : meta.inputs) inputs.push_back(line.c_str());
    if (!inputs.empty()) write_strings_attr(g, path, "inputs", inputs);
  }

 private:
  Handle check(hid_t id, Handle::Closer closer, const std::string& what) const {
    if (id < 0) fail_hdf5(file_, what);
    return Handle(id, closer);
  }
  void check(herr_t status, const std::string& what) const {
    if (status < 0) fail_hdf5(file_, what);
  }

  // Timestamps off on every object we create: they would make identical runs differ.
  Handle untimed_plist(hid_t plist_class, const std::string& path) const {
    Handle plist = check(H5Pcreate(plist_class), H5Pclose, "creating properties for " + path);
    check(H5Pset_obj_track_times(plist.get(), 0), "disabling timestamps for " + path);
    return plist;
  }

  Handle create_group(const std::string& path) const {
    Handle gcpl = untimed_plist(H5P_GROUP_CREATE, path);
    // Creation order is kept so that readers list dimensions and series in declaration order.
    check(H5Pset_link_creation_order(gcpl.get(), H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED),
          "tracking creation order for " + path);
    return check(H5Gcreate2(h5file_, path.c_str(), H5P_DEFAULT, gcpl.get(), H5P_DEFAULT), H5Gclose,
                 "creating group " + path);
  }

  template <typename T>
  void write_attr(hid_t obj, const std::string& path, const char* name, T value) const {
    hid_t file_type, mem_type;
    if constexpr (std::is_same_v<T, double>) {
      file_type = H5T_IEEE_F64LE;
      mem_type = H5T_NATIVE_DOUBLE;
    } else if constexpr (std::is_same_v<T, int>) {
      file_type = H5T_STD_I32LE;
      mem_type = H5T_NATIVE_INT;
    } else if constexpr (std::is_same_v<T, int64_t>) {
      file_type = H5T_STD_I64LE;
      mem_type = H5T_NATIVE_INT64;
    } else {
      static_assert(std::is_same_v<T, uint64_t>);
      file_type = H5T_STD_U64LE;
      mem_type = H5T_NATIVE_UINT64;
    }
    const std::string what = "writing attribute " + std::string(name) + " of " + path;
    Handle space = check(H5Screate(H5S_SCALAR), H5Sclose, what);
    Handle attr = check(H5Acreate2(obj, name, file_type, space.get(), H5P_DEFAULT, H5P_DEFAULT),
                        H5Aclose, what);
    check(H5Awrite(attr.get(), mem_type, &value), what);
  }

  void write_string_attr(hid_t obj, const std::string& path, const char* name,
                         const std::string& value) const {
    const char* text = value.c_str();
    write_strings_attr(obj, path, name, {text}, /*scalar=*/true);
  }

  void write_strings_attr(hid_t obj, const std::string& path, const char* name,
                          const std::vector<const char*>& texts, bool scalar = false) const {
    const std::string what = "writing attribute " + std::string(name) + " of " + path;
    Handle type = hdf5::utf8_string_type();
    const hsize_t n = texts.size();
    Handle space =
        check(scalar ? H5Screate(H5S_SCALAR) : H5Screate_simple(1, &n, nullptr), H5Sclose, what);
    Handle attr = check(H5Acreate2(obj, name, type.get(), space.get(), H5P_DEFAULT, H5P_DEFAULT),
                        H5Aclose, what);
    check(H5Awrite(attr.get(), type.get(), texts.data()), what);
  }

  void write_string_dataset(hid_t parent, const std::string& path,
                            const std::vector<std::string>& labels) const {
    const std::string what = "writing dataset " + path;
    Handle type = hdf5::utf8_string_type();
    const hsize_t n = labels.size();
    Handle space = check(H5Screate_simple(1, &n, nullptr), H5Sclose, what);
    Handle dcpl = untimed_plist(H5P_DATASET_CREATE, path);
    const std::string name = fs::path(path).filename().string();
    Handle dataset = check(H5Dcreate2(parent, name.c_str(), type.get(), space.get(), H5P_DEFAULT,
                                      dcpl.get(), H5P_DEFAULT),
                           H5Dclose, what);
    if (n == 0) return;
    std::vector<const char*> texts;
    texts.reserve(labels.size());
    for (const auto& l : labels) texts.push_back(l.c_str());
    check(H5Dwrite(dataset.get(), type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, texts.data()), what);
  }

  void write_series(hid_t group, const RunResults& results, size_t s,
                    const char* group_path) const {
    const SeriesDecl& decl = results.series[s];
    const std::string path = std::string(group_path) + "/" + decl.name;
    const std::string what = "writing dataset " + path;

    std::vector<hsize_t> dims{static_cast<hsize_t>(results.replications)};
    for (size_t extent : results.shape(s)) dims.push_back(extent);
    hsize_t elements = 1;
    for (hsize_t d : dims) elements *= d;

    Handle dcpl = untimed_plist(H5P_DATASET_CREATE, path);
    // Chunking needs every extent positive; an empty series is stored contiguous, with no data.
    if (elements > 0) {
      const std::vector<hsize_t> chunk = chunk_shape(dims);
      check(H5Pset_chunk(dcpl.get(), static_cast<int>(chunk.size()), chunk.data()),
            "setting chunks for " + path);
      if (filter_can_encode(H5Z_FILTER_SHUFFLE) && filter_can_encode(H5Z_FILTER_DEFLATE)) {
        check(H5Pset_shuffle(dcpl.get()), "setting shuffle filter for " + path);
        check(H5Pset_deflate(dcpl.get(), kDeflateLevel), "setting deflate filter for " + path);
      }
    }
    Handle space = check(H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr),
                         H5Sclose, what);
    const hid_t file_type = decl.integer ? H5T_STD_I64LE : H5T_IEEE_F64LE;
    Handle dataset = check(H5Dcreate2(group, decl.name.c_str(), file_type, space.get(), H5P_DEFAULT,
                                      dcpl.get(), H5P_DEFAULT),
                           H5Dclose, what);
    write_series_attrs(dataset.get(), path, decl);
    if (elements == 0) return;

    // One replication per write: it is a whole number of chunks, and the memory block is the
    // replication's own array, so nothing is copied for float series. The memory space has the
    // selection's shape (1 x the series' extents): with a flat one, HDF5 maps every element to its
    // chunk one by one, which cost more than compressing them.
    std::vector<hsize_t> start(dims.size(), 0);
    std::vector<hsize_t> count = dims;
    count[0] = 1;
    Handle mem_space = check(
        H5Screate_simple(static_cast<int>(count.size()), count.data(), nullptr), H5Sclose, what);
    std::vector<int64_t> integers;
    for (size_t r = 0; r < results.values[s].size(); ++r) {
      const std::string where = what + " (replication " + std::to_string(r) + ")";
      start[0] = r;
      check(H5Sselect_hyperslab(space.get(), H5S_SELECT_SET, start.data(), nullptr, count.data(),
                                nullptr),
            where);
      const std::vector<double>& values = results.values[s][r];
      const void* buffer = values.data();
      hid_t mem_type = H5T_NATIVE_DOUBLE;
      if (decl.integer) {
        integers.resize(values.size());
        for (size_t i = 0; i < values.size(); ++i) integers[i] = to_int64(path, r, i, values[i]);
        buffer = integers.data();
        mem_type = H5T_NATIVE_INT64;
      }
      check(H5Dwrite(dataset.get(), mem_type, mem_space.get(), space.get(), H5P_DEFAULT, buffer),
            where);
    }
  }

  void write_series_attrs(hid_t dataset, const std::string& path, const SeriesDecl& decl) const {
    write_string_attr(dataset, path, layout::kUnitAttr, decl.unit);
    write_string_attr(dataset, path, layout::kKindAttr,
                      decl.kind == SeriesKind::kStock ? layout::kStock : layout::kFlow);
    write_string_attr(dataset, path, layout::kDescriptionAttr, decl.description);
    std::vector<const char*> dims{layout::kReplicationDim, layout::kTimeDim};
    for (const auto& d : decl.dims) dims.push_back(d.c_str());
    write_strings_attr(dataset, path, layout::kDimsAttr, dims);
  }

  // Counts are exact in a double up to 2^53, so a value that is not a whole number in int64 range
  // is a bug upstream; storing it rounded would hide that.
  int64_t to_int64(const std::string& path, size_t r, size_t i, double v) const {
    constexpr double kLimit = 9223372036854775808.0;  // 2^63
    if (!(std::trunc(v) == v && v >= -kLimit && v < kLimit))
      fail(file_, path + " is an integer series but replication " + std::to_string(r) +
                      ", element " + std::to_string(i) + " holds " + std::to_string(v));
    return static_cast<int64_t>(v);
  }

  const fs::path& file_;
  hid_t h5file_;
};

// Builds the whole file in `memory` (see hdf5::InMemoryFile for why HDF5 does not write it).
void build_in_memory(hdf5::InMemoryFile& memory, const fs::path& file, const RunResults& results,
                     const RunIdentity& identity, const RunMeta& meta) {
  Handle fcpl(H5Pcreate(H5P_FILE_CREATE), H5Pclose);
  if (!fcpl.valid() || !memory.valid() || H5Pset_obj_track_times(fcpl.get(), 0) < 0 ||
      H5Pset_libver_bounds(memory.access(), H5F_LIBVER_V18, H5F_LIBVER_V18) < 0 ||
      H5Pset_fclose_degree(memory.access(), H5F_CLOSE_SEMI) < 0)
    fail_hdf5(file, "setting file properties");
  const std::string name = hdf5::InMemoryFile::name_for(file.filename().string());
  Handle h5file(H5Fcreate(name.c_str(), H5F_ACC_TRUNC, fcpl.get(), memory.access()), H5Fclose);
  if (!h5file.valid()) fail_hdf5(file, "creating the file in memory");
  LayoutWriter(file, h5file.get()).write(results, identity, meta);
  // Closing flushes everything; with H5F_CLOSE_SEMI it also fails if an object was left open.
  if (h5file.close() < 0) fail_hdf5(file, "closing the file in memory");
}

}  // namespace

void write_results(const fs::path& file, const RunResults& results, const RunIdentity& identity,
                   const RunMeta& meta) {
  validate(file, results, identity);
  check_file_target(file);
  hdf5::InMemoryFile memory;
  std::string_view bytes;
  {
    hdf5::QuietHdf5Errors quiet;
    build_in_memory(memory, file, results, identity, meta);
    try {
      bytes = memory.bytes();
    } catch (const std::runtime_error& e) {
      fail(file, e.what());
    }
  }
  write_file_atomically(file, {bytes, result_seal(bytes)}, "results file");
}

}  // namespace civicsim
