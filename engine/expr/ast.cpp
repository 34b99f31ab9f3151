// Printing syntax trees: operator symbols and the fully parenthesised form.
#include "engine/expr/ast.hpp"

#include <charconv>

namespace civicsim::expr {

std::string_view operator_symbol(NodeKind kind) {
  switch (kind) {
    case NodeKind::kNot:
      return "!";
    case NodeKind::kNegate:
      return "-";
    case NodeKind::kAnd:
      return "&&";
    case NodeKind::kOr:
      return "||";
    case NodeKind::kEqual:
      return "==";
    case NodeKind::kNotEqual:
      return "!=";
    case NodeKind::kLess:
      return "<";
    case NodeKind::kLessEqual:
      return "<=";
    case NodeKind::kGreater:
      return ">";
    case NodeKind::kGreaterEqual:
      return ">=";
    case NodeKind::kAdd:
      return "+";
    case NodeKind::kSubtract:
      return "-";
    case NodeKind::kMultiply:
      return "*";
    case NodeKind::kDivide:
      return "/";
    case NodeKind::kIn:
      return "in";
    case NodeKind::kPower:
      return "^";
    case NodeKind::kCall:
    case NodeKind::kNumber:
    case NodeKind::kString:
    case NodeKind::kBoolean:
    case NodeKind::kAttribute:
      return "";
  }
  return "";
}

std::string to_string(const Node& node) {
  switch (node.kind) {
    case NodeKind::kNumber: {
      char buffer[32];
      const auto result = std::to_chars(buffer, buffer + sizeof buffer, node.number);
      return std::string(buffer, result.ptr);
    }
    case NodeKind::kString:
      return "'" + node.text + "'";
    case NodeKind::kBoolean:
      return node.number != 0.0 ? "true" : "false";
    case NodeKind::kAttribute:
      return node.text;
    case NodeKind::kNot:
    case NodeKind::kNegate:
      return "(" + std::string(operator_symbol(node.kind)) + to_string(node.operands[0]) + ")";
    case NodeKind::kIn: {
      std::string s = "(" + to_string(node.operands[0]) + " in [";
      for (size_t i = 1; i < node.operands.size(); ++i) {
        if (i > 1) s += ", ";
        s += to_string(node.operands[i]);
      }
      return s + "])";
    }
    case NodeKind::kCall: {
      std::string s = node.text + "(";
      for (size_t i = 0; i < node.operands.size(); ++i)
        s += (i ? ", " : "") + to_string(node.operands[i]);
      return s + ")";
    }
    default:
      return "(" + to_string(node.operands[0]) + " " + std::string(operator_symbol(node.kind)) +
             " " + to_string(node.operands[1]) + ")";
  }
}

}  // namespace civicsim::expr
