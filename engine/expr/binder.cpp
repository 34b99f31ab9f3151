// The binder: names to attributes, labels to codes, type rules, and the lowered program.
#include "engine/expr/binder.hpp"

#include <algorithm>
#include <map>
#include <utility>

#include "engine/expr/open_range.hpp"

namespace civicsim::expr {
namespace {

enum class Type { kNumber, kCondition, kCategory, kString };

// A checked operand: its type, the category attribute (kCategory), the instruction computing it
// (not for kString, whose code depends on the category it is compared with), and its syntax node.
struct Bound {
  Type type;
  size_t attribute = 0;
  uint32_t instruction = 0;
  const Node* node = nullptr;
};

Op op_of(NodeKind kind) {
  switch (kind) {
    case NodeKind::kNot:
      return Op::kNot;
    case NodeKind::kNegate:
      return Op::kNegate;
    case NodeKind::kAnd:
      return Op::kAnd;
    case NodeKind::kOr:
      return Op::kOr;
    case NodeKind::kEqual:
      return Op::kEqual;
    case NodeKind::kNotEqual:
      return Op::kNotEqual;
    case NodeKind::kLess:
      return Op::kLess;
    case NodeKind::kLessEqual:
      return Op::kLessEqual;
    case NodeKind::kGreater:
      return Op::kGreater;
    case NodeKind::kGreaterEqual:
      return Op::kGreaterEqual;
    case NodeKind::kAdd:
      return Op::kAdd;
    case NodeKind::kSubtract:
      return Op::kSubtract;
    case NodeKind::kMultiply:
      return Op::kMultiply;
    case NodeKind::kDivide:
      return Op::kDivide;
    case NodeKind::kIn:
      return Op::kIn;
    case NodeKind::kPower:
      return Op::kPow;
    default:
      return Op::kConst;
  }
}

class Binder {
 public:
  Binder(const BindContext& context, DiagnosticList& errors) : c_(context), errors_(errors) {}

  std::optional<Program> run(const Node& root, ResultType result) {
    const auto bound = bind(root);
    if (!bound) return std::nullopt;
    if (result == ResultType::kCondition && bound->type != Type::kCondition) {
      error("a condition that is true or false (e.g. age >= 5)", describe(*bound));
      return std::nullopt;
    }
    if (result == ResultType::kNumber && bound->type != Type::kNumber) {
      error("a number", describe(*bound));
      return std::nullopt;
    }
    program_.root = bound->instruction;
    assign_slots();
    return std::move(program_);
  }

 private:
  std::optional<Bound> bind(const Node& n) {
    switch (n.kind) {
      case NodeKind::kNumber:
        return Bound{Type::kNumber, 0, constant(n.number), &n};
      case NodeKind::kBoolean:
        return Bound{Type::kCondition, 0, constant(n.number), &n};
      case NodeKind::kString:
        return Bound{Type::kString, 0, 0, &n};
      case NodeKind::kAttribute:
        return bind_attribute(n);
      case NodeKind::kNot:
      case NodeKind::kNegate:
        return bind_unary(n);
      case NodeKind::kIn:
        return bind_in(n);
      case NodeKind::kCall:
        return bind_call(n);
      default:
        return bind_binary(n);
    }
  }

  std::optional<Bound> bind_attribute(const Node& n) {
    const auto id = c_.catalogue.resolve(n.text, c_.default_prefix);
    if (!id) {
      std::string expected = "a known attribute (one of: " + c_.catalogue.attribute_list();
      if (!c_.default_prefix.empty())
        expected += "; the prefix " + std::string(c_.default_prefix) + " may be left out";
      error(expected + ")", "'" + n.text + "'");
      return std::nullopt;
    }
    const Attribute& a = c_.catalogue.attribute(*id);
    const Type type = a.type == Attribute::Type::kNumber    ? Type::kNumber
                      : a.type == Attribute::Type::kBoolean ? Type::kCondition
                                                            : Type::kCategory;
    return Bound{type, *id, load(*id), &n};
  }

