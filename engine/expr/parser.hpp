// Parsing expression text into a syntax tree (recursive descent, C precedence).
//
// Grammar, loosest binding first (as in C; `in` sits with the ordering comparisons, as in Python):
//   or       := and ( ('||' | 'or') and )*
//   and      := equality ( ('&&' | 'and') equality )*
//   equality := relation ( ('==' | '!=') relation )*
//   relation := sum ( ('<' | '<=' | '>' | '>=') sum | 'in' '[' literal (',' literal)* ']' )*
//   sum      := product ( ('+' | '-') product )*
//   product  := unary ( ('*' | '/') unary )*
//   unary    := ('!' | 'not' | '-') unary | power
//   power    := primary ( '^' unary )?
//   primary  := number | 'string' | "string" | true | false | name('.'name)* | '(' or ')'
//             | name '(' or ( ',' or )* ')'
//   (a call: exp, ln, log, sqrt, floor with one argument; pow, min, max with two)
//   literal  := '-'? number | string | true | false
// As in C, '!' binds tighter than '==': write !(sex == 'male'), not !sex == 'male' (the binder then
// reports that '!' needs a condition). A syntax error stops the parse and adds one Diagnostic whose
// `found` quotes the token, its 1-based column and the whole expression.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "engine/core/input_error.hpp"
#include "engine/core/input_limits.hpp"
#include "engine/expr/ast.hpp"

namespace civicsim::expr {

// Parentheses and prefix operators nested deeper than this, or more binary operators than this in
// one expression, are an error, which bounds the recursion of the parser, the binder and evaluation
// (engine/core/input_limits.hpp).
inline constexpr size_t kMaxNesting = limits::kMaxExpressionNesting;
inline constexpr size_t kMaxOperators = limits::kMaxExpressionOperators;

// The tree of `text`, or nothing after adding a Diagnostic (file, json_path) to `errors`.
std::optional<Node> parse(std::string_view text, const std::string& file,
                          const std::string& json_path, DiagnosticList& errors);

// How messages quote a place in an expression: "'&&' at column 18 of \"damp == 'yes' && && age\"",
// or "the end of \"...\"" when length is 0. Shared with the binder.
std::string quote_position(std::string_view text, size_t position, size_t length);

}  // namespace civicsim::expr
