// The schema tree's operations: validation, defaults, path resolution, lookup and the text listing.
// Every function walks the same tree, so the listing documents exactly what validation enforces.
#include "engine/scenario/schema.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>

#include "engine/core/year_month.hpp"
#include "engine/scenario/constant_number.hpp"
#include "engine/scenario/json_input.hpp"

namespace civicsim::schema {
namespace {

using nlohmann::json;

std::string join(const std::vector<std::string>& items, std::string_view separator) {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) out += separator;
    out += item;
  }
  return out;
}

std::string one_of_text(const Node& node) {
  std::vector<std::string> items;
  if (node.kind == Kind::kInteger) {
    for (int64_t v : node.int_values) items.push_back(std::to_string(v));
  } else {
    items = node.string_values;
  }
  return "one of: " + join(items, ", ");
}

std::string items_text(const Node& node) {
  const std::string min = std::to_string(node.min_items);
  if (node.max_items) {
    return *node.max_items == node.min_items
               ? min + " items"
               : min + " to " + std::to_string(*node.max_items) + " items";
  }
  return node.min_items > 0 ? "at least " + min + " items" : "";
}

// The integer in `v` as int64, or nullopt when it is too large to be one.
std::optional<int64_t> as_int64(const json& v) {
  if (v.is_number_unsigned()) {
    const auto u = v.get<uint64_t>();
    if (u > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) return std::nullopt;
    return static_cast<int64_t>(u);
  }
  return v.get<int64_t>();
}

// Whether `v` has the JSON type of `node` (which decides the alternative of an either node).
bool json_type_matches(const Node& node, const json& v) {
  switch (node.kind) {
    case Kind::kObject:
    case Kind::kMap:
      return v.is_object();
    case Kind::kArray:
      return v.is_array();
    case Kind::kNumber:
    case Kind::kInteger:
      return v.is_number();
    case Kind::kBoolean:
      return v.is_boolean();
    case Kind::kString:
    case Kind::kDate:
    case Kind::kPath:
      return v.is_string();
    case Kind::kEither:
      for (const auto& a : node.alternatives)
        if (json_type_matches(*a, v)) return true;
      return false;
  }
  return false;
}

// The alternative of an either node that `v` is checked against, or null: the one of v's JSON
// type or, for a string where no alternative is a string, a number (a constant expression).
const Node* alternative_for(const Node& node, const json& v) {
  for (const auto& a : node.alternatives)
    if (json_type_matches(*a, v)) return a.get();
  if (v.is_string())
    for (const auto& a : node.alternatives)
      if (a->kind == Kind::kNumber) return a.get();
  return nullptr;
}

class Validator {
 public:
  Validator(const std::string& file, Mode mode, DiagnosticList& out)
      : file_(file), mode_(mode), out_(out) {}

  void check(const Node& node, const json& v, const std::string& at) {
    switch (node.kind) {
      case Kind::kObject:
        return check_object(node, v, at);
      case Kind::kMap:
        if (!v.is_object()) return wrong(node, v, at);
        for (const auto& [key, item] : v.items())
          check(*node.child, item, at + "/" + pointer_token(key));
        return;
      case Kind::kArray:
        if (!v.is_array()) return wrong(node, v, at);
        if (v.size() < node.min_items || (node.max_items && v.size() > *node.max_items)) {
          value_error(node, at, "an array of " + std::to_string(v.size()) + " items");
        }
        for (size_t i = 0; i < v.size(); ++i)
          check(*node.child, v[i], at + "/" + std::to_string(i));
        return;
      case Kind::kNumber:
        if (v.is_string()) return check_constant(node, node, v.get<std::string>(), at);
        if (!v.is_number()) return wrong(node, v, at);
        if (!in_range(node, v.get<double>())) value_error(node, at, v.dump());
        return;
      case Kind::kInteger:
        if (!v.is_number_integer()) return wrong(node, v, at);
        if (!integer_ok(node, v)) value_error(node, at, v.dump());
        return;
      case Kind::kBoolean:
        if (!v.is_boolean()) return wrong(node, v, at);
        return;
      case Kind::kString:
        if (!v.is_string()) return wrong(node, v, at);
        if (!node.string_values.empty() &&
            std::find(node.string_values.begin(), node.string_values.end(), v.get<std::string>()) ==
                node.string_values.end()) {
          value_error(node, at, "'" + v.get<std::string>() + "'");
        }
        return;
      case Kind::kDate:
        if (!v.is_string()) return wrong(node, v, at);
        if (!YearMonth::parse(v.get<std::string>()))
          value_error(node, at, "'" + v.get<std::string>() + "'");
        return;
      case Kind::kPath:
        if (!v.is_string()) return wrong(node, v, at);
        if (v.get<std::string>().empty()) value_error(node, at, "an empty string");
        return;
      case Kind::kEither:
        if (const Node* a = alternative_for(node, v)) {
          if (v.is_string() && a->kind == Kind::kNumber)
            return check_constant(*a, node, v.get<std::string>(), at);
          return check(*a, v, at);
        }
        return wrong(node, v, at);
    }
  }

