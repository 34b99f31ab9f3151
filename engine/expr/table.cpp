// Building lookup tables: the size guard, tabulation by odometer, and products over unions.
#include "engine/expr/table.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace civicsim::expr {
namespace {

// Cells per block in tabulate(): the working columns (instructions x block x 8 bytes) stay in
// cache.
constexpr size_t kBlock = 1024;

std::vector<size_t> union_of(const std::vector<const std::vector<size_t>*>& lists) {
  std::vector<size_t> all;
  for (const auto* list : lists) all.insert(all.end(), list->begin(), list->end());
  std::sort(all.begin(), all.end());
  all.erase(std::unique(all.begin(), all.end()), all.end());
  return all;
}

// Whether a table over `variables` fits; if not, a Diagnostic ("a table of N cells over age (111) x
// area (989)") is added.
bool fits(const std::vector<size_t>& variables, const Catalogue& catalogue, const TableSite& site,
          const std::string& expected, DiagnosticList& errors) {
  double cells = 1.0;  // in double: exact to 2^53 and cannot overflow like size_t
  std::string over;
  for (size_t v : variables) {
    const Variable& var = catalogue.variable(v);
    cells *= static_cast<double>(var.domain);
    if (!over.empty()) over += " x ";
    over += var.name + " (" + std::to_string(var.domain) + ")";
  }
  if (cells <= static_cast<double>(site.max_cells)) return true;
  char count[32];
  std::snprintf(count, sizeof count, "%.0f", cells);
  errors.add(site.file, site.json_path, expected,
             "a table of " + std::string(count) + " cells over " + over +
                 ", more than the limit of " + std::to_string(site.max_cells));
  return false;
}

// Steps `codes` to the next cell in row-major order (last variable fastest).
void advance(std::vector<size_t>& codes, const std::vector<size_t>& domains) {
  for (size_t k = codes.size(); k-- > 0;) {
    if (++codes[k] < domains[k]) return;
    codes[k] = 0;
  }
}

}  // namespace

LookupTable make_table(std::vector<size_t> variables, const Catalogue& catalogue, double fill) {
  std::sort(variables.begin(), variables.end());
  variables.erase(std::unique(variables.begin(), variables.end()), variables.end());
  LookupTable t;
  t.variables = std::move(variables);
  t.strides.assign(t.variables.size(), 1);
  size_t cells = 1;
  for (size_t k = t.variables.size(); k-- > 0;) {
    t.strides[k] = cells;
    cells *= catalogue.variable(t.variables[k]).domain;
  }
  for (size_t v : t.variables) t.domains.push_back(catalogue.variable(v).domain);
  t.values.assign(cells, fill);
  return t;
}

std::optional<LookupTable> tabulate(const CompiledExpr& expr, const Catalogue& catalogue,
                                    const TableSite& site, DiagnosticList& errors) {
  if (!expr.ok()) return std::nullopt;
  const bool condition = expr.result_type() == ResultType::kCondition;
  if (!fits(expr.variables(), catalogue, site,
            condition ? "a condition depending on fewer variables"
                      : "an expression depending on fewer variables",
            errors))
    return std::nullopt;
  // The table's variables are the expression's, in the same (ascending) order, so the odometer's
  // codes are the expression's slot codes.
  // Cells are evaluated in blocks (see CompiledExpr::evaluate_block), the codes of a block laid out
  // slot by slot.
  LookupTable table = make_table(expr.variables(), catalogue);
  const size_t slots = table.variables.size();
  std::vector<size_t> codes(slots, 0), block_codes(slots * kBlock);
  std::vector<double> scratch;
  for (size_t first = 0; first < table.values.size(); first += kBlock) {
    const size_t n = std::min(kBlock, table.values.size() - first);
    for (size_t i = 0; i < n; ++i) {
      for (size_t k = 0; k < slots; ++k) block_codes[k * n + i] = codes[k];
      advance(codes, table.domains);
    }
    expr.evaluate_block(block_codes.data(), n, table.values.data() + first, scratch);
  }
  const auto bad = std::find_if(table.values.begin(), table.values.end(),
                                [](double v) { return !std::isfinite(v); });
  if (bad != table.values.end()) {
    std::string where;
    size_t rest = static_cast<size_t>(bad - table.values.begin());
    for (size_t k = 0; k < slots; ++k) {
      codes[k] = rest / table.strides[k];
      where += (k == 0 ? " at " : ", ") + catalogue.variable(table.variables[k]).name + " code " +
               std::to_string(codes[k]);
      rest %= table.strides[k];
    }
    // Name the call that left the numbers (ln of a non-positive value, ...) where one did.
    const std::string why = expr.explain_non_finite(codes);
    errors.add(site.file, site.json_path, "a finite number for every combination of codes",
               (std::isnan(*bad) ? std::string("NaN") : std::to_string(*bad)) + where + " in \"" +
                   expr.text() + "\"" + (why.empty() ? "" : ": " + why));
    return std::nullopt;
  }
  return table;
}

