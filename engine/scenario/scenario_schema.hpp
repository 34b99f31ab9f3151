// The scenario file format: the one declaration of every scenario field (type, unit, range,
// default, description, source), the rules between fields that a per-field declaration cannot
// state, and the binding of a checked JSON document to the Scenario struct. To add a setting,
// declare it in scenario_schema.cpp, add it to Scenario and bind it there; validation, defaults and
// the printed schema follow from the declaration.
#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "engine/core/input_error.hpp"
#include "engine/scenario/scenario.hpp"
#include "engine/scenario/schema.hpp"
#include "engine/scenario/schema_text.hpp"  // scenario_schema_text(): this declaration, printed

namespace civicsim {

// The schema of a scenario file (built once).
const schema::Node& scenario_schema();

// Names the file a value at a JSON pointer came from, for diagnostics about a merged document.
using OriginFn = std::function<std::string(std::string_view pointer)>;

// The value at `location` in `doc`, or null. A location is a diagnostic's place: an RFC 6901
// pointer, or names joined by '/' as written (the rule checks do not escape them), which is not
// always a valid pointer ("/interventions/a~b"); so this never throws.
const nlohmann::json* scenario_value_at(const nlohmann::json& doc, std::string_view location);

// The value at a JSON pointer of a scenario document when present and valid by its own declaration,
// else null: lets later checks skip values that were already reported.
const nlohmann::json* valid_scenario_value(const nlohmann::json& doc, const std::string& pointer);

// Rules between fields, checked on the merged, defaults-filled document. A rule runs only when the
// fields it reads are valid on their own, so one mistake is reported once.
void check_scenario_rules(const nlohmann::json& doc, const OriginFn& origin, DiagnosticList& out);

// Builds the Scenario from a document that is valid, defaults-filled and path-resolved (nothing to
// report). Leaves Scenario::file and Scenario::resolved_json to the loader.
Scenario bind_scenario(const nlohmann::json& doc);

}  // namespace civicsim
