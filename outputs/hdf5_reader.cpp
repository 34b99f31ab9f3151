// Reads an HDF5 result file into RunResults, RunIdentity and RunMeta; see hdf5_reader.hpp.
//
// Problems that mean "this is not a civicsim result file at all" (missing, not HDF5, wrong format
// name or version) stop at once. Past that, every missing or malformed item is collected and
// reported together, so a damaged file is described in one message rather than one fault per run.
#include "outputs/hdf5_reader.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <system_error>
#include <type_traits>
#include <vector>

#include "engine/core/input_error.hpp"
#include "engine/core/input_file.hpp"
#include "engine/core/memory_room.hpp"
#include "outputs/hdf5_support.hpp"
#include "outputs/result_layout.hpp"
#include "outputs/result_seal.hpp"

namespace civicsim {
namespace {

namespace fs = std::filesystem;
using hdf5::Handle;

// Reads `n` strings of file type `type` through `read(mem_type, buffer)`, which is H5Aread or
// H5Dread. Variable- and fixed-length strings are both accepted, so files edited with other
// tools (h5py writes variable-length, many others fixed-length) still read.
template <typename ReadFn>
std::optional<std::vector<std::string>> read_strings(hid_t type, hid_t space, size_t n,
                                                     ReadFn read) {
  if (H5Tget_class(type) != H5T_STRING) return std::nullopt;
  Handle mem_type(H5Tcopy(type), H5Tclose);
  if (!mem_type.valid()) return std::nullopt;
  std::vector<std::string> out;
  out.reserve(n);
  if (H5Tis_variable_str(type) > 0) {
    std::vector<char*> buffer(n, nullptr);
    if (n > 0 && read(mem_type.get(), buffer.data()) < 0) return std::nullopt;
    for (char* text : buffer) out.emplace_back(text == nullptr ? "" : text);
    if (n > 0) H5Dvlen_reclaim(mem_type.get(), space, H5P_DEFAULT, buffer.data());
    return out;
  }
  const size_t size = H5Tget_size(type);
  if (size == 0) return std::nullopt;
  std::vector<char> buffer(n * size);
  if (n > 0 && read(mem_type.get(), buffer.data()) < 0) return std::nullopt;
  const bool space_padded = H5Tget_strpad(type) == H5T_STR_SPACEPAD;
  for (size_t i = 0; i < n; ++i) {
    std::string text(buffer.data() + i * size, size);
    text.resize(text.find('\0') == std::string::npos ? size : text.find('\0'));
    if (space_padded) text.erase(text.find_last_not_of(' ') + 1);
    out.push_back(std::move(text));
  }
  return out;
}

size_t element_count(hid_t space) {
  const hssize_t n = H5Sget_simple_extent_npoints(space);
  return n < 0 ? 0 : static_cast<size_t>(n);
}

std::string shape_text(const std::vector<hsize_t>& dims) {
  std::string s;
  for (hsize_t d : dims) s += "[" + std::to_string(d) + "]";
  return s.empty() ? "a scalar" : s;
}

class LayoutReader {
 public:
  LayoutReader(const fs::path& file, hid_t h5file, ReadOptions options)
      : file_(file.string()), h5file_(h5file), options_(std::move(options)), room_(memory_room()) {}

  ResultFile read() {
    check_format();
    ResultFile out;
    read_identity(out.identity);
    RunResults& results = out.results;
    results.replications = out.identity.replications;
    auto time = string_dataset(layout::kTimePath, "a dataset of \"YYYY-MM\" time labels");
    if (time) results.time = std::move(*time);
    // Series shapes are checked against the replication count and the time labels, so only when
    // both were read.
    const bool shape_known = time && problems_.empty();
    for (const std::string& name : member_names(layout::kDimensionsGroup)) {
      const std::string path = std::string(layout::kDimensionsGroup) + "/" + name;
      if (auto labels = string_dataset(path, "a dataset of labels"))
        results.dimensions.push_back({name, std::move(*labels)});
    }
    for (const std::string& name : member_names(layout::kResultsGroup))
      if (!options_.series || options_.series(name))
        read_series(results, name, shape_known, layout::kResultsGroup);
    if (options_.margins && H5Lexists(h5file_, layout::kMarginsGroup, H5P_DEFAULT) > 0) {
      out.margins.dimensions = results.dimensions;
      out.margins.time = results.time;
      out.margins.replications = results.replications;
      for (const std::string& name : member_names(layout::kMarginsGroup))
        if (!options_.margin_series || options_.margin_series(name))
          read_series(out.margins, name, shape_known, layout::kMarginsGroup);
    }
    read_meta(out.meta);
    problems_.throw_if_any();
    return out;
  }

