// The scenario loader. Each file of an "extends" chain is checked on its own before merging, so a
// diagnostic names the file where the bad value is written, and its relative paths are resolved
// against its own folder. Command-line overrides are the last layer.
#include "engine/scenario/scenario_loader.hpp"

#include <algorithm>
#include <fstream>
#include <iterator>
#include <optional>
#include <string>
#include <vector>

#include "engine/core/input_error.hpp"
#include "engine/scenario/one_way.hpp"
#include "engine/scenario/scenario_schema.hpp"
#include "engine/scenario/schema.hpp"

namespace civicsim {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr const char* kCommandLine = "command line";

// "line L, column C" of the character at 1-based byte count `byte` (nlohmann's parse_error::byte).
std::string position_text(const std::string& text, size_t byte) {
  const size_t offset = std::min(byte == 0 ? 0 : byte - 1, text.size());
  size_t line = 1;
  size_t line_start = 0;
  for (size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  }
  return "line " + std::to_string(line) + ", column " + std::to_string(offset - line_start + 1);
}

// The parser's own words without its "[json.exception...] parse error at line L, column C: "
// prefix, since the position is already in the diagnostic's location.
std::string parser_message(const json::parse_error& e) {
  const std::string what = e.what();
  const size_t at = what.find("parse error");
  const size_t colon = at == std::string::npos ? std::string::npos : what.find(": ", at);
  return colon == std::string::npos ? what : what.substr(colon + 2);
}

// One layer of the scenario: a file's own document (checked, paths resolved) or the overrides.
struct Layer {
  std::string label;  // file as named to the user, or "command line"
  json doc;
};

class Loader {
 public:
  // Reads `file` and, first, its bases; appends their layers base first.
  void load_file(const fs::path& file, const std::string& label) {
    chain_.push_back({canonical(file), label});
    std::optional<json> doc = read_json(file, label);
    if (doc) schema::validate(scenario_schema(), *doc, label, schema::Mode::kPartial, diagnostics);
    if (doc && doc->is_object()) {
      follow_extends(*doc, file, label);
      doc->erase("extends");
      schema::resolve_paths(scenario_schema(), *doc, file.parent_path());
      layers.push_back({label, std::move(*doc)});
      loaded_.push_back(canonical(file));
    } else {
      complete = false;
    }
    chain_.pop_back();
  }

  void add_overrides(const json& overrides) {
    schema::validate(scenario_schema(), overrides, kCommandLine, schema::Mode::kPartial,
                     diagnostics);
    if (!overrides.is_object()) return;
    json doc = overrides;
    if (doc.contains("extends")) {  // bases are named in files, where a relative path has a folder
      diagnostics.add(kCommandLine, "/extends", "no 'extends' outside scenario files", "'extends'");
      doc.erase("extends");
    }
    schema::resolve_paths(scenario_schema(), doc, fs::current_path());
    layers.push_back({kCommandLine, std::move(doc)});
  }

  // The layer that last states the value at `pointer`, or `fallback` (defaults come from no file).
  std::string origin(std::string_view pointer, const std::string& fallback) const {
    const json::json_pointer ptr{std::string(pointer)};
    for (auto it = layers.rbegin(); it != layers.rend(); ++it) {
      if (it->doc.contains(ptr)) return it->label;
    }
    return fallback;
  }

  DiagnosticList diagnostics;
  std::vector<Layer> layers;  // base first
  // False when a file of the chain could not be read or a base could not be followed: the merged
  // document would then lack whole files, and checking it would report misleading problems.
  bool complete = true;

 private:
  struct ChainLink {
    fs::path canonical;
    std::string label;
  };

  // The file's identity for cycle detection (symbolic links and ".." resolved where they exist).
  static fs::path canonical(const fs::path& file) {
    std::error_code ec;
    fs::path p = fs::weakly_canonical(file, ec);
    return ec ? file : p;
  }

  std::optional<json> read_json(const fs::path& file, const std::string& label) {
    std::error_code ec;
    if (!fs::exists(file, ec)) {
      diagnostics.add(label, "", "a scenario file", "no such file");
      return std::nullopt;
    }
    if (fs::is_directory(file, ec)) {
      diagnostics.add(label, "", "a scenario file", "a folder");
      return std::nullopt;
    }
    std::ifstream in(file, std::ios::binary);
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (!in && !in.eof()) {
      diagnostics.add(label, "", "a readable scenario file", "a file that cannot be read");
      return std::nullopt;
    }
    try {
      return json::parse(text);
    } catch (const json::parse_error& e) {
      diagnostics.add(label, position_text(text, e.byte), "valid JSON", parser_message(e));
      return std::nullopt;
    }
  }

  void follow_extends(const json& doc, const fs::path& file, const std::string& label) {
    const auto it = doc.find("extends");
    if (it == doc.end()) return;
    if (it->is_array()) {
      for (const json& base : *it) follow_base(base, file, label);
    } else {
      follow_base(*it, file, label);
    }
  }

