// Compiling (parse, then bind) and evaluating bound expressions.
#include "engine/expr/compiled.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <cstdio>
#include <limits>
#include <utility>

#include "engine/expr/binder.hpp"
#include "engine/expr/parser.hpp"

namespace civicsim::expr {
namespace {

CompiledExpr compile_as(ResultType type, const std::string& text, const Catalogue& catalogue,
                        const std::string& file, const std::string& json_path,
                        DiagnosticList& errors, std::string_view default_prefix) {
  const auto tree = parse(text, file, json_path, errors);
  if (!tree) return {};
  auto program = bind(*tree, type, {text, catalogue, file, json_path, default_prefix}, errors);
  if (!program) return {};
  return CompiledExpr(text, type, std::move(*program));
}

}  // namespace

CompiledExpr::CompiledExpr(std::string text, ResultType type, Program program)
    : text_(std::move(text)), type_(type), program_(std::move(program)), ok_(true) {
  unfolded_ = program_;
  fold();
}

namespace {
constexpr uint32_t kReadsNone = UINT32_MAX;      // the subtree reads no variable
constexpr uint32_t kReadsMany = UINT32_MAX - 1;  // it reads two or more

int arity(Op op) {
  switch (op) {
    case Op::kConst:
    case Op::kLoad:
      return 0;
    case Op::kNot:
    case Op::kNegate:
    case Op::kIn:
    case Op::kExp:
    case Op::kLn:
    case Op::kSqrt:
    case Op::kFloor:
      return 1;
    default:
      return 2;
  }
}

// The functions, shared by eval() and evaluate_block() so that both give the same bits. min and max
// pass a NaN on (std::fmin would drop it), so that a domain error inside them is still reported.
double function1(Op op, double x) {
  switch (op) {
    case Op::kExp:
      return std::exp(x);
    case Op::kLn:
      return std::log(x);
    case Op::kSqrt:
      return std::sqrt(x);
    default:
      return std::floor(x);
  }
}
double function2(Op op, double x, double y) {
  if (op == Op::kPow) return std::pow(x, y);
  if (std::isnan(x) || std::isnan(y)) return std::numeric_limits<double>::quiet_NaN();
  return op == Op::kMin ? std::min(x, y) : std::max(x, y);
}
}  // namespace

// Each largest subtree that reads at most one variable becomes one instruction: a constant, or a
// load from a table of its value per code of that variable, computed here once. "household.damp ==
// 'yes'
// && age >= 5 && age <= 17" (11 instructions) becomes three loads and two ands, which is what
// tabulation then pays per cell. Values are those evaluate() gave before folding, bit for bit.
void CompiledExpr::fold() {
  const auto& code = program_.code;
  std::vector<uint32_t> reads(code.size());   // the slot a subtree reads, or kReadsNone/kReadsMany
  for (size_t i = 0; i < code.size(); ++i) {  // operands come before their instruction
    const Instruction& in = code[i];
    const int n = arity(in.op);
    if (in.op == Op::kLoad)
      reads[i] = in.a;
    else if (n == 0)
      reads[i] = kReadsNone;
    else if (n == 1)
      reads[i] = reads[in.a];
    else {
      const uint32_t x = reads[in.a], y = reads[in.b];
      reads[i] = x == kReadsNone ? y : (y == kReadsNone || y == x) ? x : kReadsMany;
    }
  }
  std::vector<size_t> codes(program_.variables.size(), 0);
  std::vector<Instruction> out;
  const uint32_t root = rebuild(program_.root, reads, codes, out);
  program_.code = std::move(out);
  program_.root = root;
}

uint32_t CompiledExpr::rebuild(uint32_t i, const std::vector<uint32_t>& reads,
                               std::vector<size_t>& codes, std::vector<Instruction>& out) {
  Instruction in = program_.code[i];
  if (reads[i] == kReadsNone && in.op != Op::kConst) {
    in = {.op = Op::kConst, .value = eval<true>(i, codes.data())};
  } else if (reads[i] < kReadsMany && in.op != Op::kLoad) {
    const uint32_t slot = reads[i];
    const auto offset = static_cast<uint32_t>(program_.pool.size());
    for (size_t c = 0; c < program_.domains[slot]; ++c) {
      codes[slot] = c;
      const double value = eval<true>(i, codes.data());
      program_.pool.push_back(value);  // evaluation reads the pool: append only after it
    }
    codes[slot] = 0;
    in = {.op = Op::kLoad,
          .a = slot,
          .b = offset,
          .variable = static_cast<uint32_t>(program_.variables[slot])};
  } else {
    const int n = arity(in.op);
    if (n >= 1) in.a = rebuild(in.a, reads, codes, out);
    if (n == 2) in.b = rebuild(in.b, reads, codes, out);
  }
  out.push_back(in);
  return static_cast<uint32_t>(out.size() - 1);
}

double CompiledExpr::evaluate(std::span<const size_t> codes_by_slot) const {
  assert(codes_by_slot.size() >= program_.variables.size());
  return eval<true>(program_.root, codes_by_slot.data());
}

double CompiledExpr::evaluate_by_variable(const size_t* codes_by_variable) const {
  return eval<false>(program_.root, codes_by_variable);
}

// Recursion depth is bounded by the parser's nesting limit plus the length of operator chains,
// which the scenario's expression lengths keep small.
template <bool kBySlot>
double CompiledExpr::eval(uint32_t i, const size_t* codes) const {
  const Instruction& in = program_.code[i];
  const auto truth = [](bool b) { return b ? 1.0 : 0.0; };
  switch (in.op) {
    case Op::kConst:
      return in.value;
    case Op::kLoad: {
      const size_t code = codes[kBySlot ? in.a : in.variable];
      assert(code < program_.domains[in.a]);
      return program_.pool[in.b + code];
    }
    case Op::kNot:
      return truth(eval<kBySlot>(in.a, codes) == 0.0);
    case Op::kNegate:
      return -eval<kBySlot>(in.a, codes);
    case Op::kAnd:
      return truth(eval<kBySlot>(in.a, codes) != 0.0 && eval<kBySlot>(in.b, codes) != 0.0);
    case Op::kOr:
      return truth(eval<kBySlot>(in.a, codes) != 0.0 || eval<kBySlot>(in.b, codes) != 0.0);
    case Op::kIn: {
      const double v = eval<kBySlot>(in.a, codes);
      for (uint32_t k = 0; k < in.count; ++k)
        if (program_.pool[in.b + k] == v) return 1.0;
      return 0.0;
    }
    case Op::kExp:
    case Op::kLn:
    case Op::kSqrt:
    case Op::kFloor:
      return function1(in.op, eval<kBySlot>(in.a, codes));
    default:
      break;
  }
  const double x = eval<kBySlot>(in.a, codes);
  const double y = eval<kBySlot>(in.b, codes);
  switch (in.op) {
    case Op::kEqual:
      return truth(x == y);
    case Op::kNotEqual:
      return truth(x != y);
    case Op::kLess:
      return truth(x < y);
    case Op::kLessEqual:
      return truth(x <= y);
    case Op::kGreater:
      return truth(x > y);
    case Op::kGreaterEqual:
      return truth(x >= y);
    case Op::kAdd:
      return x + y;
    case Op::kSubtract:
      return x - y;
    case Op::kMultiply:
      return x * y;
    case Op::kDivide:
      return x / y;
    case Op::kPow:
    case Op::kMin:
    case Op::kMax:
      return function2(in.op, x, y);
    default:
      return 0.0;  // unreachable: every other op returned above
  }
}

void CompiledExpr::evaluate_block(const size_t* codes, size_t n, double* out,
                                  std::vector<double>& scratch) const {
  const auto& code = program_.code;
  const double* pool = program_.pool.data();
  scratch.resize(code.size() * n);
  // Operands always precede their instruction (the binder emits them first), so one pass in order
  // computes every instruction's column from columns already computed.
  for (size_t i = 0; i < code.size(); ++i) {
    const Instruction& in = code[i];
    double* r = scratch.data() + i * n;
    const double* x = scratch.data() + static_cast<size_t>(in.a) * n;
    const double* y = scratch.data() + static_cast<size_t>(in.b) * n;
    const auto each = [&](auto f) {
      for (size_t k = 0; k < n; ++k) r[k] = f(k);
    };
    const auto truth = [](bool b) { return b ? 1.0 : 0.0; };
    switch (in.op) {
      case Op::kConst:
        each([&](size_t) { return in.value; });
        break;
      case Op::kLoad: {
        const size_t* c = codes + static_cast<size_t>(in.a) * n;
        each([&](size_t k) { return pool[in.b + c[k]]; });
        break;
      }
      case Op::kNot:
        each([&](size_t k) { return truth(x[k] == 0.0); });
        break;
      case Op::kNegate:
        each([&](size_t k) { return -x[k]; });
        break;
      case Op::kAnd:
        each([&](size_t k) { return truth(x[k] != 0.0 && y[k] != 0.0); });
        break;
      case Op::kOr:
        each([&](size_t k) { return truth(x[k] != 0.0 || y[k] != 0.0); });
        break;
      case Op::kEqual:
        each([&](size_t k) { return truth(x[k] == y[k]); });
        break;
      case Op::kNotEqual:
        each([&](size_t k) { return truth(x[k] != y[k]); });
        break;
      case Op::kLess:
        each([&](size_t k) { return truth(x[k] < y[k]); });
        break;
      case Op::kLessEqual:
        each([&](size_t k) { return truth(x[k] <= y[k]); });
        break;
      case Op::kGreater:
        each([&](size_t k) { return truth(x[k] > y[k]); });
        break;
      case Op::kGreaterEqual:
        each([&](size_t k) { return truth(x[k] >= y[k]); });
        break;
      case Op::kAdd:
        each([&](size_t k) { return x[k] + y[k]; });
        break;
      case Op::kSubtract:
        each([&](size_t k) { return x[k] - y[k]; });
        break;
      case Op::kMultiply:
        each([&](size_t k) { return x[k] * y[k]; });
        break;
      case Op::kDivide:
        each([&](size_t k) { return x[k] / y[k]; });
        break;
      case Op::kIn:
        each([&](size_t k) {
          for (uint32_t j = 0; j < in.count; ++j)
            if (pool[in.b + j] == x[k]) return 1.0;
          return 0.0;
        });
        break;
      case Op::kExp:
      case Op::kLn:
      case Op::kSqrt:
      case Op::kFloor:
        each([&](size_t k) { return function1(in.op, x[k]); });
        break;
      case Op::kPow:
      case Op::kMin:
      case Op::kMax:
        each([&](size_t k) { return function2(in.op, x[k], y[k]); });
        break;
    }
  }
  const double* result = scratch.data() + static_cast<size_t>(program_.root) * n;
  std::copy(result, result + n, out);
}

namespace {
std::string number_text(double v) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.6g", v);
  return buffer;
}
// Why `op` made a non-finite value from the finite x (and y).
std::string domain_reason(Op op, double x, double y) {
  switch (op) {
    case Op::kLn:
      return " of " + number_text(x) + " (ln needs a number above 0)";
    case Op::kSqrt:
      return " of " + number_text(x) + " (sqrt needs a number >= 0)";
    case Op::kExp:
      return " of " + number_text(x) + " (too large: exp overflows above 709)";
    case Op::kDivide:
      return ": " + number_text(x) + " / " + number_text(y) +
             (y == 0.0 ? " (division by 0)" : " (too large)");
    case Op::kPow:
      if (x < 0.0 && std::floor(y) != y)
        return ": " + number_text(x) + " ^ " + number_text(y) +
               " (a negative number to a power that is not whole)";
      if (x == 0.0 && y < 0.0) return ": 0 ^ " + number_text(y) + " (0 to a negative power)";
      return ": " + number_text(x) + " ^ " + number_text(y) + " (too large)";
    default:
      return " is not a finite number";
  }
}
}  // namespace