  std::optional<Bound> bind_unary(const Node& n) {
    const auto operand = bind(n.operands[0]);
    if (!operand) return std::nullopt;
    const bool is_not = n.kind == NodeKind::kNot;
    const Type wanted = is_not ? Type::kCondition : Type::kNumber;
    if (operand->type != wanted && !counts_as_number(*operand, wanted)) {
      const std::string symbol = c_.text[n.begin] == '!' ? "!" : is_not ? "not" : "-";
      error(is_not ? "a condition after '" + symbol + "' (to negate a comparison, write " + symbol +
                         "(a == b))"
                   : "a number after '-'",
            describe(*operand));
      return std::nullopt;
    }
    return Bound{wanted, 0, emit({.op = op_of(n.kind), .a = operand->instruction}), &n};
  }

  std::optional<Bound> bind_binary(const Node& n) {
    const auto lhs = bind(n.operands[0]);
    const auto rhs = bind(n.operands[1]);
    if (!lhs || !rhs) return std::nullopt;
    const std::string symbol = "'" + std::string(operator_symbol(n.kind)) + "'";
    switch (n.kind) {
      case NodeKind::kAnd:
      case NodeKind::kOr:
        return same_type(n, *lhs, *rhs, Type::kCondition, "conditions", symbol);
      case NodeKind::kEqual:
      case NodeKind::kNotEqual:
        return bind_equality(n, *lhs, *rhs);
      case NodeKind::kAdd:
      case NodeKind::kSubtract:
      case NodeKind::kMultiply:
      case NodeKind::kDivide:
      case NodeKind::kPower: {
        auto result = same_type(n, *lhs, *rhs, Type::kNumber, "numbers", symbol);
        if (result) result->type = Type::kNumber;
        if (result && n.kind != NodeKind::kAdd && n.kind != NodeKind::kSubtract &&
            n.kind != NodeKind::kMultiply)
          program_.sources.emplace_back(result->instruction, source(n));
        return result;
      }
      default:
        return bind_ordering(n, *lhs, *rhs, symbol);
    }
  }

  // In arithmetic a condition is the number 1 or 0 (its value already): "5034 + 2086.5 * (cycle <
  // 2)".
  static bool counts_as_number(const Bound& b, Type wanted) {
    return wanted == Type::kNumber && b.type == Type::kCondition;
  }

  // Both operands of type `wanted`; the result is a condition (arithmetic callers retype it).
  std::optional<Bound> same_type(const Node& n, const Bound& lhs, const Bound& rhs, Type wanted,
                                 const char* plural, const std::string& symbol) {
    bool ok = true;
    for (const Bound* side : {&lhs, &rhs}) {
      if (side->type == wanted || counts_as_number(*side, wanted)) continue;
      error(std::string(plural) + " on both sides of " + symbol, describe(*side));
      ok = false;
    }
    if (!ok) return std::nullopt;
    return Bound{Type::kCondition, 0, binary(n, lhs.instruction, rhs.instruction), &n};
  }

  std::optional<Bound> bind_equality(const Node& n, const Bound& lhs, const Bound& rhs) {
    const auto compare = [&](uint32_t a, uint32_t b) {
      return Bound{Type::kCondition, 0, binary(n, a, b), &n};
    };
    // A category against a label: the label becomes its code.
    for (const auto& [cat, str] : {std::pair{&lhs, &rhs}, std::pair{&rhs, &lhs}}) {
      if (cat->type != Type::kCategory || str->type != Type::kString) continue;
      const auto code = label_code(*cat, *str->node);
      if (!code) return std::nullopt;
      return compare(cat->instruction, *code);
    }
    if (lhs.type == rhs.type && lhs.type != Type::kString &&
        (lhs.type != Type::kCategory || c_.catalogue.attribute(lhs.attribute).labels ==
                                            c_.catalogue.attribute(rhs.attribute).labels))
      return compare(lhs.instruction, rhs.instruction);
    // Mismatch: judge the right by the left, unless the left is the bare string.
    const bool left_anchors = lhs.type != Type::kString;
    const Bound& anchor = left_anchors ? lhs : rhs;
    error(expected_match(anchor), describe(left_anchors ? rhs : lhs));
    return std::nullopt;
  }

