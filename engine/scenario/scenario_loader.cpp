// The scenario loader. Each file of an "extends" chain is checked on its own before merging, so a
// diagnostic names the file where the bad value is written, and its relative paths are resolved
// against its own folder. Command-line overrides are the last layer. Every file is read within the
// limits of engine/core/input_limits.hpp (a regular file of bounded size, JSON of bounded depth, a
// bounded chain of bases), so the recursive merge and checks below only ever see shallow documents.
#include "engine/scenario/scenario_loader.hpp"

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "engine/core/input_error.hpp"
#include "engine/core/input_file.hpp"
#include "engine/core/input_limits.hpp"
#include "engine/scenario/constant_number.hpp"
#include "engine/scenario/json_input.hpp"
#include "engine/scenario/merge.hpp"
#include "engine/scenario/one_way.hpp"
#include "engine/scenario/scenario_schema.hpp"
#include "engine/scenario/schema.hpp"

namespace civicsim {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr const char* kCommandLine = "command line";

// One layer of the scenario: a file's own document (checked, paths resolved) or the overrides.
struct Layer {
  std::string label;  // file as named to the user, or "command line"
  json doc;
};

class Loader {
 public:
  // Reads `file` and, first, its bases; appends their layers base first. With `text`, that is
  // the file's content (read by the caller, the file itself need not exist).
  void load_file(const fs::path& file, const std::string& label,
                 const std::string* text = nullptr) {
    chain_.push_back({canonical(file), label});
    std::optional<json> doc =
        text ? parse_json_input(*text, label, diagnostics) : read_json(file, label);
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

  // The layer that last states the value at `pointer` of the merged document, or `fallback`
  // (defaults come from no file).
  std::string origin(std::string_view pointer, const std::string& fallback) const {
    const std::string* label = origins.at(pointer);
    return label ? *label : fallback;
  }

  // The layers merged, base first (merge.hpp); throws InputError when they cannot be.
  json merge() {
    json merged = json::object();
    const size_t before = diagnostics.size();
    for (const Layer& layer : layers)
      merge_layer(merged, origins, layer.doc, layer.label, diagnostics);
    if (diagnostics.size() > before) diagnostics.throw_if_any();
    return merged;
  }

  DiagnosticList diagnostics;
  std::vector<Layer> layers;  // base first
  MergeOrigins origins;       // filled by merge()
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

  // The file's document; nothing after adding diagnostics when it cannot be read or parsed. Only a
  // regular file of at most limits::kMaxScenarioFileBytes is read, and it is parsed within the
  // JSON limits (json_input.hpp).
  std::optional<json> read_json(const fs::path& file, const std::string& label) {
    std::string text;
    try {
      text = read_input_file(file, "a scenario file", limits::kMaxScenarioFileBytes);
    } catch (const InputError& e) {
      for (Diagnostic d : e.diagnostics()) {
        d.file = label;  // the file as the user named it
        diagnostics.add(std::move(d));
      }
      return std::nullopt;
    }
    return parse_json_input(text, label, diagnostics);
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
    if (chain_.size() >= limits::kMaxExtendsDepth) {  // each base is read inside its file's reading
      diagnostics.add(
          label, "/extends",
          "a chain of at most " + std::to_string(limits::kMaxExtendsDepth) +
              " files through 'extends'",
          "a longer chain: " + chain_.front().label + " -> ... -> " + label + " -> " + base_label);
      complete = false;
      return;
    }
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
    if (!fs::exists(base, ec)) {  // one that exists but is no regular file is refused when read
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
  std::vector<const char*> files = {"/population/damp_readings/file"};
  if (source && *source == "linked") {
    files.push_back("/population/households_csv");
    files.push_back("/population/persons_csv");
  }
  for (const char* pointer : files) {
    if (const json* file = valid_scenario_value(doc, pointer)) {
      const std::string p = file->get<std::string>();
      try {
        check_input_file(p, "an existing CSV file", limits::kMaxCsvFileBytes);
      } catch (const InputError& e) {
        const Diagnostic& d = e.diagnostics().front();
        out.add(loader.origin(pointer, root_label), pointer, d.expected,
                d.found == "no such file" ? "no such file '" + p + "'" : "'" + p + "', " + d.found);
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
      if (k.find_first_of("/~") == std::string::npos)
        record_origins(item, at + "/" + k, origin, out);
  } else if (v.is_array()) {
    for (size_t i = 0; i < v.size(); ++i)
      record_origins(v[i], at + "/" + std::to_string(i), origin, out);
  }
}

// The layer that states `pointer`, last first, or null.
const Layer* stating_layer(const std::vector<Layer>& layers, std::string_view pointer) {
  for (auto it = layers.rbegin(); it != layers.rend(); ++it)
    if (scenario_value_at(it->doc, pointer)) return &*it;
  return nullptr;
}

}  // namespace

std::filesystem::path default_output_file(const std::filesystem::path& scenario_file) {
  return std::filesystem::path("results") / (scenario_file.stem().string() + ".h5");
}

void merge_scenario_json(json& base, const json& patch) {
  MergeOrigins origins;
  DiagnosticList problems;
  merge_layer(base, origins, patch, kCommandLine, problems);
  problems.throw_if_any();
}

namespace {

// load_scenario of `file`, whose content is `text` when given (load_scenario_document).
Scenario load(const fs::path& file, const std::string* text, const json& overrides) {
  const std::string root_label = file.string();
  const fs::path absolute = fs::absolute(file).lexically_normal();

  Loader loader;
  loader.load_file(absolute, root_label, text);
  loader.add_overrides(overrides);
  if (!loader.complete) throw InputError(loader.diagnostics.items());

  json merged = loader.merge();
  // Numbers written as constant expressions ("17/1734") become their values; the text is kept.
  std::map<std::string, std::string> written;
  schema::evaluate_constants(scenario_schema(), merged, written);
  // A result file named by a base would be the base's own (an option extending the baseline
  // would write over the baseline's result): a file that does not state its own is named after
  // itself.
  const Layer* output_from = stating_layer(loader.layers, "/outputs/file");
  const bool inherited_output = output_from != nullptr && output_from->label != root_label &&
                                output_from->label != kCommandLine;
  if (inherited_output) merged["outputs"]["file"] = default_output_file(file).string();
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
  scenario.outputs.named_after_scenario_file = inherited_output;
  // Each one-way variant is a scenario the run will write: checked now, before anything runs.
  check_one_way_variants(merged, scenario.one_way, origin("/uncertainty/one_way"), diagnostics);
  diagnostics.throw_if_any();
  for (ProcessSpec& p : scenario.processes) p.file = origin("/processes/" + p.name);
  for (const char* section : {"processes", "services", "interventions"})
    if (merged.contains(section))
      record_origins(merged.at(section), std::string("/") + section, origin, scenario.origins);
  scenario.file = absolute;
  scenario.resolved_json = merged.dump(2);
  scenario.constants_as_written = std::move(written);
  return scenario;
}

}  // namespace

Scenario load_scenario(const fs::path& file, const json& overrides) {
  return load(file, nullptr, overrides);
}

Scenario load_scenario_document(const json& doc, const fs::path& file, const json& overrides) {
  // As text, so that the document is checked within the limits a file is read within.
  const std::string text = doc.dump();
  if (text.size() > limits::kMaxScenarioFileBytes)
    throw InputError(Diagnostic{file.string(), "",
                                "a scenario document of at most " +
                                    std::to_string(limits::kMaxScenarioFileBytes >> 20) +
                                    " MiB, as a scenario file",
                                "a document of " + std::to_string(text.size()) + " bytes"});
  return load(file, &text, overrides);
}

Scenario scenario_from_document(const json& doc, const fs::path& file, const std::string& label) {
  DiagnosticList diagnostics;
  schema::validate(scenario_schema(), doc, label, schema::Mode::kPartial, diagnostics);
  schema::validate(scenario_schema(), doc, label, schema::Mode::kRequiredOnly, diagnostics);
  json resolved = doc;
  std::map<std::string, std::string> written;
  schema::evaluate_constants(scenario_schema(), resolved, written);
  check_scenario_rules(
      resolved, [&](std::string_view) { return label; }, diagnostics);
  diagnostics.throw_if_any();
  Scenario scenario = bind_scenario(resolved);
  check_one_way_variants(resolved, scenario.one_way, label, diagnostics);
  diagnostics.throw_if_any();
  for (ProcessSpec& p : scenario.processes) p.file = label;
  scenario.file = file;
  scenario.resolved_json = resolved.dump(2);
  scenario.constants_as_written = std::move(written);
  return scenario;
}

void validate_scenario_file(const fs::path& file) { load_scenario(file); }

}  // namespace civicsim