std::string CompiledExpr::explain_non_finite(std::span<const size_t> codes_by_slot) const {
  std::string why;
  if (ok_) explain(unfolded_.root, codes_by_slot.data(), why);
  return why;
}

// eval<true>() over the unfolded program, noting the first instruction with a recorded source that
// turned finite operands into a non-finite value.
double CompiledExpr::explain(uint32_t i, const size_t* codes, std::string& why) const {
  const Instruction& in = unfolded_.code[i];
  const int n = arity(in.op);
  double x = 0.0, y = 0.0;
  if (n >= 1) x = explain(in.a, codes, why);
  if (n == 2) y = explain(in.b, codes, why);
  double value = 0.0;
  switch (in.op) {
    case Op::kConst:
      return in.value;
    case Op::kLoad:
      return unfolded_.pool[in.b + codes[in.a]];
    case Op::kNot:
      return x == 0.0 ? 1.0 : 0.0;
    case Op::kNegate:
      return -x;
    case Op::kAnd:
      return x != 0.0 && y != 0.0 ? 1.0 : 0.0;
    case Op::kOr:
      return x != 0.0 || y != 0.0 ? 1.0 : 0.0;
    case Op::kIn:
      for (uint32_t k = 0; k < in.count; ++k)
        if (unfolded_.pool[in.b + k] == x) return 1.0;
      return 0.0;
    case Op::kEqual:
      return x == y ? 1.0 : 0.0;
    case Op::kNotEqual:
      return x != y ? 1.0 : 0.0;
    case Op::kLess:
      return x < y ? 1.0 : 0.0;
    case Op::kLessEqual:
      return x <= y ? 1.0 : 0.0;
    case Op::kGreater:
      return x > y ? 1.0 : 0.0;
    case Op::kGreaterEqual:
      return x >= y ? 1.0 : 0.0;
    case Op::kAdd:
      return x + y;
    case Op::kSubtract:
      return x - y;
    case Op::kMultiply:
      return x * y;
    case Op::kDivide:
      value = x / y;
      break;
    case Op::kExp:
    case Op::kLn:
    case Op::kSqrt:
    case Op::kFloor:
      value = function1(in.op, x);
      break;
    case Op::kPow:
    case Op::kMin:
    case Op::kMax:
      value = function2(in.op, x, y);
      break;
  }
  if (why.empty() && !std::isfinite(value) && std::isfinite(x) && std::isfinite(y))
    for (const auto& [at, text] : unfolded_.sources)
      if (at == i) why = text + domain_reason(in.op, x, y);
  return value;
}

CompiledExpr compile(const std::string& text, const Catalogue& catalogue, const std::string& file,
                     const std::string& json_path, DiagnosticList& errors,
                     std::string_view default_prefix) {
  return compile_as(ResultType::kCondition, text, catalogue, file, json_path, errors,
                    default_prefix);
}

CompiledExpr compile_number(const std::string& text, const Catalogue& catalogue,
                            const std::string& file, const std::string& json_path,
                            DiagnosticList& errors, std::string_view default_prefix) {
  return compile_as(ResultType::kNumber, text, catalogue, file, json_path, errors, default_prefix);
}

}  // namespace civicsim::expr
