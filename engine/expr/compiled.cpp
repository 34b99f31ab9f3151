// Compiling (parse, then bind) and evaluating bound expressions.
#include "engine/expr/compiled.hpp"

#include <algorithm>
#include <array>
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

// What each operator makes of its operands' values: the one definition that eval(),
// evaluate_block() and explain() share, so that all three give the same bits. Leaves (constants,
// loads) and `in` (which reads its list from the pool) are handled where the pool is at hand. min
// and max pass a NaN on (std::fmin would drop it), so that a domain error inside them is still
// reported.
template <Op kOp>
double apply(double x, double y) {
  const auto truth = [](bool b) { return b ? 1.0 : 0.0; };
  if constexpr (kOp == Op::kNot)
    return truth(x == 0.0);
  else if constexpr (kOp == Op::kNegate)
    return -x;
  else if constexpr (kOp == Op::kAnd)
    return truth(x != 0.0 && y != 0.0);
  else if constexpr (kOp == Op::kOr)
    return truth(x != 0.0 || y != 0.0);
  else if constexpr (kOp == Op::kEqual)
    return truth(x == y);
  else if constexpr (kOp == Op::kNotEqual)
    return truth(x != y);
  else if constexpr (kOp == Op::kLess)
    return truth(x < y);
  else if constexpr (kOp == Op::kLessEqual)
    return truth(x <= y);
  else if constexpr (kOp == Op::kGreater)
    return truth(x > y);
  else if constexpr (kOp == Op::kGreaterEqual)
    return truth(x >= y);
  else if constexpr (kOp == Op::kAdd)
    return x + y;
  else if constexpr (kOp == Op::kSubtract)
    return x - y;
  else if constexpr (kOp == Op::kMultiply)
    return x * y;
  else if constexpr (kOp == Op::kDivide)
    return x / y;
  else if constexpr (kOp == Op::kPow)
    return std::pow(x, y);
  else if constexpr (kOp == Op::kMin || kOp == Op::kMax) {
    if (std::isnan(x) || std::isnan(y)) return std::numeric_limits<double>::quiet_NaN();
    return kOp == Op::kMin ? std::min(x, y) : std::max(x, y);
  } else if constexpr (kOp == Op::kExp)
    return std::exp(x);
  else if constexpr (kOp == Op::kLn)
    return std::log(x);
  else if constexpr (kOp == Op::kSqrt)
    return std::sqrt(x);
  else if constexpr (kOp == Op::kFloor)
    return std::floor(x);
  else
    return 0.0;  // kConst, kLoad, kIn: never applied
}

// One instruction over a block's columns: a loop per operator, so the operator is chosen once.
template <Op kOp>
void apply_column(const double* x, const double* y, double* r, size_t n) {
  for (size_t k = 0; k < n; ++k) r[k] = apply<kOp>(x[k], y[k]);
}

constexpr size_t kOpCount = static_cast<size_t>(Op::kFloor) + 1;
template <size_t... I>
constexpr auto value_table(std::index_sequence<I...>) {
  return std::array<double (*)(double, double), kOpCount>{&apply<static_cast<Op>(I)>...};
}
template <size_t... I>
constexpr auto column_table(std::index_sequence<I...>) {
  return std::array<void (*)(const double*, const double*, double*, size_t), kOpCount>{
      &apply_column<static_cast<Op>(I)>...};
}
constexpr auto kApply = value_table(std::make_index_sequence<kOpCount>{});
constexpr auto kApplyColumn = column_table(std::make_index_sequence<kOpCount>{});

double apply(Op op, double x, double y) { return kApply[static_cast<size_t>(op)](x, y); }

// `in`: whether x is one of the listed values.
double in_list(const Instruction& in, const double* pool, double x) {
  for (uint32_t k = 0; k < in.count; ++k)
    if (pool[in.b + k] == x) return 1.0;
  return 0.0;
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
  switch (in.op) {
    case Op::kConst:
      return in.value;
    case Op::kLoad: {
      const size_t code = codes[kBySlot ? in.a : in.variable];
      assert(code < program_.domains[in.a]);
      return program_.pool[in.b + code];
    }
    case Op::kIn:
      return in_list(in, program_.pool.data(), eval<kBySlot>(in.a, codes));
    default:
      break;
  }
  const double x = eval<kBySlot>(in.a, codes);
  const double y = arity(in.op) == 2 ? eval<kBySlot>(in.b, codes) : 0.0;
  return apply(in.op, x, y);
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
    const double* y = arity(in.op) == 2 ? scratch.data() + static_cast<size_t>(in.b) * n : x;
    switch (in.op) {
      case Op::kConst:
        std::fill(r, r + n, in.value);
        break;
      case Op::kLoad: {
        const size_t* c = codes + static_cast<size_t>(in.a) * n;
        for (size_t k = 0; k < n; ++k) r[k] = pool[in.b + c[k]];
        break;
      }
      case Op::kIn:
        for (size_t k = 0; k < n; ++k) r[k] = in_list(in, pool, x[k]);
        break;
      default:
        kApplyColumn[static_cast<size_t>(in.op)](x, y, r, n);
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
  switch (in.op) {
    case Op::kConst:
      return in.value;
    case Op::kLoad:
      return unfolded_.pool[in.b + codes[in.a]];
    case Op::kIn:
      return in_list(in, unfolded_.pool.data(), x);
    default:
      break;
  }
  const double value = apply(in.op, x, y);
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