std::optional<LookupTable> multiply(const std::vector<const LookupTable*>& tables,
                                    const Catalogue& catalogue, const TableSite& site,
                                    DiagnosticList& errors) {
  std::vector<const std::vector<size_t>*> lists;
  for (const auto* t : tables) lists.push_back(&t->variables);
  const std::vector<size_t> variables = union_of(lists);
  if (!fits(variables, catalogue, site, "tables over fewer variables", errors)) return std::nullopt;
  LookupTable out = make_table(variables, catalogue, 1.0);
  // stride[t][k]: how far table t's index moves when union variable k steps by one (0 if t does not
  // depend on it). Walking the union's cells in order, each table's index is kept incrementally.
  const size_t n = variables.size();
  std::vector<std::vector<size_t>> stride(tables.size(), std::vector<size_t>(n, 0));
  for (size_t t = 0; t < tables.size(); ++t)
    for (size_t j = 0; j < tables[t]->variables.size(); ++j) {
      const auto k = std::lower_bound(variables.begin(), variables.end(), tables[t]->variables[j]) -
                     variables.begin();
      stride[t][static_cast<size_t>(k)] = tables[t]->strides[j];
    }
  std::vector<size_t> codes(n, 0), index(tables.size(), 0);
  for (size_t cell = 0; cell < out.values.size(); ++cell) {
    double product = 1.0;
    for (size_t t = 0; t < tables.size(); ++t) product *= tables[t]->values[index[t]];
    out.values[cell] = product;
    for (size_t k = n; k-- > 0;) {  // the odometer step of advance(), keeping every index
      for (size_t t = 0; t < tables.size(); ++t) index[t] += stride[t][k];
      if (++codes[k] < out.domains[k]) break;
      for (size_t t = 0; t < tables.size(); ++t) index[t] -= stride[t][k] * out.domains[k];
      codes[k] = 0;
    }
  }
  return out;
}

std::optional<LookupTable> tabulate_product(const LookupTable& base,
                                            const std::vector<Modifier>& modifiers,
                                            const Catalogue& catalogue, const TableSite& site,
                                            DiagnosticList& errors) {
  // Check the union first: each modifier's own table is no larger, so none needs its own check.
  std::vector<const std::vector<size_t>*> lists{&base.variables};
  for (const auto& m : modifiers) {
    if (!m.first->ok()) return std::nullopt;
    lists.push_back(&m.first->variables());
  }
  if (!fits(union_of(lists), catalogue, site, "modifiers depending on fewer variables", errors))
    return std::nullopt;
  std::vector<LookupTable> factors;
  factors.reserve(modifiers.size());
  const TableSite unlimited{site.file, site.json_path, static_cast<size_t>(-1)};
  for (const auto& [condition, factor] : modifiers) {
    auto table = tabulate(*condition, catalogue, unlimited, errors);
    if (!table) return std::nullopt;
    for (double& v : table->values) v = v != 0.0 ? factor : 1.0;
    factors.push_back(std::move(*table));
  }
  std::vector<const LookupTable*> all{&base};
  for (const auto& f : factors) all.push_back(&f);
  return multiply(all, catalogue, unlimited, errors);
}

}  // namespace civicsim::expr
