// Lookup tables: expressions and products of rate factors precomputed over integer codes.
//
// A LookupTable holds one value per combination of the codes of a few catalogue variables, in
// row-major order (the last variable varies fastest). The hot loop computes one index per agent
// (sum of code x stride over the table's variables) and reads one double, whatever the expressions
// behind it; all parsing, name binding and evaluation happen once, at load.
//
// Two uses:
//  (a) a predicate (a "who" or "if" condition): tabulate() gives 1 where it holds and 0 elsewhere;
//  (b) a rate: a base table by some variables (built by the caller with make_table, e.g. a rate per
//      year by age) times modifiers, each a predicate and a factor ({"if": "household.damp ==
//      'yes'", "rate_ratio": 1.33} multiplies the rate by 1.33 where the predicate holds):
//      tabulate_product() gives one table over the union of their variables.
// multiply() is the general form of (b): the cell-by-cell product of tables over the union of their
// variables (the product of 0/1 predicate tables is their conjunction).
//
// A table's size is the product of its variables' domains, so it can explode (area 989 x age 111 x
// time in state 121 = 13 million cells of 8 bytes). Tables above TableSite::max_cells are refused
// with a Diagnostic naming the variables, rather than exhausting memory part way through a run.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "engine/core/input_error.hpp"
#include "engine/expr/catalogue.hpp"
#include "engine/expr/compiled.hpp"

namespace civicsim::expr {

// 50 million cells = 400 MB of doubles: the most one table may take before the loader refuses it.
inline constexpr size_t kMaxTableCells = 50'000'000;

struct LookupTable {
  std::vector<size_t> variables;  // catalogue variable ids, ascending and unique
  std::vector<size_t> domains;    // the domain of each
  std::vector<size_t> strides;    // row-major: strides.back() == 1
  std::vector<double> values;     // one per cell; a table over no variable has one cell

  // The cell for codes indexed by catalogue variable id (an array over all variables).
  size_t index(const size_t* codes_by_variable) const {
    size_t i = 0;
    for (size_t k = 0; k < variables.size(); ++k) i += codes_by_variable[variables[k]] * strides[k];
    return i;
  }
  // The cell for codes given per table variable: codes_by_slot[k] is the code of variables[k].
  size_t index_by_slot(std::span<const size_t> codes_by_slot) const {
    size_t i = 0;
    for (size_t k = 0; k < variables.size(); ++k) i += codes_by_slot[k] * strides[k];
    return i;
  }
  double at(const size_t* codes_by_variable) const { return values[index(codes_by_variable)]; }
  size_t cells() const { return values.size(); }
};

// Where a table comes from, for messages: the scenario file and the JSON path of the transition,
// event or intervention it belongs to.
struct TableSite {
  std::string file;
  std::string json_path;
  size_t max_cells = kMaxTableCells;
};

// A table over `variables` (sorted and made unique here) with every cell set to `fill`; for base
// tables that the caller fills. The caller keeps it small (no size check here).
LookupTable make_table(std::vector<size_t> variables, const Catalogue& catalogue,
                       double fill = 0.0);

// The expression's value for every combination of the codes of its variables (1/0 for conditions).
// Nothing, with a Diagnostic, when the table would be too large or a number expression gives a
// non-finite value somewhere (e.g. a division by zero); nothing without one when `expr` is not ok()
// (its compile already reported why).
std::optional<LookupTable> tabulate(const CompiledExpr& expr, const Catalogue& catalogue,
                                    const TableSite& site, DiagnosticList& errors);

// The cell-by-cell product of `tables` over the union of their variables.
std::optional<LookupTable> multiply(const std::vector<const LookupTable*>& tables,
                                    const Catalogue& catalogue, const TableSite& site,
                                    DiagnosticList& errors);

// A condition and the factor it applies where it holds (1 elsewhere).
using Modifier = std::pair<const CompiledExpr*, double>;

// base x the factor of every modifier, over the union of their variables.
std::optional<LookupTable> tabulate_product(const LookupTable& base,
                                            const std::vector<Modifier>& modifiers,
                                            const Catalogue& catalogue, const TableSite& site,
                                            DiagnosticList& errors);

}  // namespace civicsim::expr