  // The scenario that wrote the file, whatever its format version: only the format name and the
  // root attribute scenario_name are read.
  std::string scenario_name() {
    check_format(/*any_version=*/true);
    auto name = string_attr(h5file_, "/", "scenario_name");
    problems_.throw_if_any();
    return name.value_or("");
  }

 private:
  void problem(const std::string& location, std::string expected, std::string found) {
    problems_.add(file_, location, std::move(expected), std::move(found));
  }

  // Without the format name and a known version nothing else in the file can be trusted.
  void check_format(bool any_version = false) {
    const std::string expected =
        "attribute \"format\" = \"" + std::string(layout::kFormatName) + "\"";
    auto format = string_attr(h5file_, "/", layout::kFormatAttr, /*report=*/false);
    if (!format) {
      problem("/", expected, "no attribute \"format\", so not a civicsim result file");
    } else if (*format != layout::kFormatName) {
      problem("/", expected, "format = \"" + *format + "\"");
    } else if (!any_version) {
      auto version = number_attr<int64_t>(h5file_, "/", layout::kFormatVersionAttr);
      if (version && *version != layout::kFormatVersion)
        problem("/", "format_version " + std::to_string(layout::kFormatVersion),
                "format_version " + std::to_string(*version));
    }
    problems_.throw_if_any();
  }

  void read_identity(RunIdentity& id) {
    const hid_t root = h5file_;
    set(id.scenario_name, string_attr(root, "/", "scenario_name"));
    set(id.population_source, string_attr(root, "/", "population_source"));
    set(id.population_fingerprint, string_attr(root, "/", "population_fingerprint"));
    set(id.start, string_attr(root, "/", "start"));
    set(id.step_months, number_attr<int>(root, "/", "step_months"));
    set(id.steps, number_attr<int>(root, "/", "steps"));
    set(id.seed, number_attr<uint64_t>(root, "/", "seed"));
    set(id.replications, number_attr<int>(root, "/", "replications"));
    set(id.initial_persons, number_attr<uint64_t>(root, "/", "initial_persons"));
    set(id.initial_households, number_attr<uint64_t>(root, "/", "initial_households"));
  }

  void read_meta(RunMeta& meta) {
    Handle group = open_group(layout::kMetaGroup);
    if (!group.valid()) return;
    const hid_t g = group.get();
    const std::string path = layout::kMetaGroup;
    set(meta.engine_version, string_attr(g, path, "engine_version"));
    set(meta.seed, number_attr<uint64_t>(g, path, "seed"));
    set(meta.scenario_json, string_attr(g, path, "scenario_json"));
    set(meta.scenario_file, string_attr(g, path, "scenario_file"));
    set(meta.threads, number_attr<int>(g, path, "threads"));
    set(meta.wall_time_s, number_attr<double>(g, path, "wall_time_s"));
    set(meta.population_build_s, number_attr<double>(g, path, "population_build_s"));
    set(meta.simulation_s, number_attr<double>(g, path, "simulation_s"));
    if (auto rss = number_attr<int64_t>(g, path, "peak_rss_bytes"))
      meta.peak_rss_bytes = static_cast<long>(*rss);
    set(meta.host, string_attr(g, path, "host"));
    set(meta.timestamp_utc, string_attr(g, path, "timestamp_utc"));
    set(meta.command_line, string_attr(g, path, "command_line"));
    // Optional: files written before inputs were recorded have neither.
    set(meta.input_fingerprint, string_attr(g, path, "input_fingerprint", /*report=*/false));
    set(meta.inputs, attr_strings(g, path, "inputs", /*scalar=*/false, /*report=*/false));
    // Optional: written only where some number was written as a constant expression.
    set(meta.scenario_constants, string_attr(g, path, "scenario_constants", /*report=*/false));
  }