 private:
  void check_object(const Node& node, const json& v, const std::string& at) {
    if (!v.is_object()) return wrong(node, v, at);
    for (const auto& [key, item] : v.items()) {
      const std::string item_at = at + "/" + pointer_token(key);
      if (const Field* f = node.field(key)) {
        check(f->node, item, item_at);
      } else if (mode_ != Mode::kRequiredOnly) {
        std::vector<std::string> names;
        for (const auto& field : node.fields) names.push_back(field.name);
        add(item_at, "one of the keys: " + join(names, ", "), "unknown key '" + key + "'");
      }
    }
    if (mode_ == Mode::kPartial) return;
    for (const auto& f : node.fields) {
      if (f.required && !f.default_value && !v.contains(f.name)) {
        add(at + "/" + pointer_token(f.name), expected_text(f.node) + " (required)", "nothing");
      }
    }
  }

  // A number written as a constant expression ("17/1734"): its value is range-checked against
  // `node`. A word ("ten"), no expression at all, is reported as a wrong value for `shown` (the
  // either node a number alternative is part of), as any other value of the wrong type.
  void check_constant(const Node& node, const Node& shown, const std::string& text,
                      const std::string& at) {
    std::string problem;
    const std::optional<double> x = evaluate_constant(text, problem);
    if (!x && problem.empty()) return value_error(shown, at, found_text(json(text)));
    if (!x)
      return value_error(node, at,
                         found_text(json(text)) + ", not a constant expression: " + problem);
    if (!in_range(node, *x))
      value_error(node, at, found_text(json(text)) + " = " + format_number(*x));
  }

  static bool in_range(const Node& n, double x) {
    if (n.min && (n.min_exclusive ? !(x > *n.min) : !(x >= *n.min))) return false;
    if (n.max && (n.max_exclusive ? !(x < *n.max) : !(x <= *n.max))) return false;
    return true;
  }

  static bool integer_ok(const Node& n, const json& v) {
    const std::optional<int64_t> x = as_int64(v);
    if (!x) return false;
    if (!n.int_values.empty()) {
      return std::find(n.int_values.begin(), n.int_values.end(), *x) != n.int_values.end();
    }
    return (!n.int_min || *x >= *n.int_min) && (!n.int_max || *x <= *n.int_max);
  }

  void wrong(const Node& node, const json& v, const std::string& at) {
    if (mode_ != Mode::kRequiredOnly) add(at, expected_text(node), found_text(v));
  }
  void value_error(const Node& node, const std::string& at, std::string found) {
    if (mode_ != Mode::kRequiredOnly) add(at, expected_text(node), std::move(found));
  }
  void add(const std::string& at, std::string expected, std::string found) {
    out_.add(file_, at.empty() ? "/" : at, std::move(expected), std::move(found));
  }

  const std::string& file_;
  Mode mode_;
  DiagnosticList& out_;
};