  void follow_base(const json& name, const fs::path& file, const std::string& label) {
    if (!schema::is_valid(schema::path(), name)) return;  // reported already
    const fs::path written = name.get<std::string>();
    const fs::path base = (file.parent_path() / written).lexically_normal();
    const std::string base_label =
        written.is_absolute()
            ? base.string()
            : (fs::path(label).parent_path() / written).lexically_normal().string();
    const fs::path base_canonical = canonical(base);
    for (const auto& link : chain_) {
      if (link.canonical == base_canonical) {
        std::string names;
        for (const auto& l : chain_) names += l.label + " -> ";
        diagnostics.add(label, "/extends", "no cycle in 'extends'", names + base_label);
        complete = false;
        return;
      }
    }
    // A diamond (two bases sharing theirs) applies the shared file once, where it first appears,
    // so a later base's values are not reset by a second copy of a file under it.
    if (std::find(loaded_.begin(), loaded_.end(), base_canonical) != loaded_.end()) return;
    std::error_code ec;
    if (!fs::is_regular_file(base, ec)) {
      diagnostics.add(label, "/extends", "an existing scenario file",
                      "no such file '" + base.string() + "'");
      complete = false;
      return;
    }
    load_file(base, base_label);
  }

  std::vector<ChainLink> chain_;  // files being read, root first: to detect cycles
  std::vector<fs::path> loaded_;  // files whose layer is already in `layers`
};

void check_data_files(const json& doc, const Loader& loader, const std::string& root_label,
                      DiagnosticList& out) {
  std::error_code ec;
  // Both LCR sources read the area tables, life tables and births from data_dir; a cohort reads nothing.
  const json* src = valid_scenario_value(doc, "/population/source");
  if (src && *src == "cohort") return;
  if (const json* dir = valid_scenario_value(doc, "/population/data_dir")) {
    const std::string p = dir->get<std::string>();
    if (!fs::is_directory(p, ec)) {
      out.add(loader.origin("/population/data_dir", root_label), "/population/data_dir",
              "a folder with the LCR data files", "no such folder '" + p + "'");
    }
  }
  const json* source = valid_scenario_value(doc, "/population/source");
  if (!source || *source != "linked") return;
  for (const char* pointer : {"/population/households_csv", "/population/persons_csv"}) {
    if (const json* file = valid_scenario_value(doc, pointer)) {
      const std::string p = file->get<std::string>();
      if (!fs::is_regular_file(p, ec)) {
        out.add(loader.origin(pointer, root_label), pointer, "an existing CSV file",
                "no such file '" + p + "'");
      }
    }
  }
}

// Every JSON pointer under `v` (at `at`) -> the file that states it.
void record_origins(const json& v, const std::string& at, const OriginFn& origin,
                    std::map<std::string, std::string>& out) {
  out[at] = origin(at);
  if (v.is_object()) {
    for (const auto& [k, item] : v.items())
      if (k.find_first_of("/~") == std::string::npos) record_origins(item, at + "/" + k, origin, out);
  } else if (v.is_array()) {
    for (size_t i = 0; i < v.size(); ++i) record_origins(v[i], at + "/" + std::to_string(i), origin, out);
  }
}

}  // namespace

void merge_scenario_json(json& base, const json& patch) {
  for (const auto& [key, value] : patch.items()) {
    if (value.is_object() && base.contains(key) && base[key].is_object()) {
      merge_scenario_json(base[key], value);
    } else {
      base[key] = value;
    }
  }
}

Scenario load_scenario(const fs::path& file, const json& overrides) {
  const std::string root_label = file.string();
  const fs::path absolute = fs::absolute(file).lexically_normal();

  Loader loader;
  loader.load_file(absolute, root_label);
  loader.add_overrides(overrides);
  if (!loader.complete) throw InputError(loader.diagnostics.items());

  json merged = json::object();
  for (const Layer& layer : loader.layers) merge_scenario_json(merged, layer.doc);
  schema::fill_defaults(scenario_schema(), merged);
  // Defaults that are relative paths are relative to the scenario file being loaded.
  schema::resolve_paths(scenario_schema(), merged, absolute.parent_path());

  DiagnosticList& diagnostics = loader.diagnostics;
  schema::validate(scenario_schema(), merged, root_label, schema::Mode::kRequiredOnly, diagnostics);
  const OriginFn origin = [&](std::string_view pointer) {
    return loader.origin(pointer, root_label);
  };
  check_scenario_rules(merged, origin, diagnostics);
  check_data_files(merged, loader, root_label, diagnostics);
  diagnostics.throw_if_any();

  Scenario scenario = bind_scenario(merged);
  // Each one-way variant is a scenario the run will write: checked now, before anything runs.
  check_one_way_variants(merged, scenario.one_way, origin("/uncertainty/one_way"), diagnostics);
  diagnostics.throw_if_any();
  for (ProcessSpec& p : scenario.processes) p.file = origin("/processes/" + p.name);
  for (const char* section : {"processes", "services", "interventions"})
    if (merged.contains(section))
      record_origins(merged.at(section), std::string("/") + section, origin, scenario.origins);
  scenario.file = absolute;
  scenario.resolved_json = merged.dump(2);
  return scenario;
}

Scenario scenario_from_document(const json& doc, const fs::path& file, const std::string& label) {
  DiagnosticList diagnostics;
  schema::validate(scenario_schema(), doc, label, schema::Mode::kPartial, diagnostics);
  schema::validate(scenario_schema(), doc, label, schema::Mode::kRequiredOnly, diagnostics);
  check_scenario_rules(doc, [&](std::string_view) { return label; }, diagnostics);
  diagnostics.throw_if_any();
  Scenario scenario = bind_scenario(doc);
  check_one_way_variants(doc, scenario.one_way, label, diagnostics);
  diagnostics.throw_if_any();
  for (ProcessSpec& p : scenario.processes) p.file = label;
  scenario.file = file;
  scenario.resolved_json = doc.dump(2);
  return scenario;
}

void validate_scenario_file(const fs::path& file) { load_scenario(file); }

}  // namespace civicsim