  void read_series(RunResults& results, const std::string& name, bool shape_known,
                   const char* group) {
    const std::string path = std::string(group) + "/" + name;
    Handle dataset = open_dataset(path, "a dataset of values");
    if (!dataset.valid()) return;
    const hid_t ds = dataset.get();
    SeriesDecl decl;
    decl.name = name;
    set(decl.unit, string_attr(ds, path, layout::kUnitAttr));
    set(decl.description, string_attr(ds, path, layout::kDescriptionAttr));
    const std::string kind_expected =
        "attribute \"kind\" = \"" + std::string(layout::kStock) + "\" or \"" + layout::kFlow + "\"";
    if (auto kind = string_attr(ds, path, layout::kKindAttr, /*report=*/false)) {
      if (*kind == layout::kStock) {
        decl.kind = SeriesKind::kStock;
      } else if (*kind == layout::kFlow) {
        decl.kind = SeriesKind::kFlow;
      } else {
        problem(path, kind_expected, "kind = \"" + *kind + "\"");
      }
    } else {
      problem(path, kind_expected, "no string attribute \"kind\"");
    }
    auto dims = strings_attr(ds, path, layout::kDimsAttr);
    if (!dims) return;
    if (dims->size() < 2 || (*dims)[0] != layout::kReplicationDim || (*dims)[1] != layout::kTimeDim)
      return problem(path, "attribute \"dims\" starting \"replication\", \"time\"",
                     "dims starting \"" + (dims->empty() ? "" : dims->front()) + "\"");
    decl.dims.assign(dims->begin() + 2, dims->end());

    Handle type(H5Dget_type(ds), H5Tclose);
    const H5T_class_t type_class = type.valid() ? H5Tget_class(type.get()) : H5T_NO_CLASS;
    if (type_class != H5T_INTEGER && type_class != H5T_FLOAT)
      return problem(path, "an int64 or float64 dataset", "a dataset of another type");
    decl.integer = type_class == H5T_INTEGER;

    // The stored shape must match the declaration: [replication][time][dims...].
    std::vector<hsize_t> expected{static_cast<hsize_t>(results.replications)};
    const size_t points = results.time.size();
    expected.push_back(decl.kind == SeriesKind::kStock ? points : (points == 0 ? 0 : points - 1));
    for (const auto& dim : decl.dims) {
      const Dimension* d = nullptr;
      for (const auto& candidate : results.dimensions)
        if (candidate.name == dim) d = &candidate;
      if (d == nullptr)
        return problem(path, "dimension \"" + dim + "\" to be listed under /dimensions",
                       "no such dimension");
      expected.push_back(d->labels.size());
    }
    Handle space(H5Dget_space(ds), H5Sclose);
    const int rank = space.valid() ? H5Sget_simple_extent_ndims(space.get()) : -1;
    std::vector<hsize_t> found(rank < 0 ? 0 : static_cast<size_t>(rank));
    if (rank >= 0) H5Sget_simple_extent_dims(space.get(), found.data(), nullptr);
    if (!shape_known) return;  // the cause is already reported
    if (found != expected)
      return problem(path, "shape " + shape_text(expected) + " (replication x time x dims)",
                     "shape " + shape_text(found));

    size_t elements = 1;
    for (hsize_t d : expected) elements = saturating_product(elements, d);
    // The values, the buffer they are read into, and a vector per replication.
    if (!afford(path, saturating_product(elements, 2 * sizeof(double))) ||
        !afford(path, saturating_product(expected[0], sizeof(std::vector<double>))))
      return;
    const size_t index = results.series.size();
    results.series.push_back(std::move(decl));
    results.values.emplace_back(expected[0]);
    read_values(path, ds, space.get(), results.series[index].integer, results.values[index]);
  }