  std::optional<Bound> bind_ordering(const Node& n, const Bound& lhs, const Bound& rhs,
                                     const std::string& symbol) {
    for (const Bound* side : {&lhs, &rhs}) {
      if (side->type != Type::kCategory) continue;
      error("'==', '!=' or 'in' for the category " + attribute_name(*side) +
                " (its labels have no order)",
            "an ordering: " + source(n));
      return std::nullopt;
    }
    if (lhs.type == Type::kNumber && rhs.type == Type::kNumber)
      return Bound{Type::kCondition, 0, binary(n, lhs.instruction, rhs.instruction), &n};
    if (lhs.type == Type::kNumber || rhs.type == Type::kNumber) {
      const bool left_anchors = lhs.type == Type::kNumber;
      error(expected_match(left_anchors ? lhs : rhs), describe(left_anchors ? rhs : lhs));
    } else {
      error("numbers on both sides of " + symbol, describe(lhs));
    }
    return std::nullopt;
  }

  std::optional<Bound> bind_in(const Node& n) {
    const auto tested = bind(n.operands[0]);
    if (!tested) return std::nullopt;
    if (tested->type == Type::kString) {
      error("an attribute before 'in'", describe(*tested));
      return std::nullopt;
    }
    std::vector<double> values;
    bool ok = true;
    for (size_t i = 1; i < n.operands.size(); ++i) {
      const Node& item = n.operands[i];
      const Type type = item.kind == NodeKind::kString    ? Type::kString
                        : item.kind == NodeKind::kBoolean ? Type::kCondition
                                                          : Type::kNumber;
      if (tested->type == Type::kCategory && type == Type::kString) {
        const auto code = label_index(*tested, item);
        if (code) values.push_back(static_cast<double>(*code));
        ok = ok && code.has_value();
      } else if (tested->type == type) {
        values.push_back(item.number);
      } else {
        error(expected_match(*tested), describe({type, 0, 0, &item}));
        ok = false;
      }
    }
    if (!ok) return std::nullopt;
    const auto offset = static_cast<uint32_t>(program_.pool.size());
    program_.pool.insert(program_.pool.end(), values.begin(), values.end());
    return Bound{Type::kCondition, 0,
                 emit({.op = Op::kIn,
                       .a = tested->instruction,
                       .b = offset,
                       .count = static_cast<uint32_t>(values.size())}),
                 &n};
  }

  // exp(x), ln(x), log(x) (= ln), sqrt(x), floor(x); pow(x, y), min(x, y), max(x, y): numbers in,
  // a number out.
  std::optional<Bound> bind_call(const Node& n) {
    struct Function {
      const char* name;
      Op op;
      size_t arity;
    };
    static constexpr Function kFunctions[] = {{"exp", Op::kExp, 1},     {"ln", Op::kLn, 1},
                                              {"log", Op::kLn, 1},      {"sqrt", Op::kSqrt, 1},
                                              {"floor", Op::kFloor, 1}, {"pow", Op::kPow, 2},
                                              {"min", Op::kMin, 2},     {"max", Op::kMax, 2}};
    const Function* f = nullptr;
    for (const Function& candidate : kFunctions)
      if (n.text == candidate.name) f = &candidate;
    if (!f) {
      error("a function (one of: exp, ln, log, sqrt, floor, pow, min, max)", "'" + n.text + "'");
      return std::nullopt;
    }
    if (n.operands.size() != f->arity) {
      error(n.text + " with " + std::to_string(f->arity) + " argument" + (f->arity == 1 ? "" : "s"),
            std::to_string(n.operands.size()) + " in " + source(n));
      return std::nullopt;
    }
    std::vector<uint32_t> args;
    bool ok = true;
    for (const Node& operand : n.operands) {
      const auto arg = bind(operand);
      if (!arg) {
        ok = false;
        continue;
      }
      if (arg->type != Type::kNumber && !counts_as_number(*arg, Type::kNumber)) {
        error("a number as the argument of " + n.text, describe(*arg));
        ok = false;
        continue;
      }
      args.push_back(arg->instruction);
    }
    if (!ok) return std::nullopt;
    const uint32_t i = emit({.op = f->op, .a = args[0], .b = f->arity == 2 ? args[1] : 0});
    program_.sources.emplace_back(i, source(n));
    return Bound{Type::kNumber, 0, i, &n};
  }

