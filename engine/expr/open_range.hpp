// Comparisons a variable's codes cannot decide. A variable whose last code stands for itself and
// above (Variable::open_top: age, whose 110 means 110 and over) gives that code to every value
// beyond it, so `age >= 112`, `age > 110` or `age == 115` would hold for some persons of the top
// code and not others: such a comparison of the attribute with a number is an error saying where
// the codes stop, not a condition that silently never (or always) holds.
#pragma once

#include "engine/core/input_error.hpp"
#include "engine/expr/ast.hpp"
#include "engine/expr/binder.hpp"

namespace civicsim::expr {

// Adds a Diagnostic to `errors` for every comparison (<, <=, >, >=, ==, !=, in) in `root` of an
// open-topped number attribute with a number literal that its top code cannot decide.
void check_open_ranges(const Node& root, const BindContext& context, DiagnosticList& errors);

}  // namespace civicsim::expr
