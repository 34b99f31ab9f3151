// Checking a syntax tree against a Catalogue and lowering it to a Program (see compiled.hpp).
//
// Apart from compile() so that the type rules read in one place:
//   numbers:    number literals, number attributes, + - * / ^, unary -, exp ln log sqrt floor
//               pow min max (a condition in these counts as 1 or 0)
//   conditions: true/false, boolean attributes, comparisons, in, !, &&, ||
//   categories: category attributes; compared with == != or in against quoted labels (or against
//               another category with the same labels), never ordered and never mixed with numbers
//   strings:    quoted labels, only as the other side of a category comparison
// Every problem found becomes a Diagnostic; independent operands are checked independently, so one
// pass reports, e.g., two misspelt attributes at once.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "engine/core/input_error.hpp"
#include "engine/expr/ast.hpp"
#include "engine/expr/catalogue.hpp"
#include "engine/expr/compiled.hpp"

namespace civicsim::expr {

struct BindContext {
  std::string_view text;  // the expression, quoted in messages
  const Catalogue& catalogue;
  const std::string& file;
  const std::string& json_path;
  std::string_view default_prefix;
};

// The program for `root`, or nothing after adding Diagnostics to `errors`.
std::optional<Program> bind(const Node& root, ResultType result, const BindContext& context,
                            DiagnosticList& errors);

}  // namespace civicsim::expr