  // The whole dataset in one read (a read per replication costs HDF5's selection machinery once
  // per replication, which dominates for many small replications) into a buffer that is not
  // zero-filled first, then copied out by replication: each value is written once and copied once.
  void read_values(const std::string& path, hid_t ds, hid_t space, bool integer,
                   std::vector<std::vector<double>>& values) {
    std::vector<hsize_t> dims(static_cast<size_t>(H5Sget_simple_extent_ndims(space)));
    H5Sget_simple_extent_dims(space, dims.data(), nullptr);
    size_t per_replication = 1;
    for (size_t i = 1; i < dims.size(); ++i) per_replication *= static_cast<size_t>(dims[i]);
    const size_t total = per_replication * values.size();
    if (total == 0) {
      for (auto& v : values) v.clear();
      return;
    }
    const herr_t status = integer
                              ? read_split<int64_t>(ds, H5T_NATIVE_INT64, per_replication, values)
                              : read_split<double>(ds, H5T_NATIVE_DOUBLE, per_replication, values);
    if (status < 0)
      return problem(path, "readable values",
                     "an unreadable dataset (" + hdf5::hdf5_error_detail() + ")");
    // The writer stores finite values only; an infinity or NaN here would flow into every sum
    // (an infinite margin of both arms was read as no effect at all).
    for (size_t r = 0; r < values.size(); ++r)
      for (size_t i = 0; i < values[r].size(); ++i)
        if (!std::isfinite(values[r][i]))
          return problem(path, "finite values",
                         std::string(std::isnan(values[r][i]) ? "NaN" : "an infinite value") +
                             " at replication " + std::to_string(r) + ", element " +
                             std::to_string(i));
  }

  // Whether `bytes` more of memory, with what this file has taken so far, fit in the room this
  // process has (memory_room.hpp); a dataset that does not is a problem at `path`, not read. A
  // small file may declare a huge dataset (compressed, or never written), so the declared shape
  // is what counts.
  bool afford(const std::string& path, size_t bytes) {
    taken_ = bytes > SIZE_MAX - taken_ ? SIZE_MAX : taken_ + bytes;
    if (!room_ || taken_ <= room_->bytes) return true;
    problem(path,
            "data that fits in memory (" + bytes_text(room_->bytes) +
                " available: " + room_->source + ")",
            "a dataset needing " + bytes_text(bytes) + " (" + bytes_text(taken_) +
                " with what this file needs before it)");
    return false;
  }

  static size_t saturating_product(size_t a, size_t b) {
    return b != 0 && a > SIZE_MAX / b ? SIZE_MAX : a * b;
  }

  // Reads dataset ds as T into one buffer, then copies replication r's block into values[r].
  template <typename T>
  static herr_t read_split(hid_t ds, hid_t type, size_t per_replication,
                           std::vector<std::vector<double>>& values) {
    const std::unique_ptr<T[]> all(new T[per_replication * values.size()]);
    const herr_t status = H5Dread(ds, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, all.get());
    for (size_t r = 0; r < values.size() && status >= 0; ++r)
      values[r].assign(all.get() + r * per_replication, all.get() + (r + 1) * per_replication);
    return status;
  }

  template <typename T>
  static void set(T& field, std::optional<T> value) {
    if (value) field = std::move(*value);
  }

  Handle open_group(const std::string& path) {
    if (H5Lexists(h5file_, path.c_str(), H5P_DEFAULT) <= 0) {
      problem(path, "a group", "no group");
      return Handle();
    }
    Handle group(H5Gopen2(h5file_, path.c_str(), H5P_DEFAULT), H5Gclose);
    if (!group.valid()) problem(path, "a group", "something that is not a group");
    return group;
  }

  Handle open_dataset(const std::string& path, const std::string& expected) {
    if (H5Lexists(h5file_, path.c_str(), H5P_DEFAULT) <= 0) {
      problem(path, expected, "no dataset");
      return Handle();
    }
    Handle dataset(H5Dopen2(h5file_, path.c_str(), H5P_DEFAULT), H5Dclose);
    if (!dataset.valid()) problem(path, expected, "something that is not a dataset");
    return dataset;
  }