void fill(const Node& node, json& v) {
  if (node.kind == Kind::kEither) {
    if (const Node* a = alternative_for(node, v)) fill(*a, v);
    return;
  }
  if (node.kind == Kind::kObject && v.is_object()) {
    for (const auto& f : node.fields) {
      if (!v.contains(f.name)) {
        if (f.default_value) {
          v[f.name] = *f.default_value;
        } else if (f.node.kind == Kind::kObject) {
          v[f.name] = json::object();
        }
      }
      if (v.contains(f.name)) fill(f.node, v[f.name]);
    }
  } else if ((node.kind == Kind::kMap && v.is_object()) ||
             (node.kind == Kind::kArray && v.is_array())) {
    for (auto& item : v) fill(*node.child, item);
  }
}

void resolve(const Node& node, json& v, const std::filesystem::path& folder) {
  switch (node.kind) {
    case Kind::kObject:
      if (!v.is_object()) return;
      for (const auto& f : node.fields) {
        if (v.contains(f.name)) resolve(f.node, v[f.name], folder);
      }
      return;
    case Kind::kMap:
    case Kind::kArray:
      if (v.is_object() || v.is_array()) {
        for (auto& item : v) resolve(*node.child, item, folder);
      }
      return;
    case Kind::kEither:
      if (const Node* a = alternative_for(node, v)) resolve(*a, v, folder);
      return;
    case Kind::kPath:
      if (node.path_base == PathBase::kDeclaringFile && v.is_string() &&
          !v.get<std::string>().empty()) {
        const std::filesystem::path p = v.get<std::string>();
        if (p.is_relative()) v = (folder / p).lexically_normal().string();
      }
      return;
    default:
      return;
  }
}

void visit_paths(const Node& node, const json& v, const std::string& at, const PathVisitor& visit) {
  switch (node.kind) {
    case Kind::kObject:
      if (!v.is_object()) return;
      for (const auto& f : node.fields)
        if (v.contains(f.name))
          visit_paths(f.node, v.at(f.name), at + "/" + pointer_token(f.name), visit);
      return;
    case Kind::kMap:
      if (v.is_object())
        for (const auto& [key, item] : v.items())
          visit_paths(*node.child, item, at + "/" + pointer_token(key), visit);
      return;
    case Kind::kArray:
      if (v.is_array())
        for (size_t i = 0; i < v.size(); ++i)
          visit_paths(*node.child, v[i], at + "/" + std::to_string(i), visit);
      return;
    case Kind::kEither:
      if (const Node* a = alternative_for(node, v)) visit_paths(*a, v, at, visit);
      return;
    case Kind::kPath:
      if (v.is_string()) visit(at, node, v.get<std::string>());
      return;
    default:
      return;
  }
}

void list_fields(const Node& node, const std::string& at, std::string& out) {
  if (node.kind == Kind::kMap) return list_fields(*node.child, at + "/<name>", out);
  if (node.kind == Kind::kArray) return list_fields(*node.child, at + "/<index>", out);
  if (node.kind == Kind::kEither) {
    for (const auto& a : node.alternatives) list_fields(*a, at, out);
    return;
  }
  if (node.kind != Kind::kObject) return;
  for (const auto& f : node.fields) {
    const std::string path = at + "/" + pointer_token(f.name);
    std::string line = path + "  (" + type_name(f.node);
    if (!f.node.unit.empty()) line += "; unit: " + f.node.unit;
    if (const std::string range = range_text(f.node); !range.empty()) line += "; range: " + range;
    if (f.default_value) line += "; default: " + f.default_value->dump();
    if (f.required && !f.default_value) line += "; required";
    line += ")  " + f.description;
    if (!f.source.empty()) line += " Source: " + f.source;
    out += line + "\n";
    list_fields(f.node, path, out);
  }
}

}  // namespace

Node Node::with_unit(std::string u) const {
  Node n = *this;
  n.unit = std::move(u);
  return n;
}
Node Node::at_least(double v) const {
  Node n = *this;
  n.min = v;
  n.min_exclusive = false;
  return n;
}
Node Node::above(double v) const {
  Node n = at_least(v);
  n.min_exclusive = true;
  return n;
}
Node Node::at_most(double v) const {
  Node n = *this;
  n.max = v;
  n.max_exclusive = false;
  return n;
}
Node Node::capped_at(double v) const {
  Node n = at_most(v);
  n.max_is_cap = true;
  return n;
}
Node Node::below(double v) const {
  Node n = at_most(v);
  n.max_exclusive = true;
  return n;
}