  // What the other side of a comparison with `anchor` should have been.
  std::string expected_match(const Bound& anchor) const {
    switch (anchor.type) {
      case Type::kNumber:
        return "a number to compare with " + source(*anchor.node);
      case Type::kCondition:
        return "true, false or a condition to compare with " + source(*anchor.node);
      case Type::kCategory:
        return "a label of " + attribute_name(anchor) + " in quotes (one of: " +
               join_names(c_.catalogue.attribute(anchor.attribute).labels) + ")";
      case Type::kString:
        break;
    }
    return "a category attribute to compare with " + source(*anchor.node);
  }

  std::optional<size_t> label_index(const Bound& category, const Node& label) {
    const auto code = c_.catalogue.label_index(category.attribute, label.text);
    if (!code)
      error("a label of " + attribute_name(category) +
                " (one of: " + join_names(c_.catalogue.attribute(category.attribute).labels) + ")",
            "'" + label.text + "'");
    return code;
  }
  std::optional<uint32_t> label_code(const Bound& category, const Node& label) {
    const auto code = label_index(category, label);
    if (!code) return std::nullopt;
    return constant(static_cast<double>(*code));
  }

  std::string source(const Node& n) const {
    return std::string(c_.text.substr(n.begin, n.end - n.begin));
  }
  std::string attribute_name(const Bound& b) const {
    return c_.catalogue.attribute(b.attribute).name;
  }
  std::string describe(const Bound& b) const {
    switch (b.type) {
      case Type::kNumber:
        return "a number: " + source(*b.node);
      case Type::kCondition:
        return "a condition: " + source(*b.node);
      case Type::kCategory:
        return "a category: " + source(*b.node);
      case Type::kString:
        break;
    }
    return "a string: " + source(*b.node);
  }
  void error(std::string expected, std::string found) {
    errors_.add(c_.file, c_.json_path, std::move(expected), std::move(found));
  }

  uint32_t emit(Instruction instruction) {
    program_.code.push_back(instruction);
    return static_cast<uint32_t>(program_.code.size() - 1);
  }
  uint32_t constant(double value) { return emit({.op = Op::kConst, .value = value}); }
  uint32_t binary(const Node& n, uint32_t a, uint32_t b) {
    return emit({.op = op_of(n.kind), .a = a, .b = b});
  }
  // Loads share one copy of each attribute's values in the pool.
  uint32_t load(size_t attribute) {
    auto [it, added] = pool_offset_.try_emplace(attribute, program_.pool.size());
    const Attribute& a = c_.catalogue.attribute(attribute);
    if (added)
      program_.pool.insert(program_.pool.end(), a.value_of_code.begin(), a.value_of_code.end());
    return emit({.op = Op::kLoad,
                 .b = static_cast<uint32_t>(it->second),
                 .variable = static_cast<uint32_t>(a.variable)});
  }
  // Slots number the variables used in ascending id order.
  void assign_slots() {
    auto& vars = program_.variables;
    for (const auto& ins : program_.code)
      if (ins.op == Op::kLoad) vars.push_back(ins.variable);
    std::sort(vars.begin(), vars.end());
    vars.erase(std::unique(vars.begin(), vars.end()), vars.end());
    for (auto& ins : program_.code)
      if (ins.op == Op::kLoad)
        ins.a = static_cast<uint32_t>(std::lower_bound(vars.begin(), vars.end(), ins.variable) -
                                      vars.begin());
    for (size_t v : vars) program_.domains.push_back(c_.catalogue.variable(v).domain);
  }

  const BindContext& c_;
  DiagnosticList& errors_;
  Program program_{.code = {}};
  std::map<size_t, size_t> pool_offset_;  // attribute id -> offset of its values in the pool
};

}  // namespace

std::optional<Program> bind(const Node& root, ResultType result, const BindContext& context,
                            DiagnosticList& errors) {
  const size_t before = errors.size();
  check_open_ranges(root, context, errors);  // age >= 112: an error, not a condition never true
  if (errors.size() != before) return std::nullopt;
  return Binder(context, errors).run(root, result);
}

}  // namespace civicsim::expr
