// Constant expressions where the schema expects a number (constant_number.hpp). Parsed and
// evaluated by the expression language against an empty catalogue, so every operator and function
// the language has is available, and a name is reported as a variable, which a constant cannot read.
#include "engine/scenario/constant_number.hpp"

#include <cmath>

#include "engine/expr/catalogue.hpp"
#include "engine/expr/compiled.hpp"
#include "engine/expr/parser.hpp"
#include "engine/scenario/json_input.hpp"
#include "engine/scenario/schema.hpp"

namespace civicsim {
namespace {

// The first name the tree reads, or "".
std::string first_variable(const expr::Node& node) {
  if (node.kind == expr::NodeKind::kAttribute) return node.text;
  for (const auto& operand : node.operands)
    if (std::string name = first_variable(operand); !name.empty()) return name;
  return "";
}

}  // namespace

std::optional<double> evaluate_constant(const std::string& text, std::string& problem) {
  DiagnosticList errors;
  const std::string place;
  const auto tree = expr::parse(text, place, place, errors);
  if (!tree) {
    problem = errors.items().front().found;
    return std::nullopt;
  }
  if (tree->kind == expr::NodeKind::kAttribute) {  // a word ("ten"): no expression meant
    problem.clear();
    return std::nullopt;
  }
  if (const std::string name = first_variable(*tree); !name.empty()) {
    problem = "it reads '" + name + "', a variable (a number here is a constant)";
    return std::nullopt;
  }
  static const expr::Catalogue kNoVariables;
  const expr::CompiledExpr e = expr::compile_number(text, kNoVariables, place, place, errors);
  if (!e.ok() || !e.is_constant()) {
    problem = errors.empty() ? "not a number" : errors.items().front().found;
    return std::nullopt;
  }
  const double value = e.evaluate({});
  if (!std::isfinite(value)) {
    problem = "its value is " + schema::format_number(value);
    return std::nullopt;
  }
  return value;
}

}  // namespace civicsim

namespace civicsim::schema {
namespace {

void rewrite(const Node& node, nlohmann::json& v, const std::string& at,
             std::map<std::string, std::string>& written) {
  switch (node.kind) {
    case Kind::kNumber:
      if (v.is_string()) {
        std::string problem;
        if (const auto value = evaluate_constant(v.get<std::string>(), problem)) {
          written[at] = v.get<std::string>();
          v = *value;
        }
      }
      return;
    case Kind::kObject:
      if (!v.is_object()) return;
      for (const auto& f : node.fields)
        if (v.contains(f.name))
          rewrite(f.node, v[f.name], at + "/" + pointer_token(f.name), written);
      return;
    case Kind::kMap:
      if (!v.is_object()) return;
      for (auto& [key, item] : v.items())
        rewrite(*node.child, item, at + "/" + pointer_token(key), written);
      return;
    case Kind::kArray:
      if (!v.is_array()) return;
      for (size_t i = 0; i < v.size(); ++i)
        rewrite(*node.child, v[i], at + "/" + std::to_string(i), written);
      return;
    case Kind::kEither:
      if (const Node* a = alternative_of(node, v)) rewrite(*a, v, at, written);
      return;
    default:
      return;
  }
}

}  // namespace

void evaluate_constants(const Node& root, nlohmann::json& doc,
                        std::map<std::string, std::string>& written) {
  rewrite(root, doc, "", written);
}

}  // namespace civicsim::schema
