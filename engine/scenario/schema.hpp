// A small declarative schema for JSON input files.
//
// A schema is a tree of Nodes (object, map, array, number, integer, boolean, string, date, path, and
// "either": alternatives told apart by their JSON type, e.g. a number or an object);
// object nodes hold named Fields carrying a default, a description and an optional source. One
// declaration drives everything a loader needs: validate() collects every problem in a document as
// Diagnostics (file, JSON path, expected, found), fill_defaults() completes a valid document,
// resolve_paths() makes relative path values absolute against the declaring file's folder, and
// schema_text() prints the documented list of fields for users. Keeping all of this in one place
// means the documentation cannot drift from what the loader accepts.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/input_error.hpp"

namespace civicsim::schema {

// A kNumber node also accepts a string holding a constant expression ("17/1734", "1 - 0.9"; no
// variables): validate() evaluates it and checks its value's range, and evaluate_constants()
// (constant_number.hpp) replaces it by that value.
enum class Kind {
  kObject,
  kMap,
  kArray,
  kNumber,
  kInteger,
  kBoolean,
  kString,
  kDate,
  kPath,
  kEither,  // one of `alternatives`, chosen by the value's JSON type
};

// What a relative path value is relative to.
enum class PathBase {
  kDeclaringFile,     // the folder of the file that states the value (resolved by the loader)
  kWorkingDirectory,  // the working directory of the program (left as written)
};

struct Field;

// One node of a schema tree. Build nodes with the factory functions below and refine them with the
// chainable modifiers (e.g. number().at_least(0).below(1).with_unit("per year")).
struct Node {
  Kind kind = Kind::kString;
  std::string unit = {};  // e.g. "years"; shown in the schema text only

  // kNumber: bounds, each inclusive unless marked exclusive.
  std::optional<double> min = {};
  std::optional<double> max = {};
  bool min_exclusive = false;
  bool max_exclusive = false;
  // The upper bound is a magnitude guard (engine/core/input_limits.hpp: every sum stays finite),
  // not part of the quantity's meaning: a distribution whose support is unbounded above (gamma,
  // lognormal) may stand for such a number, since its draws are checked one by one.
  bool max_is_cap = false;
  // kInteger: inclusive bounds, or a list of allowed values.
  std::optional<int64_t> int_min = {};
  std::optional<int64_t> int_max = {};
  std::vector<int64_t> int_values = {};
  // kString: allowed values (empty: any string).
  std::vector<std::string> string_values = {};
  // kPath
  PathBase path_base = PathBase::kDeclaringFile;
  // kObject: the fixed fields; any other key is an error. No "= {}": Field is incomplete here, and
  // clang instantiates the vector's destructor for a default member initializer at this point.
  std::vector<Field> fields;
  // kArray items / kMap values.
  std::shared_ptr<const Node> child = {};
  size_t min_items = 0;
  std::optional<size_t> max_items = {};
  // kEither: the alternatives, each of a different JSON type (a value is checked against the one
  // whose type it has, so its messages are that alternative's).
  std::vector<std::shared_ptr<const Node>> alternatives = {};

  Node with_unit(std::string u) const;
  Node at_least(double v) const;   // number: v <= value
  Node above(double v) const;      // number: v < value
  Node at_most(double v) const;    // number: value <= v
  Node below(double v) const;      // number: value < v
  Node capped_at(double v) const;  // number: value <= v, as a magnitude guard (max_is_cap)

  const Field* field(std::string_view name) const;  // kObject: the field called name, or null
};

// A named entry of an object node.
struct Field {
  std::string name = {};
  Node node = {};
  std::optional<nlohmann::json> default_value = {};  // filled in by fill_defaults() when absent
  bool required = false;                             // absent and no default: an error
  std::string description = {};                      // for analysts: what it means, how it is used
  std::string source = {};                           // citation for the default or range, if any
};

// Factories.
Node object(std::vector<Field> fields);
Node map_of(Node values);  // free string keys, each value checked against `values`
Node array_of(Node items, size_t min_items = 0, std::optional<size_t> max_items = std::nullopt);
Node number();
Node number_in(double min, double max);      // inclusive
Node number_capped(double min, double cap);  // min <= value <= cap, the cap a magnitude guard
Node integer();
Node integer_in(int64_t min, int64_t max);  // inclusive
Node integer_one_of(std::vector<int64_t> values);
Node boolean();
Node string();
Node string_one_of(std::vector<std::string> values);
Node date();  // "YYYY-MM"
Node path(PathBase base = PathBase::kDeclaringFile);
// A value that is either `a` or `b`, told apart by JSON type (number, string, object or map, array,
// boolean): e.g. either(number_in(0, 1), object({...})) for a constant or a stratified table.
Node either(Node a, Node b);

enum class Mode {
  kPartial,       // types, ranges, allowed values, unknown keys; absent required fields are fine
  kRequiredOnly,  // only absent required fields (for a document merged from validated parts)
  kFull,          // both
};

// The alternative of an either node that `value` is checked against (the one of its JSON type;
// for a string where none is a string, a number: a constant expression such as "17/1734"), or null.
const Node* alternative_of(const Node& either, const nlohmann::json& value);

// Checks `doc` against `root`, adding one Diagnostic (labelled `file`) per problem to `out`.
void validate(const Node& root, const nlohmann::json& doc, const std::string& file, Mode mode,
              DiagnosticList& out);
// True when `value` passes validate() in kPartial mode.
bool is_valid(const Node& node, const nlohmann::json& value);
// Adds the defaults of absent fields; absent objects are created so that their defaults apply.
// Maps and arrays are left absent unless they have a default.
void fill_defaults(const Node& root, nlohmann::json& doc);
// Rewrites relative values of kDeclaringFile path nodes as absolute paths under `folder`.
void resolve_paths(const Node& root, nlohmann::json& doc, const std::filesystem::path& folder);
// Calls `visit` with the JSON pointer, node and value of every path value in `doc` (a path node
// holding a string), in document order: e.g. to find every file a scenario names.
using PathVisitor =
    std::function<void(const std::string& pointer, const Node& node, const std::string& value)>;
void for_each_path(const Node& root, const nlohmann::json& doc, const PathVisitor& visit);
// The node at a JSON pointer ("/population/scale"; any key matches a map entry, any index an array
// item), or null if the schema has no such place.
const Node* find(const Node& root, std::string_view pointer);

// The names along a diagnostic's location: a JSON pointer's unescaped tokens or, when it is not a
// valid pointer (rule checks join names as written: "/interventions/a~b"), its parts between '/'.
// Never throws.
std::vector<std::string> location_tokens(std::string_view location);

// Texts shared by validation messages and the schema listing.
std::string type_name(const Node& node);      // "number", "map of object", "date (YYYY-MM)", ...
std::string range_text(const Node& node);     // "[0.0001, 100]", "one of: a, b", "" if unbounded
std::string expected_text(const Node& node);  // "a number in [0.0001, 100]"
std::string found_text(const nlohmann::json& value);  // "a string \"ten\"", "a number 2.5"
std::string format_number(double v);                  // shortest text: 100, 0.0001, 2.5

// One line per field path: path, type, unit, range, default, description (and source).
std::string schema_text(const Node& root);

}  // namespace civicsim::schema
