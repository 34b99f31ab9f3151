// Loads a scenario file into an immutable Scenario: reads the JSON, follows "extends" to base
// files, checks each file against the scenario schema, applies command-line overrides, fills
// defaults, checks the rules between fields and that the data files exist. Every problem found is
// collected and thrown together as one InputError, each Diagnostic naming the file the problem is
// really in.
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>

#include "engine/scenario/scenario.hpp"

namespace civicsim {

// Loads `file` and its base files. When `file` does not state outputs.file but a base does, the
// result file is default_output_file(file) instead (Scenario::outputs.named_after_scenario_file). `overrides` is a partial scenario document applied last (e.g.
// {"seed": 7, "population": {"scale": 0.1}}); its diagnostics are labelled "command line" and its
// relative paths are relative to the working directory. Throws InputError listing every problem.
Scenario load_scenario(const std::filesystem::path& file,
                       const nlohmann::json& overrides = nlohmann::json::object());

// load_scenario of a scenario file's content given as a document: `doc` is checked and loaded as
// if it were the content of `file`, which need not exist (its folder resolves relative paths and
// "extends", its name labels diagnostics and names the default result file).
Scenario load_scenario_document(const nlohmann::json& doc, const std::filesystem::path& file,
                                const nlohmann::json& overrides = nlohmann::json::object());

// results/<stem of scenario_file>.h5, relative to the working directory.
std::filesystem::path default_output_file(const std::filesystem::path& scenario_file);

// A scenario from a complete, resolved document (a loaded scenario's resolved_json, changed): checked
// against the schema and its rules as a file is, diagnostics labelled `label`; reads no file.
Scenario scenario_from_document(const nlohmann::json& doc, const std::filesystem::path& file,
                                const std::string& label);

// Checks a scenario file as load_scenario does (for `civicsim validate`); throws InputError.
void validate_scenario_file(const std::filesystem::path& file);

// How "extends" combines a base document with the file on top (merge.hpp): objects merge key by
// key with `patch` winning, arrays whose elements have ids merge by id, any other value replaces
// the base's whole. Throws InputError (labelled "command line") when arrays cannot be merged.
void merge_scenario_json(nlohmann::json& base, const nlohmann::json& patch);

}  // namespace civicsim