  // Member names in creation order (the order the writer declared them), or by name for files
  // written without a creation-order index.
  std::vector<std::string> member_names(const std::string& path) {
    std::vector<std::string> names;
    Handle group = open_group(path);
    if (!group.valid()) return names;
    H5G_info_t info;
    if (H5Gget_info(group.get(), &info) < 0) return names;
    const H5_index_t index =
        info.max_corder > 0 || info.nlinks == 0 ? H5_INDEX_CRT_ORDER : H5_INDEX_NAME;
    for (hsize_t i = 0; i < info.nlinks; ++i) {
      ssize_t size =
          H5Lget_name_by_idx(group.get(), ".", index, H5_ITER_INC, i, nullptr, 0, H5P_DEFAULT);
      if (size < 0) {
        problem(path, "a readable group", "a member whose name cannot be read");
        return {};
      }
      std::string name(static_cast<size_t>(size) + 1, '\0');
      H5Lget_name_by_idx(group.get(), ".", index, H5_ITER_INC, i, name.data(), name.size(),
                         H5P_DEFAULT);
      name.resize(static_cast<size_t>(size));
      names.push_back(std::move(name));
    }
    return names;
  }

  std::optional<std::vector<std::string>> string_dataset(const std::string& path,
                                                         const std::string& expected) {
    Handle dataset = open_dataset(path, expected);
    if (!dataset.valid()) return std::nullopt;
    Handle type(H5Dget_type(dataset.get()), H5Tclose);
    Handle space(H5Dget_space(dataset.get()), H5Sclose);
    std::optional<std::vector<std::string>> labels;
    const bool shape_ok =
        type.valid() && space.valid() && H5Sget_simple_extent_ndims(space.get()) == 1;
    if (shape_ok &&
        !afford(path, saturating_product(element_count(space.get()),
                                         H5Tget_size(type.get()) + sizeof(std::string))))
      return std::nullopt;
    if (shape_ok)
      labels = read_strings(
          type.get(), space.get(), element_count(space.get()), [&](hid_t mem, void* buf) {
            return H5Dread(dataset.get(), mem, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf);
          });
    if (!labels) problem(path, expected + " (1-D strings)", "a dataset of another type or shape");
    return labels;
  }

  // Opens attribute `name` of `obj`, reporting its absence.
  Handle open_attr(hid_t obj, const std::string& path, const char* name,
                   const std::string& expected, bool report = true) {
    if (H5Aexists(obj, name) <= 0) {
      if (report) problem(path, expected, "no attribute \"" + std::string(name) + "\"");
      return Handle();
    }
    return Handle(H5Aopen(obj, name, H5P_DEFAULT), H5Aclose);
  }

  std::optional<std::vector<std::string>> attr_strings(hid_t obj, const std::string& path,
                                                       const char* name, bool scalar, bool report) {
    const std::string expected =
        std::string(scalar ? "a string attribute \"" : "a string array attribute \"") + name + "\"";
    Handle attr = open_attr(obj, path, name, expected, report);
    if (!attr.valid()) return std::nullopt;
    Handle type(H5Aget_type(attr.get()), H5Tclose);
    Handle space(H5Aget_space(attr.get()), H5Sclose);
    std::optional<std::vector<std::string>> texts;
    const int rank = space.valid() ? H5Sget_simple_extent_ndims(space.get()) : -1;
    if (type.valid() && (scalar ? rank == 0 : rank == 1))
      texts = read_strings(type.get(), space.get(), element_count(space.get()),
                           [&](hid_t mem, void* buf) { return H5Aread(attr.get(), mem, buf); });
    if (!texts && report)
      problem(path, expected, "attribute \"" + std::string(name) + "\" of another type or shape");
    return texts;
  }

  std::optional<std::string> string_attr(hid_t obj, const std::string& path, const char* name,
                                         bool report = true) {
    auto texts = attr_strings(obj, path, name, /*scalar=*/true, report);
    if (!texts) return std::nullopt;
    return std::move(texts->front());
  }

