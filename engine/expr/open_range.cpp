// Comparisons an open-topped variable cannot decide (see open_range.hpp).
#include "engine/expr/open_range.hpp"

#include <cmath>
#include <optional>
#include <string>

namespace civicsim::expr {
namespace {

// The kind of `kind` with its operands swapped (c < a is a > c).
NodeKind mirrored(NodeKind kind) {
  switch (kind) {
    case NodeKind::kLess:
      return NodeKind::kGreater;
    case NodeKind::kLessEqual:
      return NodeKind::kGreaterEqual;
    case NodeKind::kGreater:
      return NodeKind::kLess;
    case NodeKind::kGreaterEqual:
      return NodeKind::kLessEqual;
    default:
      return kind;
  }
}

// Whether `a kind c` has one truth for every a >= top (the values the top code stands for).
bool decided(NodeKind kind, double top, double c) {
  switch (kind) {
    case NodeKind::kGreaterEqual:
      return c <= top;  // true for all
    case NodeKind::kGreater:
      return c < top;
    case NodeKind::kLessEqual:
      return c < top;  // false for all
    case NodeKind::kLess:
      return c <= top;
    case NodeKind::kEqual:
    case NodeKind::kNotEqual:
    case NodeKind::kIn:
      return c < top;
    default:
      return true;
  }
}

bool is_comparison(NodeKind k) {
  return k == NodeKind::kLess || k == NodeKind::kLessEqual || k == NodeKind::kGreater ||
         k == NodeKind::kGreaterEqual || k == NodeKind::kEqual || k == NodeKind::kNotEqual ||
         k == NodeKind::kIn;
}

// The open-topped number attribute named by `n`, if it is one.
std::optional<size_t> open_attribute(const Node& n, const BindContext& c) {
  if (n.kind != NodeKind::kAttribute) return std::nullopt;
  const auto a = c.catalogue.resolve(n.text, c.default_prefix);
  if (!a) return std::nullopt;
  const Attribute& attribute = c.catalogue.attribute(*a);
  if (attribute.type != Attribute::Type::kNumber ||
      !c.catalogue.variable(attribute.variable).open_top || attribute.value_of_code.empty())
    return std::nullopt;
  return a;
}

std::string text(double v) {
  const std::string s = std::to_string(v);
  return v == std::floor(v) ? std::to_string(static_cast<long long>(v)) : s;
}

void walk(const Node& n, const BindContext& c, DiagnosticList& errors) {
  for (const Node& o : n.operands) walk(o, c, errors);
  if (!is_comparison(n.kind) || n.operands.size() < 2) return;
  // The attribute on the left (any literal listed after `in`), or a comparison mirrored.
  const bool left = open_attribute(n.operands[0], c).has_value();
  const bool right = !left && n.kind != NodeKind::kIn && n.operands.size() == 2 &&
                     open_attribute(n.operands[1], c).has_value();
  if (!left && !right) return;
  const Node& attr = left ? n.operands[0] : n.operands[1];
  const Attribute& a = c.catalogue.attribute(*open_attribute(attr, c));
  const double top = a.value_of_code.back();
  const NodeKind kind = left ? n.kind : mirrored(n.kind);
  for (size_t k = 0; k < n.operands.size(); ++k) {
    const Node& literal = n.operands[k];
    if (&literal == &attr || literal.kind != NodeKind::kNumber) continue;
    if (decided(kind, top, literal.number)) continue;
    const std::string whole(c.text.substr(n.begin, n.end - n.begin));
    errors.add(c.file, c.json_path,
               "a comparison of " + a.name + " that its values decide: " + a.name + " stops at " +
                   text(top) + ", which stands for " + text(top) + " and over",
               whole == std::string(c.text) ? "'" + whole + "'"
                                            : "'" + whole + "' in '" + std::string(c.text) + "'");
    return;
  }
}

}  // namespace

void check_open_ranges(const Node& root, const BindContext& context, DiagnosticList& errors) {
  walk(root, context, errors);
}

}  // namespace civicsim::expr
