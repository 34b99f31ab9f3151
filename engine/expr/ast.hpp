// The syntax tree of one expression, as the parser reads it and before names are bound.
//
// The tree is plain data: the kind of each node, its literal or name, its operands, and the span of
// source text it came from (so that the binder can quote the user's own words in messages). Names
// are still strings here; engine/expr/compiled.hpp checks them against a Catalogue and turns the
// tree into a compact program over integer codes.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace civicsim::expr {

enum class NodeKind {
  kNumber,     // number literal (Node::number)
  kString,     // 'label' or "label" (Node::text, without quotes)
  kBoolean,    // true / false (Node::number is 1 or 0)
  kAttribute,  // a name such as household.damp (Node::text)
  kNot,        // ! x, not x
  kNegate,     // - x
  kAnd,        // &&, and
  kOr,         // ||, or
  kEqual,
  kNotEqual,
  kLess,
  kLessEqual,
  kGreater,
  kGreaterEqual,
  kAdd,
  kSubtract,
  kMultiply,
  kDivide,
  kIn,     // x in [a, b, ...]: operands are x then the listed literals
  kPower,  // x ^ y (right-associative, tighter than unary minus: -x^2 is -(x^2))
  kCall,   // a function call: Node::text is the name, operands the arguments (exp, ln, pow...)
};

struct Node {
  NodeKind kind = NodeKind::kNumber;
  double number = 0.0;    // kNumber: the value; kBoolean: 1 (true) or 0 (false)
  std::string text = {};  // kString: the label; kAttribute: the name as written; kCall: function
  std::vector<Node> operands = {};
  size_t begin = 0;  // source span [begin, end), byte offsets into the expression text
  size_t end = 0;
};

// The operator as written in canonical form ("==", "&&", "!", "in", ...); "" for leaves.
std::string_view operator_symbol(NodeKind kind);

// The tree fully parenthesised, e.g. "((age >= 5) && (household.damp == 'yes'))": for tests of
// precedence and for debugging.
std::string to_string(const Node& node);

}  // namespace civicsim::expr
