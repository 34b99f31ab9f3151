// Fuzzes the expression language as scenarios use it: parse, bind to a catalogue shaped like the
// LCR's (tests/expr/test_catalogue.hpp), compile, and tabulate. The first byte picks condition or
// number and whether names resolve inside a household; the rest is the expression text.
//
// Besides "no crash, only diagnostics", it checks what the tables promise: every tabulated cell is
// bit-identical to evaluate() at those codes, and a number table holds only finite values.
#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "engine/core/input_error.hpp"
#include "engine/expr/compiled.hpp"
#include "engine/expr/table.hpp"
#include "tests/expr/test_catalogue.hpp"

namespace {

using namespace civicsim::expr;

// A smaller table limit than the engine's 50 million cells keeps each input fast; the limit is a
// parameter of tabulate, so its refusal path is fuzzed just the same.
constexpr size_t kFuzzMaxCells = 200'000;

bool same(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

void check_table(const CompiledExpr& expr, const LookupTable& table) {
  if (table.variables != expr.variables()) __builtin_trap();  // tabulate's documented layout
  std::vector<size_t> codes(table.variables.size());
  // Every cell when small, else a spread of them.
  const size_t step = table.cells() <= 4096 ? 1 : table.cells() / 4096;
  for (size_t cell = 0; cell < table.cells(); cell += step) {
    size_t rest = cell;
    for (size_t k = 0; k < codes.size(); ++k) {
      codes[k] = rest / table.strides[k];
      rest %= table.strides[k];
    }
    const double value = expr.evaluate(codes);
    if (!same(value, table.values[cell])) __builtin_trap();
    if (!std::isfinite(value)) __builtin_trap();  // tabulate refuses non-finite values
    if (expr.result_type() == ResultType::kCondition && value != 0.0 && value != 1.0)
      __builtin_trap();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  static const Catalogue catalogue = testing::make_test_catalogue();
  const uint8_t mode = data[0];
  const std::string text(reinterpret_cast<const char*>(data) + 1, size - 1);
  const std::string file = "fuzz.json";
  const std::string path = "/processes/p/transitions/0/if";
  const std::string_view prefix = (mode & 2) ? "household." : "";
  civicsim::DiagnosticList errors;
  const CompiledExpr expr = (mode & 1) ? compile_number(text, catalogue, file, path, errors, prefix)
                                       : compile(text, catalogue, file, path, errors, prefix);
  if (expr.ok() != errors.empty()) __builtin_trap();  // a failed compile always says why
  if (!expr.ok()) return 0;
  const TableSite site{file, path, kFuzzMaxCells};
  if (const auto table = tabulate(expr, catalogue, site, errors)) check_table(expr, *table);
  if (expr.result_type() == ResultType::kCondition) {
    const LookupTable base = make_table({0}, catalogue, 0.01);  // a rate by age
    tabulate_product(base, {{&expr, 1.5}}, catalogue, site, errors);
  }
  return 0;
}