  std::optional<std::vector<std::string>> strings_attr(hid_t obj, const std::string& path,
                                                       const char* name) {
    return attr_strings(obj, path, name, /*scalar=*/false, /*report=*/true);
  }

  // A scalar number; HDF5 converts from whatever integer or float type the file holds.
  template <typename T>
  std::optional<T> number_attr(hid_t obj, const std::string& path, const char* name) {
    constexpr bool kFloat = std::is_floating_point_v<T>;
    const std::string expected =
        std::string(kFloat ? "a numeric attribute \"" : "an integer attribute \"") + name + "\"";
    Handle attr = open_attr(obj, path, name, expected);
    if (!attr.valid()) return std::nullopt;
    Handle type(H5Aget_type(attr.get()), H5Tclose);
    Handle space(H5Aget_space(attr.get()), H5Sclose);
    const H5T_class_t type_class = type.valid() ? H5Tget_class(type.get()) : H5T_NO_CLASS;
    const bool type_ok = type_class == H5T_INTEGER || (kFloat && type_class == H5T_FLOAT);
    T value{};
    hid_t mem_type = H5T_NATIVE_DOUBLE;
    if constexpr (std::is_same_v<T, int>) mem_type = H5T_NATIVE_INT;
    if constexpr (std::is_same_v<T, int64_t>) mem_type = H5T_NATIVE_INT64;
    if constexpr (std::is_same_v<T, uint64_t>) mem_type = H5T_NATIVE_UINT64;
    if (type_ok && space.valid() && element_count(space.get()) == 1 &&
        H5Aread(attr.get(), mem_type, &value) >= 0)
      return value;
    problem(path, expected, "attribute \"" + std::string(name) + "\" of another type or shape");
    return std::nullopt;
  }

  std::string file_;
  hid_t h5file_;
  ReadOptions options_;
  DiagnosticList problems_;
  std::optional<MemoryRoom> room_;  // nothing: unknown, so not checked
  size_t taken_ = 0;                // bytes the datasets read so far take
};

}  // namespace

namespace {

// Runs `use` on a LayoutReader of `file`, opened from the checked bytes in memory.
template <typename Use>
auto with_reader(const fs::path& file, const ReadOptions& options, Use use) {
  const std::string name = file.string();
  const std::string expected = "a civicsim result file (HDF5)";
  // The file is read once, whole (a FIFO or device is refused at once), its seal checked, and HDF5
  // opens the checked bytes from memory: a damaged file never reaches the library
  // (result_seal.hpp). HDF5 copies the image once more, hence half the memory room.
  const std::optional<MemoryRoom> room = memory_room();
  const std::string content = read_input_file(
      file, expected, room ? room->bytes / 2 : std::numeric_limits<uint64_t>::max());
  const std::string_view data = sealed_data(file, content);

  hdf5::QuietHdf5Errors quiet;
  Handle fapl(H5Pcreate(H5P_FILE_ACCESS), H5Pclose);
  if (!fapl.valid() || H5Pset_fapl_core(fapl.get(), size_t{1} << 20, /*backing_store=*/0) < 0 ||
      H5Pset_file_image(fapl.get(), const_cast<char*>(data.data()), data.size()) < 0)
    throw std::runtime_error("HDF5: cannot set up reading " + name + " from memory " +
                             hdf5::hdf5_error_detail());
  const std::string image_name = hdf5::InMemoryFile::name_for(file.filename().string());
  Handle h5file(H5Fopen(image_name.c_str(), H5F_ACC_RDONLY, fapl.get()), H5Fclose);
  if (!h5file.valid())
    throw InputError(
        Diagnostic{name, "", expected,
                   "an HDF5 file that cannot be opened (" + hdf5::hdf5_error_detail() + ")"});
  LayoutReader reader(file, h5file.get(), options);
  return use(reader);
}

}  // namespace

ResultFile read_results(const fs::path& file, const ReadOptions& options) {
  return with_reader(file, options, [](LayoutReader& r) { return r.read(); });
}

std::string read_result_scenario_name(const fs::path& file) {
  return with_reader(file, {}, [](LayoutReader& r) { return r.scenario_name(); });
}

}  // namespace civicsim