const Node* alternative_of(const Node& either, const json& value) {
  return alternative_for(either, value);
}

const Field* Node::field(std::string_view name) const {
  for (const auto& f : fields) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

// Each factory names `.fields`: the member has no default member initializer (schema.hpp says
// why), and GCC warns of a designated initializer that leaves out such a member.
Node object(std::vector<Field> fields) {
  return {.kind = Kind::kObject, .fields = std::move(fields)};
}
Node map_of(Node values) {
  return {
      .kind = Kind::kMap, .fields = {}, .child = std::make_shared<const Node>(std::move(values))};
}
Node array_of(Node items, size_t min_items, std::optional<size_t> max_items) {
  return {.kind = Kind::kArray,
          .fields = {},
          .child = std::make_shared<const Node>(std::move(items)),
          .min_items = min_items,
          .max_items = max_items};
}
Node number() { return {.kind = Kind::kNumber, .fields = {}}; }
Node number_in(double min, double max) { return number().at_least(min).at_most(max); }
Node number_capped(double min, double cap) { return number().at_least(min).capped_at(cap); }
Node integer() { return {.kind = Kind::kInteger, .fields = {}}; }
Node integer_in(int64_t min, int64_t max) {
  return {.kind = Kind::kInteger, .int_min = min, .int_max = max, .fields = {}};
}
Node integer_one_of(std::vector<int64_t> values) {
  return {.kind = Kind::kInteger, .int_values = std::move(values), .fields = {}};
}
Node boolean() { return {.kind = Kind::kBoolean, .fields = {}}; }
Node string() { return {.kind = Kind::kString, .fields = {}}; }
Node string_one_of(std::vector<std::string> values) {
  return {.kind = Kind::kString, .string_values = std::move(values), .fields = {}};
}
Node date() { return {.kind = Kind::kDate, .fields = {}}; }
Node path(PathBase base) { return {.kind = Kind::kPath, .path_base = base, .fields = {}}; }
Node either(Node a, Node b) {
  return {.kind = Kind::kEither,
          .fields = {},
          .alternatives = {std::make_shared<const Node>(std::move(a)),
                           std::make_shared<const Node>(std::move(b))}};
}

void validate(const Node& root, const json& doc, const std::string& file, Mode mode,
              DiagnosticList& out) {
  Validator(file, mode, out).check(root, doc, "");
}

bool is_valid(const Node& node, const json& value) {
  DiagnosticList scratch;
  validate(node, value, "", Mode::kPartial, scratch);
  return scratch.empty();
}

void fill_defaults(const Node& root, json& doc) { fill(root, doc); }

void resolve_paths(const Node& root, json& doc, const std::filesystem::path& folder) {
  resolve(root, doc, folder);
}

void for_each_path(const Node& root, const json& doc, const PathVisitor& visit) {
  visit_paths(root, doc, "", visit);
}

std::vector<std::string> location_tokens(std::string_view location) {
  std::vector<std::string> tokens;
  try {
    json::json_pointer ptr{std::string(location)};  // unescapes ~0 and ~1 for us
    for (; !ptr.empty(); ptr.pop_back()) tokens.insert(tokens.begin(), ptr.back());
    return tokens;
  } catch (const json::parse_error&) {  // not a valid pointer: names as written
  }
  tokens.clear();
  for (size_t begin = 1; begin <= location.size();) {
    const size_t end = std::min(location.find('/', begin), location.size());
    tokens.emplace_back(location.substr(begin, end - begin));
    begin = end + 1;
  }
  return tokens;
}

const Node* find(const Node& root, std::string_view pointer) {
  const Node* node = &root;
  for (const auto& token : location_tokens(pointer)) {
    if (node->kind == Kind::kEither) {  // a pointer below an either goes into its structured side
      const Node* structured = nullptr;
      for (const auto& a : node->alternatives)
        if (!structured &&
            (a->kind == Kind::kObject || a->kind == Kind::kMap || a->kind == Kind::kArray))
          structured = a.get();
      if (!structured) return nullptr;
      node = structured;
    }
    if (node->kind == Kind::kObject) {
      const Field* f = node->field(token);
      if (!f) return nullptr;
      node = &f->node;
    } else if (node->kind == Kind::kMap || node->kind == Kind::kArray) {
      node = node->child.get();
    } else {
      return nullptr;
    }
  }
  return node;
}

std::string type_name(const Node& node) {
  switch (node.kind) {
    case Kind::kObject:
      return "object";
    case Kind::kMap:
      return "map of " + type_name(*node.child);
    case Kind::kArray:
      return "array of " + type_name(*node.child);
    case Kind::kNumber:
      return "number";
    case Kind::kInteger:
      return "integer";
    case Kind::kBoolean:
      return "boolean";
    case Kind::kString:
      return "string";
    case Kind::kDate:
      return "date (YYYY-MM)";
    case Kind::kPath:
      return node.path_base == PathBase::kDeclaringFile
                 ? "path (relative to the declaring file)"
                 : "path (relative to the working directory)";
    case Kind::kEither: {
      std::string out;
      for (const auto& a : node.alternatives) out += (out.empty() ? "" : " or ") + type_name(*a);
      return out;
    }
  }
  return "";
}

std::string range_text(const Node& node) {
  switch (node.kind) {
    case Kind::kNumber:
      if (node.min && node.max) {
        return std::string(node.min_exclusive ? "(" : "[") + format_number(*node.min) + ", " +
               format_number(*node.max) + (node.max_exclusive ? ")" : "]");
      }
      if (node.min) return (node.min_exclusive ? "> " : ">= ") + format_number(*node.min);
      if (node.max) return (node.max_exclusive ? "< " : "<= ") + format_number(*node.max);
      return "";
    case Kind::kInteger:
      if (!node.int_values.empty()) return one_of_text(node);
      if (node.int_min && node.int_max) {
        return "[" + std::to_string(*node.int_min) + ", " + std::to_string(*node.int_max) + "]";
      }
      if (node.int_min) return ">= " + std::to_string(*node.int_min);
      if (node.int_max) return "<= " + std::to_string(*node.int_max);
      return "";
    case Kind::kString:
      return node.string_values.empty() ? "" : one_of_text(node);
    case Kind::kArray:
      return items_text(node);
    default:
      return "";
  }
}

std::string expected_text(const Node& node) {
  const std::string range = range_text(node);
  switch (node.kind) {
    case Kind::kObject:
    case Kind::kMap:
      return "an object";
    case Kind::kArray:
      return range.empty() ? "an array" : "an array of " + range;
    case Kind::kNumber:
      return range.empty()
                 ? "a number"
                 : "a number " + (range[0] == '[' || range[0] == '(' ? "in " + range : range);
    case Kind::kInteger:
      if (!node.int_values.empty()) return range;
      return range.empty() ? "an integer"
                           : "an integer " + (range[0] == '[' ? "in " + range : range);
    case Kind::kBoolean:
      return "true or false";
    case Kind::kString:
      return range.empty() ? "a string" : range;
    case Kind::kDate:
      return "a date YYYY-MM";
    case Kind::kPath:
      return "a path";
    case Kind::kEither: {
      std::string out;
      for (const auto& a : node.alternatives)
        out += (out.empty() ? "" : " or ") + expected_text(*a);
      return out;
    }
  }
  return "";
}

std::string found_text(const json& value) {
  switch (value.type()) {
    case json::value_t::string:
      return "a string " + value.dump();
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
    case json::value_t::number_float:
      return "a number " + value.dump();
    case json::value_t::boolean:
      return value.dump();
    case json::value_t::object:
      return "an object";
    case json::value_t::array:
      return "an array";
    default:
      return "null";
  }
}

std::string format_number(double v) {
  char buf[64];
  const double a = std::fabs(v);
  // Fixed notation for everyday magnitudes ("0.0001", not "1e-04"); shortest round-trip digits.
  const auto fmt =
      (a == 0 || (a >= 1e-6 && a < 1e16)) ? std::chars_format::fixed : std::chars_format::general;
  const auto r = std::to_chars(buf, buf + sizeof buf, v, fmt);
  return std::string(buf, r.ptr);
}

std::string schema_text(const Node& root) {
  std::string out;
  list_fields(root, "", out);
  return out;
}

}  // namespace civicsim::schema
