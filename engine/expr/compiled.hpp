// A checked expression bound to a Catalogue, ready to evaluate over integer codes.
//
// compile() parses the text, resolves every name to a catalogue attribute, checks types (numbers,
// conditions, categories), turns category labels into their codes, and produces a small program:
// instructions in one flat vector (operands first), with each attribute's value-per-code table
// copied in, so the expression no longer needs the catalogue or any string. Each largest subtree
// that reads one variable is then folded into a single table look-up by that variable's code.
//
// evaluate() walks the program for one combination of codes (no allocation, no strings, no
// exceptions); evaluate_block() runs it instruction by instruction over a block of combinations,
// and is what tabulation uses. Hot loops should call neither per agent: they read the LookupTable
// that engine/expr/table.hpp builds once over the codes of the expression's variables. evaluate()
// is the reference that the tables are tested against.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/core/input_error.hpp"
#include "engine/expr/catalogue.hpp"

namespace civicsim::expr {

// What an expression must produce at the top: a condition (predicates: "if", "who") or a number
// (e.g. a rate ratio written as an expression).
enum class ResultType { kCondition, kNumber };

// The bound program. Instructions refer to their operands by index; `root` is evaluated.
enum class Op : uint8_t {
  kConst,
  kLoad,
  kNot,
  kNegate,
  kAnd,
  kOr,
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
  kIn,
  kPow,  // pow(x, y) and x ^ y
  kMin,
  kMax,
  kExp,
  kLn,  // ln(x) and log(x)
  kSqrt,
  kFloor,
};
struct Instruction {
  Op op = Op::kConst;
  uint32_t a = 0;         // first operand; kLoad: the variable's slot in variables()
  uint32_t b = 0;         // second operand; kLoad and kIn: offset into Program::pool
  uint32_t count = 0;     // kIn: number of listed values
  uint32_t variable = 0;  // kLoad: the catalogue variable id
  double value = 0.0;     // kConst
};
struct Program {
  std::vector<Instruction> code = {Instruction{}};  // the default program is the constant 0
  uint32_t root = 0;
  std::vector<double> pool = {};       // attribute values per code, and `in` lists
  std::vector<size_t> variables = {};  // catalogue variable ids used, ascending, unique
  std::vector<size_t> domains = {};    // the domain of each of them
  // The source text of each instruction that can leave the finite numbers (calls, '^', '/'), by
  // instruction index, so that a domain error can name the call that made it.
  std::vector<std::pair<uint32_t, std::string>> sources = {};
};

class CompiledExpr {
 public:
  CompiledExpr() = default;  // what a failed compile returns: not ok(), evaluates to 0
  CompiledExpr(std::string text, ResultType type, Program program);

  bool ok() const { return ok_; }
  const std::string& text() const { return text_; }
  ResultType result_type() const { return type_; }
  // The catalogue variables the expression reads, ascending and unique; "slot" i is variables()[i].
  const std::vector<size_t>& variables() const { return program_.variables; }
  const std::vector<size_t>& domains() const { return program_.domains; }  // per slot
  // Reads no variable (e.g. "true", "2 * 3"): its value is evaluate({}).
  bool is_constant() const { return program_.variables.empty(); }

  // The value for the given code of each slot: codes_by_slot[i] is the code of variables()[i] and
  // must be below domains()[i]. Conditions give 1 or 0.
  double evaluate(std::span<const size_t> codes_by_slot) const;
  // The same with codes indexed by catalogue variable id (an array over all variables, as an agent
  // loop might keep).
  double evaluate_by_variable(const size_t* codes_by_variable) const;
  // `n` cells at once, one instruction at a time over the whole block (several times faster than n
  // calls to evaluate(), and bit-identical to them): codes[slot * n + i] is the code of slot `slot`
  // in cell i; writes out[0..n). `scratch` is working space, reused between calls.
  void evaluate_block(const size_t* codes, size_t n, double* out,
                      std::vector<double>& scratch) const;
  // Why the value at these codes is not finite: the innermost call, '^' or '/' that made a
  // non-finite number from finite operands, e.g. "ln(age - 5) of -5 (ln needs a number above 0)";
  // "" when every such step stayed finite.
  std::string explain_non_finite(std::span<const size_t> codes_by_slot) const;

 private:
  template <bool kBySlot>
  double eval(uint32_t i, const size_t* codes) const;
  double explain(uint32_t i, const size_t* codes, std::string& why) const;
  void fold();
  uint32_t rebuild(uint32_t i, const std::vector<uint32_t>& reads, std::vector<size_t>& codes,
                   std::vector<Instruction>& out);

  std::string text_;
  ResultType type_ = ResultType::kCondition;
  Program program_;
  Program unfolded_;  // as bound, before fold(): for explain_non_finite()
  bool ok_ = false;
};

// A condition (true or false). Adds a Diagnostic (file, json_path) to `errors` for each problem and
// returns a CompiledExpr that is not ok(). With a default_prefix such as "household.", names
// without it resolve as with Catalogue::resolve (for processes and interventions on households).
CompiledExpr compile(const std::string& text, const Catalogue& catalogue, const std::string& file,
                     const std::string& json_path, DiagnosticList& errors,
                     std::string_view default_prefix = "");

// A numeric expression (numbers and arithmetic), e.g. "1 + 0.05 * (age - 18)".
CompiledExpr compile_number(const std::string& text, const Catalogue& catalogue,
                            const std::string& file, const std::string& json_path,
                            DiagnosticList& errors, std::string_view default_prefix = "");

}  // namespace civicsim::expr
